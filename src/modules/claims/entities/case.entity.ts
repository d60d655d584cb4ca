import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { AdmissionType, CareSetting, DischargeMode, ProcedureEntry, Sex } from '../../../domain/cases/case';
import { LocalDateTimeColumn } from '../../../infra/database/local-date-time.transformer';
import { DistrictEntity } from '../../reference/entities/district.entity';
import { FacilityEntity } from '../../reference/entities/facility.entity';
import { CaseDiagnosisEntity } from './case-diagnosis.entity';
import { CaseProcedureEntity } from './case-procedure.entity';

/** active: the version that counts; superseded: replaced by a later version; withdrawn: cancelled. */
export const CASE_STATUSES = ['active', 'superseded', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * One version of a treated case (a claim). (facility_id, claim_id) is the idempotency key: an
 * identical resubmission (same content_hash) is a no-op, a changed one becomes version n+1 and the
 * old version is superseded — at most one active version per claim (partial unique index). After
 * its month is closed a change is filed in the next open `month` as an adjustment of the old version.
 */
@Entity({ name: 'cases' })
// Every index here is paid per row of a million-case import: the active claim (idempotency key),
// earlier versions of a claim, and district + month + id (lists by district and month, settlement
// chunks by id range; migration 1767398400000-settlement).
@Index('ux_cases_active_claim', ['facilityId', 'claimId'], { unique: true, where: `(status)::text = 'active'::text` })
@Index('ux_cases_claim_version', ['facilityId', 'claimId', 'version'], {
  unique: true,
  where: `(status)::text <> 'active'::text`,
})
@Index('ix_cases_district_month_id', ['districtCode', 'month', 'id'])
@Index('ix_cases_superseded_by', ['supersededBy'], { where: '(superseded_by IS NOT NULL)' })
@Index('ix_cases_adjustment_of', ['adjustmentOf'], { where: '(adjustment_of IS NOT NULL)' })
@Check('ck_cases_version', `version >= 1`)
@Check('ck_cases_status', `status IN ('active', 'superseded', 'withdrawn')`)
@Check('ck_cases_superseded', `status <> 'superseded' OR superseded_by IS NOT NULL`)
@Check('ck_cases_month', `month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
// The service month is nearly always the month itself: the equality spares a regex per imported row.
@Check('ck_cases_service_month', `service_month = month OR service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
@Check('ck_cases_sex', `sex IN ('M', 'F', 'U')`)
@Check('ck_cases_admission_type', `admission_type IN ('emergency', 'planned')`)
@Check('ck_cases_discharge_mode', `discharge_mode IN ('home', 'transfer', 'death', 'against-advice')`)
@Check('ck_cases_care_setting', `care_setting IN ('inpatient', 'day-care')`)
@Check('ck_cases_birth_weight', `birth_weight_grams > 0`)
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  // Kept by statement-level triggers, not a foreign key (migration 1767225600500).
  @ManyToOne(() => FacilityEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;

  /** The facility's own claim id. */
  @Column({ type: 'varchar', length: 64 })
  claimId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: CaseStatus;

  @Column({ type: 'uuid', nullable: true })
  supersededBy: string | null;

  // Checked at commit by a constraint trigger, not a foreign key (migration 1767225600500), so the
  // old version can point at the new id before the new row is inserted.
  @ManyToOne(() => CaseEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'superseded_by' })
  supersededByCase?: Relation<CaseEntity>;

  /** For a change after the month closed: the version in the closed month that this one adjusts. */
  @Column({ type: 'uuid', nullable: true })
  adjustmentOf: string | null;

  @ManyToOne(() => CaseEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'adjustment_of' })
  adjustmentOfCase?: Relation<CaseEntity>;

  /** The facility's district when the case was filed (settlement scope). */
  @Column({ type: 'varchar', length: 16 })
  districtCode: string;

  // No database foreign key: the district is copied from the facility, whose own key guarantees it.
  @ManyToOne(() => DistrictEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'district_code' })
  district?: Relation<DistrictEntity>;

  /** Settlement month 'YYYY-MM' the version is paid in. */
  @Column({ type: 'char', length: 7 })
  month: string;

  /** Month of discharge 'YYYY-MM'; differs from `month` for adjustments. */
  @Column({ type: 'char', length: 7 })
  serviceMonth: string;

  /** sha256 (hex) of the normalised case: an identical resubmission is recognised by it. */
  @Column({ type: 'char', length: 64 })
  contentHash: string;

  /** Pseudonymous patient id. */
  @Column({ type: 'varchar', length: 64 })
  patientId: string;

  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'char', length: 1 })
  sex: Sex;

  @LocalDateTimeColumn()
  admissionAt: string;

  @LocalDateTimeColumn()
  dischargeAt: string;

  @Column({ type: 'varchar', length: 16 })
  admissionType: AdmissionType;

  @Column({ type: 'varchar', length: 64, nullable: true })
  referralId: string | null;

  @Column({ type: 'varchar', length: 16 })
  dischargeMode: DischargeMode;

  @Column({ type: 'varchar', length: 16 })
  careSetting: CareSetting;

  @Column({ type: 'integer', nullable: true })
  birthWeightGrams: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  department: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'varchar', length: 128, nullable: true })
  submittedBy: string | null;

  /**
   * The diagnoses of the version: the principal first, then the secondaries in order. Kept on the row
   * (not in case_diagnoses) so bulk intake writes one row per case.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  diagnosisCodes: string[];

  /** The procedures of the version in submitted order, as `{ code, date? }` (date YYYY-MM-DD). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  procedureEntries: ProcedureEntry[];

  /** Principal diagnosis at seq 0, secondaries from seq 1. */
  @OneToMany(() => CaseDiagnosisEntity, (d) => d.case)
  diagnoses?: Relation<CaseDiagnosisEntity[]>;

  @OneToMany(() => CaseProcedureEntity, (p) => p.case)
  procedures?: Relation<CaseProcedureEntity[]>;
}
