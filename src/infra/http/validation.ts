// Request validation with class-validator, reported in the common error body: every problem with its
// path (`query.month`, `params.id`, `$[3].districtCode`), field, code and message, all at once.
import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ValidationFailedException, type ErrorDetail } from './api-exception';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor will do
type Class<T = unknown> = new (...args: any[]) => T;

const PRIMITIVES: readonly unknown[] = [String, Number, Boolean, Array, Object];

/** class-validator constraint → the error codes intake uses (REQUIRED, TYPE, FORMAT, ENUM, RANGE…). */
const CODES: Record<string, string> = {
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  arrayNotEmpty: 'REQUIRED',
  whitelistValidation: 'UNKNOWN_FIELD',
  unknownValue: 'TYPE',
  isIn: 'ENUM',
  isEnum: 'ENUM',
  isInt: 'TYPE',
  isString: 'TYPE',
  isBoolean: 'TYPE',
  isArray: 'TYPE',
  isObject: 'TYPE',
  nestedValidation: 'TYPE',
  min: 'RANGE',
  max: 'RANGE',
  arrayMaxSize: 'RANGE',
  arrayMinSize: 'RANGE',
  maxLength: 'TOO_LONG',
  minLength: 'REQUIRED',
  matches: 'FORMAT',
  isIsoDate: 'FORMAT',
  isYearMonth: 'FORMAT',
  isPositiveDecimalString: 'FORMAT',
  isUuid: 'FORMAT',
};

/**
 * Validates a plain value into an instance of `cls`. Unknown properties are errors (a misspelt filter
 * must not be ignored silently). `base` is the path prefix: `$`, `query` or `params`.
 */
export function validateInto<T extends object>(cls: Class<T>, value: unknown, base: string): T {
  const details = checkInto(cls, value, base);
  if (details.errors.length > 0) throw new ValidationFailedException(details.errors);
  return details.instance as T;
}

function checkInto<T extends object>(
  cls: Class<T>,
  value: unknown,
  base: string,
): { instance?: T; errors: ErrorDetail[] } {
  if (value === undefined || value === null) {
    const what = base === '$' ? 'a JSON body' : 'a value';
    return { errors: [{ path: base, field: '', code: 'REQUIRED', message: `${what} is required` }] };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { errors: [{ path: base, field: '', code: 'TYPE', message: `expected an object, got ${kind(value)}` }] };
  }
  const instance = plainToInstance(cls, value) as T;
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  // Unknown fields last: the problems with the fields that were meant come first.
  const details = flatten(errors, base, '');
  return {
    instance,
    errors: [
      ...details.filter((d) => d.code !== 'UNKNOWN_FIELD'),
      ...details.filter((d) => d.code === 'UNKNOWN_FIELD'),
    ],
  };
}

/** Validates a JSON array whose every item must be a `cls` (`$[i].field` paths). */
export function validateArrayInto<T extends object>(cls: Class<T>, value: unknown, maxItems: number): T[] {
  if (!Array.isArray(value)) {
    throw new ValidationFailedException([
      { path: '$', field: '', code: 'TYPE', message: `expected a JSON array, got ${kind(value)}` },
    ]);
  }
  if (value.length === 0) {
    throw new ValidationFailedException([{ path: '$', field: '', code: 'REQUIRED', message: 'the array is empty' }]);
  }
  if (value.length > maxItems) {
    const message = `at most ${maxItems} items per request, got ${value.length}`;
    throw new ValidationFailedException([{ path: '$', field: '', code: 'RANGE', message }]);
  }
  const items: T[] = [];
  const errors: ErrorDetail[] = [];
  value.forEach((item, i) => {
    const r = checkInto(cls, item, `$[${i}]`);
    errors.push(...r.errors);
    if (r.instance) items.push(r.instance);
  });
  if (errors.length > 0) throw new ValidationFailedException(errors);
  return items;
}

function flatten(errors: readonly ValidationError[], base: string, parentField: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = joinField(parentField, e.property);
    const constraints = Object.entries(e.constraints ?? {});
    // A missing value fails every check, and so does one of the wrong type: the first reason is enough.
    const required = constraints.filter(([name]) => name === 'isDefined');
    const wrongType = constraints.filter(([name]) => CODES[name] === 'TYPE');
    const shown = required.length > 0 ? required : wrongType.length > 0 ? wrongType : constraints;
    for (const [name, message] of shown) {
      // Children carry the real problem; the parent's "nested property must be…" would only repeat it.
      if (name === 'nestedValidation' && e.children && e.children.length > 0) continue;
      out.push({
        path: joinPath(base, field),
        field,
        code: CODES[name] ?? 'INVALID',
        message: tidy(message, name, e.property),
      });
    }
    if (e.children && e.children.length > 0) out.push(...flatten(e.children, base, field));
  }
  return out;
}

function joinField(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

function joinPath(base: string, field: string): string {
  if (field === '') return base;
  return field.startsWith('[') ? `${base}${field}` : `${base}.${field}`;
}

function tidy(message: string, constraint: string, property: string): string {
  if (constraint === 'whitelistValidation') return `unknown field ${property}`;
  return message;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The global pipe: a DTO class on @Query(), @Param() or @Body() is validated (and transformed, so
 * `?page=2` arrives as the number 2); other parameters pass through untouched.
 */
@Injectable()
export class ApiValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const cls = metadata.metatype as Class<object> | undefined;
    if (!cls || PRIMITIVES.includes(cls) || metadata.type === 'custom') return value;
    const base = metadata.type === 'query' ? 'query' : metadata.type === 'param' ? 'params' : '$';
    if (metadata.data) {
      // A single named parameter (@Query('x')) with a class type makes no sense here; pass it on.
      return value;
    }
    return validateInto(cls, value, base);
  }
}
