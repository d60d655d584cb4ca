// The summary `hisob import services|advances|adjustments` prints: counts first (with the amount
// stored, exact), then each rejected row as `file:line column CODE message`, then what was left out.
import { formatAmount } from '../../../cli/support/price-summary';
import { dec } from '../../../domain/money';
import { formatImportError } from '../../../infra/import/import-errors';
import type { RegisterImportReport } from '../register-import';

const n = (x: number) => x.toLocaleString('en-US');

export function registerImportLines(file: string, r: RegisterImportReport): string[] {
  const amount = r.storedAmount === null ? '' : `, ${formatAmount(dec(r.storedAmount), 2)} in all`;
  const codes = Object.entries(r.errorCounts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, k]) => `${code} ${n(k)}`);
  const lines = [
    `Imported ${file} in ${r.seconds.toFixed(2)} s (import ${r.importId})`,
    `  received    ${n(r.received).padStart(12)}`,
    `  stored      ${n(r.stored).padStart(12)}  new ${r.register}${amount}`,
    `  unchanged   ${n(r.unchanged).padStart(12)}  recorded already, left as they are`,
    `  rejected    ${n(r.rejected).padStart(12)}${codes.length > 0 ? `  (${codes.join(', ')})` : ''}`,
  ];
  if (r.errors.length > 0) {
    lines.push('Rejected records:', ...r.errors.map((e) => `  ${formatImportError(e)}`));
    if (r.errorsOmitted > 0) lines.push(`  … and ${n(r.errorsOmitted)} more errors not listed`);
  }
  return lines;
}
