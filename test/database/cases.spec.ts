import { randomUUID } from 'node:crypto';
import { sqlStateOf } from '../../src/infra/database/sql-errors';
import { CaseDiagnosisEntity } from '../../src/modules/claims/entities/case-diagnosis.entity';
import { CaseProcedureEntity } from '../../src/modules/claims/entities/case-procedure.entity';
import { CaseEntity } from '../../src/modules/claims/entities/case.entity';
import { insertCase } from '../support/case-seed';
import { seedReference } from '../support/reference-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('cases, versions, diagnoses and procedures', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReference(db.dataSource);
  });
  afterAll(() => db?.drop());

  const cases = () => db.dataSource.getRepository(CaseEntity);

  async function stateOf(work: Promise<unknown>): Promise<string | undefined> {
    return work.then(
      () => undefined,
      (error: unknown) => sqlStateOf(error) ?? String(error),
    );
  }

  it('stores a case with its diagnoses and procedures and reads it back unchanged', async () => {
    const id = await insertCase(db.dataSource, {
      claimId: 'C-full',
      admissionAt: '2026-03-30T23:45',
      dischargeAt: '2026-04-02T00:15:30',
      serviceMonth: '2026-04',
      month: '2026-04',
      admissionType: 'planned',
      referralId: 'REF-9',
      birthWeightGrams: 3150,
      department: 'Pediatrics',
      flags: ['companion'],
    });
    await db.dataSource.getRepository(CaseDiagnosisEntity).insert([
      { caseId: id, seq: 0, code: 'J189' },
      { caseId: id, seq: 1, code: 'A188+D638' },
      { caseId: id, seq: 2, code: 'E119' },
    ]);
    await db.dataSource.getRepository(CaseProcedureEntity).insert([
      { caseId: id, seq: 0, code: 'A16.09.011', performedOn: '2026-03-31' },
      { caseId: id, seq: 1, code: 'B03.016.003', performedOn: null },
    ]);
    const stored = await cases().findOneOrFail({
      where: { id },
      relations: { diagnoses: true, procedures: true },
      order: { diagnoses: { seq: 'ASC' }, procedures: { seq: 'ASC' } },
    });
    expect(stored).toMatchObject({
      facilityId: 'F-0001',
      claimId: 'C-full',
      version: 1,
      status: 'active',
      districtCode: '1703202',
      birthDate: '1958-04-12',
      admissionAt: '2026-03-30T23:45:00',
      dischargeAt: '2026-04-02T00:15:30',
      admissionType: 'planned',
      referralId: 'REF-9',
      birthWeightGrams: 3150,
      department: 'Pediatrics',
      flags: ['companion'],
    });
    expect(stored.diagnoses?.map((d) => [d.seq, d.code])).toEqual([
      [0, 'J189'],
      [1, 'A188+D638'],
      [2, 'E119'],
    ]);
    expect(stored.procedures?.map((p) => [p.code, p.performedOn])).toEqual([
      ['A16.09.011', '2026-03-31'],
      ['B03.016.003', null],
    ]);
    // Raw queries see the wall-clock text too, not a Date shifted into the server's zone.
    const [raw] = await db.dataSource.query('SELECT admission_at, birth_date FROM cases WHERE id = $1', [id]);
    expect(raw).toEqual({ admission_at: '2026-03-30 23:45:00', birth_date: '1958-04-12' });
  });

  it('allows one active version per claim; superseding marks the old one and inserts the new one', async () => {
    const v1 = await insertCase(db.dataSource, { claimId: 'C-ver' });
    expect(await stateOf(insertCase(db.dataSource, { claimId: 'C-ver', version: 2 }))).toBe('23505');

    const v2 = randomUUID();
    await db.dataSource.transaction(async (manager) => {
      // The foreign key to the successor is deferred, so the old version can point at it first.
      await manager.getRepository(CaseEntity).update({ id: v1 }, { status: 'superseded', supersededBy: v2 });
      await insertCase(manager, { id: v2, claimId: 'C-ver', version: 2, contentHash: 'b'.repeat(64) });
    });
    const versions = await cases().find({ where: { claimId: 'C-ver' }, order: { version: 'ASC' } });
    expect(versions.map((c) => [c.version, c.status, c.supersededBy])).toEqual([
      [1, 'superseded', v2],
      [2, 'active', null],
    ]);
    // Earlier versions are unique too (the active one is unique per claim on its own).
    expect(await stateOf(insertCase(db.dataSource, { claimId: 'C-ver', version: 1, status: 'withdrawn' }))).toBe(
      '23505',
    );
  });

  it('refuses, at commit, a superseded link to a version that never came', async () => {
    const v1 = await insertCase(db.dataSource, { claimId: 'C-dangling' });
    const attempt = db.dataSource.transaction((manager) =>
      manager.getRepository(CaseEntity).update({ id: v1 }, { status: 'superseded', supersededBy: randomUUID() }),
    );
    expect(await stateOf(attempt)).toBe('23503');
    expect((await cases().findOneByOrFail({ id: v1 })).status).toBe('active');
  });

  it('checks enumerations, months and superseded links', async () => {
    const bad: Partial<CaseEntity>[] = [
      { sex: 'X' as never },
      { careSetting: 'outpatient' as never },
      { dischargeMode: 'escaped' as never },
      { admissionType: 'urgent' as never },
      { month: '2026-13' },
      { serviceMonth: '2026-3' },
      { version: 0 },
      { status: 'superseded' },
      { birthWeightGrams: 0 },
    ];
    for (const [i, overrides] of bad.entries()) {
      expect([i, await stateOf(insertCase(db.dataSource, { claimId: `C-bad-${i}`, ...overrides }))]).toEqual([
        i,
        '23514',
      ]);
    }
    expect(await stateOf(insertCase(db.dataSource, { claimId: 'C-no-facility', facilityId: 'F-none' }))).toBe('23503');
  });

  it('keeps a facility that cases refer to: it can be neither deleted nor renamed', async () => {
    await insertCase(db.dataSource, { claimId: 'C-keeps-facility' });
    expect(await stateOf(db.dataSource.query(`DELETE FROM facilities WHERE id = 'F-0001'`))).toBe('23503');
    expect(await stateOf(db.dataSource.query(`UPDATE facilities SET id = 'F-0001b' WHERE id = 'F-0001'`))).toBe(
      '23503',
    );
    const [row] = await db.dataSource.query(`SELECT count(*)::int AS n FROM facilities WHERE id = 'F-0001'`);
    expect(row).toEqual({ n: 1 });
  });

  it('accepts a discharge before the admission: that is for the edits to flag, not for storage to refuse', async () => {
    const id = await insertCase(db.dataSource, {
      claimId: 'C-backwards',
      admissionAt: '2026-03-05T10:00',
      dischargeAt: '2026-03-04T10:00',
    });
    expect((await cases().findOneByOrFail({ id })).dischargeAt).toBe('2026-03-04T10:00:00');
  });
});
