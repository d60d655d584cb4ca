import type { EntityManager } from 'typeorm';

/** An audit trail entry for an action that is not a row change (approve, close, retry a settlement). */
export async function auditAction(
  tx: Pick<EntityManager, 'query'>,
  entry: { actor: string; action: string; runId: string; before?: unknown; after?: unknown; context?: unknown },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor, action, entity, entity_id, before, after, context)
     VALUES ($1, $2, 'settlement_runs', $3, $4::jsonb, $5::jsonb, $6::jsonb)`,
    [
      entry.actor,
      entry.action,
      entry.runId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.context === undefined ? null : JSON.stringify(entry.context),
    ],
  );
}
