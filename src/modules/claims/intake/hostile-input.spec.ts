// What a hostile or broken upload does: every case ends in a clear error or is stored exactly as data.
import { decodeUtf8 } from './decode-utf8';
import { parseJsonCases } from './parse-json-cases';
import { validateCaseBatch } from './validate-case-batch';
import { validateCaseInput } from './validate-case';
import fc from 'fast-check';
import { IntakeErrorCodes } from './intake-error';

const base = {
  facilityId: 'F1',
  claimId: 'C1',
  patientId: 'P1',
  birthDate: '1980-01-01',
  sex: 'U',
  admissionAt: '2026-03-01',
  dischargeAt: '2026-03-02',
  admissionType: 'emergency',
  dischargeMode: 'home',
  careSetting: 'day-care',
  principalDiagnosis: 'K35.8',
};

const idFormat = (field: string) => ({
  path: `$.${field}`,
  field,
  code: 'FORMAT',
  message: `${field} may contain only letters, digits and . _ : -`,
});

describe('SQL and script fragments are data: refused only by charset and length rules', () => {
  it.each(["'); DROP TABLE cases;--", '<script>alert(1)</script>', 'C1 OR 1=1', '../../etc/passwd'])(
    'as a claim id: %s → FORMAT',
    (claimId) => {
      expect(validateCaseInput({ ...base, claimId })).toEqual({ ok: false, errors: [idFormat('claimId')] });
    },
  );

  it('as facility, patient and referral ids → FORMAT each', () => {
    const input = { ...base, facilityId: "F1'--", patientId: 'P1;DELETE', referralId: '"><img src=x>' };
    expect(validateCaseInput(input)).toEqual({
      ok: false,
      errors: [idFormat('facilityId'), idFormat('patientId'), idFormat('referralId')],
    });
  });

  it.each(["'); DROP TABLE cases;--", '<script>alert(1)</script>', 'Хирургия № 2 — «экстренная»', 'Jarrohlik bo‘limi'])(
    'as a department: %s → accepted verbatim',
    (department) => {
      const r = validateCaseInput({ ...base, department });
      expect(r.ok && r.value.department).toBe(department);
    },
  );

  it('as a code → FORMAT', () => {
    expect(validateCaseInput({ ...base, principalDiagnosis: "I21'--" })).toEqual({
      ok: false,
      errors: [
        {
          path: '$.principalDiagnosis',
          field: 'principalDiagnosis',
          code: 'FORMAT',
          message: 'principalDiagnosis may contain only letters, digits and . & * + -',
        },
      ],
    });
  });
});

describe('text that cannot be stored right', () => {
  it.each([
    ['a NUL byte', 'Cardio\u0000logy', 'department contains control characters (line breaks, tabs, NUL…)'],
    ['a line break', 'Cardio\nlogy', 'department contains control characters (line breaks, tabs, NUL…)'],
    ['a C1 control', 'Cardio\u0085logy', 'department contains control characters (line breaks, tabs, NUL…)'],
    ['a lone surrogate', 'Cardio\ud800logy', 'department contains an unpaired UTF-16 surrogate'],
  ])('%s in a department → FORMAT', (_name, department, message) => {
    expect(validateCaseInput({ ...base, department })).toEqual({
      ok: false,
      errors: [{ path: '$.department', field: 'department', code: 'FORMAT', message }],
    });
  });

  it('counts characters, not UTF-16 units: 100 emoji fit, 101 do not', () => {
    expect(validateCaseInput({ ...base, department: '🏥'.repeat(100) }).ok).toBe(true);
    const r = validateCaseInput({ ...base, department: '🏥'.repeat(101) });
    expect(r.ok ? null : r.errors[0].code).toBe('TOO_LONG');
  });
});

describe('huge fields', () => {
  it('a 5 MB claim id is refused quickly with a short message', () => {
    const started = Date.now();
    const r = validateCaseInput({ ...base, claimId: 'x'.repeat(5_000_000), department: 'y'.repeat(5_000_000) });
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: '$.claimId', field: 'claimId', code: 'TOO_LONG', message: 'claimId is longer than 64 characters' },
        {
          path: '$.department',
          field: 'department',
          code: 'TOO_LONG',
          message: 'department is longer than 100 characters',
        },
      ],
    });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a JSON upload with a huge field parses and is refused by validation', () => {
    const text = JSON.stringify([{ ...base, patientId: 'p'.repeat(1_000_000) }]);
    const parsed = parseJsonCases(text);
    if (!parsed.ok) throw new Error('expected the JSON to parse');
    const r = validateCaseBatch(parsed.value.items.map((i) => i.value));
    expect(r.errors).toEqual([
      {
        path: '$[0].patientId',
        field: 'patientId',
        code: 'TOO_LONG',
        message: 'patientId is longer than 64 characters',
      },
    ]);
  });
});

