// One audit_log entry per import, never one per row: who, which import (its id), what it was
// (`entity`, e.g. case_import), the counts it ended with in `after` (null for a failed import) and
// where it came from in `context` (file, error counts, the error of a failed import).
import type { QueryRunner } from 'typeorm';

export interface ImportAuditEntry {
  actor: string;
  action: string;
  entity: string;
  importId: string;
  after: Record<string, unknown> | null;
  context: Record<string, unknown>;
}

export async function writeImportAudit(runner: Pick<QueryRunner, 'query'>, e: ImportAuditEntry): Promise<void> {
  await runner.query(
    `INSERT INTO audit_log (actor, action, entity, entity_id, after, context) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      e.actor,
      e.action,
      e.entity,
      e.importId,
      e.after === null ? null : JSON.stringify(e.after),
      JSON.stringify(e.context),
    ],
  );
}
