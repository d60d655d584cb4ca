import type { CaseRecord, FacilityContext } from '../cases/case';
import type { ExplainedFeatures, Explanation, ExplanationStep } from '../explain/explanation';
import type { GroupingResult } from '../grouper/result';
import { ZERO } from '../money/decimal';
import type { GroupDef, PricingOptions, TariffBook } from '../tariff-book/model';
import { computePrice } from './compute-price';
import { decideCoverage, type CoverageBasis } from './coverage';
import { dischargeSituation, type DischargeSituation } from './discharge-situation';
import type { CachedPrice, PriceTable } from './price-cache';
import { MASK_BITS, pricingTables, type PriceContext, type PriceFactor, type PricingTables } from './pricing-tables';
import type { PricingResult } from './result';
import { PricingReturnCodes, type PricingReturnCode } from './return-codes';
import { compiledConditionHolds } from './special-conditions';

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
  return casePricerFor(book).price(c, facility, grouping);
}

/** Same as priceGroupedCase without the memo: the reference the cache is tested against. */
export function priceGroupedCaseUncached(
  book: TariffBook,
  c: CaseRecord,
  facility: FacilityContext,
  grouping: GroupingResult,
): PricingResult {
  return casePricerFor(book).price(c, facility, grouping, false);
}

/** Forgets the memoised prices of a book (specs, and long simulations that swap books). */
export function clearPriceCache(book: TariffBook): void {
  pricingTables(book).memo.clear();
}

/** A pricing result that carries the grouping it was priced from (what the engine returns). */
export type GroupedPricingResult = PricingResult & { grouping: GroupingResult };

/**
 * The pricer of one book, with everything per book resolved once (tables, options, groups), so a case
 * costs no per-book lookups. priceGroupedCase uses the book's shared instance; the engine keeps one.
 */
export class CasePricer {
  private readonly tables: PricingTables;
  private readonly groups: ReadonlyMap<string, GroupDef>;
  private readonly pricing: PricingOptions;
  /** Per group code: the group and its memo maps, see GroupSlot. Holds only codes the book has. */
  private readonly slots = new Map<string, GroupSlot>();

  constructor(private readonly book: TariffBook) {
    this.tables = pricingTables(book);
    this.groups = book.groups;
    this.pricing = book.manifest.pricing;
  }

  price(c: CaseRecord, facility: FacilityContext, grouping: GroupingResult, useCache = true): PricingResult {
    const priced = this.lookup(c, facility, grouping, useCache);
    if (priced === undefined) return this.failure(c, facility, grouping);
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

  /**
   * price() with the grouping attached, built as one literal (same keys, same order as
   * `{ ...price(), grouping }`): the engine calls this per case, and a spread copy per case was a
   * tenth of its time.
   */
  priceWithGrouping(c: CaseRecord, facility: FacilityContext, grouping: GroupingResult): GroupedPricingResult {
    const priced = this.lookup(c, facility, grouping, true);
    if (priced === undefined) return withGrouping(this.failure(c, facility, grouping), grouping);
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
      grouping,
    };
  }

  /** The priced combination of a case, or undefined when it cannot be priced (see failure()). */
  private lookup(
    c: CaseRecord,
    facility: FacilityContext,
    grouping: GroupingResult,
    useCache: boolean,
  ): CachedPrice | undefined {
    if (grouping.isError) return undefined;
    const slot = this.slot(grouping.group);
    if (slot === undefined) return undefined;
    const group = slot.group;
    const ctx = this.tables.context(c.careSetting, facility, c.dischargeAt);
    const base = ctx.base;
    if (base === undefined) return undefined;
    const pricing = this.pricing;
    const los = grouping.features.los;
    const situation = dischargeSituation(c, group, los, pricing);
    if (situation === TRANSFER && !group.meanLos.greaterThan(0)) return undefined;
    const specials = applicableSpecials(ctx, c, grouping);
    const coverage = decideCoverage(group, c);
    if (!useCache) return computeCached(this.book, group, los, situation, ctx, base, specials.factors, coverage);

    const key = memoKey(losCode(group, los, situation, pricing.shortStayMethod), situation, coverage.basis, specials);
    const prices = ctx.prices!;
    const byKey = this.memoMap(slot, ctx.pricesId, prices);
    let priced = byKey?.get(key);
    if (priced === undefined) {
      priced = computeCached(this.book, group, los, situation, ctx, base, specials.factors, coverage);
      this.tables.memo.remember(prices, group.code, key, priced);
    }
    return priced;
  }

  private slot(code: string): GroupSlot | undefined {
    let slot = this.slots.get(code);
    if (slot === undefined) {
      const group = this.groups.get(code);
      if (group === undefined) return undefined;
      slot = { group, generation: -1, memoMaps: [] };
      this.slots.set(code, slot);
    }
    return slot;
  }

