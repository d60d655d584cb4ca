// Reads the cases of one chunk (one query: codes live on the case row) into engine records.
import type { DataSource } from 'typeorm';
import type { CaseRecord, ProcedureEntry } from '../../../domain/cases/case';
import { caseSelection, MAX_UUID, MIN_UUID } from './case-selection';

export interface ChunkCase {
  id: string;
  version: number;
  adjustmentOf: string | null;
  record: CaseRecord;
}

/** One case as the chunk query returns it: a JSON array in the order of CASE_FIELDS. */
type CaseTuple = [
  id: string,
  facilityId: string,
  claimId: string,
  version: number,
  adjustmentOf: string | null,
  patientId: string,
  birthDate: string,
  sex: CaseRecord['sex'],
  admissionAt: string,
  dischargeAt: string,
  admissionType: CaseRecord['admissionType'],
  referralId: string | null,
  dischargeMode: CaseRecord['dischargeMode'],
  careSetting: CaseRecord['careSetting'],
  birthWeightGrams: number | null,
  department: string | null,
  flags: string[],
  diagnosisCodes: string[],
  procedureEntries: ProcedureEntry[],
];

const CASE_FIELDS = `c.id, c.facility_id, c.claim_id, c.version, c.adjustment_of, c.patient_id, c.birth_date, c.sex,
  c.admission_at, c.discharge_at, c.admission_type, c.referral_id, c.discharge_mode, c.care_setting,
  c.birth_weight_grams, c.department, c.flags, c.diagnosis_codes, c.procedure_entries`;

/**
 * The chunk's cases in id order: ids in (lo, hi], null ends open; `only` narrows to one case.
 * The whole chunk comes back as one JSON text: parsing twenty typed columns per row in the client
 * costs several times more than the query itself, one JSON.parse a fraction of it.
 */
export async function readChunkCases(
  db: DataSource,
  range: { month: string; districts: string[]; lo: string | null; hi: string | null; only?: string },
): Promise<ChunkCase[]> {
  const rows: { cases: string | null }[] = await db.transaction(async (tx) => {
    // The superseded-version subquery inflates the cost estimate past the JIT threshold, and JIT
    // would then cost more than the whole query: off for this read.
    await tx.query('SET LOCAL jit = off');
    return tx.query(
      `SELECT json_agg(json_build_array(${CASE_FIELDS}) ORDER BY c.id)::text AS cases
         FROM ${caseSelection('$1', '$2')} AND c.id > $3::uuid AND c.id <= $4::uuid ${range.only ? 'AND c.id = $5::uuid' : ''}`,
      [range.month, range.districts, range.lo ?? MIN_UUID, range.hi ?? MAX_UUID, ...(range.only ? [range.only] : [])],
    );
  });
  const tuples = rows[0].cases === null ? [] : (JSON.parse(rows[0].cases) as CaseTuple[]);
  return tuples.map((t) => ({ id: t[0], version: t[3], adjustmentOf: t[4], record: toRecord(t) }));
}

function toRecord(t: CaseTuple): CaseRecord {
  const [principal = '', ...secondaries] = t[17];
  return {
    facilityId: t[1],
    claimId: t[2],
    patientId: t[5],
    birthDate: t[6],
    sex: t[7],
    // JSON renders timestamp without time zone as ISO 'YYYY-MM-DDTHH:MM:SS' (no zone, no shift).
    admissionAt: t[8],
    dischargeAt: t[9],
    admissionType: t[10],
    referralId: t[11],
    dischargeMode: t[12],
    careSetting: t[13],
    principalDiagnosis: principal,
    secondaryDiagnoses: secondaries,
    procedures: t[18].map((p) => (p.date ? { code: p.code, date: p.date } : { code: p.code })),
    birthWeightGrams: t[14],
    department: t[15],
    flags: t[16],
  };
}
