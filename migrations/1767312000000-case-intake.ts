import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case intake at COPY speed, and the months a settlement closes.
 *
 * - cases.diagnosis_codes / cases.procedure_entries: a case's diagnoses (principal first) and
 *   procedures live on its row, so a million-case import writes a million rows, not four million
 *   (child rows cost an index entry and a foreign-key check each). Existing child rows are copied in.
 * - settlement_months: one row per (district, month) once a case is filed for it; status `closed`
 *   makes the month immutable for intake. Intake holds FOR SHARE locks on the rows of the months it
 *   writes, so closing a month (an UPDATE) waits for running imports, and a closed month never
 *   reopens (trigger, SQLSTATE HS001).
 */
export class CaseIntake1767312000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN diagnosis_codes text[] NOT NULL DEFAULT '{}',
        ADD COLUMN procedure_entries jsonb NOT NULL DEFAULT '[]';

      UPDATE cases c SET diagnosis_codes = d.codes
      FROM (SELECT case_id, array_agg(code ORDER BY seq) AS codes FROM case_diagnoses GROUP BY case_id) d
      WHERE d.case_id = c.id;

      UPDATE cases c SET procedure_entries = p.entries
      FROM (
        SELECT case_id, jsonb_agg(
          CASE WHEN performed_on IS NULL THEN jsonb_build_object('code', code)
               ELSE jsonb_build_object('code', code, 'date', to_char(performed_on, 'YYYY-MM-DD')) END
          ORDER BY seq) AS entries
        FROM case_procedures GROUP BY case_id
      ) p
      WHERE p.case_id = c.id;

      CREATE TABLE settlement_months (
        district_code varchar(16) NOT NULL,
        month char(7) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open',
        closed_at timestamptz,
        closed_by varchar(128),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_settlement_months PRIMARY KEY (district_code, month),
        CONSTRAINT fk_settlement_months_district_code
          FOREIGN KEY (district_code) REFERENCES districts (code) ON DELETE RESTRICT,
        CONSTRAINT ck_settlement_months_month CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_settlement_months_status CHECK (status IN ('open', 'closed')),
        CONSTRAINT ck_settlement_months_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      );

      -- SQLSTATE HS001: a closed month stays closed and is never deleted.
      CREATE FUNCTION hisob_settlement_month_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'closed' AND (TG_OP = 'DELETE' OR to_jsonb(NEW) <> to_jsonb(OLD)) THEN
          RAISE EXCEPTION 'month % of district % is closed: it cannot be changed', OLD.month, OLD.district_code
            USING ERRCODE = 'HS001';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER settlement_months_guard BEFORE UPDATE OR DELETE ON settlement_months
        FOR EACH ROW EXECUTE FUNCTION hisob_settlement_month_guard();
      CREATE TRIGGER settlement_months_no_truncate BEFORE TRUNCATE ON settlement_months
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_truncate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE settlement_months;
      DROP FUNCTION hisob_settlement_month_guard();
      ALTER TABLE cases DROP COLUMN procedure_entries, DROP COLUMN diagnosis_codes;
    `);
  }
}
