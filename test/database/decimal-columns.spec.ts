import { Dec, dec } from '../../src/domain/money';
import { DecimalColumnError, weightTransformer } from '../../src/infra/database/decimal.transformer';
import { PricingResultEntity } from '../../src/modules/claims/entities/pricing-result.entity';
import { FacilityEntity } from '../../src/modules/reference/entities/facility.entity';
import { insertCase, insertDraftBook } from '../support/case-seed';
import { SEED, seedReference } from '../support/reference-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('numeric columns through the decimal transformer', () => {
  let db: TestDatabase;
  let bookId: string;
  let claim = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReference(db.dataSource);
    bookId = await insertDraftBook(db.dataSource);
  });
  afterAll(() => db?.drop());

  /** Stores a pricing result with these amounts and reads it back fresh from the database. */
  async function roundTrip(amount: string, fund: string, patient: string, weight: string) {
    const caseId = await insertCase(db.dataSource, { claimId: `C-${++claim}` });
    const repo = db.dataSource.getRepository(PricingResultEntity);
    await repo.insert({
      caseId,
      tariffBookId: bookId,
      status: 'priced',
      groupCode: 'K05',
      returnCode: '0',
      coverage: 'fund',
      effectiveWeight: dec(weight),
      amount: dec(amount),
      fundAmount: dec(fund),
      patientAmount: dec(patient),
      explanation: { row: 'R1', f: { cc: 0, or: false, los: 1, age: 67 }, steps: [{ k: 'total', v: amount }] },
    });
    const row = await repo.findOneByOrFail({ caseId });
    const [raw]: { amount: string; effective_weight: string }[] = await db.dataSource.query(
      'SELECT amount, effective_weight FROM pricing_results WHERE case_id = $1',
      [caseId],
    );
    return { row, raw: raw.amount, rawWeight: raw.effective_weight };
  }

  it('keeps 3,853,961.88 exact, as a Dec, with text on the wire', async () => {
    const { row, raw } = await roundTrip('3853961.88', '3853961.88', '0', '22.0576');
    expect(row.amount).toBeInstanceOf(Dec);
    expect(row.amount.toFixed(2)).toBe('3853961.88');
    expect(row.fundAmount.toFixed(2)).toBe('3853961.88');
    expect(row.patientAmount.toFixed(2)).toBe('0.00');
    expect(row.effectiveWeight.toFixed()).toBe('22.0576');
    expect(raw).toBe('3853961.88');
  });

  it('keeps amounts that no binary float can hold', async () => {
    const { row } = await roundTrip('9999999999999999.99', '9999999999999999.98', '0.01', '1.692');
    expect(row.amount.toFixed(2)).toBe('9999999999999999.99');
    expect(row.fundAmount.toFixed(2)).toBe('9999999999999999.98');
    expect(row.effectiveWeight.toFixed()).toBe('1.692');
  });

  it('keeps an unscaled effective weight at full precision', async () => {
    const { row } = await roundTrip('7106.40', '7106.40', '0.00', '0.333333333333333333333333');
    expect(row.amount.toFixed(2)).toBe('7106.40');
    expect(row.effectiveWeight.toFixed()).toBe('0.333333333333333333333333');
  });

  it('keeps zero amounts and a 0.0000 weight', async () => {
    const { row, raw, rawWeight } = await roundTrip('0.00', '0.00', '0.00', '0.0000');
    expect(row.amount.toFixed(2)).toBe('0.00');
    expect(row.effectiveWeight.isZero()).toBe(true);
    expect(row.effectiveWeight.toFixed(4)).toBe('0.0000');
    expect(raw).toBe('0.00');
    // decimal.js keeps no trailing zeros, so an unscaled column stores plain 0; a scaled one pads.
    expect(rawWeight).toBe('0');
    const [{ w }]: { w: string }[] = await db.dataSource.query('SELECT $1::numeric(12, 4) AS w', [
      weightTransformer.to(dec('0.0000')),
    ]);
    expect(w).toBe('0.0000');
    expect((weightTransformer.from(w) as Dec).toFixed(4)).toBe('0.0000');
  });

  it('keeps a numeric(12,4) coefficient and its null', async () => {
    const repo = db.dataSource.getRepository(FacilityEntity);
    await repo.update({ id: SEED.facility }, { managementCoefficient: dec('0.0001') });
    expect((await repo.findOneByOrFail({ id: SEED.facility })).managementCoefficient?.toFixed(4)).toBe('0.0001');
    await repo.update({ id: SEED.facility }, { managementCoefficient: null });
    expect((await repo.findOneByOrFail({ id: SEED.facility })).managementCoefficient).toBeNull();
  });

  it('refuses a money value with a third decimal before it reaches the database', async () => {
    const caseId = await insertCase(db.dataSource, { claimId: 'C-refused' });
    const attempt = db.dataSource.getRepository(PricingResultEntity).insert({
      caseId,
      tariffBookId: bookId,
      status: 'priced',
      groupCode: 'K05',
      returnCode: '0',
      coverage: 'fund',
      effectiveWeight: dec('1'),
      amount: dec('100.005'),
      fundAmount: dec('100.005'),
      patientAmount: dec('0'),
      explanation: { f: { cc: 0, or: false, los: 1, age: 67 }, steps: [] },
    });
    await expect(attempt).rejects.toThrow(DecimalColumnError);
    expect(await db.dataSource.getRepository(PricingResultEntity).countBy({ caseId })).toBe(0);
  });

  it('enforces amount = fund + patient in the database', async () => {
    const caseId = await insertCase(db.dataSource, { claimId: 'C-split' });
    const attempt = db.dataSource.query(
      `INSERT INTO pricing_results (case_id, tariff_book_id, status, group_code, return_code, coverage,
         effective_weight, amount, fund_amount, patient_amount, explanation)
       VALUES ($1, $2, 'priced', 'K05', '0', 'fund', 1, '100.00', '99.99', '0.00', '{}')`,
      [caseId, bookId],
    );
    await expect(attempt).rejects.toThrow('ck_pricing_results_split');
  });

  it('finds rows by a decimal in a where clause', async () => {
    await roundTrip('123.45', '123.45', '0.00', '1');
    const found = await db.dataSource.getRepository(PricingResultEntity).findBy({ amount: dec('123.450') });
    expect(found.map((r) => r.amount.toFixed(2))).toEqual(['123.45']);
  });
});
