import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { fetchPage, pageWindow, type Page } from '../../infra/http/pagination';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { scopeFilter } from '../auth/scope-filter';
import { SqlParams } from '../auth/sql-params';
import { ClaimsException, ClaimsExceptionCode } from './claims.exception';
import type { CaseListQueryDto } from './dto/case-query.dto';
import type { CaseDetail, CaseView } from './dto/case-view.dto';
import { PricingResultsRepository } from './pricing-results.repository';

interface CaseRow {
  id: string;
  facility_id: string;
  claim_id: string;
  version: number;
  status: CaseView['status'];
  superseded_by: string | null;
  adjustment_of: string | null;
  district_code: string;
  month: string;
  service_month: string;
  patient_id: string;
  birth_date: string;
  sex: string;
  admission_at: string;
  discharge_at: string;
  admission_type: string;
  referral_id: string | null;
  discharge_mode: string;
  care_setting: string;
  birth_weight_grams: number | null;
  department: string | null;
  flags: string[];
  principal_diagnosis: string | null;
  submitted_at: Date;
  submitted_by: string | null;
  pricing_id: string | null;
  pricing_status: string | null;
  pricing_group: string | null;
  pricing_amount: string | null;
  priced_at: Date | null;
}

const CASE_COLUMNS = `c.id, c.facility_id, c.claim_id, c.version, c.status, c.superseded_by, c.adjustment_of, c.district_code,
  c.month, c.service_month, c.patient_id, c.birth_date, c.sex, c.admission_at, c.discharge_at, c.admission_type,
  c.referral_id, c.discharge_mode, c.care_setting, c.birth_weight_grams, c.department, c.flags, c.submitted_at,
  c.submitted_by,
  c.diagnosis_codes[1] AS principal_diagnosis,
  lp.id AS pricing_id, lp.status AS pricing_status, lp.group_code AS pricing_group, lp.amount AS pricing_amount,
  lp.priced_at`;

// The latest pricing result of each case version (its group is what the `group` filter means).
const CASE_FROM = `cases c
  LEFT JOIN LATERAL (
    SELECT p.id, p.status, p.group_code, p.amount, p.priced_at FROM pricing_results p
     WHERE p.case_id = c.id ORDER BY p.priced_at DESC, p.id DESC LIMIT 1
  ) lp ON TRUE`;

/** Case versions, read through the actor's scope on the case's district and facility. */
@Injectable()
export class CasesRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly results: PricingResultsRepository,
  ) {}

  async list(actor: Actor, q: CaseListQueryDto): Promise<Page<CaseView>> {
    const p = new SqlParams();
    const where = [scopeFilter(actor, { district: 'c.district_code', facility: 'c.facility_id' }, p)];
    if (q.district !== undefined) where.push(`c.district_code = ${p.add(q.district)}`);
    if (q.facility !== undefined) where.push(`c.facility_id = ${p.add(q.facility)}`);
    if (q.month !== undefined) where.push(`c.month = ${p.add(q.month)}`);
    if (q.status !== undefined) where.push(`c.status = ${p.add(q.status)}`);
    if (q.group !== undefined) where.push(`lp.group_code = ${p.add(q.group)}`);
    return fetchPage<CaseRow, CaseView>(
      this.db,
      {
        select: CASE_COLUMNS,
        from: `${CASE_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'c.month DESC, c.facility_id, c.claim_id, c.version DESC',
      },
      p.values,
      pageWindow(q),
      caseView,
    );
  }

  /** The case version with its codes and latest pricing result; 404 also outside the actor's scope. */
  async get(actor: Actor, id: string): Promise<CaseDetail> {
    const p = new SqlParams();
    const scope = scopeFilter(actor, { district: 'c.district_code', facility: 'c.facility_id' }, p);
    const rows: CaseRow[] = await this.db.query(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id = ${p.add(id)}::uuid AND ${scope}`,
      p.values,
    );
    if (!rows[0]) throw new ClaimsException(ClaimsExceptionCode.CASE_NOT_FOUND, `no case ${id}`);
    const base = caseView(rows[0]);
    // Diagnoses (principal first) and procedures live on the case row (bulk intake writes one row per case).
    const codes: { diagnosis_codes: string[]; procedure_entries: { code: string; date?: string }[] }[] =
      await this.db.query(`SELECT diagnosis_codes, procedure_entries FROM cases WHERE id = $1`, [id]);
    return {
      ...base,
      secondaryDiagnoses: codes[0].diagnosis_codes.slice(1),
      procedures: codes[0].procedure_entries.map((p) => ({ code: p.code, date: p.date ?? null })),
      latestPricingResult: base.latestPricing ? await this.results.get(actor, base.latestPricing.id) : null,
    };
  }
}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

/** `timestamp` columns come back as text "YYYY-MM-DD HH:MM:SS"; the API writes the ISO "T". */
function localDateTime(text: string): string {
  return text.replace(' ', 'T');
}

function caseView(r: CaseRow): CaseView {
  return {
    id: r.id,
    facilityId: r.facility_id,
    claimId: r.claim_id,
    version: r.version,
    status: r.status,
    supersededBy: r.superseded_by,
    adjustmentOf: r.adjustment_of,
    districtCode: r.district_code,
    month: r.month,
    serviceMonth: r.service_month,
    patientId: r.patient_id,
    birthDate: r.birth_date,
    sex: r.sex,
    admissionAt: localDateTime(r.admission_at),
    dischargeAt: localDateTime(r.discharge_at),
    admissionType: r.admission_type,
    referralId: r.referral_id,
    dischargeMode: r.discharge_mode,
    careSetting: r.care_setting,
    birthWeightGrams: r.birth_weight_grams,
    department: r.department,
    flags: r.flags,
    principalDiagnosis: r.principal_diagnosis,
    submittedAt: iso(r.submitted_at),
    submittedBy: r.submitted_by,
    latestPricing:
      r.pricing_id === null
        ? null
        : {
            id: r.pricing_id,
            status: r.pricing_status as string,
            group: r.pricing_group as string,
            amount: r.pricing_amount as string,
            pricedAt: iso(r.priced_at as Date),
          },
  };
}
