// The fee-for-service and telemedicine register as the demo and the benchmarks load it: services.csv
// of the generator (facility_id, service_id, patient_id, service_code, mode, service_date, quantity)
// imported nationwide by the system, through the same path as a user's import
// (services-register-import.ts: checks, closed months under month locks, one audit entry). The same
// file again changes nothing ((facility, service id) is the key); a service of a closed month, or of
// an unknown facility, is rejected and the rest is stored.
import type { HisobDataSource } from '../../infra/database/data-source';
import type { ImportRowError } from '../../infra/import/import-errors';
import type { ImportSource } from '../../infra/import/import-source';
import type { Actor } from '../auth/actor';
import { importServicesRegisterCsv } from './services-register-import';

export { SERVICES_CSV_SPEC } from './services-register-import';

export interface ServicesImportReport {
  received: number;
  stored: number;
  /** Already stored (the same facility and service id): left as they are. */
  unchanged: number;
  rejected: number;
  errors: ImportRowError[];
}

/** The system as the importing actor: nationwide, recorded as `system` in the audit log. */
const SYSTEM: Actor = { userId: 'system', username: 'system', roles: ['admin'], districtCodes: [], facilityIds: [] };

export async function importServicesCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName?: string,
): Promise<ServicesImportReport> {
  const r = await importServicesRegisterCsv(dataSource, source, fileName, SYSTEM);
  return { received: r.received, stored: r.stored, unchanged: r.unchanged, rejected: r.rejected, errors: r.errors };
}
