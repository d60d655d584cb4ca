import { isValidDate } from '../cases/dates';
import { ZERO, type Dec } from '../money/decimal';
import { roundMoney } from '../money/rounding';
import type { FeeScheduleEntry, TariffBook, TelemedicineMode } from '../tariff-book/model';
import { findFee, isKnownService } from './fee-schedule';
import { LicenceIndex, type Licence } from './licence';
import { FeeReturnCodes, type FeeReason, type FeeReturnCode } from './return-codes';

/** One fee-for-service or telemedicine service as a facility reports it. */
export interface ServiceRecord {
  facilityId: string;
  /** The facility's own id of the service; with facilityId, unique. */
  serviceId: string;
  serviceCode: string;
  /** Service date YYYY-MM-DD. */
  date: string;
  /** Pseudonymous patient id. */
  patientId: string;
  /** Number of services (default 1); for monthly fees the number of readings, which does not change the fee. */
  quantity?: number;
}

export type FeeLineStatus = 'paid' | 'included' | 'rejected';

export interface FeeLine {
  facilityId: string;
  serviceId: string;
  serviceCode: string;
  patientId: string;
  date: string;
  quantity: number;
  /** paid; included (a monthly fee for this patient and month is paid on another line); rejected. */
  status: FeeLineStatus;
  returnCode: FeeReturnCode;
  reason: FeeReason;
  message?: string;
  mode?: TelemedicineMode;
  unit?: FeeScheduleEntry['unit'];
  unitAmount?: Dec;
  amount: Dec;
  /** Fee schedule row used, e.g. `fee-schedule.csv:TM-VIDEO:2026-01-01`. */
  src?: string;
  /** Licence that allowed a telemedicine line, e.g. `licence:F001:video:2026-01-01`. */
  licence?: string;
}

export interface FacilityFeeTotal {
  facilityId: string;
  amount: Dec;
  paid: number;
  included: number;
  rejected: number;
}

export interface FeePricingResult {
  /** One line per service record, in input order. */
  lines: FeeLine[];
  /** Per facility, sorted by facility id. */
  totals: FacilityFeeTotal[];
  total: Dec;
}

/**
 * Prices fee-for-service and telemedicine records. A telemedicine service is paid only when the
 * facility holds a licence for its mode valid on the service date (never otherwise: T01). A monthly
 * fee (unit patient-month, remote monitoring) is paid once per (facility, patient, month) however
 * many readings were sent: the earliest record of the month (then the smallest service id) carries
 * the fee, the others are `included` at zero, so the choice does not depend on input order.
 */
export function priceServices(
  book: TariffBook,
  services: Iterable<ServiceRecord>,
  licences: Iterable<Licence>,
): FeePricingResult {
  const licenceIndex = new LicenceIndex(licences);
  const lines: FeeLine[] = [];
  const seen = new Set<string>();
  // (facility, patient, month) → the accepted monthly line that carries the fee so far.
  const monthly = new Map<string, FeeLine>();

  for (const s of services) {
    const line = priceOne(book, s, licenceIndex, seen);
    lines.push(line);
    if (line.status === 'paid' && line.unit === 'patient-month') {
      const key = `${s.facilityId}|${s.patientId}|${line.date.slice(0, 7)}`;
      const holder = monthly.get(key);
      if (!holder) monthly.set(key, line);
      else if (comesFirst(line, holder)) {
        include(holder);
        monthly.set(key, line);
      } else include(line);
    }
  }
  return { lines, totals: totalsOf(lines), total: lines.reduce((sum, l) => sum.plus(l.amount), ZERO) };
}

function priceOne(book: TariffBook, s: ServiceRecord, licences: LicenceIndex, seen: Set<string>): FeeLine {
  const quantity = s.quantity ?? 1;
  const line: FeeLine = {
    facilityId: s.facilityId,
    serviceId: s.serviceId,
    serviceCode: s.serviceCode,
    patientId: s.patientId,
    date: s.date,
    quantity,
    status: 'rejected',
    returnCode: FeeReturnCodes.OK,
    reason: 'PAID',
    amount: ZERO,
  };
  const reject = (reason: Exclude<keyof typeof FeeReturnCodes, 'OK'>, message: string): FeeLine =>
    Object.assign(line, { status: 'rejected', returnCode: FeeReturnCodes[reason], reason, message, amount: ZERO });

  const missing = (['facilityId', 'serviceId', 'serviceCode', 'patientId'] as const).filter(
    (f) => !s[f] || !String(s[f]).trim(),
  );
  if (missing.length > 0) return reject('MISSING_FIELD', `missing ${missing.join(', ')}`);
  if (typeof s.date !== 'string' || s.date.length !== 10 || !isValidDate(s.date)) {
    return reject('INVALID_DATE', `service date "${s.date}" is not a YYYY-MM-DD date`);
  }
  if (!Number.isSafeInteger(quantity) || quantity < 1)
    return reject('INVALID_QUANTITY', `quantity ${quantity} is not a whole number >= 1`);
  const id = `${s.facilityId}|${s.serviceId}`;
  if (seen.has(id))
    return reject('DUPLICATE_SERVICE', `service ${s.serviceId} of ${s.facilityId} was already submitted`);
  seen.add(id);

  const fee = findFee(book, s.serviceCode, s.date);
  if (!fee) {
    return reject(
      'UNKNOWN_SERVICE',
      isKnownService(book, s.serviceCode)
        ? `service ${s.serviceCode} has no fee valid on ${s.date}`
        : `service ${s.serviceCode} is not in the fee schedule`,
    );
  }
  Object.assign(line, {
    mode: fee.mode,
    unit: fee.unit,
    unitAmount: fee.amount,
    src: `fee-schedule.csv:${fee.serviceCode}:${fee.validFrom ?? ''}`,
  });
  if (fee.mode) {
    const licence = licences.find(s.facilityId, fee.mode, s.date);
    if (!licence) return reject('NO_LICENCE', `${s.facilityId} holds no ${fee.mode} licence valid on ${s.date}`);
    line.licence = `licence:${licence.facilityId}:${licence.mode}:${licence.validFrom}`;
  }
  // A monthly fee is one fee whatever the number of readings; a per-service fee counts each service.
  const amount = fee.unit === 'patient-month' ? fee.amount : fee.amount.times(quantity);
  return Object.assign(line, { status: 'paid', amount: roundMoney(amount, book.manifest.rounding) });
}

function include(line: FeeLine): void {
  Object.assign(line, {
    status: 'included',
    reason: 'MONTHLY_FEE_ALREADY_PAID',
    amount: ZERO,
    message: 'monthly fee paid on another line',
  });
}

function comesFirst(a: FeeLine, b: FeeLine): boolean {
  return a.date < b.date || (a.date === b.date && a.serviceId < b.serviceId);
}

function totalsOf(lines: readonly FeeLine[]): FacilityFeeTotal[] {
  const byFacility = new Map<string, FacilityFeeTotal>();
  for (const l of lines) {
    let t = byFacility.get(l.facilityId);
    if (!t) {
      t = { facilityId: l.facilityId, amount: ZERO, paid: 0, included: 0, rejected: 0 };
      byFacility.set(l.facilityId, t);
    }
    t.amount = t.amount.plus(l.amount);
    t[l.status]++;
  }
  return [...byFacility.values()].sort((a, b) =>
    a.facilityId < b.facilityId ? -1 : a.facilityId > b.facilityId ? 1 : 0,
  );
}
