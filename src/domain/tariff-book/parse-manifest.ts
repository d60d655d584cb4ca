// manifest.json: the book's identity, validity and the options that are not tables.
// Required: code, version, effectiveFrom, currency; everything else has a documented default.
import { type Dec, dec } from '../money/decimal';
import { DEFAULT_ROUNDING, ROUNDING_MODES, type RoundingPoints } from '../money/rounding';
import { isValidDate } from '../cases/dates';
import type { BookIssueCode, IssueSink } from './book-issues';
import { lineOfIndex } from './csv-table';
import type { PricingOptions, TariffBookManifest } from './model';

export const MANIFEST_FILE = 'manifest.json';

type Json = Record<string, unknown>;

const TOP_LEVEL = [
  'code',
  'version',
  'name',
  'effectiveFrom',
  'effectiveTo',
  'currency',
  'illustrative',
  'rounding',
  'pricing',
  'grouping',
  'edits',
  'capitation',
];
const SHORT_STAY_METHODS: readonly PricingOptions['shortStayMethod'][] = ['per-day-deduction', 'share'];
const SPECIAL_BASES: readonly PricingOptions['specialBase'][] = ['base', 'base-weight'];
const ROUNDING_POINTS: readonly RoundingPoints[] = ['each-step', 'end'];
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY_RE = /^[A-Z]{3}$/;

/** Parses and checks manifest.json; undefined when any problem was found. */
export function parseManifest(text: string, sink: IssueSink): TariffBookManifest | undefined {
  const before = sink.count;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const r = new ManifestReader(sink);
  if (body.includes('\uFFFD')) {
    r.issue(
      undefined,
      'INVALID_ENCODING',
      'the file is not valid UTF-8 text',
      lineOfIndex(body, body.indexOf('\uFFFD')),
    );
    return undefined;
  }
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    r.issue(undefined, 'INVALID_JSON', `not valid JSON: ${message}`, at ? lineOfIndex(body, Number(at[1])) : undefined);
    return undefined;
  }
  if (!isObject(root)) {
    r.issue(undefined, 'INVALID_JSON', 'the manifest must be a JSON object');
    return undefined;
  }
  r.unknownKeys(root, '', TOP_LEVEL);

  const code = r.requiredString(root, 'code');
  const version = r.requiredString(root, 'version');
  const name = r.optionalString(root, 'name') ?? code ?? '';
  const effectiveFrom = r.date(root, 'effectiveFrom', true);
  const effectiveTo = r.date(root, 'effectiveTo', false);
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom) {
    r.issue('effectiveTo', 'INVALID_RANGE', `effectiveTo ${effectiveTo} is before effectiveFrom ${effectiveFrom}`);
  }
  const currency = r.requiredString(root, 'currency');
  if (currency !== undefined && !CURRENCY_RE.test(currency)) {
    r.issue('currency', 'INVALID_VALUE', `"${currency}" is not a three-letter currency code such as UZS`);
  }
  const illustrative = r.bool(root, 'illustrative', '', false);

  const rounding = r.section(root, 'rounding', ['mode', 'scale', 'points']);
  const pricing = r.section(root, 'pricing', [
    'shortStayMethod',
    'shortStayShare',
    'coefficientShare',
    'specialBase',
    'transferPerDiem',
    'deathFirstDayShare',
    'sameDayShare',
  ]);
  const grouping = r.section(root, 'grouping', ['sameFamilyRemoval', 'recodeSexCategory', 'recodeSexProperties']);
  const edits = r.section(root, 'edits', ['maxInpatientLosDays', 'maxDayCareLosDays', 'maxAgeYears']);
  const capitation = r.section(root, 'capitation', ['annualBase', 'withholdShare']);

  const manifest: TariffBookManifest = {
    code: code ?? '',
    version: version ?? '',
    name,
    effectiveFrom: effectiveFrom ?? '',
    ...(effectiveTo !== undefined && { effectiveTo }),
    currency: currency ?? '',
    illustrative,
    rounding: {
      mode: r.oneOf(rounding, 'mode', 'rounding.', ROUNDING_MODES, DEFAULT_ROUNDING.mode),
      scale: r.integer(rounding, 'scale', 'rounding.', DEFAULT_ROUNDING.scale, 0, 8),
      points: r.oneOf(rounding, 'points', 'rounding.', ROUNDING_POINTS, DEFAULT_ROUNDING.points),
    },
    pricing: {
      shortStayMethod: r.oneOf(pricing, 'shortStayMethod', 'pricing.', SHORT_STAY_METHODS, 'per-day-deduction'),
      shortStayShare: r.share(pricing, 'shortStayShare', 'pricing.', '0.5'),
      coefficientShare: r.share(pricing, 'coefficientShare', 'pricing.', '1'),
      specialBase: r.oneOf(pricing, 'specialBase', 'pricing.', SPECIAL_BASES, 'base'),
      transferPerDiem: r.bool(pricing, 'transferPerDiem', 'pricing.', true),
      deathFirstDayShare: r.share(pricing, 'deathFirstDayShare', 'pricing.', '0.5'),
      sameDayShare: r.share(pricing, 'sameDayShare', 'pricing.', '0.3'),
    },
    grouping: {
      sameFamilyRemoval: r.bool(grouping, 'sameFamilyRemoval', 'grouping.', true),
      recodeSexCategory: r.bool(grouping, 'recodeSexCategory', 'grouping.', true),
      recodeSexProperties: r.bool(grouping, 'recodeSexProperties', 'grouping.', false),
    },
    edits: {
      maxInpatientLosDays: r.integer(edits, 'maxInpatientLosDays', 'edits.', 365, 0),
      maxDayCareLosDays: r.integer(edits, 'maxDayCareLosDays', 'edits.', 0, 0),
      maxAgeYears: r.integer(edits, 'maxAgeYears', 'edits.', 125, 0),
    },
    capitation: {
      annualBase: r.decimal(capitation, 'annualBase', 'capitation.', '0'),
      withholdShare: r.share(capitation, 'withholdShare', 'capitation.', '0'),
    },
  };
  return sink.count === before ? manifest : undefined;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

