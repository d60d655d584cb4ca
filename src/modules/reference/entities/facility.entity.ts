import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Dec } from '../../../domain/money';
import { WeightColumn } from '../../../infra/database/decimal.transformer';
import { DistrictEntity } from './district.entity';

export const FACILITY_LEVELS = ['district', 'regional', 'republican'] as const;
export type FacilityLevel = (typeof FACILITY_LEVELS)[number];

/** What kind of provider: hospitals are paid per case, primary care per capita. */
export const FACILITY_TYPES = ['hospital', 'primary-care', 'specialised', 'other'] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

@Entity({ name: 'facilities' })
@Index('ix_facilities_district_code', ['districtCode'])
@Check('ck_facilities_level', `level IN ('district', 'regional', 'republican')`)
@Check('ck_facilities_type', `type IN ('hospital', 'primary-care', 'specialised', 'other')`)
@Check('ck_facilities_management_coefficient', `management_coefficient > 0`)
export class FacilityEntity {
  /** The facility's registry id, as it appears on its claims. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: FacilityLevel;

  @Column({ type: 'varchar', length: 16 })
  type: FacilityType;

  @Column({ type: 'varchar', length: 16 })
  districtCode: string;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code' })
  district?: Relation<DistrictEntity>;

  /** Facility-specific management coefficient; the book's default applies when null. */
  @WeightColumn({ nullable: true })
  managementCoefficient: Dec | null;

  /** Codes of the book's capitation adjustments that apply (rural, mountainous, …). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capitationAdjustments: string[];

  /** First day the facility is paid under the new (pilot) rules; null = not in a pilot. */
  @Column({ type: 'date', nullable: true })
  pilotStartDate: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
