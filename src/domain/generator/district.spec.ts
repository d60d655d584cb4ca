import { adjustmentCodesOf, facilityContext, generateDistrict, hasValidLicence } from './district';

describe('generateDistrict', () => {
  it('is a pure function of seed and options', () => {
    expect(generateDistrict(5, { month: '2026-03' })).toStrictEqual(generateDistrict(5, { month: '2026-03' }));
    expect(generateDistrict(5, { month: '2026-03' })).not.toEqual(generateDistrict(6, { month: '2026-03' }));
  });

  it('has the facilities a pilot district needs, with unique ids', () => {
    const d = generateDistrict(42, { month: '2026-03', region: 'XO' });
    expect(d.region).toEqual({ code: 'XO', name: 'Xorazm' });
    expect(d.district.code.startsWith('XO-')).toBe(true);
    const types = d.facilities.map((f) => f.type);
    expect(types.filter((t) => t === 'district-hospital')).toHaveLength(1);
    expect(types.filter((t) => t === 'regional-hospital')).toHaveLength(1);
    expect(types.filter((t) => t === 'republican-centre')).toHaveLength(1);
    expect(types.filter((t) => t === 'family-polyclinic').length).toBeGreaterThanOrEqual(2);
    expect(types.filter((t) => t === 'rural-doctor-point').length).toBeGreaterThanOrEqual(5);
    expect(new Set(d.facilities.map((f) => f.id)).size).toBe(d.facilities.length);
    for (const f of d.facilities) {
      expect(f.level).toBe(
        f.type === 'regional-hospital' ? 'regional' : f.type === 'republican-centre' ? 'republican' : 'district',
      );
      // Only primary care enrols people; only rural doctor points are rural.
      expect(f.enrolledPopulation > 0).toBe(f.type === 'family-polyclinic' || f.type === 'rural-doctor-point');
      expect(f.capitationAdjustments.includes('rural')).toBe(f.type === 'rural-doctor-point');
    }
  });

  it("uses the book's capitation adjustment codes, and only those", () => {
    const codes = adjustmentCodesOf([
      { code: 'RURAL', description: 'Rural primary care facility' },
      { code: 'HILL', description: 'Facility in a mountainous area' },
    ]);
    expect(codes).toEqual({ rural: 'RURAL', mountainous: 'HILL' });
    const d = generateDistrict(42, { month: '2026-03', region: 'QA', adjustmentCodes: codes });
    const used = new Set(d.facilities.flatMap((f) => f.capitationAdjustments));
    expect(used).toEqual(new Set(['RURAL', 'HILL']));
  });

  it('leaves the first rural point unlicensed and the second with an expired video licence', () => {
    const d = generateDistrict(42, { month: '2026-03' });
    const [first, second] = d.facilities.filter((f) => f.type === 'rural-doctor-point');
    expect(d.licences.filter((l) => l.facilityId === first.id)).toEqual([]);
    const video = d.licences.filter((l) => l.facilityId === second.id && l.mode === 'video');
    expect(video).toHaveLength(1);
    expect(video[0].validTo < '2026-03-01').toBe(true);
    expect(hasValidLicence(d.licences, second.id, 'video', '2026-03-15')).toBe(false);
    // Most facilities do hold some valid licence for the month.
    const modes = ['video', 'store-forward', 'remote-monitoring', 'mobile-health'] as const;
    const licensed = d.facilities.filter((f) => modes.some((m) => hasValidLicence(d.licences, f.id, m, '2026-03-15')));
    expect(licensed.length).toBeGreaterThan(d.facilities.length / 2);
    expect(new Set(d.licences.map((l) => l.licenceId)).size).toBe(d.licences.length);
  });

  it('gives the pricing context of a facility', () => {
    const d = generateDistrict(42, { month: '2026-03' });
    const withCoefficient = d.facilities.find((f) => f.managementCoefficient !== undefined);
    const ctx = facilityContext(d.facilities[1]);
    expect(ctx).toMatchObject({ id: d.facilities[1].id, level: 'regional', region: d.region.code });
    if (withCoefficient) {
      expect(facilityContext(withCoefficient).managementCoefficient).toBe(withCoefficient.managementCoefficient);
    }
  });

  it('refuses an unknown region or a bad month', () => {
    expect(() => generateDistrict(1, { month: '2026-03', region: 'ZZ' })).toThrow('unknown region ZZ');
    expect(() => generateDistrict(1, { month: '2026-13' })).toThrow('month must be YYYY-MM');
  });
});
