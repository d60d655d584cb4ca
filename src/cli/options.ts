// Option value parsers: a bad value is a commander error with a clear message, before any work.
import { InvalidArgumentError } from 'commander';
import { parseMonth } from '../domain/generator/calendar';

export function wholeNumber(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('expected a whole number >= 0.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = wholeNumber(value);
  if (n === 0) throw new InvalidArgumentError('expected a whole number > 0.');
  return n;
}

export function share(value: string): number {
  // A probability for the generator, not money: a JS number is right here.
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(value)) throw new InvalidArgumentError('expected a share between 0 and 1.');
  return Number(value);
}

export function month(value: string): string {
  try {
    return parseMonth(value).text;
  } catch {
    throw new InvalidArgumentError('expected a month as YYYY-MM.');
  }
}

export function recordFormat(value: string): 'csv' | 'jsonl' {
  if (value !== 'csv' && value !== 'jsonl') throw new InvalidArgumentError('expected csv or jsonl.');
  return value;
}
