// Reading untrusted FHIR JSON: every accessor tolerates any shape and returns undefined when it does not fit.
import { isPlainObject, own } from '../json-path';

export type Json = Record<string, unknown>;

export function obj(v: unknown): Json | undefined {
  return isPlainObject(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function get(o: Json | undefined, key: string): unknown {
  return o ? own(o, key) : undefined;
}

/** The first coding of a CodeableConcept with this system (any system when omitted), and its index. */
export function findCoding(concept: unknown, system?: string): { index: number; code: unknown } | undefined {
  const codings = arr(get(obj(concept), 'coding'));
  for (let index = 0; index < codings.length; index++) {
    const c = obj(codings[index]);
    if (c && (system === undefined || own(c, 'system') === system)) return { index, code: own(c, 'code') };
  }
  return undefined;
}

export function hasCoding(concept: unknown, system: string, code: string): boolean {
  return arr(get(obj(concept), 'coding')).some((c) => {
    const o = obj(c);
    return o !== undefined && own(o, 'system') === system && own(o, 'code') === code;
  });
}

/** `Organization/abc`, `https://host/fhir/Organization/abc` or `…/Organization/abc/_history/2` → `abc`. */
export function referencedId(reference: unknown, resourceType: string): string | undefined {
  const s = str(reference);
  if (s === undefined || s.length > 1000) return undefined;
  const m = new RegExp(`(?:^|/)${resourceType}/([^/]+)(?:/_history/[^/]+)?$`).exec(s);
  return m ? m[1] : undefined;
}

/** A positive integer `sequence`, as FHIR positiveInt. */
export function sequenceOf(entry: Json): number | undefined {
  const s = own(entry, 'sequence');
  return typeof s === 'number' && Number.isInteger(s) && s >= 1 ? s : undefined;
}
