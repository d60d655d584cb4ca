import type { CaseRecord, FacilityContext } from '../cases/case';
import type { ExplainedFeatures, Explanation, ExplanationStep } from '../explain/explanation';
import type { GroupingResult } from '../grouper/result';
import { ZERO } from '../money/decimal';
import type { GroupDef, TariffBook } from '../tariff-book/model';
import { computePrice } from './compute-price';
import { decideCoverage, type CoverageBasis } from './coverage';
import { dischargeSituation, type DischargeSituation } from './discharge-situation';
import type { CachedPrice } from './price-cache';
import { MASK_BITS, pricingTables, type PriceContext, type PriceFactor } from './pricing-tables';
import type { PricingResult } from './result';
import { PricingReturnCodes, type PricingReturnCode } from './return-codes';
import { specialConditionHolds } from './special-conditions';

/**
 * Prices a grouped case; error groups are never priced. Pure: the result depends only on the
 * arguments. Memoised per book (price-cache.ts): a price depends only on the base-rate row, the
 * level and management factors (the context), the group, the length of stay where a trim or
 * per-diem rule uses it, the discharge situation, the coverage decision and the special
 * coefficients that apply, so a repeated combination costs an integer key and two map lookups
 * instead of the decimal arithmetic. See discharge-situation.ts for the precedence of the rules.
 */
export function priceGroupedCase(
  book: TariffBook,
  c: CaseRecord,
  facility: FacilityContext,
  grouping: GroupingResult,
): PricingResult {
  return price(book, c, facility, grouping, true);
}

/** Same as priceGroupedCase without the memo: the reference the cache is tested against. */
export function priceGroupedCaseUncached(
  book: TariffBook,
  c: CaseRecord,
  facility: FacilityContext,
  grouping: GroupingResult,
): PricingResult {
  return price(book, c, facility, grouping, false);
}

/** Forgets the memoised prices of a book (specs, and long simulations that swap books). */
export function clearPriceCache(book: TariffBook): void {
  pricingTables(book).memo.clear();
}

function price(
  book: TariffBook,
  c: CaseRecord,
  facility: FacilityContext,
  grouping: GroupingResult,
  useCache: boolean,
): PricingResult {
  if (grouping.isError) return editError(grouping);
  const group = book.groups.get(grouping.group);
  if (!group) {
    return pricingError(
      grouping,
      PricingReturnCodes.UNKNOWN_GROUP,
      'groups.csv',
      `group ${grouping.group} is not in the book`,
    );
  }
  const tables = pricingTables(book);
  const ctx = tables.context(c.careSetting, facility, c.dischargeAt);
  if (!ctx.base) {
    return pricingError(grouping, PricingReturnCodes.NO_BASE_RATE, ctx.baseWanted, `no base rate: ${ctx.baseWanted}`);
  }
  const { pricing } = book.manifest;
  const los = grouping.features.los;
  const situation = dischargeSituation(c, group, los, pricing);
  if (situation === 'transfer' && !group.meanLos.greaterThan(0)) {
    return pricingError(
      grouping,
      PricingReturnCodes.INVALID_MEAN_LOS,
      `groups.csv:${group.code}:mean_los`,
      `group ${group.code} has mean LOS ${group.meanLos.toString()}; a transfer cannot be paid per diem`,
    );
  }
  const specials = applicableSpecials(ctx, c, grouping);
  const coverage = decideCoverage(group, c);

  let priced: CachedPrice | undefined;
  let key: number | string = 0;
  if (useCache) {
    key = memoKey(losCode(group, los, situation, pricing.shortStayMethod), situation, coverage.basis, specials);
    priced = ctx.prices!.get(group.code)?.get(key);
  }
  if (!priced) {
    priced = computeCached(book, group, los, situation, ctx, ctx.base, specials.factors, coverage);
    if (useCache) tables.memo.remember(ctx.prices!, group.code, key, priced);
  }

  return {
    status: 'priced',
    group: grouping.group,
    returnCode: grouping.returnCode,
    rowId: grouping.rowId,
    coverage: priced.coverage.coverage,
    coverageReason: priced.coverage.reason,
    effectiveWeight: priced.effectiveWeight,
    amount: priced.amount,
    fundAmount: priced.fundAmount,
    patientAmount: priced.patientAmount,
    explanation: { row: grouping.rowId, f: features(grouping), steps: priced.steps },
  };
}

