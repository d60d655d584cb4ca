// A strict JSON reader for untrusted uploads. JSON.parse is fast but keeps the last of duplicate keys
// silently, reports positions only as a message string, and turns a `__proto__` key into a prototype
// when the result is copied naively. This reader follows RFC 8259, refuses duplicate keys, bounds the
// nesting depth and says where (line, column, JSON path) the text went wrong.
import type { IntakeError, IntakeErrorCode, IntakeResult } from './intake-error';
import { childField, pathOf } from './json-path';

export interface StrictJsonOptions {
  /** Deepest nesting of arrays and objects accepted (default 64). */
  maxDepth?: number;
  /** When the top level is an array: the most items accepted (default unbounded). */
  maxTopLevelItems?: number;
}

export interface StrictJsonValue {
  value: unknown;
  /** For a top-level array: the 1-based line where each item starts. */
  itemLines: number[];
}

class JsonFailure {
  constructor(
    readonly code: IntakeErrorCode,
    readonly message: string,
    readonly pos: number,
    readonly field: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseStrictJson(text: string, options: StrictJsonOptions = {}): IntakeResult<StrictJsonValue> {
  const reader = new Reader(text, options.maxDepth ?? 64, options.maxTopLevelItems ?? Infinity);
  try {
    const value = reader.document();
    if (reader.duplicates.length > 0) return { ok: false, errors: reader.duplicates.map((d) => reader.toError(d)) };
    return { ok: true, value: { value, itemLines: reader.itemLines() } };
  } catch (e) {
    if (!(e instanceof JsonFailure)) throw e;
    // Duplicate keys met before the fatal error are worth reporting too.
    return { ok: false, errors: [...reader.duplicates, e].map((f) => reader.toError(f)) };
  }
}

class Reader {
  pos = 0;
  readonly duplicates: JsonFailure[] = [];
  private readonly itemStarts: number[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly maxItems: number,
  ) {}

  document(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1; // a UTF-8 byte order mark decoded as text
    this.ws();
    if (this.pos >= this.text.length) this.fail('SYNTAX', 'the text is empty; expected JSON', '');
    const value = this.value('', 0);
    this.ws();
    if (this.pos < this.text.length) this.fail('SYNTAX', `unexpected ${this.describe()} after the JSON value`, '');
    return value;
  }

  toError(f: JsonFailure): IntakeError {
    const { line, column } = this.position(f.pos);
    // `field` is relative to the record, like a validation error's: `[2].procedures` → `procedures`.
    const field = f.field.replace(/^\[\d+\]\.?/, '');
    return { path: pathOf('$', f.field), field, code: f.code, message: f.message, line, column };
  }

  itemLines(): number[] {
    const lines: number[] = [];
    let line = 1;
    let at = 0;
    for (const start of this.itemStarts) {
      for (; at < start; at++) if (this.text.charCodeAt(at) === 10) line++;
      lines.push(line);
    }
    return lines;
  }

  private position(pos: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < pos && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: pos - lineStart + 1 };
  }

  private fail(code: IntakeErrorCode, message: string, field: string, pos = this.pos): never {
    throw new JsonFailure(code, message, pos, field);
  }

  private describe(): string {
    if (this.pos >= this.text.length) return 'the end of the text (truncated?)';
    const cp = this.text.codePointAt(this.pos)!;
    return `character ${JSON.stringify(String.fromCodePoint(cp))}`;
  }

  private ws(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else return;
    }
  }

  private value(field: string, depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === 123) return this.object(field, depth + 1);
    if (c === 91) return this.array(field, depth + 1);
    if (c === 34) return this.string(field);
    if (c === 45 || (c >= 48 && c <= 57)) return this.number(field);
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    if (this.pos >= this.text.length)
      this.fail('SYNTAX', 'the text ends in the middle of the JSON (truncated?)', field);
    return this.fail('SYNTAX', `unexpected ${this.describe()}; expected a JSON value`, field);
  }

  private enter(field: string, depth: number): void {
    if (depth > this.maxDepth) this.fail('TOO_LONG', `nested deeper than ${this.maxDepth} levels`, field);
    this.pos++;
    this.ws();
  }

  private object(field: string, depth: number): Record<string, unknown> {
    this.enter(field, depth);
    const obj: Record<string, unknown> = {};
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return obj;
    }
    for (;;) {
      const keyPos = this.pos;
      if (this.text.charCodeAt(this.pos) !== 34) {
        this.fail('SYNTAX', `expected a key in double quotes, found ${this.describe()}`, field);
      }
      const key = this.string(field);
      const child = childField(field, key);
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 58)
        this.fail('SYNTAX', `expected ":" after a key, found ${this.describe()}`, child);
      this.pos++;
      this.ws();
      const v = this.value(child, depth);
      if (Object.hasOwn(obj, key)) {
        this.duplicates.push(new JsonFailure('DUPLICATE', 'the same key appears twice in one object', keyPos, child));
      } else if (key === '__proto__') {
        // A plain assignment would replace the prototype; define it as the ordinary key it is.
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
      } else {
        obj[key] = v;
      }
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === 125) {
        this.pos++;
        return obj;
      }
      if (c !== 44) this.fail('SYNTAX', `expected "," or "}" in an object, found ${this.describe()}`, field);
      this.pos++;
      this.ws();
      if (this.text.charCodeAt(this.pos) === 125) this.fail('SYNTAX', 'trailing comma before "}"', field);
    }
  }

  private array(field: string, depth: number): unknown[] {
    this.enter(field, depth);
    const arr: unknown[] = [];
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return arr;
    }
    for (;;) {
      if (depth === 1) {
        if (arr.length >= this.maxItems) this.fail('TOO_LONG', `more than ${this.maxItems} items`, '');
        this.itemStarts.push(this.pos);
      }
      arr.push(this.value(`${field}[${arr.length}]`, depth));
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === 93) {
        this.pos++;
        return arr;
      }
      if (c !== 44) this.fail('SYNTAX', `expected "," or "]" in an array, found ${this.describe()}`, field);
      this.pos++;
      this.ws();
      if (this.text.charCodeAt(this.pos) === 93) this.fail('SYNTAX', 'trailing comma before "]"', field);
    }
  }

  private string(field: string): string {
    const t = this.text;
    const start = this.pos;
    let out = '';
    let chunk = ++this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('SYNTAX', 'a string is not closed (truncated?)', field, start);
      const c = t.charCodeAt(this.pos);
      if (c === 34) break;
      if (c < 32) this.fail('SYNTAX', 'control character inside a string; escape it (\\n, \\t, \\u0000…)', field);
      if (c !== 92) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      const e = t[this.pos + 1];
      if (e === 'u') {
        const hex = t.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('SYNTAX', 'invalid \\u escape; expected four hex digits', field);
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        this.pos += 2;
      } else {
        this.fail('SYNTAX', 'invalid escape in a string', field);
      }
      chunk = this.pos;
    }
    out += t.slice(chunk, this.pos);
    this.pos++;
    return out;
  }

  private number(field: string): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail('SYNTAX', `invalid number starting with ${this.describe()}`, field);
    const n = Number(m[0]);
    if (!Number.isFinite(n)) this.fail('RANGE', 'number is too large', field);
    this.pos += m[0].length;
    return n;
  }
}
