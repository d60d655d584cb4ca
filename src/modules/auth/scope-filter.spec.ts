import type { Actor } from './actor';
import { scopeFilter } from './scope-filter';
import { SqlParams } from './sql-params';

const actor = (over: Partial<Actor>): Actor => ({
  userId: 'u',
  username: 'u',
  roles: [],
  districtCodes: [],
  facilityIds: [],
  ...over,
});
const COLUMNS = { district: 'c.district_code', facility: 'c.facility_id' };

describe('scopeFilter', () => {
  it.each(['admin', 'planner', 'auditor'] as const)('lets %s see everything, whatever scopes it carries', (role) => {
    const p = new SqlParams();
    expect(scopeFilter(actor({ roles: [role], districtCodes: ['DA'] }), COLUMNS, p)).toBe('TRUE');
    expect(p.values).toEqual([]);
  });

  it('limits a finance officer to their districts, as a bound parameter', () => {
    const p = new SqlParams();
    p.add('already there');
    const sql = scopeFilter(actor({ roles: ['finance-officer'], districtCodes: ['DA', 'DC'] }), COLUMNS, p);
    expect(sql).toBe('(c.district_code = ANY($2::text[]))');
    expect(p.values).toEqual(['already there', ['DA', 'DC']]);
  });

  it('limits a clerk to their facility', () => {
    const p = new SqlParams();
    expect(scopeFilter(actor({ roles: ['facility-clerk'], facilityIds: ['FA1'] }), COLUMNS, p)).toBe(
      '(c.facility_id = ANY($1::text[]))',
    );
    expect(p.values).toEqual([['FA1']]);
  });

  it('joins district and facility scopes with OR', () => {
    const p = new SqlParams();
    const who = actor({ roles: ['finance-officer', 'facility-clerk'], districtCodes: ['DA'], facilityIds: ['FB1'] });
    expect(scopeFilter(who, COLUMNS, p)).toBe('(c.district_code = ANY($1::text[]) OR c.facility_id = ANY($2::text[]))');
  });

  it("maps a clerk's facility to its district for rows without a facility column", () => {
    const p = new SqlParams();
    expect(scopeFilter(actor({ roles: ['facility-clerk'], facilityIds: ['FA1'] }), { district: 'd.code' }, p)).toBe(
      '(d.code IN (SELECT sf.district_code FROM facilities sf WHERE sf.id = ANY($1::text[])))',
    );
  });

  it('fails closed: a scoped role without any scope sees nothing', () => {
    const p = new SqlParams();
    expect(scopeFilter(actor({ roles: ['finance-officer'] }), COLUMNS, p)).toBe('FALSE');
    expect(scopeFilter(actor({ roles: [] }), COLUMNS, p)).toBe('FALSE');
    expect(p.values).toEqual([]);
  });
});
