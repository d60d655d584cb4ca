import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case versions with their diagnoses and procedures, and pricing results with explanations. Cases
 * are history themselves (a change is a new version), so they carry no row audit trigger.
 */
export class CasesAndPricing1767225600500 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        facility_id varchar(64) NOT NULL,
        claim_id varchar(64) NOT NULL,
        version integer NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active',
        superseded_by uuid,
        adjustment_of uuid,
        district_code varchar(16) NOT NULL,
        month char(7) NOT NULL,
        service_month char(7) NOT NULL,
        content_hash char(64) NOT NULL,
        patient_id varchar(64) NOT NULL,
        birth_date date NOT NULL,
        sex char(1) NOT NULL,
        admission_at timestamp NOT NULL,
        discharge_at timestamp NOT NULL,
        admission_type varchar(16) NOT NULL,
        referral_id varchar(64),
        discharge_mode varchar(16) NOT NULL,
        care_setting varchar(16) NOT NULL,
        birth_weight_grams integer,
        department varchar(100),
        flags text[] NOT NULL DEFAULT '{}',
        submitted_at timestamptz NOT NULL DEFAULT now(),
        submitted_by varchar(128),
        CONSTRAINT pk_cases PRIMARY KEY (id),
        -- No foreign key on district_code: it is copied from the facility, whose own key guarantees it
        -- (one check fewer per row of a bulk import).
        CONSTRAINT ck_cases_version CHECK (version >= 1),
        CONSTRAINT ck_cases_status CHECK (status IN ('active', 'superseded', 'withdrawn')),
        CONSTRAINT ck_cases_superseded CHECK (status <> 'superseded' OR superseded_by IS NOT NULL),
        CONSTRAINT ck_cases_month CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        -- Nearly always the month itself: the equality spares a regex per imported row.
        CONSTRAINT ck_cases_service_month CHECK (service_month = month OR service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_cases_sex CHECK (sex IN ('M', 'F', 'U')),
        CONSTRAINT ck_cases_admission_type CHECK (admission_type IN ('emergency', 'planned')),
        CONSTRAINT ck_cases_discharge_mode CHECK (discharge_mode IN ('home', 'transfer', 'death', 'against-advice')),
        CONSTRAINT ck_cases_care_setting CHECK (care_setting IN ('inpatient', 'day-care')),
        CONSTRAINT ck_cases_birth_weight CHECK (birth_weight_grams > 0)
      );
      -- The idempotency key: at most one active version per claim of a facility.
      CREATE UNIQUE INDEX ux_cases_active_claim ON cases (facility_id, claim_id) WHERE status = 'active';
      -- Versions are unique per claim; the active one is covered above, so only the earlier ones are
      -- indexed here and a new claim's version 1 costs one index entry fewer.
      CREATE UNIQUE INDEX ux_cases_claim_version ON cases (facility_id, claim_id, version) WHERE status <> 'active';
      -- Lists by district (and month); settlement chunks by id range within a month and district.
      CREATE INDEX ix_cases_district_month_id ON cases (district_code, month, id);

      -- cases.facility_id refers to facilities(id), kept by triggers instead of a foreign key: a
      -- foreign key looks the facility up and locks it once per inserted row, these check the
      -- distinct facilities of a whole statement (a COPY of 50,000 rows) in one join.
      CREATE FUNCTION hisob_cases_facility_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids text[];
        missing text;
      BEGIN
        -- One pass over the statement's rows; the rest works on the few distinct facilities.
        SELECT array_agg(d.facility_id) INTO ids FROM (SELECT n.facility_id FROM new_rows n GROUP BY 1) AS d;
        -- KEY SHARE, as a foreign key takes: a concurrent delete of the facility waits for us.
        PERFORM 1 FROM facilities f WHERE f.id = ANY (ids) ORDER BY f.id FOR KEY SHARE OF f;
        SELECT x INTO missing FROM unnest(ids) AS x
          WHERE NOT EXISTS (SELECT 1 FROM facilities f WHERE f.id = x) LIMIT 1;
        IF missing IS NOT NULL THEN
          RAISE EXCEPTION 'cases refer to facility %, which does not exist', missing
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER cases_facility_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_cases_facility_check();
      CREATE TRIGGER cases_facility_update AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_cases_facility_check();
      -- superseded_by and adjustment_of refer to cases(id), also by triggers: a foreign key queues a
      -- check for every inserted row even when the link is empty (nearly always), these fire only for
      -- rows that have one. superseded_by is checked at commit: superseding marks the old version
      -- (pointing at the new id) and then inserts the new one, since only one version may be active.
      CREATE INDEX ix_cases_superseded_by ON cases (superseded_by) WHERE superseded_by IS NOT NULL;
      CREATE INDEX ix_cases_adjustment_of ON cases (adjustment_of) WHERE adjustment_of IS NOT NULL;
      CREATE FUNCTION hisob_cases_link_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target uuid := CASE TG_ARGV[0] WHEN 'superseded_by' THEN NEW.superseded_by ELSE NEW.adjustment_of END;
      BEGIN
        -- Re-read at firing time: a deferred check sees the row as it is at commit.
        SELECT CASE TG_ARGV[0] WHEN 'superseded_by' THEN c.superseded_by ELSE c.adjustment_of END INTO target
          FROM cases c WHERE c.id = NEW.id;
        IF target IS NOT NULL THEN
          PERFORM 1 FROM cases c WHERE c.id = target FOR KEY SHARE;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'case % has % = %, which is not a case', NEW.id, TG_ARGV[0], target
              USING ERRCODE = 'foreign_key_violation';
          END IF;
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER cases_superseded_by_check AFTER INSERT OR UPDATE OF superseded_by ON cases
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.superseded_by IS NOT NULL)
        EXECUTE FUNCTION hisob_cases_link_check('superseded_by');
      CREATE CONSTRAINT TRIGGER cases_adjustment_of_check AFTER INSERT OR UPDATE OF adjustment_of ON cases
        FOR EACH ROW WHEN (NEW.adjustment_of IS NOT NULL)
        EXECUTE FUNCTION hisob_cases_link_check('adjustment_of');
      -- A case that another one links to cannot be deleted, and no case changes its id.
      CREATE FUNCTION hisob_cases_linked_delete_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        linked uuid;
      BEGIN
        SELECT o.id INTO linked FROM old_rows o
         WHERE EXISTS (SELECT 1 FROM cases c WHERE c.superseded_by = o.id)
            OR EXISTS (SELECT 1 FROM cases c WHERE c.adjustment_of = o.id)
         LIMIT 1;
        IF linked IS NOT NULL THEN
          RAISE EXCEPTION 'case % cannot be deleted: another case links to it', linked
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER cases_linked_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_cases_linked_delete_check();
      CREATE FUNCTION hisob_cases_id_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case ids do not change (case %)', OLD.id USING ERRCODE = 'foreign_key_violation';
      END $$;
      CREATE TRIGGER cases_id_fixed BEFORE UPDATE OF id ON cases
        FOR EACH ROW WHEN (OLD.id <> NEW.id) EXECUTE FUNCTION hisob_cases_id_fixed();

      -- The other side: a facility that cases refer to keeps its id and cannot be deleted.
      CREATE FUNCTION hisob_facility_cases_restrict() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
          RETURN NEW;
        END IF;
        IF EXISTS (SELECT 1 FROM cases c WHERE c.facility_id = OLD.id AND c.status = 'active')
           OR EXISTS (SELECT 1 FROM cases c WHERE c.facility_id = OLD.id AND c.status <> 'active') THEN
          RAISE EXCEPTION 'facility % has cases: it cannot be deleted or renamed', OLD.id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER facilities_cases_restrict BEFORE DELETE OR UPDATE OF id ON facilities
        FOR EACH ROW EXECUTE FUNCTION hisob_facility_cases_restrict();
      -- Deliberately few indexes: every one is paid per row of a million-case import.

      CREATE TABLE case_diagnoses (
        case_id uuid NOT NULL,
        seq smallint NOT NULL,
        code varchar(32) NOT NULL,
        CONSTRAINT pk_case_diagnoses PRIMARY KEY (case_id, seq),
        CONSTRAINT fk_case_diagnoses_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT ck_case_diagnoses_seq CHECK (seq >= 0)
      );

      CREATE TABLE case_procedures (
        case_id uuid NOT NULL,
        seq smallint NOT NULL,
        code varchar(32) NOT NULL,
        performed_on date,
        CONSTRAINT pk_case_procedures PRIMARY KEY (case_id, seq),
        CONSTRAINT fk_case_procedures_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT ck_case_procedures_seq CHECK (seq >= 0)
      );

      CREATE TABLE pricing_results (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        tariff_book_id uuid NOT NULL,
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
        explanation jsonb NOT NULL,
        priced_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_pricing_results PRIMARY KEY (id),
        CONSTRAINT fk_pricing_results_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_pricing_results_tariff_book_id
          FOREIGN KEY (tariff_book_id) REFERENCES tariff_books (id) ON DELETE RESTRICT,
        CONSTRAINT uq_pricing_results_case_book UNIQUE (case_id, tariff_book_id),
        CONSTRAINT ck_pricing_results_status CHECK (status IN ('priced', 'error')),
        CONSTRAINT ck_pricing_results_coverage CHECK (coverage IN ('fund', 'patient', 'none')),
        CONSTRAINT ck_pricing_results_reason CHECK (coverage_reason IN ('NOT_IN_PACKAGE', 'NO_REFERRAL', 'EDIT_ERROR', 'PRICING_ERROR')),
        CONSTRAINT ck_pricing_results_split CHECK (amount = fund_amount + patient_amount)
      );
      CREATE INDEX ix_pricing_results_book ON pricing_results (tariff_book_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER facilities_cases_restrict ON facilities`);
    await q.query(`DROP TABLE pricing_results, case_procedures, case_diagnoses, cases`);
    await q.query(
      `DROP FUNCTION hisob_facility_cases_restrict(), hisob_cases_facility_check(), hisob_cases_link_check(),
        hisob_cases_linked_delete_check(), hisob_cases_id_fixed()`,
    );
  }
}
