import { isValidDate } from '../cases/dates';
import { isValidOn } from '../pricer/effective-dated';
import { TELEMEDICINE_MODES, type TelemedicineMode } from '../tariff-book/model';

/** A facility's licence for one telemedicine mode (from the facility registry). Dates inclusive. */
export interface Licence {
  facilityId: string;
  mode: TelemedicineMode;
  validFrom: string;
  validTo?: string;
}

export class LicenceInputError extends Error {
  readonly code = 'INVALID_LICENCE';
  constructor(message: string) {
    super(message);
    this.name = 'LicenceInputError';
  }
}

/** Licences indexed by facility and mode; a malformed licence is refused up front, not silently ignored. */
export class LicenceIndex {
  private readonly byKey = new Map<string, Licence[]>();

  constructor(licences: Iterable<Licence>) {
    for (const l of licences) {
      if (!TELEMEDICINE_MODES.includes(l.mode)) {
        throw new LicenceInputError(
          `licence of ${l.facilityId}: unknown mode "${l.mode}" (known: ${TELEMEDICINE_MODES.join(', ')})`,
        );
      }
      if (!isValidDate(l.validFrom) || (l.validTo !== undefined && !isValidDate(l.validTo))) {
        throw new LicenceInputError(
          `licence of ${l.facilityId} for ${l.mode}: validity ${l.validFrom}…${l.validTo ?? ''} is not a date range`,
        );
      }
      const key = `${l.facilityId}|${l.mode}`;
      const list = this.byKey.get(key) ?? [];
      list.push(l);
      this.byKey.set(key, list);
    }
  }

  /** The licence that covers the facility for the mode on the date, if any. */
  find(facilityId: string, mode: TelemedicineMode, date: string): Licence | undefined {
    return this.byKey.get(`${facilityId}|${mode}`)?.find((l) => isValidOn(l, date));
  }
}
