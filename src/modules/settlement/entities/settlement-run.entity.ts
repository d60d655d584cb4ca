import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import type { Dec } from '../../../domain/money';
import { MoneyColumn } from '../../../infra/database/decimal.transformer';
import { TariffBookEntity } from '../../reference/entities/tariff-book.entity';

export const SCOPE_KINDS = ['district', 'region', 'nation'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/**
 * requested → running → computed → approved → closed; failed (can be retried); superseded (a computed
 * run replaced by a recompute of the same scope and month).
 */
export const RUN_STATUSES = ['requested', 'running', 'computed', 'approved', 'closed', 'failed', 'superseded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * One settlement of a scope (district, region or nation) for a month under one tariff book version.
 * Totals are the sums of its statements; `fingerprint` is SHA-256 over its sorted lines, parts and
 * statements (see fingerprint.ts). A closed run never changes (database trigger, SQLSTATE HS002).
 */
@Entity({ name: 'settlement_runs' })
@Unique('uq_settlement_runs_idempotency_key', ['scopeKind', 'scopeCode', 'idempotencyKey'])
@Index('ux_settlement_runs_active', ['scopeKind', 'scopeCode', 'month'], {
  unique: true,
  where: `((status)::text = ANY ((ARRAY['requested'::character varying, 'running'::character varying])::text[]))`,
})
@Index('ux_settlement_runs_closed', ['scopeKind', 'scopeCode', 'month'], {
  unique: true,
  where: `((status)::text = 'closed'::text)`,
})
@Index('ix_settlement_runs_month', ['month', 'scopeKind', 'scopeCode'])
@Check('ck_settlement_runs_scope_kind', `scope_kind IN ('district', 'region', 'nation')`)
@Check('ck_settlement_runs_month', `month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
@Check(
  'ck_settlement_runs_status',
  `status IN ('requested', 'running', 'computed', 'approved', 'closed', 'failed', 'superseded')`,
)
@Check('ck_settlement_runs_chunk_size', `chunk_size >= 1`)
@Check(
  'ck_settlement_runs_computed',
  `status NOT IN ('computed', 'approved', 'closed') OR (fingerprint IS NOT NULL AND net_payable IS NOT NULL)`,
)
export class SettlementRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 8 })
  scopeKind: ScopeKind;

  /** District or region code; `*` for the nation. */
  @Column({ type: 'varchar', length: 16 })
  scopeCode: string;

  @Column({ type: 'char', length: 7 })
  month: string;

  @Column({ type: 'uuid' })
  bookId: string;

  @ManyToOne(() => TariffBookEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'book_id' })
  book?: Relation<TariffBookEntity>;

  @Column({ type: 'varchar', length: 64 })
  bookCode: string;

  @Column({ type: 'varchar', length: 32 })
  bookVersion: string;

  /** The key of the request that created the run. */
  @Column({ type: 'varchar', length: 128 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 12, default: 'requested' })
  status: RunStatus;

  @Column({ type: 'uuid', nullable: true })
  supersedesRunId: string | null;

  @ManyToOne(() => SettlementRunEntity)
  @JoinColumn({ name: 'supersedes_run_id' })
  supersedesRun?: Relation<SettlementRunEntity>;

  /** Bumped by a retry, so the retried jobs get new ids. */
  @Column({ type: 'integer', default: 1 })
  generation: number;

  @Column({ type: 'integer' })
  chunkSize: number;

  /** Enrolment register snapshot date for capitation (the first day of the month). */
  @Column({ type: 'date' })
  snapshotDate: string;

  @Column({ type: 'integer', nullable: true })
  chunkCount: number | null;

  @Column({ type: 'integer', nullable: true })
  capitationPartCount: number | null;

  @Column({ type: 'integer', nullable: true })
  casesPlanned: number | null;

  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint: string | null;

  @Column({ type: 'integer', nullable: true })
  linesCount: number | null;

  @Column({ type: 'integer', nullable: true })
  casesPriced: number | null;

  @Column({ type: 'integer', nullable: true })
  casesError: number | null;

  @Column({ type: 'integer', nullable: true })
  facilities: number | null;

  @MoneyColumn({ nullable: true })
  casesAmount: Dec | null;

  @MoneyColumn({ nullable: true })
  patientAmount: Dec | null;

  @MoneyColumn({ nullable: true })
  capitationPayable: Dec | null;

  @MoneyColumn({ nullable: true })
  capitationWithheld: Dec | null;

  @MoneyColumn({ nullable: true })
  feesAmount: Dec | null;

  @MoneyColumn({ nullable: true })
  advancesAmount: Dec | null;

  @MoneyColumn({ nullable: true })
  adjustmentsAmount: Dec | null;

  @MoneyColumn({ nullable: true })
  netPayable: Dec | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ type: 'varchar', length: 128 })
  requestedBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  computedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  approvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  closedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