function computeCached(
  book: TariffBook,
  group: GroupDef,
  los: number,
  situation: DischargeSituation,
  ctx: PriceContext,
  base: PriceFactor,
  specials: PriceFactor[],
  coverage: ReturnType<typeof decideCoverage>,
): CachedPrice {
  const computed = computePrice({
    group,
    los,
    situation,
    base,
    level: ctx.level,
    management: ctx.management,
    specials,
    pricing: book.manifest.pricing,
    rounding: book.manifest.rounding,
  });
  computed.steps.push({ k: 'coverage', v: coverage.coverage, src: coverage.basis });
  // Cached steps are shared by every result with the same key: freeze them against accidental edits.
  for (const s of computed.steps) Object.freeze(s);
  Object.freeze(computed.steps);
  const fund = coverage.coverage === 'fund';
  // An explicit literal, not a spread: every cached price gets the same fast object shape.
  return {
    effectiveWeight: computed.effectiveWeight,
    amount: computed.amount,
    steps: computed.steps,
    coverage,
    fundAmount: fund ? computed.amount : ZERO,
    patientAmount: fund ? ZERO : computed.amount,
  };
}

const SITUATION_CODES: Record<DischargeSituation, number> = {
  normal: 0,
  transfer: 1,
  'death-first-day': 2,
  'same-day': 3,
};
const COVERAGE_CODES: Record<CoverageBasis, number> = { referral: 0, emergency: 1, NO_REFERRAL: 2, NOT_IN_PACKAGE: 3 };

/**
 * The memo key of a case within its (context, group): the length-of-stay code, discharge situation,
 * coverage basis and the set of special coefficients that apply, packed in one small integer
 * (a string only when a book has more specials than the mask holds).
 */
function memoKey(
  los: number,
  situation: DischargeSituation,
  basis: CoverageBasis,
  specials: Specials,
): number | string {
  const rest = COVERAGE_CODES[basis] + 4 * (SITUATION_CODES[situation] + 4 * los);
  return specials.overflow
    ? `${rest}|${specials.factors.map((f) => f.key).join('')}`
    : specials.mask + 2 ** MASK_BITS * rest;
}

/**
 * The part of the length of stay the price depends on: nothing inside the trim points (0) or for a
 * share-based short stay (1) or another share situation (2), else the day count (LOS + 3) where a
 * per-day rule or the per diem uses it.
 */
function losCode(group: GroupDef, los: number, situation: DischargeSituation, method: string): number {
  if (situation === 'transfer') return los + 3;
  if (situation !== 'normal') return 2;
  if (group.lowTrim !== undefined && los < group.lowTrim) return method === 'share' ? 1 : los + 3;
  if (group.highTrim !== undefined && los > group.highTrim) return los + 3;
  return 0;
}

interface Specials {
  /** Bit i set: the book's i-th special coefficient applies (the same bit on every date). */
  mask: number;
  overflow: boolean;
  factors: PriceFactor[];
}

const NO_SPECIALS: Specials = Object.freeze({ mask: 0, overflow: false, factors: [] as PriceFactor[] });

function applicableSpecials(ctx: PriceContext, c: CaseRecord, grouping: GroupingResult): Specials {
  const valid = ctx.specials;
  if (valid.length === 0) return NO_SPECIALS;
  let mask = 0;
  let factors: PriceFactor[] | undefined;
  for (const s of valid) {
    if (!specialConditionHolds(s.coefficient.condition, c, grouping)) continue;
    if (s.specialIndex < MASK_BITS) mask |= 1 << s.specialIndex;
    (factors ??= []).push(s.factor);
  }
  return factors ? { mask, overflow: ctx.manySpecials, factors } : NO_SPECIALS;
}

function editError(grouping: GroupingResult): PricingResult {
  const steps: ExplanationStep[] = grouping.edits.map((e) => ({ k: 'edit', v: e.code, src: e.field }));
  // An error group reached through a logic row (no edit finding) still says which code sent it there.
  if (steps.length === 0) steps.push({ k: 'edit', v: grouping.returnCode, src: `row:${grouping.rowId ?? '?'}` });
  return errorResult(grouping, grouping.returnCode, 'EDIT_ERROR', {
    row: grouping.rowId,
    f: features(grouping),
    steps,
  });
}

function pricingError(grouping: GroupingResult, code: PricingReturnCode, src: string, message: string): PricingResult {
  const explanation: Explanation = {
    row: grouping.rowId,
    f: features(grouping),
    steps: [{ k: 'error', v: code, src }],
  };
  return { ...errorResult(grouping, code, 'PRICING_ERROR', explanation), message };
}

function errorResult(
  grouping: GroupingResult,
  returnCode: string,
  reason: 'EDIT_ERROR' | 'PRICING_ERROR',
  explanation: Explanation,
): PricingResult {
  return {
    status: 'error',
    group: grouping.group,
    returnCode,
    rowId: grouping.rowId,
    coverage: 'none',
    coverageReason: reason,
    effectiveWeight: ZERO,
    amount: ZERO,
    fundAmount: ZERO,
    patientAmount: ZERO,
    explanation,
  };
}

function features(grouping: GroupingResult): ExplainedFeatures {
  const f = grouping.features;
  return { mdc: f.mdc, cc: f.ccLevel, or: f.orProcedure, los: f.los, age: f.ageYears };
}
