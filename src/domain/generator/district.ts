// A synthetic pilot district: the facilities that treat its people and their telemedicine licences.
// Names are Uzbek-sounding places; all figures are made up.
import type { FacilityContext } from '../cases/case';
import type { TelemedicineMode } from '../tariff-book/model';
import { TELEMEDICINE_MODES } from '../tariff-book/model';
import { DayFormatter, parseMonth } from './calendar';
import { Rng } from './prng';

export type FacilityType =
  'district-hospital' | 'regional-hospital' | 'republican-centre' | 'family-polyclinic' | 'rural-doctor-point';
export type FacilityLevel = FacilityContext['level'];

export interface Facility {
  id: string;
  name: string;
  type: FacilityType;
  level: FacilityLevel;
  region: string;
  /** Absent for facilities outside the district (regional and republican ones). */
  district?: string;
  /** Decimal string; absent means 1. */
  managementCoefficient?: string;
  /** Capitation adjustment codes of the book (rural, mountainous, …); primary care only. */
  capitationAdjustments: string[];
  /** People enrolled with this primary-care facility (0 for hospitals). */
  enrolledPopulation: number;
}

export interface Licence {
  licenceId: string;
  facilityId: string;
  mode: TelemedicineMode;
  /** ISO dates, inclusive. */
  validFrom: string;
  validTo: string;
}

export interface PilotDistrict {
  seed: number;
  /** The month the district was generated for (licence validity is arranged around it). */
  month: string;
  region: { code: string; name: string };
  district: { code: string; name: string; mountainous: boolean };
  facilities: Facility[];
  licences: Licence[];
}

export interface DistrictOptions {
  /** `YYYY-MM`; licences are valid, expired or missing relative to this month. */
  month: string;
  /** Region code (the ISO 3166-2:UZ suffix, e.g. XO for Xorazm, as books key regional rates); picked from the seed when absent. */
  region?: string;
  /**
   * The book's code for each kind of capitation adjustment; a kind without a code is not assigned.
   * Default: the kind names themselves. See adjustmentCodesOf(book).
   */
  adjustmentCodes?: Partial<Record<AdjustmentKind, string>>;
}

export type AdjustmentKind = 'rural' | 'mountainous' | 'sparse';
const ADJUSTMENT_KINDS: readonly AdjustmentKind[] = ['rural', 'mountainous', 'sparse'];

/**
 * Finds the book's capitation adjustment code for each kind by its code or description
 * (`RURAL`, "Facility in a mountainous area", …).
 */
export function adjustmentCodesOf(
  adjustments: Iterable<{ code: string; description: string }>,
): Partial<Record<AdjustmentKind, string>> {
  const list = [...adjustments];
  const out: Partial<Record<AdjustmentKind, string>> = {};
  const patterns: Record<AdjustmentKind, RegExp> = { rural: /rural/i, mountainous: /mountain/i, sparse: /sparse/i };
  for (const kind of ADJUSTMENT_KINDS) {
    const found = list.find((a) => patterns[kind].test(a.code)) ?? list.find((a) => patterns[kind].test(a.description));
    if (found) out[kind] = found.code;
  }
  return out;
}

interface RegionDef {
  code: string;
  name: string;
  centre: string;
  districts: readonly { name: string; code: string; mountainous: boolean }[];
}

const REGIONS: readonly RegionDef[] = [
  {
    code: 'XO',
    name: 'Xorazm',
    centre: 'Urganch',
    districts: [
      { name: "Bog'ot", code: 'BGT', mountainous: false },
      { name: 'Gurlan', code: 'GRL', mountainous: false },
      { name: 'Xonqa', code: 'XNQ', mountainous: false },
      { name: 'Hazorasp', code: 'HZR', mountainous: false },
      { name: 'Shovot', code: 'SHV', mountainous: false },
    ],
  },
  {
    code: 'SA',
    name: 'Samarqand',
    centre: 'Samarqand',
    districts: [
      { name: 'Urgut', code: 'URG', mountainous: true },
      { name: 'Jomboy', code: 'JMB', mountainous: false },
      { name: 'Ishtixon', code: 'ISH', mountainous: false },
      { name: "Bulung'ur", code: 'BLN', mountainous: false },
    ],
  },
  {
    code: 'QA',
    name: 'Qashqadaryo',
    centre: 'Qarshi',
    districts: [
      { name: 'Dehqonobod', code: 'DHQ', mountainous: true },
      { name: 'Kitob', code: 'KTB', mountainous: true },
      { name: 'Chiroqchi', code: 'CHR', mountainous: false },
    ],
  },
  {
    code: 'SU',
    name: 'Surxondaryo',
    centre: 'Termiz',
    districts: [
      { name: 'Boysun', code: 'BYS', mountainous: true },
      { name: 'Sariosiyo', code: 'SRS', mountainous: true },
      { name: 'Sherobod', code: 'SHR', mountainous: false },
    ],
  },
  {
    code: 'NG',
    name: 'Namangan',
    centre: 'Namangan',
    districts: [
      { name: 'Chust', code: 'CHS', mountainous: true },
      { name: 'Pop', code: 'POP', mountainous: false },
      { name: "To'raqo'rg'on", code: 'TRQ', mountainous: false },
    ],
  },
];

const VILLAGES = [
  'Navbahor',
  'Yangiobod',
  "Do'stlik",
  "Bo'ston",
  'Guliston',
  'Istiqlol',
  'Mehnatobod',
  'Olmazor',
  'Tinchlik',
  'Oqoltin',
  'Sayhun',
  'Bahoriston',
];

