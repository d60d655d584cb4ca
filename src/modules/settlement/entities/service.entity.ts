import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { DistrictEntity } from '../../reference/entities/district.entity';
import { FacilityEntity } from '../../reference/entities/facility.entity';

/**
 * A fee-for-service or telemedicine service as a facility reports it (services.csv of the generator).
 * The settlement prices the month's services with the book's fee schedule and the facility's licences.
 */
@Entity({ name: 'services' })
@Unique('uq_services_facility_service', ['facilityId', 'serviceId'])
@Index('ix_services_facility_month', ['facilityId', 'month'])
@Check('ck_services_quantity', `quantity >= 1`)
@Check('ck_services_month', `month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
export class ServiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @ManyToOne(() => FacilityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;

  /** The facility's own id of the service. */
  @Column({ type: 'varchar', length: 64 })
  serviceId: string;

  @Column({ type: 'varchar', length: 32 })
  serviceCode: string;

  /** Pseudonymous patient id. */
  @Column({ type: 'varchar', length: 64 })
  patientId: string;

  @Column({ type: 'date' })
  serviceDate: string;

  @Column({ type: 'integer', default: 1 })
  quantity: number;

  /** The facility's district when the service was filed. */
  @Column({ type: 'varchar', length: 16 })
  districtCode: string;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code' })
  district?: Relation<DistrictEntity>;

  /** Month of the service date (YYYY-MM): the settlement month it is paid in. */
  @Column({ type: 'char', length: 7 })
  month: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
