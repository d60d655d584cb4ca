import { isIsoDate, show } from './validators';

describe('isIsoDate', () => {
  it.each(['2026-01-31', '2024-02-29', '2000-02-29', '1800-01-01', '2199-12-31'])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-1-5',
    '2026-01-05T10:00',
    '1799-12-31',
    '2200-01-01',
    '',
  ])('refuses %s', (d) => {
    expect(isIsoDate(d)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isIsoDate(20260101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('show', () => {
  it('quotes short values and cuts long ones', () => {
    expect(show('2026-02-30')).toBe('"2026-02-30"');
    expect(show(undefined)).toBe('nothing');
    expect(show('x'.repeat(100))).toBe(`"${'x'.repeat(36)}…`);
  });
});
