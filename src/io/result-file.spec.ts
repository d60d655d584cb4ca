import { Dec } from '../domain/money';
import type { PricingResult } from '../domain/pricer/result';
import { resultToCsvLine, resultToJsonLine } from './result-file';
import { splitCsvRecord } from './csv-line';

const result: PricingResult = {
  status: 'priced',
  group: 'T01',
  returnCode: '0',
  rowId: 'R4',
  coverage: 'patient',
  coverageReason: 'NO_REFERRAL',
  effectiveWeight: new Dec('1.692'),
  amount: new Dec('7106.4'),
  fundAmount: new Dec(0),
  patientAmount: new Dec('7106.4'),
  explanation: { row: 'R4', f: { cc: 0, or: false, los: 1, age: 50 }, steps: [{ k: 'total', v: '7106.40' }] },
};
const line = { facilityId: 'DH', claimId: 'C-1', result };

describe('result lines', () => {
  it('writes CSV with money at the book scale', () => {
    expect(resultToCsvLine(line, 2, false)).toBe(
      'DH,C-1,T01,0,R4,priced,patient,NO_REFERRAL,1.692,7106.40,0.00,7106.40',
    );
  });

  it('adds the explanation as one quoted JSON cell', () => {
    const cells = splitCsvRecord(resultToCsvLine(line, 2, true))!;
    expect(cells).toHaveLength(13);
    expect(JSON.parse(cells[12])).toEqual(result.explanation);
  });

  it('writes JSON Lines with money as strings', () => {
    expect(JSON.parse(resultToJsonLine(line, 2, false))).toEqual({
      facilityId: 'DH',
      claimId: 'C-1',
      group: 'T01',
      returnCode: '0',
      rowId: 'R4',
      status: 'priced',
      coverage: 'patient',
      coverageReason: 'NO_REFERRAL',
      effectiveWeight: '1.692',
      amount: '7106.40',
      fundAmount: '0.00',
      patientAmount: '7106.40',
    });
    expect(JSON.parse(resultToJsonLine(line, 2, true)).explanation).toEqual(result.explanation);
  });
});
