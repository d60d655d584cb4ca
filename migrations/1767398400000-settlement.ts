import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly settlement: runs with their chunks, lines, capitation and fee parts and statements, the
 * advances and adjustments a statement applies, the fee-for-service register, and what closing a
 * month means in the database (the month table itself comes with case intake, 1767312000000).
 *
 * Immutability holds for every path, ORM or psql:
 * - HS002: the statements, lines and parts of an approved or closed run never change; a closed run
 *   never changes, an approved one may only be closed.
 * - HS001: a closed month's inputs are frozen. Cases and their codes: nothing is inserted, changed or
 *   deleted, except that the version that counted may be marked superseded by a version filed in a
 *   later month. Services, advances and adjustments (by the month they are paid in): refused. Their
 *   row trigger takes FOR SHARE on the month row, so an insert racing a close either waits for it
 *   (and is refused) or makes the close wait (and the close sees the new row and refuses).
 * Case intake refuses closed months itself (settlement_months, FOR SHARE); these are the last line.
 */
export class Settlement1767398400000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settlement_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        scope_kind varchar(8) NOT NULL,
        scope_code varchar(16) NOT NULL,
        month char(7) NOT NULL,
        book_id uuid NOT NULL,
        book_code varchar(64) NOT NULL,
        book_version varchar(32) NOT NULL,
        idempotency_key varchar(128) NOT NULL,
        status varchar(12) NOT NULL DEFAULT 'requested',
        supersedes_run_id uuid,
        generation integer NOT NULL DEFAULT 1,
        chunk_size integer NOT NULL,
        snapshot_date date NOT NULL,
        chunk_count integer,
        capitation_part_count integer,
        cases_planned integer,
        fingerprint char(64),
        lines_count integer,
        cases_priced integer,
        cases_error integer,
        facilities integer,
        cases_amount numeric(18, 2),
        patient_amount numeric(18, 2),
        capitation_payable numeric(18, 2),
        capitation_withheld numeric(18, 2),
        fees_amount numeric(18, 2),
        advances_amount numeric(18, 2),
        adjustments_amount numeric(18, 2),
        net_payable numeric(18, 2),
        requested_at timestamptz NOT NULL DEFAULT now(),
        requested_by varchar(128) NOT NULL,
        started_at timestamptz,
        computed_at timestamptz,
        approved_at timestamptz,
        approved_by varchar(128),
        closed_at timestamptz,
        closed_by varchar(128),
        failed_at timestamptz,
        error text,
        CONSTRAINT pk_settlement_runs PRIMARY KEY (id),
        CONSTRAINT fk_settlement_runs_book_id FOREIGN KEY (book_id) REFERENCES tariff_books (id) ON DELETE RESTRICT,
        CONSTRAINT fk_settlement_runs_supersedes_run_id FOREIGN KEY (supersedes_run_id) REFERENCES settlement_runs (id),
        -- Keys are per scope: one district's keys say nothing about another's.
        CONSTRAINT uq_settlement_runs_idempotency_key UNIQUE (scope_kind, scope_code, idempotency_key),
        CONSTRAINT ck_settlement_runs_scope_kind CHECK (scope_kind IN ('district', 'region', 'nation')),
        CONSTRAINT ck_settlement_runs_month CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_settlement_runs_status
          CHECK (status IN ('requested', 'running', 'computed', 'approved', 'closed', 'failed', 'superseded')),
        CONSTRAINT ck_settlement_runs_chunk_size CHECK (chunk_size >= 1),
        CONSTRAINT ck_settlement_runs_computed
          CHECK (status NOT IN ('computed', 'approved', 'closed') OR (fingerprint IS NOT NULL AND net_payable IS NOT NULL))
      );
      -- One active run per scope and month: a concurrent request finds the running one instead.
      CREATE UNIQUE INDEX ux_settlement_runs_active ON settlement_runs (scope_kind, scope_code, month)
        WHERE status IN ('requested', 'running');
      CREATE UNIQUE INDEX ux_settlement_runs_closed ON settlement_runs (scope_kind, scope_code, month)
        WHERE status = 'closed';
      CREATE INDEX ix_settlement_runs_month ON settlement_runs (month, scope_kind, scope_code);

      -- Every idempotency key a request used, with the run it was given (the run's own key, or the
      -- key of a request that found a run already active).
      CREATE TABLE settlement_requests (
        idempotency_key varchar(128) NOT NULL,
        run_id uuid NOT NULL,
        scope_kind varchar(8) NOT NULL,
        scope_code varchar(16) NOT NULL,
        month char(7) NOT NULL,
        book varchar(100),
        requested_by varchar(128) NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_settlement_requests PRIMARY KEY (scope_kind, scope_code, idempotency_key),
        CONSTRAINT fk_settlement_requests_run_id FOREIGN KEY (run_id) REFERENCES settlement_runs (id) ON DELETE CASCADE
      );
      CREATE INDEX ix_settlement_requests_run_id ON settlement_requests (run_id);

      -- Work units of a run: case chunks (an id range of the month's cases) and capitation/fee parts
      -- (a slice of the facilities). The done-mark is written in the transaction that writes the results.
      CREATE TABLE settlement_chunks (
        run_id uuid NOT NULL,
        kind varchar(12) NOT NULL,
        chunk_no integer NOT NULL,
        lo_case_id uuid,
        hi_case_id uuid,
        planned integer NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'pending',
        written integer,
        amount numeric(18, 2),
        attempts integer NOT NULL DEFAULT 0,
        finished_at timestamptz,
        CONSTRAINT pk_settlement_chunks PRIMARY KEY (run_id, kind, chunk_no),
        CONSTRAINT fk_settlement_chunks_run_id FOREIGN KEY (run_id) REFERENCES settlement_runs (id) ON DELETE CASCADE,
        CONSTRAINT ck_settlement_chunks_kind CHECK (kind IN ('cases', 'capitation')),
        CONSTRAINT ck_settlement_chunks_status CHECK (status IN ('pending', 'done')),
        CONSTRAINT ck_settlement_chunks_chunk_no CHECK (chunk_no >= 1)
      );

      -- One line per case priced. No foreign keys: written in bulk (COPY) by chunk jobs, whose
      -- done-mark protocol guarantees the run exists and the case belongs to it.
      CREATE TABLE settlement_lines (
        run_id uuid NOT NULL,
        case_id uuid NOT NULL,
        chunk_no integer NOT NULL,
        facility_id varchar(64) NOT NULL,
        claim_id varchar(64) NOT NULL,
        case_version integer NOT NULL,
        kind varchar(12) NOT NULL,
        adjusts_case_id uuid,
        status varchar(8) NOT NULL,
        group_code varchar(32) NOT NULL,
        return_code varchar(16) NOT NULL,
        row_id varchar(64),
        coverage varchar(8) NOT NULL,
        coverage_reason varchar(16),
        effective_weight numeric NOT NULL,
        amount numeric(18, 2) NOT NULL,
        fund_amount numeric(18, 2) NOT NULL,
        patient_amount numeric(18, 2) NOT NULL,
        prior_fund_amount numeric(18, 2),
        payable numeric(18, 2) NOT NULL,
        CONSTRAINT pk_settlement_lines PRIMARY KEY (run_id, case_id),
        CONSTRAINT ck_settlement_lines_kind CHECK (kind IN ('case', 'adjustment')),
        CONSTRAINT ck_settlement_lines_status CHECK (status IN ('priced', 'error')),
        CONSTRAINT ck_settlement_lines_split CHECK (amount = fund_amount + patient_amount),
        CONSTRAINT ck_settlement_lines_payable CHECK (
          (kind = 'case' AND prior_fund_amount IS NULL AND payable = fund_amount)
          OR (kind = 'adjustment' AND adjusts_case_id IS NOT NULL AND prior_fund_amount IS NOT NULL
              AND payable = fund_amount - prior_fund_amount)
        )
      );

      -- Capitation and fee-for-service results of one facility in a run.
      CREATE TABLE settlement_facility_parts (
        run_id uuid NOT NULL,
        facility_id varchar(64) NOT NULL,
        part_no integer NOT NULL,
        enrolled integer NOT NULL,
        unassigned integer NOT NULL,
        capitation_monthly numeric(18, 2) NOT NULL,
        capitation_withheld numeric(18, 2) NOT NULL,
        capitation_payable numeric(18, 2) NOT NULL,
        capitation_explanation jsonb,
        fees_amount numeric(18, 2) NOT NULL,
        fees_paid integer NOT NULL,
        fees_included integer NOT NULL,
        fees_rejected integer NOT NULL,
        fee_rejections jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT pk_settlement_facility_parts PRIMARY KEY (run_id, facility_id),
        CONSTRAINT fk_settlement_facility_parts_run_id FOREIGN KEY (run_id) REFERENCES settlement_runs (id) ON DELETE CASCADE,
        CONSTRAINT ck_settlement_facility_parts_capitation
          CHECK (capitation_monthly = capitation_withheld + capitation_payable)
      );

      -- One statement per facility of the scope, written by the run's finalize job.
      CREATE TABLE settlement_statements (
        run_id uuid NOT NULL,
        facility_id varchar(64) NOT NULL,
        facility_name text NOT NULL,
        district_code varchar(16) NOT NULL,
        level varchar(16) NOT NULL,
        cases_priced integer NOT NULL,
        cases_error integer NOT NULL,
        cases_patient integer NOT NULL,
        case_mix_index numeric(12, 4),
        cases_amount numeric(18, 2) NOT NULL,
        patient_amount numeric(18, 2) NOT NULL,
        enrolled integer NOT NULL,
        capitation_monthly numeric(18, 2) NOT NULL,
        capitation_withheld numeric(18, 2) NOT NULL,
        capitation_payable numeric(18, 2) NOT NULL,
        fees_amount numeric(18, 2) NOT NULL,
        fees_paid integer NOT NULL,
        fees_rejected integer NOT NULL,
        advances numeric(18, 2) NOT NULL,
        case_adjustments numeric(18, 2) NOT NULL,
        other_adjustments numeric(18, 2) NOT NULL,
        adjustments numeric(18, 2) NOT NULL,
        net_payable numeric(18, 2) NOT NULL,
        CONSTRAINT pk_settlement_statements PRIMARY KEY (run_id, facility_id),
        CONSTRAINT fk_settlement_statements_run_id FOREIGN KEY (run_id) REFERENCES settlement_runs (id) ON DELETE CASCADE,
        CONSTRAINT ck_settlement_statements_adjustments CHECK (adjustments = case_adjustments + other_adjustments),
        CONSTRAINT ck_settlement_statements_net CHECK (
          net_payable = cases_amount + capitation_payable + fees_amount - advances + adjustments
        )
      );

      -- Cases and amounts per facility and group (the statement's case-mix table).
      CREATE TABLE settlement_statement_groups (
        run_id uuid NOT NULL,
        facility_id varchar(64) NOT NULL,
        group_code varchar(32) NOT NULL,
        cases integer NOT NULL,
        weight_sum numeric NOT NULL,
        amount numeric(18, 2) NOT NULL,
        CONSTRAINT pk_settlement_statement_groups PRIMARY KEY (run_id, facility_id, group_code),
        CONSTRAINT fk_settlement_statement_groups_run_id
          FOREIGN KEY (run_id) REFERENCES settlement_runs (id) ON DELETE CASCADE
      );

      -- Advances already paid to a facility for a month; a statement subtracts them.
      CREATE TABLE advances (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        facility_id varchar(64) NOT NULL,
        month char(7) NOT NULL,
        amount numeric(18, 2) NOT NULL,
        reference varchar(64) NOT NULL,
        paid_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by varchar(128),
        CONSTRAINT pk_advances PRIMARY KEY (id),
        CONSTRAINT fk_advances_facility_id FOREIGN KEY (facility_id) REFERENCES facilities (id) ON DELETE RESTRICT,
        CONSTRAINT uq_advances_facility_month_reference UNIQUE (facility_id, month, reference),
        CONSTRAINT ck_advances_month CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_advances_amount CHECK (amount > 0)
      );

      -- Corrections of a closed month paid in a later one (signed: negative recovers money).
      CREATE TABLE adjustments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        facility_id varchar(64) NOT NULL,
        from_month char(7) NOT NULL,
        to_month char(7) NOT NULL,
        amount numeric(18, 2) NOT NULL,
        reason text NOT NULL,
        source_case_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by varchar(128),
        CONSTRAINT pk_adjustments PRIMARY KEY (id),
        CONSTRAINT fk_adjustments_facility_id FOREIGN KEY (facility_id) REFERENCES facilities (id) ON DELETE RESTRICT,
        CONSTRAINT fk_adjustments_source_case_id FOREIGN KEY (source_case_id) REFERENCES cases (id),
        CONSTRAINT ck_adjustments_from_month CHECK (from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_adjustments_to_month CHECK (to_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_adjustments_months CHECK (from_month < to_month),
        CONSTRAINT ck_adjustments_amount CHECK (amount <> 0),
        CONSTRAINT ck_adjustments_reason CHECK (length(reason) > 0)
      );
      CREATE INDEX ix_adjustments_facility_to_month ON adjustments (facility_id, to_month);

      -- Fee-for-service and telemedicine services as facilities report them.
      CREATE TABLE services (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        facility_id varchar(64) NOT NULL,
        service_id varchar(64) NOT NULL,
        service_code varchar(32) NOT NULL,
        patient_id varchar(64) NOT NULL,
        service_date date NOT NULL,
        quantity integer NOT NULL DEFAULT 1,
        district_code varchar(16) NOT NULL,
        month char(7) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_services PRIMARY KEY (id),
        CONSTRAINT fk_services_facility_id FOREIGN KEY (facility_id) REFERENCES facilities (id) ON DELETE RESTRICT,
        CONSTRAINT fk_services_district_code FOREIGN KEY (district_code) REFERENCES districts (code) ON DELETE RESTRICT,
        CONSTRAINT uq_services_facility_service UNIQUE (facility_id, service_id),
        CONSTRAINT ck_services_quantity CHECK (quantity >= 1),
        CONSTRAINT ck_services_month CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
      );
      CREATE INDEX ix_services_facility_month ON services (facility_id, month);

      -- TRUNCATE bypasses row triggers: refuse it once a settlement was approved (a closed month
      -- always has its closed run, so this covers closed months too).
      CREATE FUNCTION hisob_refuse_settled_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM settlement_runs WHERE status IN ('approved', 'closed')) THEN
          RAISE EXCEPTION '% cannot be truncated: it holds data of approved or closed settlements', TG_TABLE_NAME
            USING ERRCODE = 'HS002';
        END IF;
        RETURN NULL;
      END $$;

      -- Statements, lines and parts of an approved or closed run are immutable.
      CREATE FUNCTION hisob_settlement_result_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        run uuid;
        run_status varchar;
      BEGIN
        run := CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END;
        SELECT status INTO run_status FROM settlement_runs WHERE id = run;
        IF run_status IN ('approved', 'closed') THEN
          RAISE EXCEPTION '% of settlement run % cannot be changed: the run is %', TG_TABLE_NAME, run, run_status
            USING ERRCODE = 'HS002';
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.run_id <> OLD.run_id THEN
          RAISE EXCEPTION '% rows cannot move between runs', TG_TABLE_NAME USING ERRCODE = 'HS002';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER settlement_lines_guard BEFORE UPDATE OR DELETE ON settlement_lines
        FOR EACH ROW EXECUTE FUNCTION hisob_settlement_result_guard();
      CREATE TRIGGER settlement_statements_guard BEFORE INSERT OR UPDATE OR DELETE ON settlement_statements
        FOR EACH ROW EXECUTE FUNCTION hisob_settlement_result_guard();
      CREATE TRIGGER settlement_statement_groups_guard BEFORE INSERT OR UPDATE OR DELETE ON settlement_statement_groups
        FOR EACH ROW EXECUTE FUNCTION hisob_settlement_result_guard();
      CREATE TRIGGER settlement_facility_parts_guard BEFORE INSERT OR UPDATE OR DELETE ON settlement_facility_parts
        FOR EACH ROW EXECUTE FUNCTION hisob_settlement_result_guard();
      CREATE TRIGGER settlement_lines_truncate BEFORE TRUNCATE ON settlement_lines
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_settled_truncate();
      CREATE TRIGGER settlement_statements_truncate BEFORE TRUNCATE ON settlement_statements
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_settled_truncate();

      -- A closed run never changes; an approved run may only be closed.
      CREATE FUNCTION hisob_settlement_run_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        close_columns text[] := ARRAY['status', 'closed_at', 'closed_by'];
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status IN ('approved', 'closed') THEN
            RAISE EXCEPTION 'settlement run % is %: it cannot be deleted', OLD.id, OLD.status USING ERRCODE = 'HS002';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'closed' THEN
          RAISE EXCEPTION 'settlement run % is closed: it cannot be changed', OLD.id USING ERRCODE = 'HS002';
        END IF;
        IF OLD.status = 'approved'
           AND NOT (NEW.status = 'closed' AND (to_jsonb(NEW) - close_columns) = (to_jsonb(OLD) - close_columns)) THEN
          RAISE EXCEPTION 'settlement run % is approved: it can only be closed', OLD.id USING ERRCODE = 'HS002';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER settlement_runs_guard BEFORE UPDATE OR DELETE ON settlement_runs
        FOR EACH ROW EXECUTE FUNCTION hisob_settlement_run_guard();

      -- The run that closed each district's month (a region run closes all its districts).
      CREATE TABLE settlement_month_closures (
        district_code varchar(16) NOT NULL,
        month char(7) NOT NULL,
        run_id uuid NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now(),
        closed_by varchar(128) NOT NULL,
        CONSTRAINT pk_settlement_month_closures PRIMARY KEY (district_code, month),
        CONSTRAINT fk_settlement_month_closures_run_id FOREIGN KEY (run_id) REFERENCES settlement_runs (id),
        CONSTRAINT fk_settlement_month_closures_district_code
          FOREIGN KEY (district_code) REFERENCES districts (code) ON DELETE RESTRICT
      );
      CREATE INDEX ix_settlement_month_closures_run_id ON settlement_month_closures (run_id);
      CREATE FUNCTION hisob_settlement_closure_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the closure of month % of district % cannot be changed', OLD.month, OLD.district_code
          USING ERRCODE = 'HS001';
      END $$;
      CREATE TRIGGER settlement_month_closures_guard BEFORE UPDATE OR DELETE ON settlement_month_closures
        FOR EACH ROW EXECUTE FUNCTION hisob_settlement_closure_guard();
      CREATE TRIGGER settlement_month_closures_truncate BEFORE TRUNCATE ON settlement_month_closures
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_settled_truncate();

      -- Chunk jobs read a run's cases by id range within one month and district through
      -- ix_cases_district_month_id (migration 1767225600500).

      -- True when the month of the facility's district is closed; locks the month row (FOR SHARE).
      CREATE FUNCTION hisob_facility_month_closed(facility varchar, m text) RETURNS boolean
        LANGUAGE plpgsql AS $$
      DECLARE
        month_status varchar;
      BEGIN
        SELECT sm.status INTO month_status
          FROM settlement_months sm JOIN facilities f ON f.district_code = sm.district_code
         WHERE f.id = facility AND sm.month = m
           FOR SHARE OF sm;
        RETURN month_status = 'closed';
      END $$;

      CREATE FUNCTION hisob_closed_month_row_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        month_column text := TG_ARGV[0];
        m text;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          m := to_jsonb(OLD) ->> month_column;
          IF hisob_facility_month_closed(OLD.facility_id, m) THEN
            RAISE EXCEPTION '% of facility % for closed month % cannot be changed', TG_TABLE_NAME, OLD.facility_id, m
              USING ERRCODE = 'HS001';
          END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          m := to_jsonb(NEW) ->> month_column;
          IF hisob_facility_month_closed(NEW.facility_id, m) THEN
            RAISE EXCEPTION 'month % of facility % is closed: no % can be added to it', m, NEW.facility_id, TG_TABLE_NAME
              USING ERRCODE = 'HS001';
          END IF;
          RETURN NEW;
        END IF;
        RETURN OLD;
      END $$;
      CREATE TRIGGER advances_closed_month BEFORE INSERT OR UPDATE OR DELETE ON advances
        FOR EACH ROW EXECUTE FUNCTION hisob_closed_month_row_guard('month');
      CREATE TRIGGER adjustments_closed_month BEFORE INSERT OR UPDATE OR DELETE ON adjustments
        FOR EACH ROW EXECUTE FUNCTION hisob_closed_month_row_guard('to_month');
      CREATE TRIGGER services_closed_month BEFORE INSERT OR UPDATE OR DELETE ON services
        FOR EACH ROW EXECUTE FUNCTION hisob_closed_month_row_guard('month');

      -- Statement-level with transition tables, so a bulk load pays one check per statement.
      CREATE FUNCTION hisob_cases_closed_month_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
        kept text[] := ARRAY['status', 'superseded_by'];
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          SELECT o.facility_id, o.claim_id, o.month INTO bad FROM old_rows o JOIN new_rows n ON n.id = o.id
            JOIN settlement_months sm ON sm.status = 'closed'
             AND ((sm.district_code = o.district_code AND sm.month = o.month)
               OR (sm.district_code = n.district_code AND sm.month = n.month))
           WHERE to_jsonb(o) <> to_jsonb(n)
             AND NOT (o.status = 'active' AND n.status = 'superseded' AND (to_jsonb(o) - kept) = (to_jsonb(n) - kept))
           LIMIT 1;
        ELSE
          SELECT o.facility_id, o.claim_id, o.month INTO bad FROM old_rows o
            JOIN settlement_months sm ON sm.district_code = o.district_code AND sm.month = o.month AND sm.status = 'closed'
           LIMIT 1;
        END IF;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'month % is closed: case %/% cannot be changed (file the change in an open month)',
            bad.month, bad.facility_id, bad.claim_id USING ERRCODE = 'HS001';
        END IF;
        RETURN NULL;
      END $$;
      -- Inserts too, once per statement: a COPY of a whole import segment is one check. The months
      -- are locked FOR SHARE first (sorted, as intake locks them), so a close waits for the insert.
      CREATE FUNCTION hisob_cases_closed_month_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        districts text[];
        months text[];
        closed record;
        bad record;
      BEGIN
        -- One pass over the statement's rows; the rest works on the few distinct months.
        SELECT array_agg(d.district_code), array_agg(d.month) INTO districts, months
          FROM (SELECT n.district_code, n.month FROM new_rows n GROUP BY 1, 2) AS d;
        -- Every month row locked (PERFORM runs the query to its end), so a close waits for us.
        PERFORM 1 FROM settlement_months sm
          JOIN unnest(districts, months) AS k (district_code, month)
            ON sm.district_code = k.district_code AND sm.month = k.month
         ORDER BY sm.district_code, sm.month FOR SHARE OF sm;
        SELECT sm.district_code, sm.month INTO closed FROM settlement_months sm
          JOIN unnest(districts, months) AS k (district_code, month)
            ON sm.district_code = k.district_code AND sm.month = k.month
         WHERE sm.status = 'closed' LIMIT 1;
        IF closed IS NOT NULL THEN
          SELECT n.facility_id, n.claim_id INTO bad FROM new_rows n
           WHERE n.district_code = closed.district_code AND n.month = closed.month LIMIT 1;
          RAISE EXCEPTION 'month % is closed: case %/% cannot be added to it (file it in an open month)',
            closed.month, bad.facility_id, bad.claim_id USING ERRCODE = 'HS001';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER cases_closed_month_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_cases_closed_month_insert_guard();
      CREATE TRIGGER cases_closed_month_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_cases_closed_month_guard();
      CREATE TRIGGER cases_closed_month_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_cases_closed_month_guard();

      CREATE FUNCTION hisob_case_codes_closed_month_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          SELECT c.facility_id, c.claim_id, c.month INTO bad FROM old_rows o JOIN cases c ON c.id = o.case_id
            JOIN settlement_months sm ON sm.district_code = c.district_code AND sm.month = c.month AND sm.status = 'closed'
           LIMIT 1;
        END IF;
        IF bad IS NULL AND TG_OP IN ('INSERT', 'UPDATE') THEN
          SELECT c.facility_id, c.claim_id, c.month INTO bad FROM new_rows n JOIN cases c ON c.id = n.case_id
            JOIN settlement_months sm ON sm.district_code = c.district_code AND sm.month = c.month AND sm.status = 'closed'
           LIMIT 1;
        END IF;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'month % is closed: the codes of case %/% cannot be changed', bad.month, bad.facility_id, bad.claim_id
            USING ERRCODE = 'HS001';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER case_diagnoses_closed_month_insert AFTER INSERT ON case_diagnoses REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_case_codes_closed_month_guard();
      CREATE TRIGGER case_diagnoses_closed_month_update AFTER UPDATE ON case_diagnoses
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_case_codes_closed_month_guard();
      CREATE TRIGGER case_diagnoses_closed_month_delete AFTER DELETE ON case_diagnoses REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_case_codes_closed_month_guard();
      CREATE TRIGGER case_procedures_closed_month_insert AFTER INSERT ON case_procedures REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_case_codes_closed_month_guard();
      CREATE TRIGGER case_procedures_closed_month_update AFTER UPDATE ON case_procedures
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_case_codes_closed_month_guard();
      CREATE TRIGGER case_procedures_closed_month_delete AFTER DELETE ON case_procedures REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_case_codes_closed_month_guard();

      -- TRUNCATE bypasses row and statement triggers of the kinds above.
      CREATE TRIGGER cases_truncate BEFORE TRUNCATE ON cases FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_settled_truncate();
      CREATE TRIGGER case_diagnoses_truncate BEFORE TRUNCATE ON case_diagnoses
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_settled_truncate();
      CREATE TRIGGER case_procedures_truncate BEFORE TRUNCATE ON case_procedures
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_settled_truncate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER cases_truncate ON cases;
      DROP TRIGGER case_diagnoses_truncate ON case_diagnoses;
      DROP TRIGGER case_procedures_truncate ON case_procedures;
      DROP TRIGGER cases_closed_month_insert ON cases;
      DROP TRIGGER cases_closed_month_update ON cases;
      DROP TRIGGER cases_closed_month_delete ON cases;
      DROP TRIGGER case_diagnoses_closed_month_insert ON case_diagnoses;
      DROP TRIGGER case_diagnoses_closed_month_update ON case_diagnoses;
      DROP TRIGGER case_diagnoses_closed_month_delete ON case_diagnoses;
      DROP TRIGGER case_procedures_closed_month_insert ON case_procedures;
      DROP TRIGGER case_procedures_closed_month_update ON case_procedures;
      DROP TRIGGER case_procedures_closed_month_delete ON case_procedures;
      DROP TRIGGER advances_closed_month ON advances;
      DROP TRIGGER adjustments_closed_month ON adjustments;
      DROP TRIGGER services_closed_month ON services;
      DROP FUNCTION hisob_case_codes_closed_month_guard(), hisob_cases_closed_month_guard(),
        hisob_cases_closed_month_insert_guard(),
        hisob_closed_month_row_guard(), hisob_facility_month_closed(varchar, text);
      DROP TABLE settlement_month_closures;
      DROP FUNCTION hisob_settlement_closure_guard();
      DROP TABLE services, adjustments, advances, settlement_statement_groups, settlement_statements,
        settlement_facility_parts, settlement_lines, settlement_chunks, settlement_requests, settlement_runs;
      DROP FUNCTION hisob_settlement_run_guard(), hisob_settlement_result_guard(), hisob_refuse_settled_truncate();
    `);
  }
}
