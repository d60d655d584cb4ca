import { localDateTimeTransformer as t } from './local-date-time.transformer';

// (jest's sandboxed process.env does not reach the real TZ, so these run in the process's zone.)
describe('localDateTimeTransformer', () => {
  it('keeps the wall clock through a Date and back', () => {
    expect(t.from(t.to('2026-03-02T09:30'))).toBe('2026-03-02T09:30:00');
    expect(t.from(t.to('2026-12-31T23:59:59'))).toBe('2026-12-31T23:59:59');
    expect(t.from(t.to('1999-01-01 00:00'))).toBe('1999-01-01T00:00:00');
  });

  it('refuses impossible dates and malformed text instead of shifting them', () => {
    expect(() => t.to('2026-02-30T10:00')).toThrow('not a valid local date-time');
    expect(() => t.to('2026-03-02T24:10')).toThrow('not a valid local date-time');
    expect(() => t.to('2026-03-02')).toThrow('not a local date-time');
    expect(() => t.to('2026-03-02T09:30Z')).toThrow('not a local date-time');
  });

  it('passes null through and reads raw text too', () => {
    expect(t.to(null)).toBeNull();
    expect(t.from(null)).toBeNull();
    expect(t.from('2026-03-02 09:30:00')).toBe('2026-03-02T09:30:00');
  });
});
