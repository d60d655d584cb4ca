import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { RegionEntity } from './region.entity';

/** A district (tuman) inside a region: the usual scope of a monthly settlement. */
@Entity({ name: 'districts' })
@Index('ix_districts_region_code', ['regionCode'])
export class DistrictEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code' })
  region?: Relation<RegionEntity>;

  @Column({ type: 'text' })
  nameUz: string;

  @Column({ type: 'text' })
  nameRu: string;

  @Column({ type: 'text' })
  nameEn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
