import { formatBookRef, parseBookRef } from './book-ref';
import { nextMonth } from './month';
import { formatScope, parseScope } from './scope';

describe('parseScope', () => {
  it('reads district, region and nation scopes', () => {
    expect(parseScope('district:1703202')).toEqual({ kind: 'district', code: '1703202' });
    expect(parseScope(' region:1703 ')).toEqual({ kind: 'region', code: '1703' });
    expect(parseScope('nation')).toEqual({ kind: 'nation', code: '*' });
    expect(formatScope(parseScope('region:1703'))).toBe('region:1703');
    expect(formatScope(parseScope('nation'))).toBe('nation');
  });

  it('refuses anything else with a 400 that names the field', () => {
    for (const bad of ['district:', 'district', 'county:1', 'district:a b', 'nation:1', `district:${'9'.repeat(17)}`]) {
      expect(() => parseScope(bad)).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_REQUEST' }));
    }
  });
});

describe('parseBookRef', () => {
  it('splits CODE@VERSION at the last @', () => {
    expect(parseBookRef('UZ-KZG-SAMPLE@2026.1')).toEqual({ code: 'UZ-KZG-SAMPLE', version: '2026.1' });
    expect(formatBookRef(parseBookRef(' A@B@3 '))).toBe('A@B@3');
  });

  it('refuses a reference without a code or a version', () => {
    for (const bad of ['UZ-KZG-SAMPLE', '@2026.1', 'UZ@', ''])
      expect(() => parseBookRef(bad)).toThrow('is not CODE@VERSION');
  });
});

describe('nextMonth', () => {
  it('steps over the year end', () => {
    expect(nextMonth('2026-03')).toBe('2026-04');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });
});
