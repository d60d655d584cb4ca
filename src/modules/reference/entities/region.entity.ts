import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A region (viloyat); settlements can be scoped to one. */
@Entity({ name: 'regions' })
export class RegionEntity {
  /** Official region code (e.g. SOATO). */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'text' })
  nameUz: string;

  @Column({ type: 'text' })
  nameRu: string;

  @Column({ type: 'text' })
  nameEn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
