import { previousMonth } from './demo-money';

describe('previousMonth', () => {
  it('steps back one month, across a year end', () => {
    expect(previousMonth('2026-03')).toBe('2026-02');
    expect(previousMonth('2026-10')).toBe('2026-09');
    expect(previousMonth('2026-01')).toBe('2025-12');
  });
});
