import fc from 'fast-check';
import { Dec } from './decimal';
import { DEFAULT_ROUNDING, formatMoney, roundMoney, roundStep, ROUNDING_MODES, type RoundingMode } from './rounding';

const round = (value: string, mode: RoundingMode, scale = 2) =>
  roundMoney(new Dec(value), { mode, scale }).toFixed(scale);

describe('roundMoney', () => {
  it.each<[string, RoundingMode, string]>([
    ['2.345', 'half-up', '2.35'],
    ['2.345', 'half-even', '2.34'],
    ['2.355', 'half-even', '2.36'],
    ['2.345', 'half-down', '2.34'],
    ['2.341', 'up', '2.35'],
    ['2.349', 'down', '2.34'],
    ['-2.345', 'half-up', '-2.35'],
    ['-2.345', 'half-even', '-2.34'],
    ['-2.341', 'up', '-2.35'],
    ['-2.349', 'down', '-2.34'],
    ['2.3449999', 'half-up', '2.34'],
    ['3853961.883488', 'half-up', '3853961.88'],
  ])('%s %s → %s', (value, mode, expected) => {
    expect(round(value, mode)).toBe(expected);
  });

  it('rounds to the scale of the policy: whole sum at scale 0', () => {
    expect(round('1234.5', 'half-up', 0)).toBe('1235');
    expect(round('1234.5', 'half-even', 0)).toBe('1234');
  });

  it('the default policy is half-up to the tiyin, at the end', () => {
    expect(DEFAULT_ROUNDING).toEqual({ mode: 'half-up', scale: 2, points: 'end' });
  });
});

describe('roundStep', () => {
  it('rounds only when the policy rounds after each step', () => {
    const v = new Dec('499.995');
    expect(roundStep(v, { mode: 'half-up', scale: 2, points: 'each-step' }).toString()).toBe('500');
    expect(roundStep(v, { mode: 'half-up', scale: 2, points: 'end' }).toString()).toBe('499.995');
  });
});

describe('formatMoney', () => {
  it('prints exactly the scale, without exponent notation', () => {
    expect(formatMoney(new Dec('7106.4'))).toBe('7106.40');
    expect(formatMoney(new Dec('1e21'), 2)).toBe('1000000000000000000000.00');
    expect(formatMoney(new Dec('5'), 0)).toBe('5');
  });
});

// Arbitrary decimals with up to 6 places, built from integers.
const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }))
  .map(([units, places]) => new Dec(units.toString()).dividedBy(new Dec(10).pow(places)));
const policyArb = fc.record({ mode: fc.constantFrom(...ROUNDING_MODES), scale: fc.integer({ min: 0, max: 4 }) });

describe('roundMoney properties', () => {
  it('is idempotent and lands on the scale', () => {
    fc.assert(
      fc.property(decimalArb, policyArb, (x, policy) => {
        const once = roundMoney(x, policy);
        expect(roundMoney(once, policy).equals(once)).toBe(true);
        expect(once.decimalPlaces()).toBeLessThanOrEqual(policy.scale);
      }),
    );
  });

  it('half modes move by at most half a unit; up and down by less than a unit, in their direction', () => {
    fc.assert(
      fc.property(decimalArb, policyArb, (x, policy) => {
        const unit = new Dec(10).pow(-policy.scale);
        const diff = roundMoney(x, policy).minus(x);
        if (policy.mode.startsWith('half')) expect(diff.abs().lessThanOrEqualTo(unit.dividedBy(2))).toBe(true);
        else expect(diff.abs().lessThan(unit)).toBe(true);
        // up rounds away from zero, down towards it.
        if (policy.mode === 'up') expect(diff.isZero() || diff.isNegative() === x.isNegative()).toBe(true);
        if (policy.mode === 'down') expect(diff.isZero() || diff.isNegative() !== x.isNegative()).toBe(true);
      }),
    );
  });
});
