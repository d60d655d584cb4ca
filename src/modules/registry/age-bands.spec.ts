import { foldIntoBands } from './age-bands';

describe('foldIntoBands', () => {
  it('puts each (sex, age) count in its band and lists every band, empty ones as 0', () => {
    const rows = foldIntoBands([
      { sex: 'F', age: 0, n: 2 },
      { sex: 'F', age: 4, n: 1 },
      { sex: 'M', age: 19, n: 5 },
      { sex: 'M', age: 20, n: 7 },
      { sex: 'F', age: 104, n: 1 },
    ]);
    expect(rows).toHaveLength(30);
    const count = (band: string) => rows.find((r) => r.band === band)?.count;
    expect(count('F 0')).toBe(2);
    expect(count('F 1-4')).toBe(1);
    expect(count('M 15-19')).toBe(5);
    expect(count('M 20-29')).toBe(7);
    expect(count('F 70+')).toBe(1);
    expect(count('U 0')).toBe(0);
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(16);
    expect(rows.find((r) => r.band === 'F 70+')).toEqual({
      band: 'F 70+',
      sex: 'F',
      ageFrom: 70,
      ageTo: null,
      count: 1,
    });
  });
});
