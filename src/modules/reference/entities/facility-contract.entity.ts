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
import { FacilityEntity } from './facility.entity';

export const PAYMENT_METHODS = ['per-case', 'capitation', 'fee-for-service', 'telemedicine'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The facility's contract with the Fund for one payment method, valid for a period. */
@Entity({ name: 'facility_contracts' })
@Unique('uq_facility_contracts_start', ['facilityId', 'paymentMethod', 'validFrom'])
@Check(
  'ck_facility_contracts_method',
  `payment_method IN ('per-case', 'capitation', 'fee-for-service', 'telemedicine')`,
)
@Check('ck_facility_contracts_period', `valid_to IS NULL OR valid_to >= valid_from`)
export class FacilityContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @ManyToOne(() => FacilityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;

  @Column({ type: 'varchar', length: 24 })
  paymentMethod: PaymentMethod;

  @Column({ type: 'varchar', length: 64 })
  contractNumber: string;

  @Column({ type: 'date' })
  validFrom: string;

  /** Inclusive; null = open-ended. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
