import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { withAuditActor } from '../../infra/database/audit-actor';
import { ValidationFailedException } from '../../infra/http/api-exception';
import { fetchPage, pageWindow, type Page, type PageQueryDto } from '../../infra/http/pagination';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { scopeFilter } from '../auth/scope-filter';
import { SqlParams } from '../auth/sql-params';
import type { DistrictInputDto, DistrictView, RegionInputDto, RegionView, UpsertReport } from './dto/geography.dto';
import { ReferenceException, ReferenceExceptionCode } from './reference.exception';

interface RegionRow {
  code: string;
  name_uz: string;
  name_ru: string;
  name_en: string;
  region_code?: string;
}

/** Regions and districts; a scoped actor sees only those their districts or facilities lie in. */
@Injectable()
export class GeographyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async listRegions(actor: Actor, q: PageQueryDto): Promise<Page<RegionView>> {
    const p = new SqlParams();
    const scope = scopeFilter(actor, { district: 'd.code' }, p);
    const where =
      scope === 'TRUE' ? 'TRUE' : `EXISTS (SELECT 1 FROM districts d WHERE d.region_code = r.code AND ${scope})`;
    return fetchPage<RegionRow, RegionView>(
      this.db,
      { select: 'r.code, r.name_uz, r.name_ru, r.name_en', from: `regions r WHERE ${where}`, orderBy: 'r.code' },
      p.values,
      pageWindow(q),
      regionView,
    );
  }

  async listDistricts(actor: Actor, q: PageQueryDto & { region?: string }): Promise<Page<DistrictView>> {
    const p = new SqlParams();
    const where = [scopeFilter(actor, { district: 'd.code' }, p)];
    if (q.region !== undefined) where.push(`d.region_code = ${p.add(q.region)}`);
    return fetchPage<RegionRow, DistrictView>(
      this.db,
      {
        select: 'd.code, d.region_code, d.name_uz, d.name_ru, d.name_en',
        from: `districts d WHERE ${where.join(' AND ')}`,
        orderBy: 'd.code',
      },
      p.values,
      pageWindow(q),
      (r) => ({ ...regionView(r), regionCode: r.region_code as string }),
    );
  }

  async upsertRegions(items: RegionInputDto[], actor: Actor): Promise<UpsertReport> {
    refuseRepeats(
      items.map((i) => i.code),
      'code',
    );
    return this.db.transaction(async (tx) => {
      await withAuditActor(tx, actor.username);
      let created = 0;
      for (const r of items) {
        const rows: { inserted: boolean }[] = await tx.query(
          `INSERT INTO regions (code, name_uz, name_ru, name_en) VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO UPDATE SET name_uz = EXCLUDED.name_uz, name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en
           RETURNING (xmax = 0) AS inserted`,
          [r.code, r.nameUz, r.nameRu, r.nameEn],
        );
        if (rows[0].inserted) created++;
      }
      return { created, updated: items.length - created };
    });
  }

  async upsertDistricts(items: DistrictInputDto[], actor: Actor): Promise<UpsertReport> {
    refuseRepeats(
      items.map((i) => i.code),
      'code',
    );
    return this.db.transaction(async (tx) => {
      await withAuditActor(tx, actor.username);
      const regions: { code: string }[] = await tx.query(`SELECT code FROM regions WHERE code = ANY($1::text[])`, [
        items.map((i) => i.regionCode),
      ]);
      const known = new Set(regions.map((r) => r.code));
      const details = items.flatMap((d, i) =>
        known.has(d.regionCode)
          ? []
          : [
              {
                path: `$[${i}].regionCode`,
                field: 'regionCode',
                code: 'UNKNOWN_REFERENCE',
                message: `no region ${d.regionCode}`,
              },
            ],
      );
      if (details.length > 0) {
        throw new ReferenceException(ReferenceExceptionCode.UNKNOWN_REFERENCE, `${details[0].message}`, details);
      }
      let created = 0;
      for (const d of items) {
        const rows: { inserted: boolean }[] = await tx.query(
          `INSERT INTO districts (code, region_code, name_uz, name_ru, name_en) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (code) DO UPDATE SET region_code = EXCLUDED.region_code, name_uz = EXCLUDED.name_uz,
             name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en
           RETURNING (xmax = 0) AS inserted`,
          [d.code, d.regionCode, d.nameUz, d.nameRu, d.nameEn],
        );
        if (rows[0].inserted) created++;
      }
      return { created, updated: items.length - created };
    });
  }
}

function regionView(r: RegionRow): RegionView {
  return { code: r.code, nameUz: r.name_uz, nameRu: r.name_ru, nameEn: r.name_en };
}

/** The same key twice in one request: which one is meant? Refused rather than last-one-wins. */
export function refuseRepeats(keys: readonly string[], field: string): void {
  const seen = new Map<string, number>();
  const details = keys.flatMap((k, i) => {
    const first = seen.get(k);
    if (first === undefined) {
      seen.set(k, i);
      return [];
    }
    return [
      { path: `$[${i}].${field}`, field, code: 'DUPLICATE', message: `${field} ${k} already appears at $[${first}]` },
    ];
  });
  if (details.length > 0) throw new ValidationFailedException(details);
}
