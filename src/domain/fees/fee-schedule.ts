import { pickEffective } from '../pricer/effective-dated';
import type { FeeScheduleEntry, TariffBook } from '../tariff-book/model';

const indexByBook = new WeakMap<TariffBook, Map<string, FeeScheduleEntry[]>>();

/** The fee schedule entry for a service code valid on the date (the latest that took effect). */
export function findFee(book: TariffBook, serviceCode: string, date: string): FeeScheduleEntry | undefined {
  const entries = feeIndex(book).get(serviceCode);
  return entries && pickEffective(entries, date);
}

export function isKnownService(book: TariffBook, serviceCode: string): boolean {
  return feeIndex(book).has(serviceCode);
}

function feeIndex(book: TariffBook): Map<string, FeeScheduleEntry[]> {
  let index = indexByBook.get(book);
  if (!index) {
    index = new Map();
    for (const fee of book.fees) {
      const list = index.get(fee.serviceCode) ?? [];
      list.push(fee);
      index.set(fee.serviceCode, list);
    }
    indexByBook.set(book, index);
  }
  return index;
}
