// Golden: error groups are never priced; a case the book cannot price is an error, not a zero payment.
import { Dec } from '../../money/decimal';
import { group, testBook } from '../../testing/book-builder';
import { PricingReturnCodes } from '../return-codes';
import { money, price, scenario } from './golden-case';

const book = testBook({
  groups: [
    group('960Z', { kind: 'error', weight: new Dec('5'), returnCode: 'E03' }),
    group('A01', { weight: new Dec('2') }),
    group('NOMEAN', { weight: new Dec('2'), meanLos: new Dec('0') }),
  ],
  baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', validTo: '2026-12-31', amount: new Dec('1000') }],
});
const zero = { amount: '0.00', fund: '0.00', patient: '0.00' };

describe('golden: error groups are never priced', () => {
  it('an edit error: status error, all amounts 0, coverage none, the edit codes explained', () => {
    const r = price(
      book,
      scenario('960Z', 3, {
        grouping: {
          isError: true,
          returnCode: 'E03',
          rowId: undefined,
          edits: [
            { code: 'E03', field: 'principalDiagnosis', message: 'unknown diagnosis X999' },
            { code: 'E07', field: 'secondaryDiagnoses[0]', message: 'sex conflict' },
          ],
        },
      }),
    );
    expect([r.status, r.returnCode, r.coverage, r.coverageReason]).toEqual(['error', 'E03', 'none', 'EDIT_ERROR']);
    expect(money(r)).toEqual(zero);
    expect(r.effectiveWeight.toString()).toBe('0');
    expect(r.explanation.steps).toEqual([
      { k: 'edit', v: 'E03', src: 'principalDiagnosis' },
      { k: 'edit', v: 'E07', src: 'secondaryDiagnoses[0]' },
    ]);
  });

  it('an error group reached through a logic row (no edit finding) names the row', () => {
    const r = price(book, scenario('960Z', 3, { grouping: { isError: true, returnCode: '9', rowId: 'R999' } }));
    expect([r.status, r.returnCode]).toEqual(['error', '9']);
    expect(money(r)).toEqual(zero);
    expect(r.explanation).toMatchObject({ row: 'R999', steps: [{ k: 'edit', v: '9', src: 'row:R999' }] });
  });
});

describe('golden: cases the book cannot price', () => {
  it('P01: no base rate for the care setting', () => {
    const r = price(book, scenario('A01', 0, { case: { careSetting: 'day-care' } }));
    expect([r.status, r.returnCode, r.coverage, r.coverageReason]).toEqual(['error', 'P01', 'none', 'PRICING_ERROR']);
    expect(PricingReturnCodes.NO_BASE_RATE).toBe('P01');
    expect(money(r)).toEqual(zero);
    expect(r.message).toBe('no base rate: base-rates.csv:day-care on 2026-03-02');
    expect(r.explanation.steps).toEqual([{ k: 'error', v: 'P01', src: 'base-rates.csv:day-care on 2026-03-02' }]);
  });

  it('P01: the only base rate has expired on the discharge date', () => {
    const s = scenario('A01', 3, { case: { admissionAt: '2026-12-30T08:00', dischargeAt: '2027-01-02T08:00' } });
    expect(price(book, s).returnCode).toBe('P01');
  });

  it('P01: a base rate for another region never applies', () => {
    const regional = testBook({
      groups: [group('A01', { weight: new Dec('2') })],
      baseRates: [{ careSetting: 'inpatient', region: 'SAM', validFrom: '2026-01-01', amount: new Dec('1000') }],
    });
    const r = price(regional, scenario('A01', 3, { facility: { region: 'TAS' } }));
    expect(r.returnCode).toBe('P01');
    expect(r.message).toBe('no base rate: base-rates.csv:inpatient (region TAS or general) on 2026-03-05');
  });

  it('P02: a group the book does not define', () => {
    const r = price(book, scenario('ZZZ', 3));
    expect([r.status, r.returnCode, r.coverageReason]).toEqual(['error', 'P02', 'PRICING_ERROR']);
    expect(money(r)).toEqual(zero);
  });

  it('P03: a transfer in a group without a positive mean LOS cannot be paid per diem', () => {
    const r = price(book, scenario('NOMEAN', 3, { case: { dischargeMode: 'transfer' } }));
    expect([r.status, r.returnCode]).toEqual(['error', 'P03']);
    expect(money(r)).toEqual(zero);
  });
});
