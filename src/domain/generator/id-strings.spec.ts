import { decimalDigits, patientIdOf, referralIdOf } from './id-strings';
import { Rng } from './prng';

describe('generator id strings', () => {
  it('writes whole numbers as String() does', () => {
    const wrong: number[] = [];
    for (let n = 0; n < 120_000; n++) if (decimalDigits(n) !== String(n)) wrong.push(n);
    for (const n of [999_999, 1_000_000, 9_999_999, 10_000_000, 123_456_789, 2 ** 31, 0.5, -1]) {
      if (decimalDigits(n) !== String(n)) wrong.push(n);
    }
    expect(wrong).toEqual([]);
  });

  it('builds patient and referral ids as the hex draws of the same numbers would', () => {
    const a = new Rng(11, 'ids');
    const b = new Rng(11, 'ids');
    for (let i = 0; i < 2000; i++) {
      expect(patientIdOf(a.u32(), a.u32())).toBe('P' + b.hex8() + b.hex4());
      expect(referralIdOf(a.u32())).toBe(`RF${b.hex8()}`);
    }
    expect(patientIdOf(0xdeadbeef, 0x1234abcd)).toBe('Pdeadbeefabcd');
    expect(referralIdOf(0x000000ff)).toBe('RF000000ff');
  });
});
