import type { ExplanationStep } from '../explain/explanation';
import { ONE, ZERO, type Dec } from '../money/decimal';
import { roundMoney, type RoundingPolicy } from '../money/rounding';
import type { GroupDef, PricingOptions } from '../tariff-book/model';
import type { DischargeSituation } from './discharge-situation';
import type { PriceFactor } from './pricing-tables';

export interface PriceInputs {
  group: GroupDef;
  los: number;
  situation: DischargeSituation;
  base: PriceFactor;
  level: PriceFactor;
  management: PriceFactor;
  /** Special coefficients whose conditions hold, in file order. */
  specials: readonly PriceFactor[];
  pricing: PricingOptions;
  rounding: RoundingPolicy;
}

export interface PriceComputation {
  /** The weight the base rate was multiplied by (after the trim rules); shares and per diems act on money. */
  effectiveWeight: Dec;
  /** Final amount, rounded per the book. */
  amount: Dec;
  steps: ExplanationStep[];
}

/**
 * The decimal arithmetic of one case (the slow part, memoised by the caller):
 *   full   = base × Weff × (share × Klevel × Kmgmt + (1 − share))  +  special part
 *   special part = base × Σ special  (specialBase `base`)  or  base × Weff × Σ special (`base-weight`)
 * then the discharge situation's share or per diem, see discharge-situation.ts. With rounding points
 * `each-step` every money step is rounded (base × weight, × coefficients, special part, share or per
 * diem); with `end` only the final amount. Each rounding is a `round` step in the explanation.
 */
export function computePrice(p: PriceInputs): PriceComputation {
  const { group: g, pricing, rounding } = p;
  const steps: ExplanationStep[] = [];
  const scale = rounding.scale;
  const label = `${rounding.mode}/${scale}`;
  const gsrc = `groups.csv:${g.code}`;
  const eachStep = rounding.points === 'each-step';
  const step = (value: Dec, what: string): Dec => {
    if (!eachStep) return value;
    const rounded = roundMoney(value, rounding);
    steps.push({ k: 'round', v: label, src: what, r: rounded.toFixed(scale) });
    return rounded;
  };

  steps.push({ k: 'base', v: p.base.value.toString(), src: p.base.src });
  steps.push({ k: 'weight', v: g.weight.toString(), src: gsrc });

  // Trim rules only in the normal situation; the share-based short stay is applied to money below.
  let weight = g.weight;
  let shortStayShare: { value: Dec; src: string } | undefined;
  if (p.situation === 'normal' && g.lowTrim !== undefined && p.los < g.lowTrim) {
    if (pricing.shortStayMethod === 'per-day-deduction') {
      const days = g.lowTrim - p.los;
      const deduction = g.lowDayDeduction.times(days);
      steps.push({ k: 'low-trim', v: deduction.toString(), src: `${gsrc}:${days}d×${g.lowDayDeduction.toString()}` });
      weight = atLeastZero(weight.minus(deduction));
    } else {
      shortStayShare = g.shortStayShare
        ? { value: g.shortStayShare, src: `${gsrc}:short_stay_share` }
        : { value: pricing.shortStayShare, src: 'manifest:pricing.shortStayShare' };
    }
  } else if (p.situation === 'normal' && g.highTrim !== undefined && p.los > g.highTrim) {
    const days = p.los - g.highTrim;
    const addon = g.highDayAddon.times(days);
    steps.push({ k: 'high-trim', v: addon.toString(), src: `${gsrc}:${days}d×${g.highDayAddon.toString()}` });
    weight = weight.plus(addon);
  }

  const baseTimesWeight = p.base.value.times(weight);
  steps.push({ k: 'effective-weight', v: weight.toString(), r: baseTimesWeight.toString() });
  let amount = step(baseTimesWeight, 'base×weight');

  const share = pricing.coefficientShare;
  const factor = share.times(p.level.value).times(p.management.value).plus(ONE.minus(share));
  steps.push({ k: 'level', v: p.level.value.toString(), src: p.level.src });
  steps.push({ k: 'management', v: p.management.value.toString(), src: p.management.src });
  amount = amount.times(factor);
  steps.push({
    k: 'coefficient-share',
    v: share.toString(),
    src: 'manifest:pricing.coefficientShare',
    r: amount.toString(),
  });
  amount = step(amount, 'coefficients');

  if (p.specials.length > 0) {
    let sum = ZERO;
    for (const s of p.specials) sum = sum.plus(s.value);
    let special = pricing.specialBase === 'base' ? p.base.value.times(sum) : p.base.value.times(weight).times(sum);
    p.specials.forEach((s, i) => {
      const last = i === p.specials.length - 1;
      if (last) special = step(special, 'special');
      steps.push({
        k: 'special',
        v: s.value.toString(),
        src: s.src,
        ...(last ? { r: amount.plus(special).toString() } : {}),
      });
    });
    amount = amount.plus(special);
  }

  switch (p.situation) {
    case 'death-first-day':
      amount = applyShare('death-first-day', pricing.deathFirstDayShare, 'manifest:pricing.deathFirstDayShare');
      break;
    case 'same-day':
      amount = applyShare('same-day', pricing.sameDayShare, 'manifest:pricing.sameDayShare');
      break;
    case 'transfer': {
      const full = amount;
      const perDiem = step(full.dividedBy(g.meanLos), 'per-diem');
      steps.push({ k: 'transfer', v: g.meanLos.toString(), src: `${gsrc}:mean_los`, r: perDiem.toString() });
      const days = Math.max(p.los, 1);
      const byDays = perDiem.times(days);
      const capped = byDays.greaterThan(full);
      amount = capped ? full : byDays;
      steps.push({ k: 'transfer', v: String(days), src: capped ? 'los:capped-at-full' : 'los', r: amount.toString() });
      break;
    }
    case 'normal':
      if (shortStayShare) amount = applyShare('short-stay', shortStayShare.value, shortStayShare.src);
      break;
  }

  if (!eachStep) {
    amount = roundMoney(amount, rounding);
    steps.push({ k: 'round', v: label, src: 'amount', r: amount.toFixed(scale) });
  }
  steps.push({ k: 'total', v: amount.toFixed(scale) });
  return { effectiveWeight: weight, amount, steps };

  function applyShare(kind: 'death-first-day' | 'same-day' | 'short-stay', value: Dec, src: string): Dec {
    const shared = amount.times(value);
    steps.push({ k: kind, v: value.toString(), src, r: shared.toString() });
    return step(shared, 'share');
  }
}

function atLeastZero(v: Dec): Dec {
  return v.isNegative() ? ZERO : v;
}
