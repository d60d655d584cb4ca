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
import type { TelemedicineMode } from '../../../domain/tariff-book/model';
import { FacilityEntity } from './facility.entity';

/** licence: a medical activity licence; accreditation: a quality category; telemedicine: one mode. */
export const LICENCE_KINDS = ['licence', 'accreditation', 'telemedicine'] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];

/**
 * A licence or accreditation held by a facility for a period. A telemedicine service is billable
 * only when a telemedicine row for its mode is valid (and not revoked) on the service date.
 */
@Entity({ name: 'facility_licences' })
@Index('ix_facility_licences_lookup', ['facilityId', 'kind', 'telemedicineMode', 'validFrom'])
@Check('ck_facility_licences_kind', `kind IN ('licence', 'accreditation', 'telemedicine')`)
@Check(
  'ck_facility_licences_mode',
  `(kind = 'telemedicine' AND telemedicine_mode IN ('video', 'store-forward', 'remote-monitoring', 'mobile-health'))` +
    ` OR (kind <> 'telemedicine' AND telemedicine_mode IS NULL)`,
)
@Check('ck_facility_licences_period', `valid_to IS NULL OR valid_to >= valid_from`)
export class FacilityLicenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @ManyToOne(() => FacilityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;

  @Column({ type: 'varchar', length: 16 })
  kind: LicenceKind;

  @Column({ type: 'varchar', length: 24, nullable: true })
  telemedicineMode: TelemedicineMode | null;

  /** Accreditation category or licensed activity, as written on the document. */
  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ type: 'text', nullable: true })
  issuedBy: string | null;

  @Column({ type: 'date' })
  validFrom: string;

  /** Inclusive; null = open-ended. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  /** A revoked licence is invalid from this moment on, whatever its period says. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
