import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { FacilityContext } from '../../domain/cases/case';
import { dec } from '../../domain/money/decimal';
import { withAuditActor } from '../../infra/database/audit-actor';
import { ValidationFailedException } from '../../infra/http/api-exception';
import { fetchPage, pageWindow, type Page } from '../../infra/http/pagination';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { scopeFilter } from '../auth/scope-filter';
import { SqlParams } from '../auth/sql-params';
import type { FacilityInputDto, FacilityListQueryDto, FacilityView } from './dto/facility.dto';
import type { UpsertReport } from './dto/geography.dto';
import type { LicenceInputDto, LicenceListQueryDto, LicenceView } from './dto/licence.dto';
import { refuseRepeats } from './geography.repository';
import { ReferenceException, ReferenceExceptionCode } from './reference.exception';

interface FacilityRow {
  id: string;
  name: string;
  level: FacilityView['level'];
  type: FacilityView['type'];
  district_code: string;
  region_code: string;
  management_coefficient: string | null;
  capitation_adjustments: string[];
  pilot_start_date: string | null;
  active: boolean;
}

interface LicenceRow {
  id: string;
  facility_id: string;
  kind: LicenceView['kind'];
  telemedicine_mode: LicenceView['telemedicineMode'];
  category: string | null;
  number: string;
  issued_by: string | null;
  valid_from: string;
  valid_to: string | null;
  revoked_at: Date | null;
}

/** A facility as pricing needs it, with the district that scopes its cases. */
export interface ScopedFacility {
  id: string;
  districtCode: string;
  context: FacilityContext;
}

const FACILITY_COLUMNS = `f.id, f.name, f.level, f.type, f.district_code, d.region_code, f.management_coefficient,
  f.capitation_adjustments, f.pilot_start_date, f.active`;
const FACILITY_FROM = 'facilities f JOIN districts d ON d.code = f.district_code';

