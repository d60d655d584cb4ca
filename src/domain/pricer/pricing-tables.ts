import type { CareSetting, FacilityContext } from '../cases/case';
import { dec, ONE, type Dec } from '../money/decimal';
import type { BaseRate, Coefficient, TariffBook } from '../tariff-book/model';
import { pickEffective } from './effective-dated';
import { PriceMemo, type PriceTable } from './price-cache';
import { compileSpecialCondition, type CompiledSpecialCondition } from './special-conditions';

/** A value the pricer used and where it came from (for the explanation); `key` identifies it in cache keys. */
export interface PriceFactor {
  value: Dec;
  src: string;
  key: string;
}

/**
 * Everything that depends only on (care setting, facility, discharge date), resolved once and reused.
 * Contexts with the same content are one shared object (see resolve()).
 */
export interface PriceContext {
  /** Undefined when the book has no base rate for the setting on that date (return code P01; see baseWanted()). */
  base?: PriceFactor;
  level: PriceFactor;
  management: PriceFactor;
  /** Special coefficients valid on the date, in file order; their conditions are tested per case. */
  specials: readonly IndexedCoefficient[];
  /** The book has more special coefficients than a memo-key bit mask holds. */
  manySpecials: boolean;
  /** Key naming the base row, level and management factors. */
  keyPrefix: string;
  /** Memoised prices of every context with the same factors (undefined without a base rate). */
  prices?: PriceTable;
  /** Small number naming `prices` (the same for contexts that share it); -1 without a base rate. */
  pricesId: number;
}

export interface IndexedCoefficient {
  /** Position in the book's coefficients table. */
  index: number;
  /** For specials: position among the book's special coefficients (the bit in memo keys). */
  specialIndex: number;
  coefficient: Coefficient;
  factor: PriceFactor;
  /** The coefficient's condition compiled for the per-case test (specials only; empty: always). */
  condition: CompiledSpecialCondition;
}

/** Special coefficients up to this many per book fit a bit mask in an integer memo key. */
export const MASK_BITS = 16;

// Facilities × discharge dates: a month of one district is a few thousand contexts.
const MAX_CONTEXTS = 20_000;
/** Facility objects remembered for the identity scan in facilityMemo(). */
const RECENT_FACILITIES = 32;
/** Slots of a facility's direct-mapped date cache (a power of two; 64 holds a month of both settings). */
const DATE_SLOTS = 64;

/** Resolved contexts of one facility (as described by its id, level, region and coefficient), by date. */
interface FacilityMemo {
  id: string;
  level: string;
  region?: string;
  management?: string;
  byDate: Map<number, PriceContext>;
  // A direct-mapped cache in front of byDate, by the low bits of the key: the keys of one month
  // (2 × day + setting) fall into distinct slots, so most cases find their context without hashing.
  slotKeys: Int32Array;
  slotContexts: (PriceContext | undefined)[];
}

/** The book's price tables indexed for the pricer, plus bounded memos of contexts and prices. */
export class PricingTables {
  readonly memo = new PriceMemo();
  private readonly baseRates = new Map<CareSetting, { rate: BaseRate; index: number }[]>();
  private readonly levels: IndexedCoefficient[] = [];
  private readonly managements: IndexedCoefficient[] = [];
  private readonly specials: IndexedCoefficient[] = [];
  // The engine passes the same facility object for every case of a facility: find its memo by
  // identity first, by a descriptive key when the object is new.
  private readonly facilities = new WeakMap<FacilityContext, FacilityMemo>();
  private readonly facilitiesByKey = new Map<string, FacilityMemo>();
  // The last few facility objects seen and their memos, scanned by identity before the WeakMap: a
  // district has a dozen facilities, and comparing a dozen pointers is cheaper than a hash lookup.
  private readonly recentFacilities: FacilityContext[] = [];
  private readonly recentMemos: FacilityMemo[] = [];
  private contextCount = 0;
  private nextRecent = 0;
  /** The distinct contexts, by content. */
  private readonly contexts = new Map<string, PriceContext>();
  private readonly pricesIds = new Map<string, number>();

