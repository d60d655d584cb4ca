import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { SettlementRunEntity, type ScopeKind } from './settlement-run.entity';

/**
 * Every idempotency key a settlement request used and the run it was given: the run it created, or
 * the run that was already active for the scope and month. Asking again with the key gives that run.
 * Keys belong to a scope: the same key in another district is another request.
 */
@Entity({ name: 'settlement_requests' })
@Index('ix_settlement_requests_run_id', ['runId'])
export class SettlementRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  idempotencyKey: string;

  @Column({ type: 'uuid' })
  runId: string;

  @ManyToOne(() => SettlementRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Relation<SettlementRunEntity>;

  // The key is the scope's: (scope kind, scope code, idempotency key).
  @PrimaryColumn({ type: 'varchar', length: 8 })
  scopeKind: ScopeKind;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  scopeCode: string;

  @Column({ type: 'char', length: 7 })
  month: string;

  /** `CODE@VERSION` as asked, or null for the book in force. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  book: string | null;

  @Column({ type: 'varchar', length: 128 })
  requestedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;
}
