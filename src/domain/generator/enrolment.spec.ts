import { ageInYears, isValidDate } from '../cases/dates';
import { generateDistrict } from './district';
import { enrolment } from './enrolment';

describe('enrolment', () => {
  const district = generateDistrict(42, { month: '2026-03' });
  const primaryCare = district.facilities.filter((f) => f.enrolledPopulation > 0);

  it('enrols each primary-care facility its population, with a young age pyramid', () => {
    const persons = [...enrolment(42, { district, snapshotDate: '2026-03-01', scale: 0.2 })];
    const expected = primaryCare.reduce((n, f) => n + Math.round(f.enrolledPopulation * 0.2), 0);
    expect(persons).toHaveLength(expected);
    expect(new Set(persons.map((p) => p.personId)).size).toBe(expected);
    expect(new Set(persons.map((p) => p.facilityId))).toEqual(new Set(primaryCare.map((f) => f.id)));

    const ages = persons.map((p) => ageInYears(p.birthDate, '2026-03-01')).sort((a, b) => a - b);
    expect(persons.every((p) => isValidDate(p.birthDate))).toBe(true);
    expect(ages[0]).toBe(0);
    expect(ages[ages.length - 1]).toBeLessThan(90);
    const median = ages[Math.floor(ages.length / 2)];
    expect(median).toBeGreaterThanOrEqual(27);
    expect(median).toBeLessThanOrEqual(31);
    // Children under 15 are close to 30% of a young population.
    const children = ages.filter((a) => a < 15).length / ages.length;
    expect(children).toBeGreaterThan(0.26);
    expect(children).toBeLessThan(0.33);
    const males = persons.filter((p) => p.sex === 'M').length / persons.length;
    expect(males).toBeGreaterThan(0.47);
    expect(males).toBeLessThan(0.53);
  });

  it('is deterministic and lazy', () => {
    const take = (n: number) => {
      const out = [];
      for (const p of enrolment(7, { district, snapshotDate: '2026-03-01', scale: 1000 })) {
        out.push(p);
        if (out.length === n) break;
      }
      return out;
    };
    const started = Date.now();
    expect(take(3)).toStrictEqual(take(3));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
