// Who may see and act on which run: nationwide roles every run; a finance officer the district runs of
// their districts; a facility clerk reads the runs of their facilities' districts, and only their own
// statements. A run outside the actor's scope is answered like one that does not exist.
import type { DataSource } from 'typeorm';
import { hasAnyRole, isNationwide, type Actor } from '../auth/actor';
import type { Role } from '../auth/entities/role';
import { ZERO } from '../../domain/money';
import type { RunView } from './runs/run-view';
import type { RunStatements, StatementView } from './runs/statement-view';
import type { SettlementScope } from './scope';
import { SettlementException, SettlementExceptionCode } from './settlement.exception';

/** Request, approve, close and retry settlements. */
export const SETTLE: readonly Role[] = ['finance-officer'];

/** May the actor request or act on a run of this scope? */
export function maySettle(actor: Actor, scope: SettlementScope): boolean {
  if (!hasAnyRole(actor, SETTLE)) return false;
  if (actor.roles.includes('admin')) return true;
  return scope.kind === 'district' && actor.districtCodes.includes(scope.code);
}

export function assertMaySettle(actor: Actor, scope: SettlementScope): void {
  if (!maySettle(actor, scope)) {
    throw new SettlementException(
      SettlementExceptionCode.UNKNOWN_SCOPE,
      scope.kind === 'district'
        ? `no district ${scope.code} that you may settle`
        : `you may settle only your own districts`,
    );
  }
}

/** May the actor read the run? Facility clerks also read their district's runs (their statements only). */
export async function mayRead(db: DataSource, actor: Actor, scope: SettlementScope): Promise<boolean> {
  if (isNationwide(actor)) return true;
  if (scope.kind !== 'district') return false;
  if (actor.districtCodes.includes(scope.code)) return true;
  if (actor.facilityIds.length === 0) return false;
  const rows: unknown[] = await db.query(`SELECT 1 FROM facilities WHERE id = ANY($1::text[]) AND district_code = $2`, [
    actor.facilityIds,
    scope.code,
  ]);
  return rows.length > 0;
}

/** A clerk's view of the statements: their facilities only, with totals of those alone. */
export function statementsFor(actor: Actor, data: RunStatements): RunStatements {
  if (!seesOwnFacilitiesOnly(actor)) return data;
  const own = data.statements.filter((s) => actor.facilityIds.includes(s.facilityId));
  const sum = (pick: (s: StatementView) => string) => own.reduce((t, s) => t.plus(pick(s)), ZERO).toFixed(2);
  const count = (pick: (s: StatementView) => number) => own.reduce((t, s) => t + pick(s), 0);
  return {
    statements: own,
    totals: {
      facilities: own.length,
      casesPriced: count((s) => s.casesPriced),
      casesError: count((s) => s.casesError),
      casesPatient: count((s) => s.casesPatient),
      caseMixIndex: own.length === 1 ? own[0].caseMixIndex : null,
      casesAmount: sum((s) => s.casesAmount),
      patientAmount: sum((s) => s.patientAmount),
      enrolled: count((s) => s.enrolled),
      capitationMonthly: sum((s) => s.capitationMonthly),
      capitationWithheld: sum((s) => s.capitationWithheld),
      capitationPayable: sum((s) => s.capitationPayable),
      feesAmount: sum((s) => s.feesAmount),
      feesPaid: count((s) => s.feesPaid),
      feesRejected: count((s) => s.feesRejected),
      advances: sum((s) => s.advances),
      caseAdjustments: sum((s) => s.caseAdjustments),
      otherAdjustments: sum((s) => s.otherAdjustments),
      adjustments: sum((s) => s.adjustments),
      netPayable: sum((s) => s.netPayable),
    },
  };
}

/** Whether the actor sees only some facilities of a district (a facility clerk). */
export function seesOwnFacilitiesOnly(actor: Actor): boolean {
  return !isNationwide(actor) && actor.districtCodes.length === 0;
}

/**
 * The run as the actor may see it: a clerk gets the totals of their own statements (`own`, from
 * statementsFor), not the district's, from which the other facilities' shares could be worked out.
 */
export function runFor(actor: Actor, run: RunView, own: RunStatements): RunView {
  if (!seesOwnFacilitiesOnly(actor) || run.totals === null) return run;
  const t = own.totals;
  return {
    ...run,
    totals: {
      facilities: t.facilities,
      lines: own.statements.reduce((n, s) => n + s.casesPriced + s.casesError, 0),
      casesPriced: t.casesPriced,
      casesError: t.casesError,
      casesAmount: t.casesAmount,
      patientAmount: t.patientAmount,
      capitationPayable: t.capitationPayable,
      capitationWithheld: t.capitationWithheld,
      feesAmount: t.feesAmount,
      advances: t.advances,
      adjustments: t.adjustments,
      netPayable: t.netPayable,
    },
  };
}
