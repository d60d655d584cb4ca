import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * Names the actor the audit trigger records, for the rest of the current transaction
 * (set_config(…, is_local = true)). It must run inside a transaction: on a bare pooled query it
 * would apply to one statement on whichever connection happened to serve it.
 */
export async function withAuditActor(target: EntityManager | QueryRunner, actor: string): Promise<void> {
  if (actor.trim() === '' || actor.length > 128) throw new Error('audit actor must be 1 to 128 characters');
  const runner = 'isTransactionActive' in target ? target : target.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('withAuditActor needs an open transaction');
  await runner.query(`SELECT set_config('hisob.actor', $1, true)`, [actor]);
}
