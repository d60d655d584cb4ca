// FHIR Money.value is a JSON number. Hisob's amounts are decimal strings (from decimal.js), so the
// conversion happens here, at the last step before serialisation, and only when it is exact: the number
// must print back as the same decimal, which holds for every 2-decimal amount of up to 15 significant digits.
import type { FhirMoney } from './fhir-types';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Strips what does not change a decimal's value: leading zeros, trailing fraction zeros, a negative zero sign. */
function canonical(s: string): string {
  const negative = s.startsWith('-');
  let [int, frac = ''] = (negative ? s.slice(1) : s).split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

/** The JSON number for a decimal string; throws when the string is not a plain decimal or would not survive exactly. */
export function decimalToJsonNumber(amount: string): number {
  if (!DECIMAL.test(amount)) throw new RangeError(`not a decimal amount: ${JSON.stringify(amount.slice(0, 40))}`);
  const n = Number(amount);
  if (canonical(String(n)) !== canonical(amount)) {
    throw new RangeError(`amount ${amount} cannot be written exactly as a JSON number`);
  }
  return n === 0 ? 0 : n; // never -0
}

export function money(amount: string, currency: string): FhirMoney {
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  return { value: decimalToJsonNumber(amount), currency };
}