class ManifestReader {
  constructor(private readonly sink: IssueSink) {}

  issue(path: string | undefined, code: BookIssueCode, message: string, line?: number): void {
    this.sink.add({
      file: MANIFEST_FILE,
      ...(line !== undefined && { line }),
      ...(path !== undefined && { column: path }),
      code,
      message,
    });
  }

  unknownKeys(obj: Json, prefix: string, known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        this.issue(prefix + key, 'UNKNOWN_FIELD', `unknown field "${prefix + key}" (known: ${known.join(', ')})`);
      }
    }
  }

  /** An optional sub-object; absent or null means "all defaults". */
  section(root: Json, key: string, known: readonly string[]): Json {
    const v = root[key];
    if (v === undefined || v === null) return {};
    if (!isObject(v)) {
      this.issue(key, 'INVALID_VALUE', `${key} must be an object, got ${typeName(v)}`);
      return {};
    }
    this.unknownKeys(v, key + '.', known);
    return v;
  }

  requiredString(obj: Json, key: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null || v === '') {
      this.issue(key, 'REQUIRED', `${key} is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.issue(key, 'INVALID_VALUE', `${key} must be a non-empty string, got ${typeName(v)}`);
      return undefined;
    }
    return v.trim();
  }

  optionalString(obj: Json, key: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.issue(key, 'INVALID_VALUE', `${key} must be a string, got ${typeName(v)}`);
      return undefined;
    }
    return v.trim() === '' ? undefined : v.trim();
  }

  date(obj: Json, key: string, required: boolean): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.issue(key, 'REQUIRED', `${key} is required`);
      return undefined;
    }
    if (typeof v !== 'string' || !ISO_DATE_RE.test(v) || !isValidDate(v)) {
      this.issue(key, 'INVALID_DATE', `${JSON.stringify(v)} is not a calendar date in the form YYYY-MM-DD`);
      return undefined;
    }
    return v;
  }

  bool(obj: Json, key: string, prefix: string, fallback: boolean): boolean {
    const v = obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.issue(prefix + key, 'INVALID_BOOLEAN', `${prefix + key} must be true or false, got ${JSON.stringify(v)}`);
      return fallback;
    }
    return v;
  }

  oneOf<T extends string>(obj: Json, key: string, prefix: string, allowed: readonly T[], fallback: T): T {
    const v = obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.issue(prefix + key, 'INVALID_VALUE', `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return v as T;
  }

  integer(obj: Json, key: string, prefix: string, fallback: number, min: number, max?: number): number {
    const v = obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      this.issue(prefix + key, 'INVALID_INTEGER', `${prefix + key} must be a whole number, got ${JSON.stringify(v)}`);
      return fallback;
    }
    if (v < min || (max !== undefined && v > max)) {
      const range = max === undefined ? `at least ${min}` : `${min}..${max}`;
      this.issue(prefix + key, 'OUT_OF_RANGE', `${prefix + key} must be ${range}, got ${v}`);
      return fallback;
    }
    return v;
  }

  /**
   * Decimals are written as strings ("0.316") so no float ever holds them; a whole JSON number
   * (1, 420000) is exact and accepted too. Never negative.
   */
  decimal(obj: Json, key: string, prefix: string, fallback: string): Dec {
    const v = obj[key];
    if (v === undefined || v === null) return dec(fallback);
    const path = prefix + key;
    if (typeof v === 'number' && !Number.isSafeInteger(v)) {
      this.issue(path, 'INVALID_DECIMAL', `${path} must be a decimal string such as "${v}", not a JSON number`);
      return dec(fallback);
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.issue(path, 'INVALID_DECIMAL', `${path} must be a decimal string, got ${typeName(v)}`);
      return dec(fallback);
    }
    let d: Dec;
    try {
      d = dec(v, path);
    } catch {
      this.issue(path, 'INVALID_DECIMAL', `${JSON.stringify(v)} is not a decimal number`);
      return dec(fallback);
    }
    if (d.isNegative() && !d.isZero()) {
      this.issue(path, 'OUT_OF_RANGE', `${path} must not be negative, got ${v}`);
      return dec(fallback);
    }
    return d;
  }

  /** A decimal between 0 and 1. */
  share(obj: Json, key: string, prefix: string, fallback: string): Dec {
    const before = this.sink.count;
    const d = this.decimal(obj, key, prefix, fallback);
    if (this.sink.count === before && d.greaterThan(1)) {
      this.issue(
        prefix + key,
        'OUT_OF_RANGE',
        `${prefix + key} is a share and must be between 0 and 1, got ${obj[key]}`,
      );
      return dec(fallback);
    }
    return d;
  }
}
