import type { Sex } from '../cases/case';
import { ageInYears, isValidDate } from '../cases/dates';
import type { CapitationBand, TariffBook } from '../tariff-book/model';
import { CapitationError, CapitationErrorCodes } from './capitation-error';

/** The first band (book order) whose sex and inclusive age range match; `*` matches any sex, U only `*`. */
export function findBand(bands: readonly CapitationBand[], ageYears: number, sex: Sex): CapitationBand | undefined {
  for (const band of bands) {
    if (band.sex !== '*' && band.sex !== sex) continue;
    if (ageYears >= band.ageFrom && ageYears <= band.ageTo) return band;
  }
  return undefined;
}

/**
 * The band of an enrolled person at the register snapshot: age in completed years on the snapshot
 * date. Undefined when the birth date is not a real date, lies after the snapshot, or no band fits.
 */
export function assignBand(
  book: TariffBook,
  birthDate: string,
  sex: Sex,
  snapshotDate: string,
): CapitationBand | undefined {
  if (!isValidDate(birthDate) || birthDate.slice(0, 10) > snapshotDate.slice(0, 10)) return undefined;
  return findBand(book.capitationBands, ageInYears(birthDate, snapshotDate), sex);
}

export function requireSnapshotDate(snapshotDate: string): void {
  if (!isValidDate(snapshotDate) || snapshotDate.length !== 10) {
    throw new CapitationError(
      CapitationErrorCodes.INVALID_DATE,
      `snapshot date "${snapshotDate}" is not a YYYY-MM-DD date`,
    );
  }
}
