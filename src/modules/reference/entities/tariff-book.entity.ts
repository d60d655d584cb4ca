import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const TARIFF_BOOK_STATUSES = ['draft', 'published', 'retired'] as const;
export type TariffBookStatus = (typeof TARIFF_BOOK_STATUSES)[number];

/**
 * One version of a tariff book: the manifest here, the CSV tables in tariff_book_files. Lifecycle
 * draft → published → retired. Database triggers make a published or retired book immutable (only
 * published → retired is allowed) and compute content_hash over the manifest and files on publish.
 */
@Entity({ name: 'tariff_books' })
@Unique('uq_tariff_books_code_version', ['code', 'version'])
@Index('ix_tariff_books_status', ['status'])
@Check('ck_tariff_books_status', `status IN ('draft', 'published', 'retired')`)
@Check('ck_tariff_books_published', `status = 'draft' OR (published_at IS NOT NULL AND content_hash IS NOT NULL)`)
@Check('ck_tariff_books_retired', `status <> 'retired' OR retired_at IS NOT NULL`)
@Check('ck_tariff_books_effective', `effective_to IS NULL OR effective_to >= effective_from`)
export class TariffBookEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: TariffBookStatus;

  @Column({ type: 'date' })
  effectiveFrom: string;

  @Column({ type: 'date', nullable: true })
  effectiveTo: string | null;

  /** manifest.json as loaded (decimal values stay strings). */
  @Column({ type: 'jsonb' })
  manifest: Record<string, unknown>;

  /** sha256 (hex) over the manifest and every file, set by the database when the book is published. */
  @Column({ type: 'char', length: 64, nullable: true })
  contentHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  publishedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  retiredBy: string | null;
}
