import { Dec, dec, DecimalInputError, optionalDec } from './decimal';

describe('dec', () => {
  it.each([
    ['12', '12'],
    ['-0.316', '-0.316'],
    ['4200.00', '4200'],
    [' 7 ', '7'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['+3.25', '3.25'],
    ['0.00000000000000000001', '0.00000000000000000001'],
  ])('parses %p as %s', (input, expected) => {
    expect(dec(input).toString()).toBe(expected);
  });

  it('keeps more digits than a float can: 0.1 + 0.2 is exactly 0.3', () => {
    expect(dec('0.1').plus(dec('0.2')).toString()).toBe('0.3');
    expect(dec('12345678901234567890.12').toFixed(2)).toBe('12345678901234567890.12');
  });

  it('accepts safe integers and finite Decimals', () => {
    expect(dec(42).toString()).toBe('42');
    const d = new Dec('1.5');
    expect(dec(d)).toBe(d);
  });

  it.each(['', '   ', 'NaN', 'Infinity', '-Infinity', '1e5', '1,000', '1 000', '12a', '0x10', '--1', '.'])(
    'refuses the string %p',
    (input) => {
      expect(() => dec(input)).toThrow(DecimalInputError);
    },
  );

  it.each([1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('refuses the number %p', (input) => {
    expect(() => dec(input)).toThrow(DecimalInputError);
  });

  it('refuses a NaN or infinite Decimal and anything that is not a string, number or Decimal', () => {
    expect(() => dec(new Dec(NaN))).toThrow('not a valid decimal number: "NaN"');
    expect(() => dec(new Dec(Infinity))).toThrow('not a valid decimal number: "Infinity"');
    expect(() => dec(undefined as unknown as string)).toThrow('not a valid decimal number: undefined');
    expect(() => dec(null as unknown as string)).toThrow('not a valid decimal number: null');
  });

  it('names the field and the input in the error', () => {
    const err = (() => {
      try {
        dec('4 200,00', 'amount');
      } catch (e) {
        return e as DecimalInputError;
      }
    })();
    expect(err).toBeInstanceOf(DecimalInputError);
    expect(err?.code).toBe('INVALID_DECIMAL');
    expect(err?.field).toBe('amount');
    expect(err?.message).toBe('amount: not a valid decimal number: "4 200,00"');
    expect(() => dec('')).toThrow('not a valid decimal number: (empty)');
  });
});

describe('optionalDec', () => {
  it('gives undefined for a missing or blank value and parses anything else', () => {
    expect(optionalDec(undefined)).toBeUndefined();
    expect(optionalDec(null)).toBeUndefined();
    expect(optionalDec('  ')).toBeUndefined();
    expect(optionalDec('0.316')?.toString()).toBe('0.316');
    expect(() => optionalDec('abc', 'weight')).toThrow('weight: not a valid decimal number: "abc"');
  });
});