/** Generates the district, its facilities and licences; a pure function of seed and options. */
export function generateDistrict(seed: number, opts: DistrictOptions): PilotDistrict {
  const month = parseMonth(opts.month);
  const rng = new Rng(seed, 'district');
  const region = opts.region ? REGIONS.find((r) => r.code === opts.region) : rng.pick(REGIONS);
  if (!region) throw new RangeError(`unknown region ${opts.region} (known: ${REGIONS.map((r) => r.code).join(', ')})`);
  const d = rng.pick(region.districts);
  const codes = opts.adjustmentCodes ?? { rural: 'rural', mountainous: 'mountainous', sparse: 'sparse' };
  const adjust = (kinds: AdjustmentKind[]) => kinds.flatMap((k) => (codes[k] ? [codes[k]] : []));
  const districtCode = `${region.code}-${d.code}`;
  // Half of the hospitals carry a management coefficient; absent means 1.
  const management = (): { managementCoefficient?: string } =>
    rng.chance(0.5) ? {} : { managementCoefficient: rng.pick(['0.95', '1.02', '1.05', '1.1']) };

  const facilities: Facility[] = [];
  const add = (f: Omit<Facility, 'region'>) => facilities.push({ ...f, region: region.code });
  add({
    id: `${districtCode}-DH`,
    name: `${d.name} tuman tibbiyot birlashmasi`,
    type: 'district-hospital',
    level: 'district',
    district: districtCode,
    ...management(),
    capitationAdjustments: [],
    enrolledPopulation: 0,
  });
  add({
    id: `${region.code}-RH`,
    name: `${region.name} viloyat ko'p tarmoqli tibbiyot markazi (${region.centre})`,
    type: 'regional-hospital',
    level: 'regional',
    ...management(),
    capitationAdjustments: [],
    enrolledPopulation: 0,
  });
  add({
    id: 'RSC-CARD',
    name: 'Respublika ixtisoslashtirilgan kardiologiya ilmiy-amaliy tibbiyot markazi',
    type: 'republican-centre',
    level: 'republican',
    capitationAdjustments: [],
    enrolledPopulation: 0,
  });
  const polyclinics = rng.between(2, 3);
  for (let i = 1; i <= polyclinics; i++) {
    add({
      id: `${districtCode}-FP${i}`,
      name: `${d.name} ${i}-son oilaviy poliklinika`,
      type: 'family-polyclinic',
      level: 'district',
      district: districtCode,
      capitationAdjustments: adjust(d.mountainous && rng.chance(0.3) ? ['mountainous'] : []),
      enrolledPopulation: rng.between(14, 26) * 1000 + rng.int(1000),
    });
  }
  const points = rng.between(5, 8);
  const villages = [...VILLAGES];
  for (let i = 1; i <= points; i++) {
    const village = villages.splice(rng.int(villages.length), 1)[0];
    const kinds: AdjustmentKind[] = ['rural'];
    if (d.mountainous && rng.chance(0.6)) kinds.push('mountainous');
    if (rng.chance(0.25)) kinds.push('sparse');
    add({
      id: `${districtCode}-QVP${String(i).padStart(2, '0')}`,
      name: `"${village}" qishloq vrachlik punkti`,
      type: 'rural-doctor-point',
      level: 'district',
      district: districtCode,
      capitationAdjustments: adjust(kinds),
      enrolledPopulation: rng.between(3, 8) * 1000 + rng.int(1000),
    });
  }

  return {
    seed,
    month: month.text,
    region: { code: region.code, name: region.name },
    district: { code: districtCode, name: d.name, mountainous: d.mountainous },
    facilities,
    licences: generateLicences(rng, facilities, month.firstDay, month.lastDay),
  };
}

/**
 * Telemedicine licences: most facilities hold most modes for the month, but the first rural point
 * holds none and the second one's video licence expired before the month, so the fee-for-service
 * checks always have something to reject.
 */
function generateLicences(rng: Rng, facilities: readonly Facility[], firstDay: number, lastDay: number): Licence[] {
  const days = new DayFormatter();
  const licences: Licence[] = [];
  const points = facilities.filter((f) => f.type === 'rural-doctor-point');
  let serial = 1;
  for (const f of facilities) {
    if (f === points[0]) continue;
    for (const mode of TELEMEDICINE_MODES) {
      const forcedExpired = f === points[1] && mode === 'video';
      if (!forcedExpired && rng.chance(f.type === 'rural-doctor-point' ? 0.3 : 0.1)) continue; // never licensed
      let from: number;
      let to: number;
      if (forcedExpired || rng.chance(0.1)) {
        to = firstDay - rng.between(1, 200); // expired before the month
        from = to - rng.between(365, 3 * 365);
      } else {
        from = firstDay - rng.between(30, 3 * 365);
        to = lastDay + rng.between(30, 3 * 365);
      }
      licences.push({
        licenceId: `TM-${String(serial++).padStart(5, '0')}`,
        facilityId: f.id,
        mode,
        validFrom: days.format(from),
        validTo: days.format(to),
      });
    }
  }
  return licences;
}

/** The pricing view of a facility. */
export function facilityContext(f: Facility): FacilityContext {
  return {
    id: f.id,
    level: f.level,
    region: f.region,
    ...(f.managementCoefficient !== undefined ? { managementCoefficient: f.managementCoefficient } : {}),
  };
}

/** Whether the facility holds a licence for the mode valid on the ISO date. */
export function hasValidLicence(
  licences: readonly Licence[],
  facilityId: string,
  mode: TelemedicineMode,
  date: string,
): boolean {
  return licences.some(
    (l) => l.facilityId === facilityId && l.mode === mode && l.validFrom <= date && date <= l.validTo,
  );
}
