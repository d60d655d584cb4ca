import { validateCaseInput } from './validate-case';

/** A complete, valid case as a facility would send it (codes as written, with dots and lower case). */
function validInput(): Record<string, unknown> {
  return {
    facilityId: 'F-0101',
    claimId: '2026-000123',
    patientId: 'P:9f8e7d',
    birthDate: '1958-03-14',
    sex: 'M',
    admissionAt: '2026-01-05T10:30',
    dischargeAt: '2026-01-12 09:00',
    admissionType: 'planned',
    referralId: 'REF.77',
    dischargeMode: 'home',
    careSetting: 'inpatient',
    principalDiagnosis: 'I21.9',
    secondaryDiagnoses: ['i10', 'E11.9', 'A18.8+D63.8'],
    procedures: [{ code: 'a16.12.004', date: '2026-01-05' }, { code: 'B03016' }],
    department: 'Cardiology',
    flags: ['companion'],
  };
}

function errorsOf(input: unknown, path?: string) {
  const r = validateCaseInput(input, path);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('validateCaseInput: a valid case', () => {
  it('normalises codes (upper case; no dots in ICD-10 codes) and date-time separators, and fills optional fields', () => {
    expect(validateCaseInput(validInput())).toEqual({
      ok: true,
      value: {
        facilityId: 'F-0101',
        claimId: '2026-000123',
        patientId: 'P:9f8e7d',
        birthDate: '1958-03-14',
        sex: 'M',
        admissionAt: '2026-01-05T10:30',
        dischargeAt: '2026-01-12T09:00',
        admissionType: 'planned',
        referralId: 'REF.77',
        dischargeMode: 'home',
        careSetting: 'inpatient',
        principalDiagnosis: 'I219',
        secondaryDiagnoses: ['I10', 'E119', 'A188+D638'],
        procedures: [{ code: 'A16.12.004', date: '2026-01-05' }, { code: 'B03016' }],
        birthWeightGrams: null,
        department: 'Cardiology',
        flags: ['companion'],
      },
    });
  });

  it('reads absent, null and empty optional fields alike', () => {
    const input = validInput();
    delete input.secondaryDiagnoses;
    delete input.flags;
    input.procedures = null;
    input.referralId = '';
    input.department = null;
    input.birthWeightGrams = '';
    const r = validateCaseInput(input);
    expect(r.ok && [r.value.secondaryDiagnoses, r.value.procedures, r.value.flags]).toEqual([[], [], []]);
    expect(r.ok && [r.value.referralId, r.value.department, r.value.birthWeightGrams]).toEqual([null, null, null]);
  });

  it('accepts a newborn admitted on the day of birth, with a birth weight (number or digit string)', () => {
    const input = { ...validInput(), birthDate: '2026-01-05', birthWeightGrams: '1870' };
    const r = validateCaseInput(input);
    expect(r.ok && r.value.birthWeightGrams).toBe(1870);
    expect(validateCaseInput({ ...input, birthWeightGrams: 3450 }).ok).toBe(true);
  });

  it('accepts 29 February in a leap year, seconds and zones, and a discharge before admission (an engine edit)', () => {
    const input = {
      ...validInput(),
      birthDate: '2024-02-29',
      admissionAt: '2026-01-05T10:30:15+05:00',
      dischargeAt: '2026-01-01T08:00:00Z',
    };
    const r = validateCaseInput(input);
    expect(r.ok && [r.value.admissionAt, r.value.dischargeAt]).toEqual([
      '2026-01-05T10:30:15+05:00',
      '2026-01-01T08:00:00Z',
    ]);
  });

  it('accepts the oldest plausible age, 125 years (126th birthday the day after admission)', () => {
    expect(validateCaseInput({ ...validInput(), birthDate: '1900-01-06' }).ok).toBe(true);
  });
});

describe('validateCaseInput: one exact error per code', () => {
  it('REQUIRED: a missing, null or empty required field', () => {
    const input = validInput();
    delete input.claimId;
    input.sex = null;
    input.principalDiagnosis = '';
    expect(errorsOf(input)).toEqual([
      { path: '$.claimId', field: 'claimId', code: 'REQUIRED', message: 'claimId is required' },
      { path: '$.sex', field: 'sex', code: 'REQUIRED', message: 'sex is required (one of M, F, U)' },
      {
        path: '$.principalDiagnosis',
        field: 'principalDiagnosis',
        code: 'REQUIRED',
        message: 'principalDiagnosis is required',
      },
    ]);
  });

  it('TYPE: wrong JSON types, and a record that is not an object', () => {
    expect(errorsOf({ ...validInput(), patientId: 42, secondaryDiagnoses: 'I10', birthWeightGrams: 'heavy' })).toEqual([
      { path: '$.patientId', field: 'patientId', code: 'TYPE', message: 'patientId must be a string, not number' },
      {
        path: '$.secondaryDiagnoses',
        field: 'secondaryDiagnoses',
        code: 'TYPE',
        message: 'secondaryDiagnoses must be an array, not string',
      },
      {
        path: '$.birthWeightGrams',
        field: 'birthWeightGrams',
        code: 'TYPE',
        message: 'birthWeightGrams must be a whole number of grams',
      },
    ]);
    expect(errorsOf([validInput()], '$[4]')).toEqual([
      { path: '$[4]', field: '', code: 'TYPE', message: 'a case must be a JSON object, not array' },
    ]);
    expect(errorsOf(null)).toEqual([
      { path: '$', field: '', code: 'TYPE', message: 'a case must be a JSON object, not null' },
    ]);
  });

  it('FORMAT: 2026-02-30, 24:00, a non-leap 29 February, a foreign date layout, a zone out of range', () => {
    const input = {
      ...validInput(),
      birthDate: '14.03.1958',
      admissionAt: '2026-02-30T10:00',
      dischargeAt: '2026-03-01T24:00',
    };
    expect(errorsOf(input)).toEqual([
      {
        path: '$.birthDate',
        field: 'birthDate',
        code: 'FORMAT',
        message: 'birthDate must be a date written YYYY-MM-DD',
      },
      {
        path: '$.admissionAt',
        field: 'admissionAt',
        code: 'FORMAT',
        message: 'admissionAt is not a real calendar date or time',
      },
      {
        path: '$.dischargeAt',
        field: 'dischargeAt',
        code: 'FORMAT',
        message: 'dischargeAt is not a real calendar date or time',
      },
    ]);
    expect(errorsOf({ ...validInput(), birthDate: '2026-02-29' })[0].code).toBe('FORMAT');
    expect(errorsOf({ ...validInput(), admissionAt: '2026-01-05T10:30+25:00' })[0]).toEqual({
      path: '$.admissionAt',
      field: 'admissionAt',
      code: 'FORMAT',
      message: 'admissionAt is not a real calendar date or time',
    });
    expect(errorsOf({ ...validInput(), birthDate: '1958-03-14T00:00' })[0].message).toBe(
      'birthDate must be a date written YYYY-MM-DD',
    );
  });

  it('FORMAT: ids and codes outside their charset, a code of dots only, a fractional weight', () => {
    const input = {
      ...validInput(),
      facilityId: 'F 0101',
      principalDiagnosis: '...',
      secondaryDiagnoses: ['I10', 'E11,9'],
      birthWeightGrams: 1870.5,
    };
    expect(errorsOf(input)).toEqual([
      {
        path: '$.facilityId',
        field: 'facilityId',
        code: 'FORMAT',
        message: 'facilityId may contain only letters, digits and . _ : -',
      },
      {
        path: '$.principalDiagnosis',
        field: 'principalDiagnosis',
        code: 'FORMAT',
        message: 'principalDiagnosis has no characters besides dots',
      },
      {
        path: '$.secondaryDiagnoses[1]',
        field: 'secondaryDiagnoses[1]',
        code: 'FORMAT',
        message: 'secondaryDiagnoses[1] may contain only letters, digits and . & * + -',
      },
      {
        path: '$.birthWeightGrams',
        field: 'birthWeightGrams',
        code: 'FORMAT',
        message: 'birthWeightGrams must be a whole number of grams',
      },
    ]);
  });

  it('ENUM: values outside the closed lists', () => {
    const input = {
      ...validInput(),
      sex: 'male',
      admissionType: 'urgent',
      dischargeMode: 'Home',
      careSetting: 'outpatient',
    };
    expect(errorsOf(input)).toEqual([
      { path: '$.sex', field: 'sex', code: 'ENUM', message: 'sex must be one of M, F, U' },
      {
        path: '$.admissionType',
        field: 'admissionType',
        code: 'ENUM',
        message: 'admissionType must be one of emergency, planned',
      },
      {
        path: '$.dischargeMode',
        field: 'dischargeMode',
        code: 'ENUM',
        message: 'dischargeMode must be one of home, transfer, death, against-advice',
      },
      {
        path: '$.careSetting',
        field: 'careSetting',
        code: 'ENUM',
        message: 'careSetting must be one of inpatient, day-care',
      },
    ]);
  });

  it('RANGE: a negative age (birth after admission), an age over 125, a birth weight, a year far off', () => {
    expect(errorsOf({ ...validInput(), birthDate: '2026-01-06' })).toEqual([
      { path: '$.birthDate', field: 'birthDate', code: 'RANGE', message: 'birthDate is after the admission date' },
    ]);
    expect(errorsOf({ ...validInput(), birthDate: '1900-01-05' })).toEqual([
      { path: '$.birthDate', field: 'birthDate', code: 'RANGE', message: 'age at admission is over 125 years' },
    ]);
    expect(errorsOf({ ...validInput(), birthWeightGrams: 50 })).toEqual([
      {
        path: '$.birthWeightGrams',
        field: 'birthWeightGrams',
        code: 'RANGE',
        message: 'birthWeightGrams must be between 100 and 9999 grams',
      },
    ]);
    expect(errorsOf({ ...validInput(), dischargeAt: '9999-12-31T00:00' })).toEqual([
      {
        path: '$.dischargeAt',
        field: 'dischargeAt',
        code: 'RANGE',
        message: 'dischargeAt must be in the years 1800–2199',
      },
    ]);
  });

  it('TOO_LONG: ids over 64, codes over 16, department over 100 characters; arrays over their bounds', () => {
    const input = {
      ...validInput(),
      claimId: 'C'.repeat(65),
      principalDiagnosis: 'I'.repeat(17),
      department: 'd'.repeat(101),
      secondaryDiagnoses: Array(51).fill('I10'),
      procedures: Array(101).fill({ code: 'A1' }),
    };
    expect(errorsOf(input)).toEqual([
      { path: '$.claimId', field: 'claimId', code: 'TOO_LONG', message: 'claimId is longer than 64 characters' },
      {
        path: '$.principalDiagnosis',
        field: 'principalDiagnosis',
        code: 'TOO_LONG',
        message: 'principalDiagnosis is longer than 16 characters',
      },
      {
        path: '$.secondaryDiagnoses',
        field: 'secondaryDiagnoses',
        code: 'TOO_LONG',
        message: 'secondaryDiagnoses has 51 items; at most 50 are allowed',
      },
      {
        path: '$.procedures',
        field: 'procedures',
        code: 'TOO_LONG',
        message: 'procedures has 101 items; at most 100 are allowed',
      },
      {
        path: '$.department',
        field: 'department',
        code: 'TOO_LONG',
        message: 'department is longer than 100 characters',
      },
    ]);
    const atBounds = { ...validInput(), claimId: 'C'.repeat(64), secondaryDiagnoses: Array(50).fill('I10') };
    expect(
      validateCaseInput({ ...atBounds, procedures: Array(100).fill({ code: 'A1' }), department: 'd'.repeat(100) }).ok,
    ).toBe(true);
  });

  it('UNKNOWN_FIELD: top level and inside a procedure; a negative `age` is no field at all', () => {
    const input = { ...validInput(), age: -3, procedures: [{ code: 'A1', date: '2026-01-05', surgeon: 'X' }] };
    expect(errorsOf(input)).toEqual([
      {
        path: '$.age',
        field: 'age',
        code: 'UNKNOWN_FIELD',
        message:
          'unknown field; expected one of facilityId, claimId, patientId, birthDate, sex, admissionAt, dischargeAt, ' +
          'admissionType, referralId, dischargeMode, careSetting, principalDiagnosis, secondaryDiagnoses, procedures, ' +
          'birthWeightGrams, department, flags',
      },
      {
        path: '$.procedures[0].surgeon',
        field: 'procedures[0].surgeon',
        code: 'UNKNOWN_FIELD',
        message: 'unknown field; expected one of code, date',
      },
    ]);
  });

  it('UNKNOWN_FIELD: a flood of junk keys gives ten errors and one summary', () => {
    const input = validInput();
    for (let i = 0; i < 1000; i++) input[`junk${i}`] = i;
    const errors = errorsOf(input);
    expect(errors).toHaveLength(11);
    expect(errors[9].path).toBe('$.junk9');
    expect(errors[10]).toEqual({
      path: '$',
      field: '',
      code: 'UNKNOWN_FIELD',
      message: '990 more unknown fields not listed',
    });
  });
});

describe('validateCaseInput: paths', () => {
  it('extends a JSON base path down to the procedure code', () => {
    const input = { ...validInput(), procedures: [{ code: 'A1' }, { code: 'A 2' }] };
    expect(errorsOf(input, '$[3]')).toEqual([
      {
        path: '$[3].procedures[1].code',
        field: 'procedures[1].code',
        code: 'FORMAT',
        message: 'procedures[1].code may contain only letters, digits and . & * + -',
      },
    ]);
  });

  it('keeps a CSV caller’s file:line and names the field separately', () => {
    expect(errorsOf({ ...validInput(), birthDate: '2026-02-30' }, 'cases.csv:12')).toEqual([
      {
        path: 'cases.csv:12',
        field: 'birthDate',
        code: 'FORMAT',
        message: 'birthDate is not a real calendar date or time',
      },
    ]);
  });

  it('quotes odd keys and cuts huge ones short', () => {
    const long = 'k'.repeat(500);
    const errors = errorsOf({ ...validInput(), 'bad key': 1, [long]: 2 });
    expect(errors.map((e) => e.path)).toEqual(['$["bad key"]', `$["${'k'.repeat(64)}…"]`]);
  });
});
