import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { Dec } from '../../../domain/money';
import { MoneyColumn } from '../../../infra/database/decimal.transformer';
import { CaseEntity } from '../../claims/entities/case.entity';
import { FacilityEntity } from '../../reference/entities/facility.entity';

/**
 * A correction of a closed month (`from_month`) paid with a later month (`to_month`): signed, a negative
 * amount recovers money. Applied by the settlement of `to_month`; frozen once that month closes.
 */
@Entity({ name: 'adjustments' })
@Index('ix_adjustments_facility_to_month', ['facilityId', 'toMonth'])
@Check('ck_adjustments_from_month', `from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
@Check('ck_adjustments_to_month', `to_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
@Check('ck_adjustments_months', `from_month < to_month`)
@Check('ck_adjustments_amount', `amount <> 0`)
@Check('ck_adjustments_reason', `length(reason) > 0`)
export class AdjustmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @ManyToOne(() => FacilityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;

  @Column({ type: 'char', length: 7 })
  fromMonth: string;

  @Column({ type: 'char', length: 7 })
  toMonth: string;

  @MoneyColumn()
  amount: Dec;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  sourceCaseId: string | null;

  @ManyToOne(() => CaseEntity)
  @JoinColumn({ name: 'source_case_id' })
  sourceCase?: Relation<CaseEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;
}
