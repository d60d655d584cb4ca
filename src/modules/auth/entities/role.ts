/** Who may do what (docs/DESIGN §1); checked against every request's token. */
export const ROLES = ['admin', 'finance-officer', 'auditor', 'planner', 'facility-clerk'] as const;
export type Role = (typeof ROLES)[number];
