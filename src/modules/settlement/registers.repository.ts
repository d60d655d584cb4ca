// The advances and adjustments registers as the API lists them, scoped in SQL: a finance officer sees
// the rows of their districts' facilities, a clerk those of their facility (scopeFilter), and every
// filter narrows that further.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { fetchPage, pageWindow, type Page } from '../../infra/http/pagination';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { scopeFilter } from '../auth/scope-filter';
import { SqlParams } from '../auth/sql-params';
import type { AdjustmentListQueryDto, AdvanceListQueryDto } from './dto/register-query.dto';

export interface AdvanceView {
  id: string;
  facilityId: string;
  districtCode: string;
  month: string;
  /** Decimal string, 2 decimals. */
  amount: string;
  reference: string;
  paidOn: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface AdjustmentView {
  id: string;
  facilityId: string;
  districtCode: string;
  fromMonth: string;
  toMonth: string;
  /** Signed decimal string, 2 decimals: negative recovers money. */
  amount: string;
  reason: string;
  sourceCaseId: string | null;
  createdAt: string;
  createdBy: string | null;
}

interface AdvanceRow {
  id: string;
  facility_id: string;
  district_code: string;
  month: string;
  amount: string;
  reference: string;
  paid_on: string | null;
  created_at: Date | string;
  created_by: string | null;
}

interface AdjustmentRow {
  id: string;
  facility_id: string;
  district_code: string;
  from_month: string;
  to_month: string;
  amount: string;
  reason: string;
  source_case_id: string | null;
  created_at: Date | string;
  created_by: string | null;
}

const SCOPE = { district: 'f.district_code', facility: 'f.id' };

@Injectable()
export class RegistersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async advances(actor: Actor, q: AdvanceListQueryDto): Promise<Page<AdvanceView>> {
    const p = new SqlParams();
    const where = [scopeFilter(actor, SCOPE, p)];
    if (q.month !== undefined) where.push(`a.month = ${p.add(q.month)}`);
    if (q.facility !== undefined) where.push(`a.facility_id = ${p.add(q.facility)}`);
    if (q.district !== undefined) where.push(`f.district_code = ${p.add(q.district)}`);
    return fetchPage<AdvanceRow, AdvanceView>(
      this.db,
      {
        select: `a.id, a.facility_id, f.district_code, a.month, a.amount::text AS amount, a.reference,
                 to_char(a.paid_on, 'YYYY-MM-DD') AS paid_on, a.created_at, a.created_by`,
        from: `advances a JOIN facilities f ON f.id = a.facility_id WHERE ${where.join(' AND ')}`,
        orderBy: 'a.month DESC, a.facility_id, a.reference',
      },
      p.values,
      pageWindow(q),
      (r) => ({
        id: r.id,
        facilityId: r.facility_id,
        districtCode: r.district_code,
        month: r.month,
        amount: r.amount,
        reference: r.reference,
        paidOn: r.paid_on,
        createdAt: new Date(r.created_at).toISOString(),
        createdBy: r.created_by,
      }),
    );
  }

  async adjustments(actor: Actor, q: AdjustmentListQueryDto): Promise<Page<AdjustmentView>> {
    const p = new SqlParams();
    const where = [scopeFilter(actor, SCOPE, p)];
    if (q.toMonth !== undefined) where.push(`j.to_month = ${p.add(q.toMonth)}`);
    if (q.facility !== undefined) where.push(`j.facility_id = ${p.add(q.facility)}`);
    if (q.district !== undefined) where.push(`f.district_code = ${p.add(q.district)}`);
    return fetchPage<AdjustmentRow, AdjustmentView>(
      this.db,
      {
        select: `j.id, j.facility_id, f.district_code, j.from_month, j.to_month, j.amount::text AS amount, j.reason,
                 j.source_case_id, j.created_at, j.created_by`,
        from: `adjustments j JOIN facilities f ON f.id = j.facility_id WHERE ${where.join(' AND ')}`,
        orderBy: 'j.to_month DESC, j.facility_id, j.from_month, j.created_at, j.amount, j.reason, j.id',
      },
      p.values,
      pageWindow(q),
      (r) => ({
        id: r.id,
        facilityId: r.facility_id,
        districtCode: r.district_code,
        fromMonth: r.from_month,
        toMonth: r.to_month,
        amount: r.amount,
        reason: r.reason,
        sourceCaseId: r.source_case_id,
        createdAt: new Date(r.created_at).toISOString(),
        createdBy: r.created_by,
      }),
    );
  }
}
