// A settlement scope: one district, one region (all its districts) or the nation (every district).
import type { EntityManager } from 'typeorm';
import type { ScopeKind } from './entities/settlement-run.entity';
import { SettlementException, SettlementExceptionCode } from './settlement.exception';

export interface SettlementScope {
  kind: ScopeKind;
  /** District or region code; `*` for the nation. */
  code: string;
}

export const NATION_CODE = '*';
const CODE = /^[A-Za-z0-9_-]{1,16}$/;

/** `district:CODE`, `region:CODE` or `nation`. */
export function parseScope(text: string): SettlementScope {
  const trimmed = text.trim();
  if (trimmed === 'nation') return { kind: 'nation', code: NATION_CODE };
  const m = /^(district|region):(.+)$/.exec(trimmed);
  if (!m || !CODE.test(m[2])) {
    throw new SettlementException(
      SettlementExceptionCode.INVALID_REQUEST,
      `scope "${text}" is not district:CODE, region:CODE or nation`,
      [{ path: 'scope', field: 'scope', code: 'FORMAT', message: 'expected district:CODE, region:CODE or nation' }],
    );
  }
  return { kind: m[1] as ScopeKind, code: m[2] };
}

export function formatScope(scope: SettlementScope): string {
  return scope.kind === 'nation' ? 'nation' : `${scope.kind}:${scope.code}`;
}

/** The district codes a scope covers, sorted; refuses an unknown district or region. */
export async function scopeDistricts(db: Pick<EntityManager, 'query'>, scope: SettlementScope): Promise<string[]> {
  let rows: { code: string }[];
  if (scope.kind === 'district') {
    rows = await db.query(`SELECT code FROM districts WHERE code = $1`, [scope.code]);
  } else if (scope.kind === 'region') {
    const region: unknown[] = await db.query(`SELECT 1 FROM regions WHERE code = $1`, [scope.code]);
    if (region.length === 0) rows = [];
    else
      rows = await db.query(`SELECT code FROM districts WHERE region_code = $1 ORDER BY code COLLATE "C"`, [
        scope.code,
      ]);
    if (region.length > 0 && rows.length === 0) {
      throw new SettlementException(SettlementExceptionCode.UNKNOWN_SCOPE, `region ${scope.code} has no districts`);
    }
  } else {
    rows = await db.query(`SELECT code FROM districts ORDER BY code COLLATE "C"`);
  }
  if (rows.length === 0) {
    throw new SettlementException(
      SettlementExceptionCode.UNKNOWN_SCOPE,
      scope.kind === 'nation' ? 'there are no districts to settle' : `no ${scope.kind} ${scope.code}`,
    );
  }
  return rows.map((r) => r.code);
}
