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
import { FacilityEntity } from '../../reference/entities/facility.entity';

/**
 * The enrolment register: a person enrolled with a primary-care facility for a period. Capitation
 * takes a snapshot (who is enrolled where on a date, age at that date). Loaded in bulk with COPY.
 */
@Entity({ name: 'enrolments' })
@Unique('uq_enrolments_person_start', ['personId', 'enrolledFrom'])
@Index('ix_enrolments_facility_period', ['facilityId', 'enrolledFrom'])
@Check('ck_enrolments_sex', `sex IN ('M', 'F', 'U')`)
@Check('ck_enrolments_period', `enrolled_to IS NULL OR enrolled_to >= enrolled_from`)
export class EnrolmentEntity {
  /** bigint: node-postgres returns it as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @ManyToOne(() => FacilityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;

  /** Pseudonymous person id; no names are stored. */
  @Column({ type: 'varchar', length: 64 })
  personId: string;

  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'char', length: 1 })
  sex: 'M' | 'F' | 'U';

  @Column({ type: 'date' })
  enrolledFrom: string;

  /** Inclusive; null = still enrolled. */
  @Column({ type: 'date', nullable: true })
  enrolledTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
