// Telemedicine and fee-for-service services of the month. Facilities are picked without looking at
// their licences, so services by unlicensed facilities (or with an expired licence) turn up too.
import type { TariffBook, TelemedicineMode } from '../tariff-book/model';
import { DayFormatter, parseMonth } from './calendar';
import type { PilotDistrict } from './district';
import { Rng } from './prng';

export interface ServiceRecord {
  facilityId: string;
  /** The facility's own service id (unique per facility). */
  serviceId: string;
  patientId: string;
  serviceCode: string;
  /** Telemedicine mode, or null for ordinary fee-for-service. */
  mode: TelemedicineMode | null;
  /** ISO date; for monthly fees (remote monitoring) the last day of the month. */
  serviceDate: string;
  quantity: number;
}

export interface ServiceGeneratorOptions {
  book: TariffBook;
  district: PilotDistrict;
  month: string;
  count: number;
}

export function* generateServices(seed: number, opts: ServiceGeneratorOptions): Generator<ServiceRecord> {
  const month = parseMonth(opts.month);
  const days = new DayFormatter();
  const first = days.format(month.firstDay);
  const last = days.format(month.lastDay);
  const fees = opts.book.fees.filter(
    (f) => (!f.validFrom || f.validFrom <= last) && (!f.validTo || f.validTo >= first),
  );
  const facilities = opts.district.facilities;
  if (fees.length === 0 || facilities.length === 0) return;
  const rng = new Rng(seed, 'services');
  const prefix = `S${month.text.replace('-', '')}-`;
  const serial = facilities.map(() => 0);
  for (let i = 0; i < opts.count; i++) {
    const fee = rng.pick(fees);
    const f = rng.int(facilities.length);
    const monthly = fee.unit === 'patient-month';
    yield {
      facilityId: facilities[f].id,
      serviceId: prefix + ++serial[f],
      patientId: 'P' + rng.hex8() + rng.hex4(),
      serviceCode: fee.serviceCode,
      mode: fee.mode ?? null,
      serviceDate: monthly ? last : days.format(month.firstDay + rng.int(month.days)),
      quantity: monthly ? 1 : 1 + (rng.chance(0.1) ? rng.int(3) : 0),
    };
  }
}
