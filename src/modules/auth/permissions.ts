import type { Role } from './entities/role';

// Who may do what (issue "Who may do what"). Admin is allowed everything and is not listed.
// Reads are open to every role, limited by scope in the queries; writes are not.

/** Read reference data, registries, cases and pricing results (scoped for officers and clerks). */
export const READ: readonly Role[] = ['planner', 'auditor', 'finance-officer', 'facility-clerk'];
/** Submit cases (JSON, FHIR): clerks for their facility, officers for their districts. */
export const SUBMIT_CASES: readonly Role[] = ['finance-officer', 'facility-clerk'];
/** Bulk CSV import of cases. */
export const IMPORT_CASES: readonly Role[] = ['finance-officer'];
/** Price one case without storing it: a facility checking a claim, an auditor, an officer. */
export const PRICE_CASE: readonly Role[] = ['auditor', 'finance-officer', 'facility-clerk'];
/** Facilities, licences, tariff books: admin only. */
export const ADMIN_ONLY: readonly Role[] = [];
