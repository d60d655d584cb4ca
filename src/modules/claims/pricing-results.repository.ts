import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Explanation } from '../../domain/explain/explanation';
import { fetchPage, pageWindow, type Page } from '../../infra/http/pagination';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { scopeFilter } from '../auth/scope-filter';
import { SqlParams } from '../auth/sql-params';
import { ClaimsException, ClaimsExceptionCode } from './claims.exception';
import type { PricingResultListQueryDto } from './dto/case-query.dto';
import type { PricingResultDetail, PricingResultView } from './dto/case-view.dto';

interface ResultRow {
  id: string;
  case_id: string;
  facility_id: string;
  claim_id: string;
  case_version: number;
  district_code: string;
  month: string;
  book_id: string;
  book_code: string;
  book_version: string;
  status: 'priced' | 'error';
  group_code: string;
  return_code: string;
  row_id: string | null;
  coverage: string;
  coverage_reason: string | null;
  effective_weight: string;
  amount: string;
  fund_amount: string;
  patient_amount: string;
  priced_at: Date;
  explanation?: Explanation;
}

const RESULT_COLUMNS = `p.id, p.case_id, c.facility_id, c.claim_id, c.version AS case_version, c.district_code, c.month,
  b.id AS book_id, b.code AS book_code, b.version AS book_version, p.status, p.group_code, p.return_code, p.row_id,
  p.coverage, p.coverage_reason, p.effective_weight, p.amount, p.fund_amount, p.patient_amount, p.priced_at`;
const RESULT_FROM = `pricing_results p JOIN cases c ON c.id = p.case_id JOIN tariff_books b ON b.id = p.tariff_book_id`;

/** Pricing results, scoped through their case's district and facility. */
@Injectable()
export class PricingResultsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async list(actor: Actor, q: PricingResultListQueryDto): Promise<Page<PricingResultView>> {
    const p = new SqlParams();
    const where = [scopeFilter(actor, { district: 'c.district_code', facility: 'c.facility_id' }, p)];
    if (q.district !== undefined) where.push(`c.district_code = ${p.add(q.district)}`);
    if (q.facility !== undefined) where.push(`c.facility_id = ${p.add(q.facility)}`);
    if (q.month !== undefined) where.push(`c.month = ${p.add(q.month)}`);
    if (q.group !== undefined) where.push(`p.group_code = ${p.add(q.group)}`);
    if (q.status !== undefined) where.push(`p.status = ${p.add(q.status)}`);
    return fetchPage<ResultRow, PricingResultView>(
      this.db,
      {
        select: RESULT_COLUMNS,
        from: `${RESULT_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'p.priced_at DESC, p.id',
      },
      p.values,
      pageWindow(q),
      resultView,
    );
  }

  /** One result with its explanation; 404 also when its case lies outside the actor's scope. */
  async get(actor: Actor, id: string): Promise<PricingResultDetail> {
    const p = new SqlParams();
    const scope = scopeFilter(actor, { district: 'c.district_code', facility: 'c.facility_id' }, p);
    const rows: ResultRow[] = await this.db.query(
      `SELECT ${RESULT_COLUMNS}, p.explanation FROM ${RESULT_FROM} WHERE p.id = ${p.add(id)}::uuid AND ${scope}`,
      p.values,
    );
    if (!rows[0]) throw new ClaimsException(ClaimsExceptionCode.PRICING_RESULT_NOT_FOUND, `no pricing result ${id}`);
    return { ...resultView(rows[0]), explanation: rows[0].explanation as Explanation };
  }
}

function resultView(r: ResultRow): PricingResultView {
  return {
    id: r.id,
    caseId: r.case_id,
    facilityId: r.facility_id,
    claimId: r.claim_id,
    caseVersion: r.case_version,
    districtCode: r.district_code,
    month: r.month,
    tariffBook: { id: r.book_id, code: r.book_code, version: r.book_version },
    status: r.status,
    group: r.group_code,
    returnCode: r.return_code,
    rowId: r.row_id,
    coverage: r.coverage,
    coverageReason: r.coverage_reason,
    effectiveWeight: r.effective_weight,
    amount: r.amount,
    fundAmount: r.fund_amount,
    patientAmount: r.patient_amount,
    pricedAt: new Date(r.priced_at).toISOString(),
  };
}
