// Case intake: storing cases with the idempotency rules of DESIGN §2 (Cases). The API calls
// ingestRecords (JSON batches, mapped FHIR Claims) and importCasesCsv (an uploaded CSV); the CLI and the
// bench call importCasesCsv with a file. Both run the bulk engine (case-import/run-case-import.ts):
// shared validation, COPY into a staging table, one set-based merge in one transaction, closed months
// respected. A plain class over the data source, so the API, the CLI and the workers share it.
import type { CaseRecord } from '../../domain/cases/case';
import type { HisobDataSource } from '../../infra/database/data-source';
import { openImportSource, sourceName, type ImportSource } from '../../infra/import/import-source';
import type { Actor } from '../auth/actor';
import type {
  CaseImportOptions,
  CaseImportReport,
  CaseIngestReport,
  CaseRecordOutcome,
  IngestRecordsOptions,
} from './case-import/case-import-report';
import { csvCaseFeed, recordsCaseFeed, runCaseImport } from './case-import/run-case-import';

export type * from './case-import/case-import-report';

export class CaseIntakeService {
  constructor(private readonly dataSource: HisobDataSource) {}

  /**
   * Imports a case CSV (docs/case-formats.md, docs/intake.md) from a path, an upload stream or bytes,
   * streaming it (`fileName` names it in errors; default: the path's base name). Bad records are reported and skipped; the good ones are merged in one transaction.
   * Throws ImportFileError when the file as a whole is unusable (missing, no header, an unknown
   * column, UTF-16); nothing is stored then.
   */
  async importCasesCsv(
    source: ImportSource,
    fileName: string | undefined,
    actor: Actor,
    opts: CaseImportOptions = {},
  ): Promise<CaseImportReport> {
    const file = sourceName(source, fileName);
    const chunks = await openImportSource(source, file);
    const run = await runCaseImport(this.dataSource, csvCaseFeed(chunks, file, opts.maxRecordChars), actor, opts);
    return run.report;
  }

  /**
   * Ingests cases given as values: parsed JSON objects (one or many), or CaseRecords mapped from FHIR
   * Claims. Each is validated with the shared rules (a CaseRecord passes them unchanged); record i is
   * row i. With `outcomes`, the report says per record what happened and gives the case id.
   */
  async ingestRecords(
    records: readonly unknown[] | readonly CaseRecord[],
    actor: Actor,
    opts: IngestRecordsOptions = {},
  ): Promise<CaseIngestReport> {
    const pathOf = (i: number) => opts.paths?.[i] ?? `$[${i}]`;
    const feed = recordsCaseFeed(records, opts.source ?? 'request', pathOf, (i) => opts.lines?.[i]);
    const run = await runCaseImport(this.dataSource, feed, actor, opts);
    const report: CaseIngestReport = run.report;
    if (opts.outcomes) {
      const outcomes: CaseRecordOutcome[] = [];
      for (let i = 0; i < records.length; i++) {
        const o = run.outcomes?.get(i);
        outcomes.push(o ? { index: i, ...o } : { index: i, status: 'rejected', errors: run.rejected?.get(i) ?? [] });
      }
      report.outcomes = outcomes;
    }
    return report;
  }
}
