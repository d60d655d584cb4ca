// The monthly case stream of a pilot district. One case at a time, a pure function of the seed
// and options, with a small share of deliberately broken records for the edits to catch.
import type { CaseRecord, DischargeMode, ProcedureEntry, Sex } from '../cases/case';
import type { TariffBook } from '../tariff-book/model';
import { DayFormatter, isoDate, isoDateTime, parseMonth, yearsBefore, type MonthSpec } from './calendar';
import type { CaseMixProfile } from './case-mix';
import { compileCaseMix, type CompiledCaseMix } from './compile-case-mix';
import type { PilotDistrict } from './district';
import { CaseErrorInjector, type CaseErrorKind, type InjectionContext } from './case-errors';
import { decimalDigits, patientIdOf, referralIdOf } from './id-strings';
import { Rng } from './prng';

export interface CaseGeneratorOptions {
  book: TariffBook;
  caseMix: readonly CaseMixProfile[];
  district: PilotDistrict;
  /** `YYYY-MM`: every case is discharged inside this month. */
  month: string;
  /** Share of deliberately erroneous records (default 0.01). */
  errorShare?: number;
  /** File name of the case-mix, for error messages. */
  caseMixFile?: string;
}

/** Share of planned admissions that carry the family doctor's referral. */
const REFERRAL_RATE = 0.96;
/** Share of stays ending against medical advice. */
const AGAINST_ADVICE_RATE = 0.005;
/** Share of deaths within the first day. */
const EARLY_DEATH_SHARE = 0.15;
/** Share of small children (under 4) with a parent staying in hospital. */
const COMPANION_RATE = 0.5;

/**
 * Makes cases one by one. `lastError` tells which error (if any) was put into the case just made,
 * so a caller can count them without re-deriving anything.
 */
export class CaseFactory {
  private readonly rng: Rng;
  private readonly month: MonthSpec;
  private readonly mix: CompiledCaseMix;
  private readonly days = new DayFormatter();
  private readonly facilityIds: readonly string[];
  private readonly claimSerial: number[];
  private readonly claimPrefix: string;
  private readonly errorShare: number;
  private readonly errors: CaseErrorInjector;

  lastError: CaseErrorKind | undefined;
  produced = 0;

  constructor(seed: number, opts: CaseGeneratorOptions) {
    this.rng = new Rng(seed, 'cases');
    this.month = parseMonth(opts.month);
    this.mix = compileCaseMix(opts.caseMix, opts.book, opts.district, opts.caseMixFile);
    this.facilityIds = opts.district.facilities.map((f) => f.id);
    this.claimSerial = this.facilityIds.map(() => 0);
    this.claimPrefix = `C${this.month.text.replace('-', '')}-`;
    this.errorShare = opts.errorShare ?? 0.01;
    if (!(this.errorShare >= 0 && this.errorShare <= 1)) throw new RangeError('errorShare must be between 0 and 1');
    this.errors = new CaseErrorInjector(opts.book);
  }

  /** Error kinds the book lets this generator produce (some need codes the book may lack). */
  get errorKinds(): readonly CaseErrorKind[] {
    return this.errors.kinds;
  }