/** Facilities and their licences, always filtered by the actor's scope. */
@Injectable()
export class FacilitiesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async list(actor: Actor, q: FacilityListQueryDto): Promise<Page<FacilityView>> {
    const p = new SqlParams();
    const where = [scopeFilter(actor, { district: 'f.district_code', facility: 'f.id' }, p)];
    if (q.district !== undefined) where.push(`f.district_code = ${p.add(q.district)}`);
    if (q.region !== undefined) where.push(`d.region_code = ${p.add(q.region)}`);
    if (q.level !== undefined) where.push(`f.level = ${p.add(q.level)}`);
    if (q.type !== undefined) where.push(`f.type = ${p.add(q.type)}`);
    return fetchPage<FacilityRow, FacilityView>(
      this.db,
      { select: FACILITY_COLUMNS, from: `${FACILITY_FROM} WHERE ${where.join(' AND ')}`, orderBy: 'f.id' },
      p.values,
      pageWindow(q),
      facilityView,
    );
  }

  /** The facility, or undefined when it does not exist or lies outside the actor's scope. */
  async find(actor: Actor, id: string): Promise<FacilityView | undefined> {
    const p = new SqlParams();
    const scope = scopeFilter(actor, { district: 'f.district_code', facility: 'f.id' }, p);
    const rows: FacilityRow[] = await this.db.query(
      `SELECT ${FACILITY_COLUMNS} FROM ${FACILITY_FROM} WHERE f.id = ${p.add(id)} AND ${scope}`,
      p.values,
    );
    return rows[0] ? facilityView(rows[0]) : undefined;
  }

  /** 404 for a facility the actor may not see, exactly as for one that does not exist. */
  async get(actor: Actor, id: string): Promise<FacilityView> {
    const found = await this.find(actor, id);
    if (!found) throw new ReferenceException(ReferenceExceptionCode.FACILITY_NOT_FOUND, `no facility ${id}`);
    return found;
  }

  /** Of `ids`, the facilities the actor may act for, with what pricing needs. */
  async inScope(actor: Actor, ids: readonly string[]): Promise<Map<string, ScopedFacility>> {
    const out = new Map<string, ScopedFacility>();
    if (ids.length === 0) return out;
    const p = new SqlParams();
    const idList = p.add([...new Set(ids)]);
    const scope = scopeFilter(actor, { district: 'f.district_code', facility: 'f.id' }, p);
    const rows: FacilityRow[] = await this.db.query(
      `SELECT ${FACILITY_COLUMNS} FROM ${FACILITY_FROM} WHERE f.id = ANY(${idList}::text[]) AND ${scope}`,
      p.values,
    );
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        districtCode: r.district_code,
        context: {
          id: r.id,
          level: r.level,
          region: r.region_code,
          ...(r.management_coefficient !== null ? { managementCoefficient: normalise(r.management_coefficient) } : {}),
        },
      });
    }
    return out;
  }

  async licences(actor: Actor, facilityId: string, q: LicenceListQueryDto): Promise<Page<LicenceView>> {
    await this.get(actor, facilityId);
    const p = new SqlParams();
    const where = [
      `l.facility_id = ${p.add(facilityId)}`,
      scopeFilter(actor, { district: 'f.district_code', facility: 'f.id' }, p),
    ];
    if (q.kind !== undefined) where.push(`l.kind = ${p.add(q.kind)}`);
    if (q.validOn !== undefined) {
      const on = p.add(q.validOn);
      where.push(`l.valid_from <= ${on}::date AND (l.valid_to IS NULL OR l.valid_to >= ${on}::date)`);
      where.push(`(l.revoked_at IS NULL OR l.revoked_at > ${on}::date)`);
    }
    return fetchPage<LicenceRow, LicenceView>(
      this.db,
      {
        select:
          'l.id, l.facility_id, l.kind, l.telemedicine_mode, l.category, l.number, l.issued_by, l.valid_from, l.valid_to, l.revoked_at',
        from: `facility_licences l JOIN facilities f ON f.id = l.facility_id WHERE ${where.join(' AND ')}`,
        orderBy: 'l.valid_from, l.kind, l.number, l.id',
      },
      p.values,
      pageWindow(q),
      licenceView,
    );
  }

  async upsert(items: FacilityInputDto[], actor: Actor): Promise<UpsertReport> {
    refuseRepeats(
      items.map((i) => i.id),
      'id',
    );
    return this.db.transaction(async (tx) => {
      await withAuditActor(tx, actor.username);
      const districts: { code: string }[] = await tx.query(`SELECT code FROM districts WHERE code = ANY($1::text[])`, [
        items.map((i) => i.districtCode),
      ]);
      const known = new Set(districts.map((d) => d.code));
      const details = items.flatMap((f, i) =>
        known.has(f.districtCode)
          ? []
          : [
              {
                path: `$[${i}].districtCode`,
                field: 'districtCode',
                code: 'UNKNOWN_REFERENCE',
                message: `no district ${f.districtCode}`,
              },
            ],
      );
      if (details.length > 0)
        throw new ReferenceException(ReferenceExceptionCode.UNKNOWN_REFERENCE, details[0].message, details);
      let created = 0;
      for (const f of items) {
        const rows: { inserted: boolean }[] = await tx.query(
          `INSERT INTO facilities (id, name, level, type, district_code, management_coefficient, capitation_adjustments,
                                   pilot_start_date, active)
           VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, type = EXCLUDED.type,
             district_code = EXCLUDED.district_code, management_coefficient = EXCLUDED.management_coefficient,
             capitation_adjustments = EXCLUDED.capitation_adjustments, pilot_start_date = EXCLUDED.pilot_start_date,
             active = EXCLUDED.active, updated_at = now()
           RETURNING (xmax = 0) AS inserted`,
          [
            f.id,
            f.name,
            f.level,
            f.type,
            f.districtCode,
            f.managementCoefficient ?? null,
            f.capitationAdjustments ?? [],
            f.pilotStartDate ?? null,
            f.active ?? true,
          ],
        );
        if (rows[0].inserted) created++;
      }
      return { created, updated: items.length - created };
    });
  }

  async addLicences(items: LicenceInputDto[], actor: Actor): Promise<{ created: number; ids: string[] }> {
    const details = items.flatMap((l, i) =>
      l.validTo && l.validTo < l.validFrom
        ? [
            {
              path: `$[${i}].validTo`,
              field: 'validTo',
              code: 'RANGE',
              message: `validTo ${l.validTo} is before validFrom ${l.validFrom}`,
            },
          ]
        : [],
    );
    if (details.length > 0) throw new ValidationFailedException(details);
    return this.db.transaction(async (tx) => {
      await withAuditActor(tx, actor.username);
      const found: { id: string }[] = await tx.query(`SELECT id FROM facilities WHERE id = ANY($1::text[])`, [
        items.map((i) => i.facilityId),
      ]);
      const known = new Set(found.map((f) => f.id));
      const missing = items.flatMap((l, i) =>
        known.has(l.facilityId)
          ? []
          : [
              {
                path: `$[${i}].facilityId`,
                field: 'facilityId',
                code: 'UNKNOWN_REFERENCE',
                message: `no facility ${l.facilityId}`,
              },
            ],
      );
      if (missing.length > 0)
        throw new ReferenceException(ReferenceExceptionCode.UNKNOWN_REFERENCE, missing[0].message, missing);
      const ids: string[] = [];
      for (const l of items) {
        const rows: { id: string }[] = await tx.query(
          `INSERT INTO facility_licences (facility_id, kind, telemedicine_mode, category, number, issued_by, valid_from, valid_to)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            l.facilityId,
            l.kind,
            l.kind === 'telemedicine' ? l.telemedicineMode : null,
            l.category ?? null,
            l.number,
            l.issuedBy ?? null,
            l.validFrom,
            l.validTo ?? null,
          ],
        );
        ids.push(rows[0].id);
      }
      return { created: ids.length, ids };
    });
  }
}

function facilityView(r: FacilityRow): FacilityView {
  return {
    id: r.id,
    name: r.name,
    level: r.level,
    type: r.type,
    districtCode: r.district_code,
    regionCode: r.region_code,
    managementCoefficient: r.management_coefficient === null ? null : normalise(r.management_coefficient),
    capitationAdjustments: r.capitation_adjustments,
    pilotStartDate: r.pilot_start_date,
    active: r.active,
  };
}

function licenceView(r: LicenceRow): LicenceView {
  return {
    id: r.id,
    facilityId: r.facility_id,
    kind: r.kind,
    telemedicineMode: r.telemedicine_mode,
    category: r.category,
    number: r.number,
    issuedBy: r.issued_by,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
  };
}

/** numeric(12,4) reads back as "1.0500"; the API shows "1.05". */
function normalise(decimal: string): string {
  return dec(decimal).toFixed();
}
