// Readable summaries of import reports for the CLI: counts first, then each rejected record as
// `file:line field code message`, then what was left out of the list.
import { formatImportError, type ImportRowError } from '../../infra/import/import-errors';
import type { CaseImportReport } from '../../modules/claims/case-import/case-import-report';
import type { RegistryImportReport } from '../../modules/reference/registry-import';
import type { UpsertCounts } from '../../modules/reference/registry-import-sql';
import type { TariffBookImportResult } from '../../modules/reference/tariff-book-import';
import type { EnrolmentImportReport } from '../../modules/registry/enrolment-import';

const n = (x: number) => x.toLocaleString('en-US');

export function caseImportLines(file: string, r: CaseImportReport): string[] {
  return [
    `Imported ${file} in ${r.seconds.toFixed(2)} s (import ${r.importId})`,
    `  received    ${n(r.received).padStart(12)}`,
    `  inserted    ${n(r.inserted).padStart(12)}  new claims`,
    `  superseded  ${n(r.superseded).padStart(12)}  changed claims (new version)`,
    `  unchanged   ${n(r.unchanged).padStart(12)}  resubmitted as they were`,
    ...(r.intoLaterMonth > 0
      ? [`  of which    ${n(r.intoLaterMonth).padStart(12)}  filed into a later open month (their month is closed)`]
      : []),
    `  rejected    ${n(r.rejected).padStart(12)}${byCode(r.errorCounts)}`,
    ...errorLines(r.errors, r.errorsOmitted),
  ];
}

export function registryImportLines(r: RegistryImportReport): string[] {
  const table = (name: string, c: UpsertCounts | undefined) =>
    c
      ? [`  ${name.padEnd(11)} ${n(c.inserted).padStart(8)} new, ${n(c.updated)} updated, ${n(c.unchanged)} unchanged`]
      : [];
  return [
    `Imported ${r.file} in ${r.seconds.toFixed(2)} s: ${n(r.received)} records read, ${n(r.rejected)} rejected${byCode(r.errorCounts)}`,
    ...table('regions', r.regions),
    ...table('districts', r.districts),
    ...table('facilities', r.facilities),
    ...table('licences', r.licences),
    ...errorLines(r.errors, r.errorsOmitted),
  ];
}

export function enrolmentImportLines(file: string, r: EnrolmentImportReport): string[] {
  return [
    `Imported ${file} as the register of ${r.snapshotDate} for ${n(r.facilities)} facilities in ${r.seconds.toFixed(2)} s`,
    `  received    ${n(r.received).padStart(12)}`,
    `  enrolled    ${n(r.enrolled).padStart(12)}  persons from ${r.snapshotDate}`,
    `  replaced    ${n(r.replaced).padStart(12)}  rows of an earlier import of this snapshot`,
    `  closed      ${n(r.closed).padStart(12)}  rows of earlier snapshots, ended the day before`,
    `  rejected    ${n(r.rejected).padStart(12)}${byCode(r.errorCounts)}`,
    ...errorLines(r.errors, r.errorsOmitted),
  ];
}

export function bookImportLines(dir: string, r: TariffBookImportResult): string[] {
  const what = {
    created: 'stored as a new version',
    replaced: 'replaced the draft',
    unchanged: 'already stored, unchanged',
  }[r.outcome];
  return [
    `${r.code} ${r.version} (${r.name}) from ${dir}: ${what}; ${r.files} files; status ${r.status}`,
    ...(r.contentHash ? [`  content hash ${r.contentHash}`] : []),
  ];
}

function byCode(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, k]) => `${code} ${n(k)}`);
  return parts.length === 0 ? '' : `  (${parts.join(', ')})`;
}

function errorLines(errors: readonly ImportRowError[], omitted: number): string[] {
  if (errors.length === 0) return [];
  const lines = ['Rejected records:', ...errors.map((e) => `  ${formatImportError(e)}`)];
  if (omitted > 0) lines.push(`  … and ${n(omitted)} more errors not listed`);
  return lines;
}