  next(): CaseRecord {
    const rng = this.rng;
    const cp = this.mix.profiles[this.mix.profileIndex.sample(rng)];
    const p = cp.profile;
    const facility = cp.facilities[cp.facilityIndex.sample(rng)];

    const dischargeDay = this.month.firstDay + rng.int(this.month.days);
    let los = cp.los.sample(rng);
    const dischargeMode = this.dischargeMode(p);
    if (dischargeMode === 'death' && los > 0 && p.careSetting === 'inpatient' && rng.chance(EARLY_DEATH_SHARE)) los = 0;
    const admissionDay = dischargeDay - los;

    const emergency = rng.chance(p.emergencyRate);
    let admissionSlot = emergency ? rng.int(96) : 32 + rng.int(12); // planned: 08:00–10:45
    // A same-day stay leaves at least half an hour after it came, by 23:45.
    if (los === 0 && admissionSlot > 88) admissionSlot = 88;
    const dischargeSlot = los === 0 ? admissionSlot + 2 + rng.int(94 - admissionSlot) : 40 + rng.int(24);

    const sex: Sex = p.sex === '*' ? (rng.chance(0.5) ? 'M' : 'F') : p.sex;
    let ageYears: number;
    let birthDay: number;
    let birthWeight: number | null = null;
    if (cp.newborn) {
      ageYears = 0;
      birthDay = admissionDay - (rng.chance(0.7) ? 0 : rng.int(28)); // most are born in this hospital
      birthWeight = rng.between(p.birthWeightMin!, p.birthWeightMax!);
    } else {
      ageYears = p.ageMin + rng.int(p.ageMax - p.ageMin + 1);
      birthDay = yearsBefore(admissionDay, ageYears) - rng.int(365);
    }

    const referralId = !emergency && rng.chance(REFERRAL_RATE) ? referralIdOf(rng.u32()) : null;
    const principal = p.principal.length === 1 ? p.principal[0] : rng.pick(p.principal);
    const record: CaseRecord = {
      facilityId: this.facilityIds[facility],
      claimId: this.claimPrefix + decimalDigits(++this.claimSerial[facility]),
      patientId: patientIdOf(rng.u32(), rng.u32()),
      // Dates and ids are fresh flat strings, see isoDate() and patientIdOf().
      birthDate: isoDate(birthDay),
      sex,
      admissionAt: isoDateTime(admissionDay, admissionSlot),
      dischargeAt: isoDateTime(dischargeDay, dischargeSlot),
      admissionType: emergency ? 'emergency' : 'planned',
      referralId,
      dischargeMode,
      careSetting: p.careSetting,
      principalDiagnosis: principal,
      secondaryDiagnoses: this.secondaries(p, principal),
      procedures: this.procedures(p, admissionDay, los),
      birthWeightGrams: birthWeight,
      department: p.department === '' ? null : p.department,
      flags: ageYears < 4 && rng.chance(COMPANION_RATE) ? ['companion'] : [],
    };

    this.lastError = undefined;
    if (this.errorShare > 0 && rng.chance(this.errorShare)) {
      const ctx: InjectionContext = { rng, days: this.days, admissionDay, dischargeDay, birthDay, newborn: cp.newborn };
      this.lastError = this.errors.inject(record, p.careSetting, ctx, yearsBefore);
    }
    this.produced++;
    return record;
  }

  private dischargeMode(p: CaseMixProfile): DischargeMode {
    const r = this.rng.next();
    if (r < p.deathRate) return 'death';
    if (r < p.deathRate + p.transferRate) return 'transfer';
    if (r < p.deathRate + p.transferRate + AGAINST_ADVICE_RATE) return 'against-advice';
    return 'home';
  }

  private secondaries(p: CaseMixProfile, principal: string): string[] {
    const list = p.secondary;
    if (list.length === 0 || !this.rng.chance(p.secondaryRate)) return [];
    const wanted = 1 + this.rng.int(3);
    const out: string[] = [];
    // A few tries are enough: lists are short and duplicates or the principal are just skipped.
    for (let tries = 0; tries < wanted * 2 && out.length < wanted; tries++) {
      const code = list[this.rng.int(list.length)];
      if (code !== principal && !out.includes(code)) out.push(code);
    }
    return out;
  }

  private procedures(p: CaseMixProfile, admissionDay: number, los: number): ProcedureEntry[] {
    if (p.procedures.length === 0 || !this.rng.chance(p.procedureRate)) return [];
    const code = p.procedures.length === 1 ? p.procedures[0] : this.rng.pick(p.procedures);
    const day = admissionDay + (los > 0 ? this.rng.int(Math.min(los, 2) + 1) : 0);
    return [{ code, date: isoDate(day) }];
  }
}

/** Lazily yields `count` cases; never holds more than the current one. */
export function* generateCases(seed: number, opts: CaseGeneratorOptions & { count: number }): Generator<CaseRecord> {
  if (!Number.isSafeInteger(opts.count) || opts.count < 0) throw new RangeError('count must be a whole number >= 0');
  const factory = new CaseFactory(seed, opts);
  for (let i = 0; i < opts.count; i++) yield factory.next();
}
