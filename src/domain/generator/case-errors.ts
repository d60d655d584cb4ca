// Deliberately broken records, one kind per edit the grouper runs, so a generated month exercises
// every rejection path. Each kind breaks exactly one thing in an otherwise valid case.
import type { CareSetting, CaseRecord } from '../cases/case';
import type { TariffBook } from '../tariff-book/model';
import { QUARTER_HOURS, type DayFormatter } from './calendar';
import type { Rng } from './prng';

export const CASE_ERROR_KINDS = [
  'unknown-code',
  'invalid-principal',
  'sex-conflict',
  'age-conflict',
  'discharge-before-admission',
  'missing-field',
  'impossible-los',
] as const;
export type CaseErrorKind = (typeof CASE_ERROR_KINDS)[number];

export interface InjectionContext {
  rng: Rng;
  days: DayFormatter;
  admissionDay: number;
  dischargeDay: number;
  birthDay: number;
  newborn: boolean;
}

// Codes no real ICD-10 or service table uses; the constructor checks the book does not have them.
const UNKNOWN_DIAGNOSES = ['U999', 'U998', 'Z9X9'];
const UNKNOWN_PROCEDURES = ['ZZ99999', 'ZZ99998', 'XX-000'];

export class CaseErrorInjector {
  readonly kinds: readonly CaseErrorKind[];
  private readonly unknownDiagnosis?: string;
  private readonly unknownProcedure?: string;
  private readonly invalidPrincipals: readonly string[];
  private readonly sexCodes: readonly { code: string; sex: 'M' | 'F' }[];
  private readonly maxAge: number;
  private readonly maxInpatientLos: number;
  private readonly maxDayCareLos: number;

  constructor(book: TariffBook) {
    this.unknownDiagnosis = UNKNOWN_DIAGNOSES.find((c) => !book.diagnoses.has(c));
    this.unknownProcedure = UNKNOWN_PROCEDURES.find((c) => !book.procedures.has(c));
    const diagnoses = [...book.diagnoses.values()];
    this.invalidPrincipals = diagnoses.filter((d) => !d.validPrincipal).map((d) => d.code);
    // Sex-specific codes without age limits, so the sex conflict is the only thing wrong.
    this.sexCodes = diagnoses
      .filter((d) => d.sex && d.validPrincipal && d.ageMinYears === undefined && d.ageMaxYears === undefined)
      .map((d) => ({ code: d.code, sex: d.sex! }));
    this.maxAge = book.manifest.edits.maxAgeYears;
    this.maxInpatientLos = book.manifest.edits.maxInpatientLosDays;
    this.maxDayCareLos = book.manifest.edits.maxDayCareLosDays;
    this.kinds = CASE_ERROR_KINDS.filter((k) => {
      if (k === 'invalid-principal') return this.invalidPrincipals.length > 0;
      if (k === 'sex-conflict') return this.sexCodes.length > 0;
      if (k === 'unknown-code') return this.unknownDiagnosis !== undefined || this.unknownProcedure !== undefined;
      return true;
    });
  }

  /** Breaks the record in place and returns the kind used. */
  inject(
    c: CaseRecord,
    careSetting: CareSetting,
    ctx: InjectionContext,
    anniversary: (day: number, years: number) => number,
  ): CaseErrorKind {
    const { rng, days } = ctx;
    const kind = this.kinds[rng.int(this.kinds.length)];
    switch (kind) {
      case 'unknown-code':
        if (this.unknownProcedure !== undefined && (this.unknownDiagnosis === undefined || rng.chance(0.3))) {
          c.procedures = [{ code: this.unknownProcedure, date: days.format(ctx.admissionDay) }];
        } else if (rng.chance(0.7)) c.principalDiagnosis = this.unknownDiagnosis!;
        else c.secondaryDiagnoses = [...c.secondaryDiagnoses, this.unknownDiagnosis!];
        break;
      case 'invalid-principal':
        c.principalDiagnosis = rng.pick(this.invalidPrincipals);
        break;
      case 'sex-conflict': {
        const code = rng.pick(this.sexCodes);
        c.principalDiagnosis = code.code;
        c.sex = code.sex === 'M' ? 'F' : 'M';
        break;
      }
      case 'age-conflict': {
        const years = this.maxAge + 1 + rng.int(5);
        c.birthDate = days.format(anniversary(ctx.admissionDay, years) - rng.int(365));
        break;
      }
      case 'discharge-before-admission': {
        const admission = ctx.dischargeDay + 1 + rng.int(3);
        c.admissionAt = days.format(admission) + QUARTER_HOURS[32 + rng.int(12)];
        break;
      }
      case 'missing-field':
        if (rng.chance(0.5)) c.principalDiagnosis = '';
        else c.birthDate = '';
        break;
      case 'impossible-los': {
        const limit = careSetting === 'day-care' ? this.maxDayCareLos : this.maxInpatientLos;
        const admission = ctx.dischargeDay - (limit + 1 + rng.int(careSetting === 'day-care' ? 3 : 30));
        c.admissionAt = days.format(admission) + QUARTER_HOURS[32 + rng.int(12)];
        // The patient was born before the (earlier) admission, with the same age at admission.
        c.birthDate = days.format(ctx.birthDay - (ctx.admissionDay - admission));
        c.procedures = c.procedures.map((p) => ({ code: p.code, date: days.format(admission) }));
        break;
      }
    }
    return kind;
  }
}
