import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { scopeFilter } from '../auth/scope-filter';
import { SqlParams } from '../auth/sql-params';
import { foldIntoBands } from './age-bands';
import type { EnrolmentSummary, EnrolmentSummaryQueryDto } from './dto/enrolment-summary.dto';

/** The enrolment register, read through the actor's scope (a facility outside it counts nobody). */
@Injectable()
export class EnrolmentRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async summary(actor: Actor, q: EnrolmentSummaryQueryDto): Promise<EnrolmentSummary> {
    const p = new SqlParams();
    const snap = p.add(q.snapshot);
    const where = [
      `e.enrolled_from <= ${snap}::date`,
      `(e.enrolled_to IS NULL OR e.enrolled_to >= ${snap}::date)`,
      `e.birth_date <= ${snap}::date`,
      scopeFilter(actor, { district: 'f.district_code', facility: 'f.id' }, p),
    ];
    if (q.facility !== undefined) where.push(`e.facility_id = ${p.add(q.facility)}`);
    if (q.district !== undefined) where.push(`f.district_code = ${p.add(q.district)}`);
    const rows: { sex: 'M' | 'F' | 'U'; age: number; n: string }[] = await this.db.query(
      `SELECT e.sex, date_part('year', age(${snap}::date, e.birth_date))::int AS age, count(*)::bigint AS n
         FROM enrolments e JOIN facilities f ON f.id = e.facility_id
        WHERE ${where.join(' AND ')}
        GROUP BY 1, 2`,
      p.values,
    );
    const counts = rows.map((r) => ({ sex: r.sex, age: Number(r.age), n: Number(r.n) }));
    const bySex = { M: 0, F: 0, U: 0 };
    for (const c of counts) bySex[c.sex] += c.n;
    return {
      snapshot: q.snapshot,
      facility: q.facility ?? null,
      district: q.district ?? null,
      total: bySex.M + bySex.F + bySex.U,
      bySex,
      bands: foldIntoBands(counts),
    };
  }
}
