import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Dec } from '../../../domain/money';
import { ExactDecimalColumn, MoneyColumn } from '../../../infra/database/decimal.transformer';
import { SettlementRunEntity } from './settlement-run.entity';

/** Cases, summed effective weight and amount of one group at one facility in a run (case lines only). */
@Entity({ name: 'settlement_statement_groups' })
export class SettlementStatementGroupEntity {
  @PrimaryColumn({ type: 'uuid' })
  runId: string;

  @ManyToOne(() => SettlementRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Relation<SettlementRunEntity>;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  facilityId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  groupCode: string;

  @Column({ type: 'integer' })
  cases: number;

  @ExactDecimalColumn()
  weightSum: Dec;

  @MoneyColumn()
  amount: Dec;
}