describe('dates and ages', () => {
  it.each([
    ['2026-02-30', 'FORMAT'],
    ['2026-13-01', 'FORMAT'],
    ['2026-00-10', 'FORMAT'],
    ['2026-1-5', 'FORMAT'],
    ['20260105', 'FORMAT'],
    ['2026-01-05T25:00', 'FORMAT'],
    ['2026-01-05T10:60', 'FORMAT'],
    ['2026-01-05T10:30:61', 'FORMAT'],
    ['0000-01-01', 'RANGE'],
    ['1799-12-31', 'RANGE'],
  ])('admission %s → %s', (admissionAt, code) => {
    const r = validateCaseInput({ ...base, admissionAt });
    expect(r.ok ? [] : r.errors.map((e) => [e.field, e.code])).toEqual([['admissionAt', code]]);
  });

  it('a negative age (born after admission) → RANGE on birthDate', () => {
    const r = validateCaseInput({ ...base, birthDate: '2026-03-02' });
    expect(r.ok ? null : r.errors).toEqual([
      { path: '$.birthDate', field: 'birthDate', code: 'RANGE', message: 'birthDate is after the admission date' },
    ]);
  });

  it('a date given as a number or a Date-like object → TYPE', () => {
    const r = validateCaseInput({ ...base, birthDate: 19800101, admissionAt: { $date: '2026-03-01' } });
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['TYPE', 'TYPE']);
  });
});

describe('wrong encodings', () => {
  it('Windows-1251 bytes → ENCODING with the line of the first bad byte', () => {
    // "F1,C1\nF1,Кардио": the Cyrillic letters as Windows-1251 single bytes (0xCA 0xE0 …).
    const bytes = Uint8Array.from([...Buffer.from('F1,C1\nF1,'), 0xca, 0xe0, 0xf0, 0xe4, 0xe8, 0xee]);
    expect(decodeUtf8(bytes, 'cases.csv')).toEqual({
      ok: false,
      errors: [
        {
          path: 'cases.csv:2',
          field: '',
          code: 'ENCODING',
          message: 'byte 9 is not valid UTF-8; save the file as UTF-8 (not Windows-1251, Latin-1…)',
          line: 2,
        },
      ],
    });
  });

  it('UTF-16 (byte order mark) → ENCODING', () => {
    const r = decodeUtf8(Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), 'cases.json');
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: 'cases.json:1',
          field: '',
          code: 'ENCODING',
          message: 'the file is UTF-16 (byte order mark found); save it as UTF-8',
          line: 1,
        },
      ],
    });
  });

  it.each([
    ['a truncated sequence', [0x41, 0xd0], 1],
    ['an overlong slash', [0x41, 0xc0, 0xaf], 1],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a stray continuation byte', [0x41, 0x42, 0x80], 2],
  ])('%s → ENCODING at the right byte', (_name, bytes, at) => {
    const r = decodeUtf8(Uint8Array.from(bytes));
    expect(r.ok ? null : r.errors[0].message).toBe(
      `byte ${at} is not valid UTF-8; save the file as UTF-8 (not Windows-1251, Latin-1…)`,
    );
  });

  it('valid UTF-8 (Cyrillic, Uzbek Latin, emoji) decodes, and a leading BOM is dropped', () => {
    const text = 'Кардиология; bo‘lim; 🏥';
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(text)]))).toEqual({ ok: true, value: text });
  });

  it('agrees with a strict TextDecoder on arbitrary bytes (property)', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        if (bytes[0] === 0xff || bytes[0] === 0xfe) return; // UTF-16 marks are refused on purpose
        let expected: string | null;
        try {
          expected = strict.decode(bytes);
        } catch {
          expected = null;
        }
        const r = decodeUtf8(bytes);
        expect(r.ok ? r.value : null).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('anything at all', () => {
  it('validateCaseInput never throws and every error carries a known code (property)', () => {
    const arbitraryCase = fc.record(
      Object.fromEntries(
        Object.keys(base).map((k) => [k, fc.oneof(fc.constant((base as Record<string, unknown>)[k]), fc.anything())]),
      ),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(arbitraryCase, fc.anything()), (input) => {
        const r = validateCaseInput(input);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(IntakeErrorCodes).toContain(e.code);
        }
      }),
      { numRuns: 500 },
    );
  });
});
