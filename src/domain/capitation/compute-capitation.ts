import type { Sex } from '../cases/case';
import type { CapitationExplanation, CapitationStep } from '../explain/capitation-explanation';
import { ONE, ZERO, type Dec } from '../money/decimal';
import { roundMoney } from '../money/rounding';
import type { TariffBook } from '../tariff-book/model';
import { requireSnapshotDate } from './age-sex-bands';
import { createBandCounter } from './band-counter';
import { CapitationError, CapitationErrorCodes } from './capitation-error';

export interface CapitationInput {
  facilityId: string;
  /** Enrolment register snapshot date (YYYY-MM-DD): ages are completed years on this date. */
  snapshotDate: string;
  /** Settlement month YYYY-MM, recorded on the result. */
  month?: string;
  /** Persons per band code (as counted by createBandCounter); give this or `persons`. */
  bandCounts?: Readonly<Record<string, number>>;
  /** The enrolled persons themselves; counted into bands at the snapshot date. */
  persons?: Iterable<{ birthDate: string; sex: Sex }>;
  /** Facility adjustment coefficients (capitation-adjustments.csv codes: rural, mountainous…). */
  adjustmentCodes?: readonly string[];
}

export interface CapitationBandLine {
  band: string;
  persons: number;
  coefficient: Dec;
  /** persons × coefficient */
  weighted: Dec;
}

