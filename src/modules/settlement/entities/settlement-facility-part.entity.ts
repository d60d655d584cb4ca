import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Dec } from '../../../domain/money';
import type { CapitationExplanation } from '../../../domain/explain/capitation-explanation';
import { MoneyColumn } from '../../../infra/database/decimal.transformer';
import { SettlementRunEntity } from './settlement-run.entity';

/** Capitation and fee-for-service results of one facility in a run (written by a capitation part job). */
@Entity({ name: 'settlement_facility_parts' })
@Check('ck_settlement_facility_parts_capitation', `capitation_monthly = capitation_withheld + capitation_payable`)
export class SettlementFacilityPartEntity {
  @PrimaryColumn({ type: 'uuid' })
  runId: string;

  @ManyToOne(() => SettlementRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Relation<SettlementRunEntity>;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  facilityId: string;

  @Column({ type: 'integer' })
  partNo: number;

  /** Persons enrolled at the snapshot date and counted into a band. */
  @Column({ type: 'integer' })
  enrolled: number;

  /** Enrolled persons that fit no band of the book. */
  @Column({ type: 'integer' })
  unassigned: number;

  @MoneyColumn()
  capitationMonthly: Dec;

  @MoneyColumn()
  capitationWithheld: Dec;

  @MoneyColumn()
  capitationPayable: Dec;

  @Column({ type: 'jsonb', nullable: true })
  capitationExplanation: CapitationExplanation | null;

  @MoneyColumn()
  feesAmount: Dec;

  @Column({ type: 'integer' })
  feesPaid: number;

  @Column({ type: 'integer' })
  feesIncluded: number;

  @Column({ type: 'integer' })
  feesRejected: number;

  /** Rejected services per return code, e.g. `{ "T01": 3 }`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  feeRejections: Record<string, number>;
}
