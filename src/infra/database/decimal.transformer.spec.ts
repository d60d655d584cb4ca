import { Dec } from '../../domain/money';
import { DecimalColumnError, decimalTransformer, moneyTransformer, weightTransformer } from './decimal.transformer';

describe('decimalTransformer', () => {
  it('writes decimals as plain strings, never in exponent notation', () => {
    expect(moneyTransformer.to(new Dec('3853961.88'))).toBe('3853961.88');
    expect(moneyTransformer.to(new Dec('7106.40'))).toBe('7106.4');
    expect(weightTransformer.to(new Dec('0.0000'))).toBe('0');
    expect(decimalTransformer().to(new Dec('1e-30'))).toBe('0.000000000000000000000000000001');
    expect(decimalTransformer().to(new Dec('12345678901234567890123456789'))).toBe('12345678901234567890123456789');
  });

  it('accepts validated decimal strings and safe integers', () => {
    expect(moneyTransformer.to('-0.01')).toBe('-0.01');
    expect(moneyTransformer.to(4200)).toBe('4200');
  });

  it('passes null and undefined through', () => {
    expect(moneyTransformer.to(null)).toBeNull();
    expect(moneyTransformer.to(undefined)).toBeUndefined();
    expect(moneyTransformer.from(null)).toBeNull();
  });

  it('refuses more decimals than the column holds instead of letting PostgreSQL round them', () => {
    expect(() => moneyTransformer.to(new Dec('1.005'))).toThrow(DecimalColumnError);
    expect(() => weightTransformer.to(new Dec('2.32405'))).toThrow('more than 4 decimal places');
  });

  it('refuses NaN, Infinity, floats and non-numbers', () => {
    expect(() => moneyTransformer.to(new Dec(NaN))).toThrow(DecimalColumnError);
    expect(() => moneyTransformer.to(new Dec(Infinity))).toThrow(DecimalColumnError);
    expect(() => moneyTransformer.to(0.1)).toThrow('not a valid decimal number');
    expect(() => moneyTransformer.to('1,5')).toThrow('not a valid decimal number');
    expect(() => moneyTransformer.to({})).toThrow(DecimalColumnError);
  });

  it('reads numeric text into an exact Dec and refuses anything that is not text', () => {
    const read = moneyTransformer.from('3853961.88') as Dec;
    expect(read).toBeInstanceOf(Dec);
    expect(read.toFixed(2)).toBe('3853961.88');
    expect((weightTransformer.from('0.0000') as Dec).toFixed(4)).toBe('0.0000');
    expect(() => moneyTransformer.from(3853961.88)).toThrow('not text');
    expect(() => moneyTransformer.from('NaN')).toThrow('not a valid decimal number');
  });
});
