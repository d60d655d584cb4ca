// The JSON intake: one case object or an array of cases, read strictly (see strict-json.ts). Validating
// the cases is a separate step (validateCaseBatch), so a caller can report both kinds of error alike.
import type { IntakeResult } from './intake-error';
import { parseStrictJson } from './strict-json';
import { isPlainObject } from './json-path';

export interface JsonCaseItem {
  /** `$` for a single object, `$[i]` for an array item. */
  path: string;
  /** 1-based line where the item starts in the text. */
  line: number;
  value: unknown;
}

export interface JsonCases {
  shape: 'object' | 'array';
  items: JsonCaseItem[];
}

export interface JsonCasesOptions {
  /** Most cases accepted in one document (default 10,000). */
  maxCases?: number;
}

export const DEFAULT_MAX_JSON_CASES = 10_000;

/**
 * Reads the text of a JSON upload. Malformed JSON (truncated, trailing commas, single quotes, duplicate
 * keys…) gives SYNTAX/DUPLICATE errors with line and column; a top level that is neither an object nor an
 * array gives TYPE; an empty array gives REQUIRED. Items are returned unvalidated.
 */
export function parseJsonCases(text: string, options: JsonCasesOptions = {}): IntakeResult<JsonCases> {
  const maxCases = options.maxCases ?? DEFAULT_MAX_JSON_CASES;
  const parsed = parseStrictJson(text, { maxTopLevelItems: maxCases });
  if (!parsed.ok) return parsed;
  const { value, itemLines } = parsed.value;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return { ok: false, errors: [{ path: '$', field: '', code: 'REQUIRED', message: 'the array holds no cases' }] };
    }
    const items = value.map((v, i) => ({ path: `$[${i}]`, line: itemLines[i], value: v }));
    return { ok: true, value: { shape: 'array', items } };
  }
  if (isPlainObject(value)) {
    return { ok: true, value: { shape: 'object', items: [{ path: '$', line: firstLine(text), value }] } };
  }
  const message = 'expected a case object or an array of case objects';
  return { ok: false, errors: [{ path: '$', field: '', code: 'TYPE', message, line: firstLine(text), column: 1 }] };
}

/** Line of the first non-blank character (a document may start with empty lines). */
function firstLine(text: string): number {
  const lead = /^[\ufeff\s]*/.exec(text)![0];
  return 1 + (lead.match(/\n/g)?.length ?? 0);
}
