// Intake tells a facility that does not exist ("not in the registry") from one outside the caller's
// scope ("outside your scope", naming its district). Over the API both must read the same, or an officer
// could probe which facility ids exist in other districts; this rewrites a report before it leaves.
import type { ImportRowError } from '../../infra/import/import-errors';
import { isNationwide, type Actor } from '../auth/actor';
import type { CaseImportReport, CaseIngestReport } from './case-import/case-import-report';

const FACILITY_CODES = new Set(['FACILITY_UNKNOWN', 'OUT_OF_SCOPE', 'FACILITY_INACTIVE']);
const FACILITY_OF = /^facility (\S+) /;

/**
 * For a scoped actor, every facility refusal about a facility outside their scope (unknown, inactive
 * or another district's) becomes FACILITY_UNKNOWN "no facility X that you may file cases for", in the
 * errors, the per-record outcomes and the counts. `inScope` says which ids are the actor's.
 */
export async function maskForeignFacilities<R extends CaseImportReport & Pick<CaseIngestReport, 'outcomes'>>(
  report: R,
  actor: Actor,
  inScope: (ids: string[]) => Promise<Set<string>>,
): Promise<R> {
  if (isNationwide(actor)) return report;
  const rejectedErrors = (report.outcomes ?? []).flatMap((o) => (o.status === 'rejected' ? o.errors : []));
  const facilityOf = (e: ImportRowError) => FACILITY_OF.exec(e.message)?.[1] ?? '';
  const ids = [...report.errors, ...rejectedErrors].filter((e) => FACILITY_CODES.has(e.code)).map(facilityOf);
  if (ids.length === 0 && !report.errorCounts.OUT_OF_SCOPE) return report;
  const own = await inScope([...new Set(ids)].filter((id) => id !== ''));

  let maskedInactive = 0;
  const mask = (e: ImportRowError, count: boolean): ImportRowError => {
    if (!FACILITY_CODES.has(e.code)) return e;
    const id = facilityOf(e);
    if (e.code === 'FACILITY_INACTIVE' && own.has(id)) return e;
    if (e.code === 'FACILITY_INACTIVE' && count) maskedInactive++;
    return { ...e, code: 'FACILITY_UNKNOWN', message: `no facility ${id} that you may file cases for` };
  };
  const errors = report.errors.map((e) => mask(e, true));
  const outcomes = report.outcomes?.map((o) =>
    o.status === 'rejected' ? { ...o, errors: o.errors.map((e) => mask(e, false)) } : o,
  );
  const counts = { ...report.errorCounts };
  const moved = (counts.OUT_OF_SCOPE ?? 0) + maskedInactive;
  delete counts.OUT_OF_SCOPE;
  if (counts.FACILITY_INACTIVE !== undefined) {
    counts.FACILITY_INACTIVE -= maskedInactive;
    if (counts.FACILITY_INACTIVE <= 0) delete counts.FACILITY_INACTIVE;
  }
  if (moved > 0) counts.FACILITY_UNKNOWN = (counts.FACILITY_UNKNOWN ?? 0) + moved;
  return { ...report, errors, errorCounts: counts, ...(outcomes ? { outcomes } : {}) };
}
