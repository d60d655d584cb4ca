import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { DistrictEntity } from '../../reference/entities/district.entity';
import { SettlementRunEntity } from './settlement-run.entity';

/**
 * The run that closed a district's month (settlement_months, owned by case intake, holds the status).
 * Changed cases of that month are adjusted against this run's lines. Never updated or deleted (HS001).
 */
@Entity({ name: 'settlement_month_closures' })
@Index('ix_settlement_month_closures_run_id', ['runId'])
export class SettlementMonthClosureEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  districtCode: string;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code' })
  district?: Relation<DistrictEntity>;

  @PrimaryColumn({ type: 'char', length: 7 })
  month: string;

  @Column({ type: 'uuid' })
  runId: string;

  @ManyToOne(() => SettlementRunEntity)
  @JoinColumn({ name: 'run_id' })
  run?: Relation<SettlementRunEntity>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  closedAt: Date;

  @Column({ type: 'varchar', length: 128 })
  closedBy: string;
}