export interface CapitationResult {
  facilityId: string;
  snapshotDate: string;
  month?: string;
  bands: CapitationBandLine[];
  /** Persons counted into a band. */
  enrolled: number;
  /** Persons of `persons` that fit no band (bad birth date, no band for their age and sex). */
  unassigned: number;
  /** Σ persons × band coefficient. */
  weightedPopulation: Dec;
  /** Π adjustment coefficients (1 without any). */
  adjustment: Dec;
  /** weightedPopulation × adjustment: the facility's weight when a district budget is split. */
  adjustedPopulation: Dec;
  annualBase: Dec;
  /** annual base × weighted population × adjustment ÷ 12, rounded per the book. */
  monthly: Dec;
  /** monthly × withhold share, rounded: paid later against performance indicators. */
  withheld: Dec;
  /** monthly − withheld. */
  payableNow: Dec;
  explanation: CapitationExplanation;
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * One facility's monthly capitation from an enrolment snapshot. Rounding follows the book: with
 * `each-step` the money is rounded after × base, after × adjustments and after ÷ 12; with `end`
 * only the monthly amount. The withheld share is always rounded and the payable part is the exact
 * remainder, so withheld + payableNow = monthly.
 */
export function computeCapitation(book: TariffBook, input: CapitationInput): CapitationResult {
  requireSnapshotDate(input.snapshotDate);
  if (input.month !== undefined && !MONTH_RE.test(input.month)) {
    throw new CapitationError(CapitationErrorCodes.INVALID_MONTH, `month "${input.month}" is not YYYY-MM`);
  }
  if (book.capitationBands.length === 0) {
    throw new CapitationError(
      CapitationErrorCodes.NO_BANDS,
      `tariff book ${book.manifest.code} has no capitation bands`,
    );
  }
  const { counts, unassigned } = population(book, input);
  const { rounding } = book.manifest;
  const { annualBase, withholdShare } = book.manifest.capitation;
  const eachStep = rounding.points === 'each-step';
  const label = `${rounding.mode}/${rounding.scale}`;
  const steps: CapitationStep[] = [];
  const step = (value: Dec, what: string): Dec => {
    if (!eachStep) return value;
    const rounded = roundMoney(value, rounding);
    steps.push({ k: 'round', v: label, src: what, r: rounded.toFixed(rounding.scale) });
    return rounded;
  };

  // Every band of the book in book order (zero lines included, so statements look alike).
  const seen = new Set<string>();
  const bands: CapitationBandLine[] = [];
  let weightedPopulation = ZERO;
  let enrolled = 0;
  for (const band of book.capitationBands) {
    if (seen.has(band.code)) continue;
    seen.add(band.code);
    const persons = counts[band.code] ?? 0;
    const weighted = band.coefficient.times(persons);
    weightedPopulation = weightedPopulation.plus(weighted);
    enrolled += persons;
    bands.push({ band: band.code, persons, coefficient: band.coefficient, weighted });
    if (persons > 0) {
      steps.push({
        k: 'band',
        v: band.coefficient.toString(),
        n: persons,
        src: `capitation-bands.csv:${band.code}`,
        r: weightedPopulation.toString(),
      });
    }
  }

  let amount = annualBase.times(weightedPopulation);
  steps.push({
    k: 'annual-base',
    v: annualBase.toString(),
    src: 'manifest:capitation.annualBase',
    r: amount.toString(),
  });
  amount = step(amount, 'annual');

  const adjustment = adjustmentProduct(book, input.adjustmentCodes ?? [], (code, value) => {
    amount = amount.times(value);
    steps.push({
      k: 'adjustment',
      v: value.toString(),
      src: `capitation-adjustments.csv:${code}`,
      r: amount.toString(),
    });
  });
  if ((input.adjustmentCodes ?? []).length > 0) amount = step(amount, 'adjusted');

  amount = amount.dividedBy(12);
  steps.push({ k: 'months', v: '12', r: amount.toString() });
  const monthly = roundMoney(amount, rounding);
  steps.push({ k: 'round', v: label, src: 'monthly', r: monthly.toFixed(rounding.scale) });

  const withheld = roundMoney(monthly.times(withholdShare), rounding);
  steps.push({
    k: 'withhold',
    v: withholdShare.toString(),
    src: 'manifest:capitation.withholdShare',
    r: withheld.toFixed(rounding.scale),
  });
  const payableNow = monthly.minus(withheld);
  steps.push({ k: 'payable', v: payableNow.toFixed(rounding.scale) });

  return {
    facilityId: input.facilityId,
    snapshotDate: input.snapshotDate,
    month: input.month,
    bands,
    enrolled,
    unassigned,
    weightedPopulation,
    adjustment,
    adjustedPopulation: weightedPopulation.times(adjustment),
    annualBase,
    monthly,
    withheld,
    payableNow,
    explanation: { steps },
  };
}

function population(
  book: TariffBook,
  input: CapitationInput,
): { counts: Readonly<Record<string, number>>; unassigned: number } {
  if ((input.bandCounts === undefined) === (input.persons === undefined)) {
    throw new CapitationError(
      CapitationErrorCodes.POPULATION_INPUT,
      `facility ${input.facilityId}: give either bandCounts or persons`,
    );
  }
  if (input.persons !== undefined) {
    const counter = createBandCounter(book, input.snapshotDate);
    for (const p of input.persons) counter.add(p.birthDate, p.sex);
    const { bandCounts, unassigned } = counter.counts();
    return { counts: bandCounts, unassigned };
  }
  const known = new Set(book.capitationBands.map((b) => b.code));
  for (const [code, count] of Object.entries(input.bandCounts!)) {
    if (!known.has(code)) {
      throw new CapitationError(
        CapitationErrorCodes.UNKNOWN_BAND,
        `facility ${input.facilityId}: unknown capitation band "${code}"`,
      );
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new CapitationError(
        CapitationErrorCodes.INVALID_COUNT,
        `facility ${input.facilityId}: band ${code} count ${count} is not a whole number >= 0`,
      );
    }
  }
  return { counts: input.bandCounts!, unassigned: 0 };
}

function adjustmentProduct(book: TariffBook, codes: readonly string[], apply: (code: string, value: Dec) => void): Dec {
  let product = ONE;
  const seen = new Set<string>();
  for (const code of codes) {
    const adjustment = book.capitationAdjustments.get(code);
    if (!adjustment) {
      const known = [...book.capitationAdjustments.keys()].join(', ') || 'none';
      throw new CapitationError(
        CapitationErrorCodes.UNKNOWN_ADJUSTMENT,
        `unknown capitation adjustment "${code}" (known: ${known})`,
      );
    }
    if (seen.has(code)) {
      throw new CapitationError(
        CapitationErrorCodes.DUPLICATE_ADJUSTMENT,
        `capitation adjustment "${code}" given twice`,
      );
    }
    seen.add(code);
    product = product.times(adjustment.value);
    apply(code, adjustment.value);
  }
  return product;
}