  constructor(book: TariffBook) {
    book.baseRates.forEach((rate, index) => {
      const list = this.baseRates.get(rate.careSetting) ?? [];
      list.push({ rate, index });
      this.baseRates.set(rate.careSetting, list);
    });
    book.coefficients.forEach((coefficient, index) => {
      const specialIndex = this.specials.length;
      const entry = {
        index,
        specialIndex,
        coefficient,
        factor: coefficientFactor(coefficient, index),
        condition: compileSpecialCondition(coefficient.condition),
      };
      if (coefficient.kind === 'level') this.levels.push(entry);
      else if (coefficient.kind === 'management') this.managements.push(entry);
      else this.specials.push(entry);
    });
  }

  /** The resolved context of a case: care setting, facility, and the date part of its discharge. */
  context(careSetting: CareSetting, facility: FacilityContext, dischargeAt: string): PriceContext {
    const day = dateKey(dischargeAt);
    if (day < 0) return this.resolve(careSetting, facility, dischargeAt.slice(0, 10));
    const memo = this.facilityMemo(facility);
    const key = day * 2 + (careSetting === 'inpatient' ? 0 : 1);
    const slot = key & (DATE_SLOTS - 1);
    if (memo.slotKeys[slot] === key) return memo.slotContexts[slot]!;
    let ctx = memo.byDate.get(key);
    if (ctx === undefined) {
      if (this.contextCount >= MAX_CONTEXTS) {
        for (const m of this.facilitiesByKey.values()) {
          m.byDate.clear();
          m.slotKeys.fill(-1);
          m.slotContexts.fill(undefined);
        }
        this.contexts.clear();
        this.contextCount = 0;
      }
      ctx = this.resolve(careSetting, facility, dischargeAt.slice(0, 10));
      memo.byDate.set(key, ctx);
      this.contextCount++;
    }
    memo.slotKeys[slot] = key;
    memo.slotContexts[slot] = ctx;
    return ctx;
  }

  private facilityMemo(f: FacilityContext): FacilityMemo {
    const recent = this.recentFacilities;
    for (let i = 0; i < recent.length; i++) {
      if (recent[i] === f) {
        const m = this.recentMemos[i];
        // Facility objects are not frozen: make sure this one still says what it said.
        if (m.id === f.id && m.level === f.level && m.region === f.region && m.management === f.managementCoefficient) {
          return m;
        }
        return (this.recentMemos[i] = this.facilityMemoByMap(f));
      }
    }
    const memo = this.facilityMemoByMap(f);
    if (recent.length < RECENT_FACILITIES) {
      recent.push(f);
      this.recentMemos.push(memo);
    } else {
      const i = this.nextRecent++ % RECENT_FACILITIES;
      recent[i] = f;
      this.recentMemos[i] = memo;
    }
    return memo;
  }

  private facilityMemoByMap(f: FacilityContext): FacilityMemo {
    let memo = this.facilities.get(f);
    // Facility objects are not frozen: make sure this one still says what it said.
    if (
      memo === undefined ||
      memo.id !== f.id ||
      memo.level !== f.level ||
      memo.region !== f.region ||
      memo.management !== f.managementCoefficient
    ) {
      const key = `${f.id}|${f.level}|${f.region ?? ''}|${f.managementCoefficient ?? ''}`;
      memo = this.facilitiesByKey.get(key);
      if (memo === undefined) {
        memo = {
          id: f.id,
          level: f.level,
          region: f.region,
          management: f.managementCoefficient,
          byDate: new Map(),
          slotKeys: new Int32Array(DATE_SLOTS).fill(-1),
          slotContexts: new Array<PriceContext | undefined>(DATE_SLOTS).fill(undefined),
        };
        this.facilitiesByKey.set(key, memo);
      }
      this.facilities.set(f, memo);
    }
    return memo;
  }

