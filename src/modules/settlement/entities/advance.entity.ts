import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import type { Dec } from '../../../domain/money';
import { MoneyColumn } from '../../../infra/database/decimal.transformer';
import { FacilityEntity } from '../../reference/entities/facility.entity';

/** An advance already paid to a facility for a month; the month's statement subtracts it. */
@Entity({ name: 'advances' })
@Unique('uq_advances_facility_month_reference', ['facilityId', 'month', 'reference'])
@Check('ck_advances_month', `month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
@Check('ck_advances_amount', `amount > 0`)
export class AdvanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @ManyToOne(() => FacilityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;

  @Column({ type: 'char', length: 7 })
  month: string;

  @MoneyColumn()
  amount: Dec;

  /** Payment order or transfer reference; with facility and month, unique. */
  @Column({ type: 'varchar', length: 64 })
  reference: string;

  @Column({ type: 'date', nullable: true })
  paidOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;
}
