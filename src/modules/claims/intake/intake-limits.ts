// Bounds every intake path enforces: they keep hostile or broken input out of the database and the engine.

export const INTAKE_LIMITS = {
  /** facilityId, claimId, patientId, referralId. */
  idLength: 64,
  /** Diagnosis and procedure codes as written (before dots are removed). */
  codeLength: 16,
  departmentLength: 100,
  flagLength: 32,
  secondaryDiagnoses: 50,
  procedures: 100,
  flags: 20,
  maxAgeYears: 125,
  birthWeightMinGrams: 100,
  birthWeightMaxGrams: 9999,
  /** Every date must fall in these years; ages and stays are checked elsewhere. */
  minYear: 1800,
  maxYear: 2199,
  /** Unknown-field errors reported per object; a flood of junk keys gives one summarising error. */
  unknownFieldsReported: 10,
} as const;

/** Identifiers: letters, digits and `. _ : -` — nothing that needs quoting anywhere. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
/** ICD-10 and procedure codes, including dagger/asterisk pairs such as `A18.8+D63.8`. */
export const CODE_PATTERN = /^[A-Za-z0-9.&*+-]+$/;
/** C0 and C1 control characters and DEL; NUL in particular cannot be stored in Postgres text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;
/** A UTF-16 surrogate without its partner: not a character, cannot be encoded as UTF-8. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
