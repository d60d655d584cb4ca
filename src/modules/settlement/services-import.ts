// The fee-for-service and telemedicine register: services.csv of the generator
// (facility_id, service_id, patient_id, service_code, mode, service_date, quantity), streamed through
// a COPY staging table into `services`. The same file again changes nothing ((facility, service id) is
// the key); a service of a closed month, or of an unknown facility, is rejected and the rest is stored.
import { randomUUID } from 'node:crypto';
import { copyRowsIn, type CopyRow } from '../../infra/database/copy-rows';
import type { HisobDataSource } from '../../infra/database/data-source';
import { CellChecks } from '../../infra/import/cell-checks';
import { readCsvTable, type CsvTableSpec } from '../../infra/import/csv-table';
import { DEFAULT_ERROR_CAP, RowErrorCollector, type ImportRowError } from '../../infra/import/import-errors';
import { openImportSource, sourceName, type ImportSource } from '../../infra/import/import-source';

type ServiceColumn =
  'facility_id' | 'service_id' | 'patient_id' | 'service_code' | 'mode' | 'service_date' | 'quantity';

export const SERVICES_CSV_SPEC: CsvTableSpec<ServiceColumn> = {
  columns: ['facility_id', 'service_id', 'patient_id', 'service_code', 'mode', 'service_date', 'quantity'],
  required: ['facility_id', 'service_id', 'patient_id', 'service_code', 'service_date'],
};

export interface ServicesImportReport {
  received: number;
  stored: number;
  /** Already stored (the same facility and service id): left as they are. */
  unchanged: number;
  rejected: number;
  errors: ImportRowError[];
}

const STAGE_COLUMNS = ['line', 'facility_id', 'service_id', 'patient_id', 'service_code', 'service_date', 'quantity'];

export async function importServicesCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName?: string,
): Promise<ServicesImportReport> {
  const file = sourceName(source, fileName);
  const chunks = await openImportSource(source, file);
  const stage = `services_stage_${randomUUID().replace(/-/g, '')}`;
  const errors = new RowErrorCollector(DEFAULT_ERROR_CAP);
  const reject = (line: number, field: string, code: string, message: string) =>
    errors.reject(line, [{ file, line, path: `${file}:${line}`, field, code, message }]);
  let received = 0;

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`CREATE TEMP TABLE ${stage} (
      line integer NOT NULL, facility_id varchar(64) NOT NULL, service_id varchar(64) NOT NULL,
      patient_id varchar(64) NOT NULL, service_code varchar(32) NOT NULL, service_date date NOT NULL,
      quantity integer NOT NULL) ON COMMIT DROP`);
    async function* rows(): AsyncGenerator<CopyRow> {
      for await (const batch of readCsvTable(chunks, SERVICES_CSV_SPEC, { fileName: file })) {
        for (const r of batch) {
          received++;
          if (!r.cells) {
            reject(r.line, '', r.error!.code, r.error!.message);
            continue;
          }
          const [facility, service, patient, code, , date, quantity] = r.cells;
          const c = new CellChecks();
          const row = [
            String(r.line),
            c.id('facility_id', facility, 64),
            c.id('service_id', service, 64),
            c.id('patient_id', patient, 64),
            c.id('service_code', code, 32),
            c.date('service_date', date),
            quantity === ''
              ? '1'
              : /^[1-9]\d{0,5}$/.test(quantity)
                ? quantity
                : c.fail('quantity', 'FORMAT', 'quantity must be a whole number ≥ 1'),
          ];
          if (!c.ok)
            errors.reject(
              r.line,
              c.problems.map((p) => ({ file, line: r.line, path: `${file}:${r.line}`, ...p })),
            );
          else yield row as string[];
        }
      }
    }
    await copyRowsIn(runner, stage, STAGE_COLUMNS, rows());

    const refused: { line: number; field: string; code: string; message: string }[] = await runner.query(
      `SELECT s.line, 'facility_id' AS field, 'FACILITY_UNKNOWN' AS code,
              'facility ' || s.facility_id || ' is not in the facility registry' AS message
         FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM facilities f WHERE f.id = s.facility_id)
       UNION ALL
       SELECT s.line, 'service_date', 'MONTH_CLOSED', 'month ' || to_char(s.service_date, 'YYYY-MM') || ' is closed for district ' || f.district_code
         FROM ${stage} s JOIN facilities f ON f.id = s.facility_id
         JOIN settlement_months sm ON sm.district_code = f.district_code AND sm.month = to_char(s.service_date, 'YYYY-MM')
        WHERE sm.status = 'closed'`,
    );
    for (const r of refused) reject(r.line, r.field, r.code, r.message);
    if (refused.length > 0)
      await runner.query(`DELETE FROM ${stage} WHERE line = ANY($1::int[])`, [refused.map((r) => r.line)]);

    const inserted: { n: string }[] = await runner.query(
      `WITH ins AS (
         INSERT INTO services (facility_id, service_id, service_code, patient_id, service_date, quantity, district_code, month)
         SELECT s.facility_id, s.service_id, s.service_code, s.patient_id, s.service_date, s.quantity, f.district_code,
                to_char(s.service_date, 'YYYY-MM')
           FROM ${stage} s JOIN facilities f ON f.id = s.facility_id
          ORDER BY s.line
         ON CONFLICT (facility_id, service_id) DO NOTHING RETURNING 1)
       SELECT count(*) AS n FROM ins`,
    );
    const [{ n: staged }]: { n: string }[] = await runner.query(`SELECT count(*) AS n FROM ${stage}`);
    await runner.commitTransaction();
    const stored = Number(inserted[0].n);
    return {
      received,
      stored,
      unchanged: Number(staged) - stored,
      rejected: errors.rejectedRecords,
      errors: errors.sorted(),
    };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
