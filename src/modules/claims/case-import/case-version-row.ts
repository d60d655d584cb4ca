// A validated case as the text of one case version, built in one pass: wall-clock times normalised,
// lists as array literals and JSON, and the content hash taken over that text, which is a canonical
// form of the case. COPY lines for `cases` and for the staging table are this text with a prefix, so
// the per-case cost of a million-row import is one string build and one native hash call.
import { hash, randomBytes } from 'node:crypto';
import type { CaseRecord } from '../../../domain/cases/case';
import type { CaseSegment } from './case-segment';

/** A case version read back from a segment: everything the database needs, as COPY text. */
export interface StagedCase {
  rowNo: number;
  facilityId: string;
  claimId: string;
  districtCode: string;
  /** Discharge month, YYYY-MM. */
  month: string;
  contentHash: string;
  /** The content columns (facility_id … procedure_entries) as tab-separated COPY text. */
  content: string;
  /** The whole COPY line for `cases` (version 1 of a new claim), without its '\n'. */
  line: string;
}

/**
 * `YYYY-MM-DDTHH:mm:ss` from a validated date or date-time: seconds added when missing, fractions
 * and a zone dropped (times are the facility's wall clock, as the engine reads them).
 */
export function normaliseDateTime(v: string): string {
  if (v.length === 10) return `${v}T00:00:00`;
  return v.length >= 19 && v.charCodeAt(16) === 58 /* : */ ? v.slice(0, 19) : `${v.slice(0, 16)}:00`;
}

/** Adds a validated case to a segment as version 1 of a new claim (its content text and hash). */
export function addToSegment(segment: CaseSegment, rowNo: number, districtCode: string, c: CaseRecord): void {
  const content = caseContentText(c);
  segment.add(rowNo, c.facilityId, districtCode, c.dischargeAt.slice(0, 7), hash('sha256', content, 'hex'), content);
}

/**
 * sha256 (hex) identifying a case's content: over the content text, so the same claim sent as CSV,
 * JSON or FHIR hashes the same and any changed value gives a new hash (and a new version).
 */
export function caseContentHash(c: CaseRecord): string {
  return hash('sha256', caseContentText(c), 'hex');
}

/**
 * Case ids of one import: a random 74-bit prefix per import and the row number in the last 48 bits
 * (UUID version 8, "custom"). Any row's id follows from its number, so a row written early can be
 * taken back exactly (a claim found twice in the file) without keeping a million ids in memory.
 */
export class CaseIdSequence {
  private readonly prefix: string;

  constructor() {
    const b = randomBytes(10);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    const h = b.toString('hex');
    this.prefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-`;
  }

  idOf(rowNo: number): string {
    return this.prefix + rowNo.toString(16).padStart(12, '0');
  }

  /** The row number of an id of this sequence. */
  rowNoOf(id: string): number {
    return parseInt(id.slice(-12), 16);
  }
}

/**
 * The content fields in order (the tail of both COPY column lists). Ids, codes, enums and dates are
 * validated to characters that need no COPY escaping (letters, digits, `. _ : - & * +`); free text is
 * escaped.
 */
function caseContentText(c: CaseRecord): string {
  let diagnoses = '{"' + c.principalDiagnosis + '"';
  for (let i = 0; i < c.secondaryDiagnoses.length; i++) diagnoses += ',"' + c.secondaryDiagnoses[i] + '"';
  diagnoses += '}';
  const flags = c.flags ?? [];
  let flagText = '{';
  for (let i = 0; i < flags.length; i++) flagText += (i === 0 ? '"' : ',"') + flags[i] + '"';
  flagText += '}';
  let procedures = '[';
  for (let i = 0; i < c.procedures.length; i++) {
    const p = c.procedures[i];
    procedures += (i === 0 ? '{"code":"' : ',{"code":"') + p.code + (p.date ? `","date":"${p.date}"}` : '"}');
  }
  procedures += ']';
  return (
    c.facilityId +
    '\t' +
    c.claimId +
    '\t' +
    c.patientId +
    '\t' +
    c.birthDate +
    '\t' +
    c.sex +
    '\t' +
    normaliseDateTime(c.admissionAt) +
    '\t' +
    normaliseDateTime(c.dischargeAt) +
    '\t' +
    c.admissionType +
    '\t' +
    (c.referralId ?? '\\N') +
    '\t' +
    c.dischargeMode +
    '\t' +
    c.careSetting +
    '\t' +
    (c.birthWeightGrams == null ? '\\N' : String(c.birthWeightGrams)) +
    '\t' +
    (c.department == null ? '\\N' : copyText(c.department)) +
    '\t' +
    flagText +
    '\t' +
    diagnoses +
    '\t' +
    procedures
  );
}

/** COPY text escaping: backslash and the separators (the validator already refuses control characters). */
export function copyText(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 92 || ch < 32) return s.replace(/[\\\t\n\r]/g, (m) => ESCAPES[m]);
  }
  return s;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
