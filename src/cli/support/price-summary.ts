// Running totals of a pricing run and the readable summary printed at its end.
import { ReturnCodes } from '../../domain/grouper/result';
import { ZERO, type Dec } from '../../domain/money';
import type { PricingResult } from '../../domain/pricer/result';
import { PricingReturnCodes } from '../../domain/pricer/return-codes';
import type { TariffBook } from '../../domain/tariff-book';
import { formatInputError, type InputRowError } from '../../io/input-error';
import { DecimalTally } from './decimal-tally';

interface GroupTally {
  count: number;
  amount: DecimalTally;
  fund: DecimalTally;
  patient: DecimalTally;
}

/** Cases that share one priced combination: same amount objects, group and coverage. */
interface Combination {
  result: PricingResult;
  group: string;
  fund: Dec;
  patient: Dec;
  returnCode: string;
  coverageReason: string | undefined;
  coverage: string;
  status: string;
  count: number;
}

export interface GroupTotal {
  group: string;
  count: number;
  amount: Dec;
  fund: Dec;
  patient: Dec;
}

/** Rejected rows kept verbatim for the summary; the rest are only counted. */
const KEPT_REJECTIONS = 20;
/** Combinations remembered before they are folded into the totals (bounds memory). */
const MAX_COMBINATIONS = 8192;

/**
 * Running totals of a pricing run. Adding a case must cost next to nothing (the engine benchmark
 * counts it): the pricer memoises priced combinations, so most results share their amount objects
 * with an earlier result; such a case only bumps the count of its combination, and combinations
 * are folded into the per-group decimal totals when they are read or too many pile up.
 */
export class PriceSummary {
  /** Input rows read (cases and rejected rows). */
  read = 0;
  priced = 0;
  /** Cases that went to an error group (edits, or a book that cannot price them). */
  errors = 0;
  rejectedRows = 0;
  readonly rejections: InputRowError[] = [];
  readonly rejectionsByCode = new Map<string, number>();
  private readonly combinations = new Map<Dec, Combination>();
  private readonly groups = new Map<string, GroupTally>();
  private readonly codes = new Map<string, number>();
  private readonly coverageCounts = new Map<string, number>();
  private readonly coverageOf = new Map<string, string>();

  add(r: PricingResult): void {
    this.read++;
    if (r.status === 'error') this.errors++;
    else this.priced++;
    const seen = this.combinations.get(r.amount);
    // The fields are copied into the entry so the check reads one object, not two: touching memory,
    // not comparing, is what costs here.
    if (
      seen !== undefined &&
      seen.group === r.group &&
      seen.fund === r.fundAmount &&
      seen.patient === r.patientAmount &&
      seen.returnCode === r.returnCode &&
      seen.coverageReason === r.coverageReason &&
      seen.coverage === r.coverage &&
      seen.status === r.status
    ) {
      seen.count++;
      return;
    }
    if (seen !== undefined) {
      this.record(r, 1); // same amount object, other combination (e.g. the zero of error cases)
      return;
    }
    if (this.combinations.size >= MAX_COMBINATIONS) this.fold();
    this.combinations.set(r.amount, {
      result: r,
      group: r.group,
      fund: r.fundAmount,
      patient: r.patientAmount,
      returnCode: r.returnCode,
      coverageReason: r.coverageReason,
      coverage: r.coverage,
      status: r.status,
      count: 1,
    });
  }

  private record(r: PricingResult, n: number): void {
    let g = this.groups.get(r.group);
    if (g === undefined) {
      g = { count: 0, amount: new DecimalTally(), fund: new DecimalTally(), patient: new DecimalTally() };
      this.groups.set(r.group, g);
    }
    g.count += n;
    if (r.status === 'error') {
      this.codes.set(r.returnCode, (this.codes.get(r.returnCode) ?? 0) + n);
      return;
    }
    g.amount.add(r.amount, n);
    g.fund.add(r.fundAmount, n);
    g.patient.add(r.patientAmount, n);
    // Keyed by the reason (or the coverage when there is none).
    const key = r.coverageReason ?? r.coverage;
    this.coverageCounts.set(key, (this.coverageCounts.get(key) ?? 0) + n);
    this.coverageOf.set(key, r.coverage);
  }

  private fold(): void {
    for (const c of this.combinations.values()) this.record(c.result, c.count);
    this.combinations.clear();
  }

  /** Error-group cases by return code. */
  get returnCodes(): ReadonlyMap<string, number> {
    this.fold();
    return this.codes;
  }

  /** Priced cases by coverage reason, or by coverage when there is no reason (`fund`). */
  get coverage(): ReadonlyMap<string, number> {
    this.fold();
    return this.coverageCounts;
  }

  /** `fund`, `patient NO_REFERRAL`, … */
  coverageLabel(key: string): string {
    const coverage = this.coverageOf.get(key) ?? key;
    return coverage === key ? key : `${coverage} ${key}`;
  }

