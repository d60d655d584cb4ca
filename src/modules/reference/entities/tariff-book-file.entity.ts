import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { TariffBookEntity } from './tariff-book.entity';

/**
 * One CSV table of a tariff book version (docs/tariff-book.md), kept verbatim so the book directory
 * can be reproduced byte for byte. Writable only while the book is a draft (database trigger).
 */
@Entity({ name: 'tariff_book_files' })
export class TariffBookFileEntity {
  @PrimaryColumn({ type: 'uuid' })
  bookId: string;

  @ManyToOne(() => TariffBookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'book_id' })
  book?: Relation<TariffBookEntity>;

  /** File name inside the book directory, e.g. `groups.csv`. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  fileName: string;

  @Column({ type: 'text' })
  content: string;

  /** sha256 (hex) of the UTF-8 content, computed by the database on every write. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
