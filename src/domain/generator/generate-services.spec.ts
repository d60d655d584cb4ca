import { generateDistrict, hasValidLicence } from './district';
import { generateServices } from './generate-services';
import { tinyBook } from './tiny-fixture';

describe('generateServices', () => {
  const book = tinyBook();
  const district = generateDistrict(42, { month: '2026-03' });
  const services = [...generateServices(42, { book, district, month: '2026-03', count: 2000 })];

  it('draws services of the fee schedule for the month', () => {
    expect(services).toHaveLength(2000);
    expect(new Set(services.map((s) => s.serviceCode))).toEqual(new Set(['TM-VIDEO', 'TM-RPM', 'FFS-ECG']));
    for (const s of services) {
      expect(s.serviceDate.slice(0, 7)).toBe('2026-03');
      expect(s.mode).toBe(book.fees.find((f) => f.serviceCode === s.serviceCode)!.mode ?? null);
    }
    // Remote monitoring is a monthly fee, dated the last day of the month.
    expect(new Set(services.filter((s) => s.mode === 'remote-monitoring').map((s) => s.serviceDate))).toEqual(
      new Set(['2026-03-31']),
    );
    expect(new Set(services.map((s) => `${s.facilityId}|${s.serviceId}`)).size).toBe(services.length);
  });

  it('includes telemedicine by facilities without a valid licence, for the checks to reject', () => {
    const tele = services.filter((s) => s.mode !== null);
    const unlicensed = tele.filter((s) => !hasValidLicence(district.licences, s.facilityId, s.mode!, s.serviceDate));
    expect(unlicensed.length).toBeGreaterThan(0);
    expect(unlicensed.length).toBeLessThan(tele.length);
  });

  it('is deterministic, and empty without a fee schedule', () => {
    expect([...generateServices(42, { book, district, month: '2026-03', count: 50 })]).toStrictEqual(
      services.slice(0, 50),
    );
    const noFees = { ...book, fees: [] };
    expect([...generateServices(42, { book: noFees, district, month: '2026-03', count: 50 })]).toEqual([]);
  });
});
