// services.csv into the fee-for-service register as a user records it (CLI `hisob import services`,
// API `POST /services/import`, and as the system for the demo and the benchmarks through
// services-import.ts): cell checks, the actor's scope, the closed-month check under month locks, and
// one audit entry. (facility, service id) is the key: a service already stored
// is left as it is.
import type { HisobDataSource } from '../../infra/database/data-source';
import type { ImportSource } from '../../infra/import/import-source';
import type { Actor } from '../auth/actor';
import {
  runRegisterImport,
  type RegisterFormat,
  type RegisterImportOptions,
  type RegisterImportReport,
} from './register-import';
import type { CsvTableSpec } from '../../infra/import/csv-table';

type ServiceColumn =
  'facility_id' | 'service_id' | 'patient_id' | 'service_code' | 'mode' | 'service_date' | 'quantity';

export const SERVICES_CSV_SPEC: CsvTableSpec<ServiceColumn> = {
  columns: ['facility_id', 'service_id', 'patient_id', 'service_code', 'mode', 'service_date', 'quantity'],
  required: ['facility_id', 'service_id', 'patient_id', 'service_code', 'service_date'],
};

const QUANTITY = /^[1-9]\d{0,5}$/;

const SERVICES: RegisterFormat<ServiceColumn> = {
  register: 'services',
  csv: SERVICES_CSV_SPEC,
  stage: [
    ['facility_id', 'varchar(64) NOT NULL'],
    ['service_id', 'varchar(64) NOT NULL'],
    ['patient_id', 'varchar(64) NOT NULL'],
    ['service_code', 'varchar(32) NOT NULL'],
    ['service_date', 'date NOT NULL'],
    ['quantity', 'integer NOT NULL'],
  ],
  // The mode column is the generator's note of the telemedicine mode; the fee schedule decides it.
  check: ([facility, service, patient, code, , date, quantity], c) => [
    c.id('facility_id', facility, 64),
    c.id('service_id', service, 64),
    c.id('patient_id', patient, 64),
    c.id('service_code', code, 32),
    c.date('service_date', date),
    quantity === ''
      ? '1'
      : QUANTITY.test(quantity)
        ? quantity
        : c.fail('quantity', 'FORMAT', 'quantity must be a whole number ≥ 1'),
  ],
  month: { sql: `to_char(s.service_date, 'YYYY-MM')`, field: 'service_date' },
  lockFacilities: false,
  rules: [],
  async insert(runner, stage) {
    const [row]: { n: number }[] = await runner.query(
      `WITH ins AS (
         INSERT INTO services (facility_id, service_id, service_code, patient_id, service_date, quantity, district_code, month)
         SELECT s.facility_id, s.service_id, s.service_code, s.patient_id, s.service_date, s.quantity, f.district_code,
                to_char(s.service_date, 'YYYY-MM')
           FROM ${stage} s JOIN facilities f ON f.id = s.facility_id
          ORDER BY s.line
         ON CONFLICT (facility_id, service_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
    );
    return { stored: row.n, amount: null };
  },
};

/**
 * Imports a services CSV from a path, an upload stream or bytes, as `actor` (rows of facilities
 * outside their scope are refused like unknown ones). Throws ImportFileError for an unusable file.
 */
export function importServicesRegisterCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName: string | undefined,
  actor: Actor,
  opts: RegisterImportOptions = {},
): Promise<RegisterImportReport> {
  return runRegisterImport(dataSource, SERVICES, source, fileName, actor, opts);
}
