// Turns validated cases into staged rows, refusing what the database would not take or the actor may
// not file: an unknown or inactive facility, a facility outside the actor's scope, and a claim that
// appears twice in one import (every occurrence is refused, as validateCaseBatch does: the batch does
// not say which version is meant). Shared by the CSV, JSON and FHIR paths.
import type { CaseRecord } from '../../../domain/cases/case';
import type { ImportRowError, RowErrorCollector } from '../../../infra/import/import-errors';
import { isNationwide, type Actor } from '../../auth/actor';
import type { FacilityDirectory } from '../intake-sql/facility-directory';
import type { CaseSegment } from './case-segment';
import { addToSegment } from './case-version-row';
import { ClaimKeySet } from './claim-key-set';

/** Where a row sits, for its errors. */
export interface RowPlace {
  file: string;
  line?: number;
  path: string;
}

export interface CaseStagerOptions {
  facilities: FacilityDirectory;
  actor: Actor;
  errors: RowErrorCollector;
  /** Field name in errors: camelCase for JSON, the CSV column for CSV. */
  fieldName: (field: string) => string;
  /** Where row `rowNo` is. */
  placeOf: (rowNo: number) => RowPlace;
  /** What an import is called in messages ("file", "batch"). */
  batchNoun: string;
}

export class CaseStager {
  /** Rows staged so far (refuseDuplicates takes the repeated claims out again). */
  staged = 0;
  private readonly seen = new ClaimKeySet();
  private readonly repeats = new Map<string, number[]>();
  private readonly nationwide: boolean;
  private readonly scopeDistricts: ReadonlySet<string>;
  private readonly scopeFacilities: ReadonlySet<string>;

  constructor(private readonly o: CaseStagerOptions) {
    this.nationwide = isNationwide(o.actor);
    this.scopeDistricts = new Set(o.actor.districtCodes);
    this.scopeFacilities = new Set(o.actor.facilityIds);
  }

  /** Adds a validated case to the segment; false when it is refused (its errors are recorded). */
  stage(record: CaseRecord, rowNo: number, segment: CaseSegment): boolean {
    const facility = this.o.facilities.get(record.facilityId);
    if (facility === undefined || !facility.active) {
      const message = facility
        ? `facility ${record.facilityId} is inactive and cannot file cases`
        : `facility ${record.facilityId} is not in the facility registry`;
      this.refuse(rowNo, 'facilityId', facility ? 'FACILITY_INACTIVE' : 'FACILITY_UNKNOWN', message);
      return false;
    }
    if (
      !this.nationwide &&
      !this.scopeFacilities.has(record.facilityId) &&
      !this.scopeDistricts.has(facility.districtCode)
    ) {
      const message = `facility ${record.facilityId} (district ${facility.districtCode}) is outside your scope`;
      this.refuse(rowNo, 'facilityId', 'OUT_OF_SCOPE', message);
      return false;
    }
    const first = this.seen.addOrGet(record.facilityId, record.claimId, rowNo);
    if (first !== undefined) {
      // Ids cannot contain NUL (intake charset), so the joined key is unambiguous.
      const key = `${record.facilityId}\u0000${record.claimId}`;
      const repeats = this.repeats.get(key);
      if (repeats) repeats.push(rowNo);
      else this.repeats.set(key, [first, rowNo]);
      return false;
    }
    this.staged++;
    addToSegment(segment, rowNo, facility.districtCode, record);
    return true;
  }

  /**
   * Refuses every occurrence of each repeated claim and returns the row numbers that were staged
   * (the first occurrences), which the caller takes back out of the database.
   */
  refuseDuplicates(): number[] {
    const stagedFirsts: number[] = [];
    for (const [key, rows] of this.repeats) {
      const [facilityId, claimId] = key.split('\u0000');
      const where =
        rows
          .slice(0, 5)
          .map((r) => this.o.placeOf(r).path)
          .join(', ') + (rows.length > 5 ? ', …' : '');
      const message = `claim ${claimId} of facility ${facilityId} appears ${rows.length} times in this ${this.o.batchNoun} (${where})`;
      for (const r of rows) this.refuse(r, 'claimId', 'DUPLICATE', message);
      stagedFirsts.push(rows[0]);
      this.staged--;
    }
    this.repeats.clear();
    return stagedFirsts;
  }

  /** Distinct claims seen twice or more. */
  get duplicateClaims(): number {
    return this.repeats.size;
  }

  private refuse(rowNo: number, field: string, code: string, message: string): void {
    const place = this.o.placeOf(rowNo);
    const error: ImportRowError = { ...place, field: this.o.fieldName(field), code, message };
    if (place.path.startsWith('$')) error.path = `${place.path}.${field}`;
    this.o.errors.reject(rowNo, [error]);
  }
}
