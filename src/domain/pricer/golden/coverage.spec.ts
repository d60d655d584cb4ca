// Golden: who pays — fund inside the guaranteed package, patient outside it or without a referral.
import { Dec } from '../../money/decimal';
import { group, testBook } from '../../testing/book-builder';
import { money, price, scenario } from './golden-case';

const book = testBook({
  groups: [group('GP', { weight: new Dec('1.1') }), group('NG', { weight: new Dec('1.1'), guaranteed: false })],
  baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('1000') }],
});
const admitted = (admissionType: 'emergency' | 'planned', referralId: string | null) => ({
  case: { admissionType, referralId },
});

// 1,000 × 1.1 = 1,100.00 throughout; only who pays changes.
describe('golden: coverage', () => {
  it('emergency without a referral: the fund pays 1,100.00', () => {
    const r = price(book, scenario('GP', 4, admitted('emergency', null)));
    expect([r.coverage, r.coverageReason]).toEqual(['fund', undefined]);
    expect(money(r)).toEqual({ amount: '1100.00', fund: '1100.00', patient: '0.00' });
    expect(r.explanation.steps.at(-1)).toEqual({ k: 'coverage', v: 'fund', src: 'emergency' });
  });

  it('planned with the family doctor referral: the fund pays', () => {
    const r = price(book, scenario('GP', 4, admitted('planned', 'REF-2026-0001')));
    expect(r.coverage).toBe('fund');
    expect(money(r)).toEqual({ amount: '1100.00', fund: '1100.00', patient: '0.00' });
  });

  it.each([null, '', '   '])('planned without a referral (%p): the patient pays, NO_REFERRAL', (referralId) => {
    const r = price(book, scenario('GP', 4, admitted('planned', referralId)));
    expect([r.coverage, r.coverageReason]).toEqual(['patient', 'NO_REFERRAL']);
    expect(money(r)).toEqual({ amount: '1100.00', fund: '0.00', patient: '1100.00' });
  });

  it('outside the guaranteed package the patient pays even in an emergency: NOT_IN_PACKAGE', () => {
    const r = price(book, scenario('NG', 4, admitted('emergency', null)));
    expect([r.coverage, r.coverageReason]).toEqual(['patient', 'NOT_IN_PACKAGE']);
    expect(money(r)).toEqual({ amount: '1100.00', fund: '0.00', patient: '1100.00' });
  });

  it('not in the package wins over a missing referral', () => {
    const r = price(book, scenario('NG', 4, admitted('planned', null)));
    expect(r.coverageReason).toBe('NOT_IN_PACKAGE');
    expect(r.explanation.steps.at(-1)).toEqual({ k: 'coverage', v: 'patient', src: 'NOT_IN_PACKAGE' });
  });

  it('fund + patient = amount exactly', () => {
    for (const s of [scenario('GP', 4), scenario('NG', 4), scenario('GP', 4, admitted('planned', null))]) {
      const r = price(book, s);
      expect(r.fundAmount.plus(r.patientAmount).equals(r.amount)).toBe(true);
    }
  });
});
