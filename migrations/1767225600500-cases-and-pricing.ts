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
        CONSTRAINT fk_cases_facility_id FOREIGN KEY (facility_id) REFERENCES facilities (id) ON DELETE RESTRICT,
        -- Deferred: superseding marks the old version (pointing at the new id) and inserts the new
        -- one in the same transaction, in that order, because only one version may be active.
        CONSTRAINT fk_cases_superseded_by FOREIGN KEY (superseded_by) REFERENCES cases (id)
          DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT fk_cases_adjustment_of FOREIGN KEY (adjustment_of) REFERENCES cases (id),
        -- No foreign key on district_code: it is copied from the facility, whose own key guarantees it
        -- (one check fewer per row of a bulk import).
        CONSTRAINT uq_cases_claim_version UNIQUE (facility_id, claim_id, version),
        CONSTRAINT ck_cases_version CHECK (version >= 1),
        CONSTRAINT ck_cases_status CHECK (status IN ('active', 'superseded', 'withdrawn')),
        CONSTRAINT ck_cases_superseded CHECK (status <> 'superseded' OR superseded_by IS NOT NULL),
        CONSTRAINT ck_cases_month CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_cases_service_month CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        CONSTRAINT ck_cases_sex CHECK (sex IN ('M', 'F', 'U')),
        CONSTRAINT ck_cases_admission_type CHECK (admission_type IN ('emergency', 'planned')),
        CONSTRAINT ck_cases_discharge_mode CHECK (discharge_mode IN ('home', 'transfer', 'death', 'against-advice')),
        CONSTRAINT ck_cases_care_setting CHECK (care_setting IN ('inpatient', 'day-care')),
        CONSTRAINT ck_cases_birth_weight CHECK (birth_weight_grams > 0)
      );
      -- The idempotency key: at most one active version per claim of a facility.
      CREATE UNIQUE INDEX ux_cases_active_claim ON cases (facility_id, claim_id) WHERE status = 'active';
      CREATE INDEX ix_cases_district_month ON cases (district_code, month);
      CREATE INDEX ix_cases_facility_month ON cases (facility_id, month);
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
    await q.query(`DROP TABLE pricing_results, case_procedures, case_diagnoses, cases`);
  }
}
