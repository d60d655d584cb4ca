// Building the paths that intake errors carry. Keys come from untrusted input, so they are quoted when
// they are not plain names and cut short when huge: a path must stay readable and small.

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_KEY_IN_PATH = 64;

/** `parent.key` or `parent["odd key"]`, relative to a record (parent may be empty). */
export function childField(parent: string, key: string): string {
  if (PLAIN_KEY.test(key) && key.length <= MAX_KEY_IN_PATH) return parent ? `${parent}.${key}` : key;
  const shown = key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
  return `${parent}[${JSON.stringify(shown)}]`;
}

export function indexField(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * The full path of a field under a record's base path. A JSON base (`$`, `$[3]`) is extended by the field;
 * any other base (a CSV caller's `file.csv:12`) already names the record and stays as it is.
 */
export function pathOf(base: string, field: string): string {
  if (!base.startsWith('$') || field === '') return base;
  return field.startsWith('[') ? `${base}${field}` : `${base}.${field}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property only: a key on the prototype chain is never input. */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
