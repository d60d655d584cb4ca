import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { Dec } from '../../../domain/money';
import type { Coverage } from '../../../domain/pricer/result';
import { ExactDecimalColumn, MoneyColumn } from '../../../infra/database/decimal.transformer';

/** `case`: a case of the month; `adjustment`: a new version of a case of a closed month (pays the difference). */
export type LineKind = 'case' | 'adjustment';

/**
 * One priced case of a run. `payable` is what the fund pays for it in this run: the fund amount, or for
 * an adjustment the fund amount minus what the closed month paid for the version it replaces. The
 * explanation is not stored: the book version and the case version are immutable, so re-pricing the
 * case gives it back exactly (SettlementService.explainLine checks that the amount matches).
 * Written in bulk by chunk jobs; no foreign keys on this hot table.
 */
@Entity({ name: 'settlement_lines' })
@Check('ck_settlement_lines_kind', `kind IN ('case', 'adjustment')`)
@Check('ck_settlement_lines_status', `status IN ('priced', 'error')`)
@Check('ck_settlement_lines_split', `amount = fund_amount + patient_amount`)
@Check(
  'ck_settlement_lines_payable',
  `(kind = 'case' AND prior_fund_amount IS NULL AND payable = fund_amount) OR (kind = 'adjustment' AND adjusts_case_id IS NOT NULL AND prior_fund_amount IS NOT NULL AND payable = fund_amount - prior_fund_amount)`,
)
export class SettlementLineEntity {
  @PrimaryColumn({ type: 'uuid' })
  runId: string;

  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'integer' })
  chunkNo: number;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @Column({ type: 'varchar', length: 64 })
  claimId: string;

  @Column({ type: 'integer' })
  caseVersion: number;

  @Column({ type: 'varchar', length: 12 })
  kind: LineKind;

  @Column({ type: 'uuid', nullable: true })
  adjustsCaseId: string | null;

  @Column({ type: 'varchar', length: 8 })
  status: 'priced' | 'error';

  @Column({ type: 'varchar', length: 32 })
  groupCode: string;

  @Column({ type: 'varchar', length: 16 })
  returnCode: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  rowId: string | null;

  @Column({ type: 'varchar', length: 8 })
  coverage: Coverage;

  @Column({ type: 'varchar', length: 16, nullable: true })
  coverageReason: string | null;

  @ExactDecimalColumn()
  effectiveWeight: Dec;

  @MoneyColumn()
  amount: Dec;

  @MoneyColumn()
  fundAmount: Dec;

  @MoneyColumn()
  patientAmount: Dec;

  @MoneyColumn({ nullable: true })
  priorFundAmount: Dec | null;

  @MoneyColumn()
  payable: Dec;
}
