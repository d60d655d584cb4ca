import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit trail, and the trigger function other migrations attach to tables whose
 * every change must be logged. Migrations are plain SQL and import nothing from src/, so what they
 * do never changes after they ship.
 */
export class AuditLog1767225600000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY,
        at timestamptz NOT NULL DEFAULT now(),
        actor varchar(128) NOT NULL,
        action varchar(64) NOT NULL,
        entity varchar(64) NOT NULL,
        entity_id varchar(256),
        before jsonb,
        after jsonb,
        context jsonb,
        CONSTRAINT pk_audit_log PRIMARY KEY (id)
      );
      CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id, at);
      CREATE INDEX ix_audit_log_at ON audit_log (at);
      CREATE INDEX ix_audit_log_actor ON audit_log (actor, at);

      -- SQLSTATE HA001: the audit log only grows.
      CREATE FUNCTION hisob_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'HA001';
      END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_audit_log_append_only();

      -- Who is acting: set per transaction with set_config('hisob.actor', …, true).
      CREATE FUNCTION hisob_audit_actor() RETURNS varchar LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('hisob.actor', true), ''), 'system')::varchar
      $$;

      -- Row-change trigger. TG_ARGV[0]: key columns joined by ',' (entity_id = their values joined
      -- by '/'); further arguments: columns left out of before/after (secrets, large texts).
      CREATE FUNCTION hisob_audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        key_columns text[] := string_to_array(TG_ARGV[0], ',');
        hidden text[] := CASE WHEN TG_NARGS > 1 THEN TG_ARGV[1:TG_NARGS - 1] ELSE '{}'::text[] END;
        old_row jsonb;
        new_row jsonb;
        key_row jsonb;
      BEGIN
        IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - hidden; END IF;
        IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - hidden; END IF;
        IF TG_OP = 'UPDATE' AND old_row = new_row THEN RETURN NULL; END IF;
        key_row := coalesce(new_row, old_row);
        INSERT INTO audit_log (actor, action, entity, entity_id, before, after)
        VALUES (
          hisob_audit_actor(),
          lower(TG_OP),
          TG_TABLE_NAME,
          (SELECT string_agg(key_row ->> k, '/' ORDER BY n) FROM unnest(key_columns) WITH ORDINALITY AS u (k, n)),
          old_row,
          new_row
        );
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION hisob_audit_row_change();
      DROP FUNCTION hisob_audit_actor();
      DROP TABLE audit_log;
      DROP FUNCTION hisob_audit_log_append_only();
    `);
  }
}