  private resolve(careSetting: CareSetting, facility: FacilityContext, date: string): PriceContext {
    const region = facility.region || undefined;
    const rates = this.baseRates.get(careSetting) ?? [];
    // A row for the facility's region beats the general row; a row for another region never applies.
    const base =
      (region &&
        pickEffective(
          rates.map(asDated).filter((r) => r.rate.region === region),
          date,
        )) ||
      pickEffective(
        rates.map(asDated).filter((r) => !r.rate.region),
        date,
      );
    const level =
      pickEffective(this.levels.filter((c) => c.coefficient.appliesTo === facility.level).map(asDatedCoefficient), date)
        ?.entry.factor ?? defaultFactor();
    const specials = this.specials.filter((c) => pickEffective([asDatedCoefficient(c)], date) !== undefined);
    const management = this.management(facility, date);
    const baseFactor = base && {
      value: base.rate.amount,
      src: `base-rates.csv:${careSetting}:${base.rate.region ? base.rate.region + ':' : ''}${base.rate.validFrom}`,
      key: `b${base.index}`,
    };
    const keyPrefix = `${baseFactor?.key}|${level.key}|${management.key}`;
    // One object per distinct content (a month of a district has a few thousand facility-days but
    // only a handful of distinct contexts): each case reads its context, and a few shared objects
    // stay in the CPU cache where thousands of copies did not. The keys name every factor's source.
    const contentKey = `${keyPrefix}|${specials.map((s) => s.specialIndex).join(',')}`;
    let ctx = this.contexts.get(contentKey);
    if (ctx === undefined) {
      ctx = {
        base: baseFactor,
        level,
        management,
        specials,
        manySpecials: this.specials.length > MASK_BITS,
        keyPrefix,
        prices: baseFactor && this.memo.table(keyPrefix),
        pricesId: baseFactor ? this.pricesId(keyPrefix) : -1,
      };
      this.contexts.set(contentKey, ctx);
    }
    return ctx;
  }

  private pricesId(keyPrefix: string): number {
    let id = this.pricesIds.get(keyPrefix);
    if (id === undefined) this.pricesIds.set(keyPrefix, (id = this.pricesIds.size));
    return id;
  }

  /** What the context of a case without a base rate looked for, for the P01 message. */
  baseWanted(careSetting: CareSetting, facility: FacilityContext, dischargeAt: string): string {
    const region = facility.region || undefined;
    const date = dischargeAt.slice(0, 10);
    return `base-rates.csv:${careSetting}${region ? ' (region ' + region + ' or general)' : ''} on ${date}`;
  }

  // The facility registry's own coefficient wins; then a book row for this facility; then the general row.
  private management(facility: FacilityContext, date: string): PriceFactor {
    const own = facility.managementCoefficient?.trim();
    if (own) {
      const value = dec(own, `facility ${facility.id} managementCoefficient`);
      // The key names the facility too: the explanation's source does.
      return { value, src: `facility:${facility.id}`, key: `f${facility.id}=${value.toString()}` };
    }
    const forFacility = this.managements.filter((c) => c.coefficient.appliesTo === facility.id);
    const general = this.managements.filter((c) => !c.coefficient.appliesTo);
    const row =
      pickEffective(forFacility.map(asDatedCoefficient), date) ?? pickEffective(general.map(asDatedCoefficient), date);
    return row?.entry.factor ?? defaultFactor();
  }
}

function asDated(r: { rate: BaseRate; index: number }) {
  return { validFrom: r.rate.validFrom, validTo: r.rate.validTo, rate: r.rate, index: r.index };
}

function asDatedCoefficient(entry: IndexedCoefficient) {
  return { validFrom: entry.coefficient.validFrom, validTo: entry.coefficient.validTo, entry };
}

function coefficientFactor(c: Coefficient, index: number): PriceFactor {
  return { value: c.value, src: `coefficients.csv:${c.code}`, key: `c${index}` };
}

function defaultFactor(): PriceFactor {
  return { value: ONE, src: 'default', key: 'd' };
}

/** yyyymmdd of an ISO date's first ten characters, or -1 when they are not digits in that shape. */
function dateKey(iso: string): number {
  if (iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return -1;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = iso.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

const tablesByBook = new WeakMap<TariffBook, PricingTables>();

/** The indexed tables of a book, built on first use; books are immutable once loaded. */
export function pricingTables(book: TariffBook): PricingTables {
  let tables = tablesByBook.get(book);
  if (!tables) {
    tables = new PricingTables(book);
    tablesByBook.set(book, tables);
  }
  return tables;
}
