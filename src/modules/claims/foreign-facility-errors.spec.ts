import type { Actor } from '../auth/actor';
import type { CaseIngestReport } from './case-import/case-import-report';
import { maskForeignFacilities } from './foreign-facility-errors';

const officer: Actor = {
  userId: 'u',
  username: 'o',
  roles: ['finance-officer'],
  districtCodes: ['DA'],
  facilityIds: [],
};
const admin: Actor = { ...officer, roles: ['admin'], districtCodes: [] };

function report(): CaseIngestReport {
  const e = (path: string, code: string, message: string) => ({
    file: 'request',
    path,
    field: 'facilityId',
    code,
    message,
  });
  const errors = [
    e('$[0].facilityId', 'OUT_OF_SCOPE', 'facility FB1 (district DB) is outside your scope'),
    e('$[1].facilityId', 'FACILITY_UNKNOWN', 'facility NOPE is not in the facility registry'),
    e('$[2].facilityId', 'FACILITY_INACTIVE', 'facility FB2 is inactive and cannot file cases'),
    e('$[3].facilityId', 'FACILITY_INACTIVE', 'facility FA9 is inactive and cannot file cases'),
    e('$[4].sex', 'ENUM', 'sex must be one of M, F, U'),
  ];
  return {
    importId: 'i',
    received: 5,
    inserted: 0,
    superseded: 0,
    unchanged: 0,
    intoLaterMonth: 0,
    rejected: 5,
    errors,
    errorsOmitted: 0,
    errorCounts: { OUT_OF_SCOPE: 1, FACILITY_UNKNOWN: 1, FACILITY_INACTIVE: 2, ENUM: 1 },
    seconds: 0,
    outcomes: errors.map((err, index) => ({ index, status: 'rejected' as const, errors: [err] })),
  };
}

describe('maskForeignFacilities', () => {
  it("makes another district's facility read like a missing one; an inactive one of your own stays", async () => {
    const asked: string[][] = [];
    const masked = await maskForeignFacilities(report(), officer, async (ids) => {
      asked.push(ids);
      return new Set(['FA9']);
    });
    expect(asked).toEqual([['FB1', 'NOPE', 'FB2', 'FA9']]);
    expect(masked.errors.map((e) => [e.code, e.message])).toEqual([
      ['FACILITY_UNKNOWN', 'no facility FB1 that you may file cases for'],
      ['FACILITY_UNKNOWN', 'no facility NOPE that you may file cases for'],
      ['FACILITY_UNKNOWN', 'no facility FB2 that you may file cases for'],
      ['FACILITY_INACTIVE', 'facility FA9 is inactive and cannot file cases'],
      ['ENUM', 'sex must be one of M, F, U'],
    ]);
    expect(masked.errorCounts).toEqual({ FACILITY_UNKNOWN: 3, FACILITY_INACTIVE: 1, ENUM: 1 });
    const outcomeErrors = masked.outcomes!.map((o) => (o.status === 'rejected' ? o.errors[0].code : o.status));
    expect(outcomeErrors).toEqual([
      'FACILITY_UNKNOWN',
      'FACILITY_UNKNOWN',
      'FACILITY_UNKNOWN',
      'FACILITY_INACTIVE',
      'ENUM',
    ]);
    expect(JSON.stringify(masked)).not.toContain('district DB');
  });

  it('leaves the report of a nationwide actor as it is', async () => {
    const original = report();
    const same = await maskForeignFacilities(original, admin, async () => {
      throw new Error('not asked');
    });
    expect(same).toBe(original);
  });
});
