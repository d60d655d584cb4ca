import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Dec } from '../../../domain/money';
import { MoneyColumn } from '../../../infra/database/decimal.transformer';
import { SettlementRunEntity } from './settlement-run.entity';

export type ChunkKind = 'cases' | 'capitation';

/**
 * A work unit of a run: a range of the month's cases (by case id, `lo` exclusive, `hi` inclusive, null =
 * open end) or a part of the facilities for capitation and fees. Its job writes the results and sets
 * `status = 'done'` in one transaction, so a delivery after that finds the work done.
 */
@Entity({ name: 'settlement_chunks' })
@Check('ck_settlement_chunks_kind', `kind IN ('cases', 'capitation')`)
@Check('ck_settlement_chunks_status', `status IN ('pending', 'done')`)
@Check('ck_settlement_chunks_chunk_no', `chunk_no >= 1`)
export class SettlementChunkEntity {
  @PrimaryColumn({ type: 'uuid' })
  runId: string;

  @ManyToOne(() => SettlementRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Relation<SettlementRunEntity>;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  kind: ChunkKind;

  @PrimaryColumn({ type: 'integer' })
  chunkNo: number;

  @Column({ type: 'uuid', nullable: true })
  loCaseId: string | null;

  @Column({ type: 'uuid', nullable: true })
  hiCaseId: string | null;

  /** Cases (or facilities) counted when the run was planned. */
  @Column({ type: 'integer' })
  planned: number;

  @Column({ type: 'varchar', length: 8, default: 'pending' })
  status: 'pending' | 'done';

  /** Lines (or facility parts) written. */
  @Column({ type: 'integer', nullable: true })
  written: number | null;

  @MoneyColumn({ nullable: true })
  amount: Dec | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
