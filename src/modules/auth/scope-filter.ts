import { isNationwide, type Actor } from './actor';
import type { SqlParams } from './sql-params';

/** Columns (qualified, e.g. `c.district_code`) a scoped query filters on. */
export interface ScopeColumns {
  district: string;
  /** Absent for rows that belong to a district but no facility (districts, regions via districts). */
  facility?: string;
}

/**
 * The SQL condition limiting rows to what the actor may see, for EVERY repository query: TRUE for the
 * nationwide roles (admin, planner, auditor); otherwise rows of the actor's districts or facilities.
 * An actor with no scope sees nothing (FALSE): a scope that is missing never means "everywhere".
 * Filters a request adds (district=…, an id in the path) are ANDed with it, so they can only narrow.
 */
export function scopeFilter(actor: Actor, columns: ScopeColumns, params: SqlParams): string {
  if (isNationwide(actor)) return 'TRUE';
  const parts: string[] = [];
  if (actor.districtCodes.length > 0) {
    parts.push(`${columns.district} = ANY(${params.add(actor.districtCodes)}::text[])`);
  }
  if (actor.facilityIds.length > 0) {
    const ids = params.add(actor.facilityIds);
    parts.push(
      columns.facility
        ? `${columns.facility} = ANY(${ids}::text[])`
        : `${columns.district} IN (SELECT sf.district_code FROM facilities sf WHERE sf.id = ANY(${ids}::text[]))`,
    );
  }
  return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
}
