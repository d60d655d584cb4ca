import fc from 'fast-check';
import { parseJsonCases } from './parse-json-cases';
import { parseStrictJson } from './strict-json';

describe('parseJsonCases', () => {
  it('reads one object as a single case at $', () => {
    expect(parseJsonCases('\n\n  {"claimId": "A1"}\n')).toEqual({
      ok: true,
      value: { shape: 'object', items: [{ path: '$', line: 3, value: { claimId: 'A1' } }] },
    });
  });

  it('reads an array, with the line where each case starts', () => {
    const text = '[\n  {"claimId": "A1"},\n  {\n    "claimId": "A2"\n  }\n]';
    expect(parseJsonCases(text)).toEqual({
      ok: true,
      value: {
        shape: 'array',
        items: [
          { path: '$[0]', line: 2, value: { claimId: 'A1' } },
          { path: '$[1]', line: 3, value: { claimId: 'A2' } },
        ],
      },
    });
  });

  it('drops a UTF-8 byte order mark', () => {
    const r = parseJsonCases('\ufeff{"a": 1}');
    expect(r.ok && r.value.items[0].value).toEqual({ a: 1 });
  });

  it('refuses a top level that is not a case, an empty array and too many cases', () => {
    expect(parseJsonCases('42')).toEqual({
      ok: false,
      errors: [
        {
          path: '$',
          field: '',
          code: 'TYPE',
          message: 'expected a case object or an array of case objects',
          line: 1,
          column: 1,
        },
      ],
    });
    expect(parseJsonCases('[]')).toEqual({
      ok: false,
      errors: [{ path: '$', field: '', code: 'REQUIRED', message: 'the array holds no cases' }],
    });
    expect(parseJsonCases('[{}, {}, {}]', { maxCases: 2 })).toEqual({
      ok: false,
      errors: [{ path: '$', field: '', code: 'TOO_LONG', message: 'more than 2 items', line: 1, column: 10 }],
    });
  });
});

describe('parseJsonCases: malformed JSON gives line, column and path', () => {
  const cases: [string, string, object][] = [
    [
      'truncated inside an object',
      '[{"claimId": "A1"},\n {"claimId": "A2", "sex":',
      {
        path: '$[1].sex',
        field: 'sex',
        message: 'the text ends in the middle of the JSON (truncated?)',
        line: 2,
        column: 26,
      },
    ],
    [
      'truncated inside a string',
      '{"claimId": "A1',
      { path: '$.claimId', field: 'claimId', message: 'a string is not closed (truncated?)', line: 1, column: 13 },
    ],
    [
      'truncated after a value',
      '[{"claimId": "A1"}',
      {
        path: '$',
        field: '',
        message: 'expected "," or "]" in an array, found the end of the text (truncated?)',
        line: 1,
        column: 19,
      },
    ],
    [
      'single quotes',
      "{'claimId': 'A1'}",
      { path: '$', field: '', message: 'expected a key in double quotes, found character "\'"', line: 1, column: 2 },
    ],
    [
      'a trailing comma',
      '{"claimId": "A1",\n}',
      { path: '$', field: '', message: 'trailing comma before "}"', line: 2, column: 1 },
    ],
    [
      'a raw line break inside a string',
      '{"department": "Cardio\nlogy"}',
      {
        path: '$.department',
        field: 'department',
        message: 'control character inside a string; escape it (\\n, \\t, \\u0000…)',
        line: 1,
        column: 23,
      },
    ],
    [
      'a leading zero',
      '{"birthWeightGrams": 01870}',
      { path: '$', field: '', message: 'expected "," or "}" in an object, found character "1"', line: 1, column: 23 },
    ],
    [
      'NaN',
      '{"birthWeightGrams": NaN}',
      {
        path: '$.birthWeightGrams',
        field: 'birthWeightGrams',
        message: 'unexpected character "N"; expected a JSON value',
        line: 1,
        column: 22,
      },
    ],
    [
      'text after the value',
      '{} {}',
      { path: '$', field: '', message: 'unexpected character "{" after the JSON value', line: 1, column: 4 },
    ],
    [
      'an empty text',
      '  \n',
      { path: '$', field: '', message: 'the text is empty; expected JSON', line: 2, column: 1 },
    ],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(parseJsonCases(text)).toEqual({ ok: false, errors: [{ code: 'SYNTAX', ...expected }] });
  });

  it('refuses duplicate keys (JSON.parse would keep the last one silently)', () => {
    const text = '[{"claimId": "A1"},\n {"claimId": "A2", "sex": "F", "claimId": "A3"}]';
    expect(parseJsonCases(text)).toEqual({
      ok: false,
      errors: [
        {
          path: '$[1].claimId',
          field: 'claimId',
          code: 'DUPLICATE',
          message: 'the same key appears twice in one object',
          line: 2,
          column: 32,
        },
      ],
    });
  });

  it('reports duplicate keys met before a fatal error as well', () => {
    const r = parseJsonCases('{"a": 1, "a": 2, "b": ');
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.path])).toEqual([
      ['DUPLICATE', '$.a'],
      ['SYNTAX', '$.b'],
    ]);
  });

  it('bounds the nesting depth', () => {
    expect(parseJsonCases('['.repeat(100))).toEqual({
      ok: false,
      errors: [
        {
          path: `$${'[0]'.repeat(64)}`,
          field:
            '[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]',
          code: 'TOO_LONG',
          message: 'nested deeper than 64 levels',
          line: 1,
          column: 65,
        },
      ],
    });
  });

  it('refuses numbers too large for a double', () => {
    const r = parseJsonCases('{"birthWeightGrams": 1e400}');
    expect(r.ok ? null : r.errors[0]).toEqual({
      path: '$.birthWeightGrams',
      field: 'birthWeightGrams',
      code: 'RANGE',
      message: 'number is too large',
      line: 1,
      column: 22,
    });
  });
});

describe('parseStrictJson', () => {
  it('decodes every escape and keeps a __proto__ key as plain data', () => {
    const r = parseStrictJson(
      '{"s": "a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00", "__proto__": {"polluted": true}}',
    );
    expect(r.ok).toBe(true);
    const v = (r.ok ? r.value.value : {}) as Record<string, unknown>;
    expect(v.s).toBe('a"b\\c/d\b\f\n\r\té😀');
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['s', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with JSON.parse on every valid document (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 1);
        const r = parseStrictJson(text);
        expect(r.ok && r.value.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, and refuses whatever JSON.parse refuses (property)', () => {
    // Text built from JSON's own punctuation reaches far more parser states than random characters.
    const jsonish = fc
      .array(fc.constantFrom(...'{}[]":,0123456789-+.eE truefalsn\\u\n\u00e9'.split('')), { maxLength: 60 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(jsonish, (text) => {
        const r = parseStrictJson(text);
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        if (!valid) expect(r.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses every truncation of a valid document (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.nat(), (v, cut) => {
        const text = JSON.stringify([v, { end: true }]);
        const r = parseStrictJson(text.slice(0, cut % text.length));
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
