import type { Role } from './entities/role';

/**
 * Who is making a request, resolved from their API token: the roles and the scopes the token grants
 * (never wider than its user's). Every repository query takes the actor and filters by its scope.
 */
export interface Actor {
  userId: string;
  username: string;
  roles: Role[];
  /** Districts a finance officer works in. */
  districtCodes: string[];
  /** Facilities a facility clerk works for. */
  facilityIds: string[];
  /** The token used, when the actor comes from one. */
  tokenId?: string;
}

/** Roles that see the whole country; everyone else sees only their districts and facilities. */
export const NATIONWIDE_ROLES: readonly Role[] = ['admin', 'planner', 'auditor'];

export function isNationwide(actor: Actor): boolean {
  return actor.roles.some((r) => NATIONWIDE_ROLES.includes(r));
}

/** True when the actor has one of `roles`; admin may do everything. */
export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => r === 'admin' || roles.includes(r));
}

/** The name the audit trail records for the actor. */
export function auditName(actor: Actor): string {
  return actor.username;
}
