import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the append-only audit trail: who did what to which record, with the record before
 * and after. Row changes of reference tables, books, users and tokens are written by a database
 * trigger (actor from the `hisob.actor` setting, see withAuditActor); services add entries for
 * actions that are not a row change (approve a settlement, close a month). A trigger refuses
 * UPDATE, DELETE and TRUNCATE on this table.
 */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_entity', ['entity', 'entityId', 'at'])
@Index('ix_audit_log_at', ['at'])
@Index('ix_audit_log_actor', ['actor', 'at'])
export class AuditLogEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** User name, token id or a process name ('cli', 'worker', 'system'). */
  @Column({ type: 'varchar', length: 128 })
  actor: string;

  /** insert / update / delete for row changes, or a verb such as settlement.approve. */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  /** Table or aggregate name. */
  @Column({ type: 'varchar', length: 64 })
  entity: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  /** Request id, reason, client address… */
  @Column({ type: 'jsonb', nullable: true })
  context: Record<string, unknown> | null;
}
