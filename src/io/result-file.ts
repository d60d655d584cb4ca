// Pricing result files (docs/case-formats.md): one line per priced case, money as exact decimals.
import type { Dec } from '../domain/money';
import type { PricingResult } from '../domain/pricer/result';
import { csvCell } from './csv-line';
import { formatOfPath, type RecordFormat } from './file-format';
import { openLineWriter, type RecordWriter } from './write-records';

export interface PricedCaseLine {
  facilityId: string;
  claimId: string;
  result: PricingResult;
}

export const RESULT_CSV_COLUMNS = [
  'facility_id',
  'claim_id',
  'group',
  'return_code',
  'row_id',
  'status',
  'coverage',
  'coverage_reason',
  'effective_weight',
  'amount',
  'fund_amount',
  'patient_amount',
] as const;

export interface ResultWriterOptions {
  format?: RecordFormat;
  /** Add the explanation (compact JSON) to each line. */
  explain?: boolean;
  /** Decimal places of money (the book's rounding scale). */
  scale?: number;
}

/**
 * Decimal → text, remembered per Decimal object: priced cases share their amount objects (the
 * pricer memoises), so most lines reuse a string instead of formatting the decimal again.
 */
class DecimalText {
  private readonly cache = new Map<Dec, string>();

  constructor(private readonly format: (d: Dec) => string) {}

  text(d: Dec): string {
    let s = this.cache.get(d);
    if (s === undefined) {
      if (this.cache.size >= 4096) this.cache.clear();
      s = this.format(d);
      this.cache.set(d, s);
    }
    return s;
  }
}

const moneyTexts = new Map<number, DecimalText>();
const weightText = new DecimalText((d) => d.toString());

function money(scale: number): DecimalText {
  let t = moneyTexts.get(scale);
  if (!t) moneyTexts.set(scale, (t = new DecimalText((d) => d.toFixed(scale))));
  return t;
}

export function resultToCsvLine(p: PricedCaseLine, scale: number, explain: boolean): string {
  const r = p.result;
  const m = money(scale);
  const line =
    csvCell(p.facilityId) +
    ',' +
    csvCell(p.claimId) +
    ',' +
    csvCell(r.group) +
    ',' +
    csvCell(r.returnCode) +
    ',' +
    csvCell(r.rowId ?? '') +
    ',' +
    r.status +
    ',' +
    r.coverage +
    ',' +
    (r.coverageReason ?? '') +
    ',' +
    weightText.text(r.effectiveWeight) +
    ',' +
    m.text(r.amount) +
    ',' +
    m.text(r.fundAmount) +
    ',' +
    m.text(r.patientAmount);
  return explain ? line + ',' + csvCell(JSON.stringify(r.explanation)) : line;
}

export function resultToJsonLine(p: PricedCaseLine, scale: number, explain: boolean): string {
  const r = p.result;
  const m = money(scale);
  return JSON.stringify({
    facilityId: p.facilityId,
    claimId: p.claimId,
    group: r.group,
    returnCode: r.returnCode,
    rowId: r.rowId ?? null,
    status: r.status,
    coverage: r.coverage,
    coverageReason: r.coverageReason ?? null,
    effectiveWeight: weightText.text(r.effectiveWeight),
    amount: m.text(r.amount),
    fundAmount: m.text(r.fundAmount),
    patientAmount: m.text(r.patientAmount),
    ...(explain ? { explanation: r.explanation } : {}),
  });
}

export function openResultWriter(path: string, opts: ResultWriterOptions = {}): Promise<RecordWriter<PricedCaseLine>> {
  const format = opts.format ?? formatOfPath(path);
  const scale = opts.scale ?? 2;
  const explain = opts.explain ?? false;
  if (format === 'jsonl') return openLineWriter(path, undefined, (p) => resultToJsonLine(p, scale, explain));
  const header = [...RESULT_CSV_COLUMNS, ...(explain ? ['explanation'] : [])].join(',');
  return openLineWriter(path, header, (p) => resultToCsvLine(p, scale, explain));
}
