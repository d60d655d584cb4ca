import { withAuditActor } from '../../src/infra/database/audit-actor';
import { HisobSqlState, sqlStateOf } from '../../src/infra/database/sql-errors';
import { AuditLogEntryEntity } from '../../src/modules/audit/entities/audit-log-entry.entity';
import { ApiTokenEntity } from '../../src/modules/auth/entities/api-token.entity';
import { UserEntity } from '../../src/modules/auth/entities/user.entity';
import { FacilityEntity } from '../../src/modules/reference/entities/facility.entity';
import { RegionEntity } from '../../src/modules/reference/entities/region.entity';
import { TariffBookFileEntity } from '../../src/modules/reference/entities/tariff-book-file.entity';
import { insertDraftBook } from '../support/case-seed';
import { SEED, seedReference } from '../support/reference-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('audit log', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReference(db.dataSource);
  });
  afterAll(() => db?.drop());

  const log = () => db.dataSource.getRepository(AuditLogEntryEntity);
  const entriesFor = (entity: string, entityId: string) =>
    log().find({ where: { entity, entityId }, order: { id: 'ASC' } });

  it('records inserts, updates and deletes with actor and before/after images', async () => {
    await db.dataSource.transaction(async (manager) => {
      await withAuditActor(manager, 'admin.karimova');
      await manager
        .getRepository(RegionEntity)
        .insert({ code: '1735', nameUz: 'Qoraqalpog‘iston', nameRu: 'Каракалпакстан', nameEn: 'Karakalpakstan' });
      await manager.getRepository(RegionEntity).update({ code: '1735' }, { nameEn: 'Republic of Karakalpakstan' });
      await manager.getRepository(RegionEntity).delete({ code: '1735' });
    });
    const entries = await entriesFor('regions', '1735');
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ['admin.karimova', 'insert'],
      ['admin.karimova', 'update'],
      ['admin.karimova', 'delete'],
    ]);
    const [insert, update, remove] = entries;
    expect(insert.before).toBeNull();
    expect(insert.after).toMatchObject({ code: '1735', name_en: 'Karakalpakstan', name_ru: 'Каракалпакстан' });
    expect(update.before).toMatchObject({ name_en: 'Karakalpakstan' });
    expect(update.after).toMatchObject({ name_en: 'Republic of Karakalpakstan' });
    expect(remove.before).toMatchObject({ name_en: 'Republic of Karakalpakstan' });
    expect(remove.after).toBeNull();
    expect(insert.at).toBeInstanceOf(Date);
  });

  it("names the actor 'system' when none was set, and skips updates that change nothing", async () => {
    const before = await log().countBy({ entity: 'facilities', entityId: SEED.facility });
    await db.dataSource.query(`UPDATE facilities SET name = name WHERE id = $1`, [SEED.facility]);
    expect(await log().countBy({ entity: 'facilities', entityId: SEED.facility })).toBe(before);
    await db.dataSource.getRepository(FacilityEntity).update({ id: SEED.facility }, { active: false });
    const entries = await entriesFor('facilities', SEED.facility);
    const last = entries[entries.length - 1];
    expect(entries).toHaveLength(before + 1);
    expect([last.actor, last.action, last.before?.active, last.after?.active]).toEqual([
      'system',
      'update',
      true,
      false,
    ]);
  });

  it('keeps nothing of a rolled-back change', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await withAuditActor(manager, 'clerk');
        await manager.getRepository(RegionEntity).insert({ code: '1799', nameUz: 'x', nameRu: 'x', nameEn: 'x' });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect(await log().countBy({ entity: 'regions', entityId: '1799' })).toBe(0);
  });

  it('leaves secrets and large texts out of the images', async () => {
    const users = db.dataSource.getRepository(UserEntity);
    const tokens = db.dataSource.getRepository(ApiTokenEntity);
    const { identifiers } = await users.insert({ username: 'n.aliyev', displayName: 'N. Aliyev', roles: ['auditor'] });
    const userId = (identifiers[0] as { id: string }).id;
    const token = await tokens.insert({
      userId,
      name: 'laptop',
      tokenPrefix: 'hsb_3f9a',
      tokenHash: 'c'.repeat(64),
      roles: ['auditor'],
    });
    const tokenId = (token.identifiers[0] as { id: string }).id;
    await tokens.update({ id: tokenId }, { lastUsedAt: new Date() });
    const entries = await entriesFor('api_tokens', tokenId);
    expect(entries.map((e) => e.action)).toEqual(['insert']);
    expect(entries[0].after).toMatchObject({ name: 'laptop', token_prefix: 'hsb_3f9a', roles: ['auditor'] });
    expect(Object.keys(entries[0].after ?? {})).not.toContain('token_hash');

    const bookId = await insertDraftBook(db.dataSource);
    await db.dataSource
      .getRepository(TariffBookFileEntity)
      .insert({ bookId, fileName: 'groups.csv', content: 'code\n' });
    const [file] = await entriesFor('tariff_book_files', `${bookId}/groups.csv`);
    expect(file.after).toMatchObject({ file_name: 'groups.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Object.keys(file.after ?? {})).not.toContain('content');
  });

  it('takes entries for actions that are not row changes', async () => {
    await log().insert({
      actor: 'finance.officer',
      action: 'settlement.approve',
      entity: 'settlement_runs',
      entityId: '2026-03/1703202',
      after: { status: 'approved' },
      context: { requestId: 'r-1' },
    });
    const [entry] = await entriesFor('settlement_runs', '2026-03/1703202');
    expect([entry.actor, entry.action, entry.after, entry.context]).toEqual([
      'finance.officer',
      'settlement.approve',
      { status: 'approved' },
      { requestId: 'r-1' },
    ]);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const count = await log().count();
    expect(count).toBeGreaterThan(0);
    for (const sql of [`UPDATE audit_log SET actor = 'someone else'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`]) {
      const error = await db.dataSource.query(sql).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(sqlStateOf(error)).toBe(HisobSqlState.AUDIT_LOG_APPEND_ONLY);
    }
    await expect(log().update({ actor: 'system' }, { actor: 'x' })).rejects.toThrow('append-only');
    expect(await log().count()).toBe(count);
    expect(await log().countBy({ actor: 'someone else' })).toBe(0);
  });

  it('refuses to set an actor outside a transaction', async () => {
    await expect(withAuditActor(db.dataSource.manager, 'admin')).rejects.toThrow('needs an open transaction');
  });
});
