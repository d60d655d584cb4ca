import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Dec } from '../../../domain/money';
import { MoneyColumn, WeightColumn } from '../../../infra/database/decimal.transformer';
import { SettlementRunEntity } from './settlement-run.entity';

/**
 * What one facility is owed for the month: cases (fund share), capitation paid now, fees, minus
 * advances, plus adjustments from closed months. Immutable once its run is approved (HS002).
 */
@Entity({ name: 'settlement_statements' })
@Check('ck_settlement_statements_adjustments', `adjustments = case_adjustments + other_adjustments`)
@Check(
  'ck_settlement_statements_net',
  `net_payable = cases_amount + capitation_payable + fees_amount - advances + adjustments`,
)
export class SettlementStatementEntity {
  @PrimaryColumn({ type: 'uuid' })
  runId: string;

  @ManyToOne(() => SettlementRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Relation<SettlementRunEntity>;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  facilityId: string;

  @Column({ type: 'text' })
  facilityName: string;

  @Column({ type: 'varchar', length: 16 })
  districtCode: string;

  @Column({ type: 'varchar', length: 16 })
  level: string;

  /** Cases of the month priced (fund- or patient-paid). */
  @Column({ type: 'integer' })
  casesPriced: number;

  /** Cases in an error group (never paid). */
  @Column({ type: 'integer' })
  casesError: number;

  /** Priced cases paid by the patient (outside the package, no referral). */
  @Column({ type: 'integer' })
  casesPatient: number;

  /** Mean effective weight of the priced cases, 4 decimals (null without priced cases). */
  @WeightColumn({ nullable: true })
  caseMixIndex: Dec | null;

  @MoneyColumn()
  casesAmount: Dec;

  @MoneyColumn()
  patientAmount: Dec;

  @Column({ type: 'integer' })
  enrolled: number;

  @MoneyColumn()
  capitationMonthly: Dec;

  @MoneyColumn()
  capitationWithheld: Dec;

  @MoneyColumn()
  capitationPayable: Dec;

  @MoneyColumn()
  feesAmount: Dec;

  @Column({ type: 'integer' })
  feesPaid: number;

  @Column({ type: 'integer' })
  feesRejected: number;

  @MoneyColumn()
  advances: Dec;

  /** Differences paid for changed cases of closed months. */
  @MoneyColumn()
  caseAdjustments: Dec;

  /** Recorded adjustments (table adjustments) paid in this month. */
  @MoneyColumn()
  otherAdjustments: Dec;

  @MoneyColumn()
  adjustments: Dec;

  @MoneyColumn()
  netPayable: Dec;
}