  /** The memo's map of this group in `prices` (one price table), or undefined while it has none. */
  private memoMap(
    slot: GroupSlot,
    pricesId: number,
    prices: PriceTable,
  ): Map<number | string, CachedPrice> | undefined {
    const generation = this.tables.memo.generation;
    if (slot.generation !== generation) {
      // The memo was emptied: the maps kept here are no longer its own.
      slot.memoMaps.length = 0;
      slot.generation = generation;
    }
    let map = slot.memoMaps[pricesId];
    if (map === undefined) {
      map = prices.get(slot.group.code);
      if (map !== undefined) slot.memoMaps[pricesId] = map;
    }
    return map;
  }

  /** The error result of a case lookup() could not price: the first problem, in lookup()'s order. */
  private failure(c: CaseRecord, facility: FacilityContext, grouping: GroupingResult): PricingResult {
    if (grouping.isError) return editError(grouping);
    const group = this.groups.get(grouping.group);
    if (!group) {
      return pricingError(
        grouping,
        PricingReturnCodes.UNKNOWN_GROUP,
        'groups.csv',
        `group ${grouping.group} is not in the book`,
      );
    }
    const ctx = this.tables.context(c.careSetting, facility, c.dischargeAt);
    if (!ctx.base) {
      const wanted = this.tables.baseWanted(c.careSetting, facility, c.dischargeAt);
      return pricingError(grouping, PricingReturnCodes.NO_BASE_RATE, wanted, `no base rate: ${wanted}`);
    }
    return pricingError(
      grouping,
      PricingReturnCodes.INVALID_MEAN_LOS,
      `groups.csv:${group.code}:mean_los`,
      `group ${group.code} has mean LOS ${group.meanLos.toString()}; a transfer cannot be paid per diem`,
    );
  }
}

/**
 * `{ ...r, grouping }` for an error result, written out: the spread gave every such object a hidden
 * class (map) of its own, and the property reads that met them (the summary's, for one) went
 * megamorphic for every case. Same keys in the same order.
 */
function withGrouping(r: PricingResult, grouping: GroupingResult): GroupedPricingResult {
  if ('message' in r) {
    return {
      status: r.status,
      group: r.group,
      returnCode: r.returnCode,
      rowId: r.rowId,
      coverage: r.coverage,
      coverageReason: r.coverageReason,
      effectiveWeight: r.effectiveWeight,
      amount: r.amount,
      fundAmount: r.fundAmount,
      patientAmount: r.patientAmount,
      explanation: r.explanation,
      message: r.message,
      grouping,
    };
  }
  return {
    status: r.status,
    group: r.group,
    returnCode: r.returnCode,
    rowId: r.rowId,
    coverage: r.coverage,
    coverageReason: r.coverageReason,
    effectiveWeight: r.effectiveWeight,
    amount: r.amount,
    fundAmount: r.fundAmount,
    patientAmount: r.patientAmount,
    explanation: r.explanation,
    grouping,
  };
}

/**
 * A group as the pricer meets it: the definition, and the memo's per-group maps of each price table
 * by PriceContext.pricesId. One lookup by group code then leads to the prices, where going through
 * book.groups and the price table by the code took two more (hash lookups showed in profiles).
 * The maps are the memo's own (price-cache.ts), kept until the memo is emptied (its generation).
 */
interface GroupSlot {
  group: GroupDef;
  generation: number;
  memoMaps: (Map<number | string, CachedPrice> | undefined)[];
}

const TRANSFER: DischargeSituation = 'transfer';
const pricers = new WeakMap<TariffBook, CasePricer>();

/** The book's shared pricer, built on first use; books are immutable once loaded. */
export function casePricerFor(book: TariffBook): CasePricer {
  let p = pricers.get(book);
  if (p === undefined) {
    p = new CasePricer(book);
    pricers.set(book, p);
  }
  return p;
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

/** 2^MASK_BITS, computed once: written inline it was a Math.pow call per case (MASK_BITS is an import). */
const MASK_SPAN = 2 ** MASK_BITS;

// Codes of the memo key parts, by comparisons: keyed reads of a lookup object went megamorphic.
function situationCode(s: DischargeSituation): number {
  return s === 'normal' ? 0 : s === 'transfer' ? 1 : s === 'death-first-day' ? 2 : 3;
}

function coverageCode(b: CoverageBasis): number {
  return b === 'referral' ? 0 : b === 'emergency' ? 1 : b === 'NO_REFERRAL' ? 2 : 3;
}

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
  const rest = coverageCode(basis) + 4 * (situationCode(situation) + 4 * los);
  return specials.overflow
    ? `${rest}|${specials.factors.map((f) => f.key).join('')}`
    : specials.mask + MASK_SPAN * rest;
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
  for (let i = 0; i < valid.length; i++) {
    const s = valid[i];
    if (!compiledConditionHolds(s.condition, c, grouping)) continue;
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