  /** A row that could not be read as a case. */
  reject(errors: readonly InputRowError[]): void {
    this.read++;
    this.rejectedRows++;
    for (const e of errors) {
      this.rejectionsByCode.set(e.code, (this.rejectionsByCode.get(e.code) ?? 0) + 1);
      if (this.rejections.length < KEPT_REJECTIONS) this.rejections.push(e);
    }
  }

  /** Every group met (error groups too, with zero amounts), most cases first, ties by group code. */
  groupTotals(): GroupTotal[] {
    this.fold();
    const out: GroupTotal[] = [];
    for (const [group, g] of this.groups) {
      out.push({ group, count: g.count, amount: g.amount.total(), fund: g.fund.total(), patient: g.patient.total() });
    }
    return out.sort((a, b) => b.count - a.count || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  }

  totals(): { amount: Dec; fund: Dec; patient: Dec } {
    let amount = ZERO;
    let fund = ZERO;
    let patient = ZERO;
    for (const g of this.groupTotals()) {
      amount = amount.plus(g.amount);
      fund = fund.plus(g.fund);
      patient = patient.plus(g.patient);
    }
    return { amount, fund, patient };
  }
}

const CODE_NAMES = new Map<string, string>([
  ...Object.entries(ReturnCodes).map(([name, code]) => [code, name] as [string, string]),
  ...Object.entries(PricingReturnCodes).map(([name, code]) => [code, name] as [string, string]),
]);

/** `1234567.5` → `1,234,567.50` (exact: works on the decimal string). */
export function formatAmount(value: Dec, scale: number): string {
  const [int, frac] = value.toFixed(scale).split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? '.' + frac : '');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export interface SummaryContext {
  book: TariffBook;
  seconds: number;
  /** Results file written, if any. */
  outPath?: string;
  topGroups?: number;
}

export function formatPriceSummary(s: PriceSummary, ctx: SummaryContext): string[] {
  const { book } = ctx;
  const scale = book.manifest.rounding.scale;
  const currency = book.manifest.currency;
  const rate = ctx.seconds > 0 ? Math.round(s.read / ctx.seconds) : s.read;
  const lines: string[] = [];
  lines.push(
    `Priced with ${book.manifest.code} ${book.manifest.version}${book.manifest.illustrative ? ' (illustrative figures)' : ''} in ${ctx.seconds.toFixed(2)} s (${count(rate)} rows/s)`,
  );
  lines.push(`  rows read      ${count(s.read).padStart(12)}`);
  lines.push(`  priced         ${count(s.priced).padStart(12)}`);
  lines.push(`  error groups   ${count(s.errors).padStart(12)}`);
  lines.push(`  rejected rows  ${count(s.rejectedRows).padStart(12)}`);

  const t = s.totals();
  const w = Math.max(16, formatAmount(t.amount, scale).length);
  lines.push('', `Totals (${currency})`);
  lines.push(`  amount   ${formatAmount(t.amount, scale).padStart(w)}`);
  lines.push(`  fund     ${formatAmount(t.fund, scale).padStart(w)}`);
  lines.push(`  patient  ${formatAmount(t.patient, scale).padStart(w)}`);

  if (s.coverage.size > 0) {
    lines.push('', 'Coverage of priced cases');
    for (const [key, n] of [...s.coverage].sort((a, b) => b[1] - a[1])) {
      lines.push(`  ${s.coverageLabel(key).padEnd(24)} ${count(n).padStart(10)}`);
    }
  }

  const groups = s.groupTotals().filter((g) => book.groups.get(g.group)?.kind !== 'error');
  const top = groups.slice(0, ctx.topGroups ?? 10);
  if (top.length > 0) {
    lines.push('', `Top groups by count (${top.length} of ${groups.length})`);
    const amountWidth = Math.max(14, ...top.map((g) => formatAmount(g.amount, scale).length));
    lines.push(`  ${'group'.padEnd(8)} ${'cases'.padStart(9)} ${'amount'.padStart(amountWidth)}  name`);
    for (const g of top) {
      const name = book.groups.get(g.group)?.names.en ?? '';
      lines.push(
        `  ${g.group.padEnd(8)} ${count(g.count).padStart(9)} ${formatAmount(g.amount, scale).padStart(amountWidth)}  ${name}`,
      );
    }
  }

  if (s.returnCodes.size > 0) {
    lines.push('', 'Error groups by return code');
    for (const [code, n] of [...s.returnCodes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      lines.push(`  ${code.padEnd(5)} ${(CODE_NAMES.get(code) ?? '').padEnd(28)} ${count(n).padStart(9)}`);
    }
  }

  if (s.rejectedRows > 0) {
    lines.push('', `Rejected input rows: ${count(s.rejectedRows)}`);
    for (const [code, n] of s.rejectionsByCode) lines.push(`  ${code.padEnd(16)} ${count(n).padStart(9)}`);
    for (const e of s.rejections) lines.push(`  ${formatInputError(e)}`);
    if (s.rejectedRows > s.rejections.length) lines.push(`  … (first ${s.rejections.length} shown)`);
  }
  if (ctx.outPath) lines.push('', `Results: ${ctx.outPath}`);
  return lines;
}
