import { decimalToJsonNumber, money } from './fhir-money';

describe('decimalToJsonNumber', () => {
  it.each([
    ['7106.40', 7106.4, '7106.4'],
    ['3853961.88', 3853961.88, '3853961.88'],
    ['0.00', 0, '0'],
    ['-0.00', 0, '0'],
    ['-125.50', -125.5, '-125.5'],
    ['0001.10', 1.1, '1.1'],
    ['9999999999999.99', 9999999999999.99, '9999999999999.99'],
    ['0.01', 0.01, '0.01'],
  ])('%s → %s, written as %s', (input, value, json) => {
    const n = decimalToJsonNumber(input);
    expect(n).toBe(value);
    expect(JSON.stringify(n)).toBe(json);
  });

  it('writes every 2-decimal amount up to 15 significant digits exactly', () => {
    // A sample across magnitudes: the JSON text must equal the decimal with trailing zeros stripped.
    for (let e = 0; e <= 12; e++) {
      for (const cents of ['00', '01', '10', '29', '55', '99']) {
        const amount = `${'987654321012'.slice(0, e + 1)}.${cents}`;
        const expected = amount.replace(/\.?0+$/, '');
        expect(JSON.stringify(decimalToJsonNumber(amount))).toBe(expected);
      }
    }
  });

  it('refuses what would not survive as a JSON number, and anything not a plain decimal', () => {
    expect(() => decimalToJsonNumber('12345678901234567.89')).toThrow(
      'amount 12345678901234567.89 cannot be written exactly as a JSON number',
    );
    expect(() => decimalToJsonNumber('0.1000000000000000055511151231257827')).toThrow('cannot be written exactly');
    for (const bad of ['', '1e3', '1,50', ' 1.00', 'Infinity', '.5', '5.']) {
      expect(() => decimalToJsonNumber(bad)).toThrow('not a decimal amount');
    }
  });

  it('money() builds FHIR Money', () => {
    expect(money('4200.00', 'UZS')).toEqual({ value: 4200, currency: 'UZS' });
  });
});
