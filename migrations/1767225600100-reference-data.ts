import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, districts, facilities with their payment contracts, licences and accreditations. */
export class ReferenceData1767225600100 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regions (
        code varchar(16) NOT NULL,
        name_uz text NOT NULL,
        name_ru text NOT NULL,
        name_en text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_regions PRIMARY KEY (code)
      );

      CREATE TABLE districts (
        code varchar(16) NOT NULL,
        region_code varchar(16) NOT NULL,
        name_uz text NOT NULL,
        name_ru text NOT NULL,
        name_en text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_districts PRIMARY KEY (code),
        CONSTRAINT fk_districts_region_code FOREIGN KEY (region_code) REFERENCES regions (code) ON DELETE RESTRICT
      );
      CREATE INDEX ix_districts_region_code ON districts (region_code);

      CREATE TABLE facilities (
        id varchar(64) NOT NULL,
        name text NOT NULL,
        level varchar(16) NOT NULL,
        type varchar(16) NOT NULL,
        district_code varchar(16) NOT NULL,
        management_coefficient numeric(12, 4),
        capitation_adjustments text[] NOT NULL DEFAULT '{}',
        pilot_start_date date,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_facilities PRIMARY KEY (id),
        CONSTRAINT fk_facilities_district_code FOREIGN KEY (district_code) REFERENCES districts (code) ON DELETE RESTRICT,
        CONSTRAINT ck_facilities_level CHECK (level IN ('district', 'regional', 'republican')),
        CONSTRAINT ck_facilities_type CHECK (type IN ('hospital', 'primary-care', 'specialised', 'other')),
        CONSTRAINT ck_facilities_management_coefficient CHECK (management_coefficient > 0)
      );
      CREATE INDEX ix_facilities_district_code ON facilities (district_code);

      CREATE TABLE facility_contracts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        facility_id varchar(64) NOT NULL,
        payment_method varchar(24) NOT NULL,
        contract_number varchar(64) NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_facility_contracts PRIMARY KEY (id),
        CONSTRAINT fk_facility_contracts_facility_id FOREIGN KEY (facility_id) REFERENCES facilities (id) ON DELETE CASCADE,
        CONSTRAINT uq_facility_contracts_start UNIQUE (facility_id, payment_method, valid_from),
        CONSTRAINT ck_facility_contracts_method
          CHECK (payment_method IN ('per-case', 'capitation', 'fee-for-service', 'telemedicine')),
        CONSTRAINT ck_facility_contracts_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
      );

      CREATE TABLE facility_licences (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        facility_id varchar(64) NOT NULL,
        kind varchar(16) NOT NULL,
        telemedicine_mode varchar(24),
        category text,
        number varchar(64) NOT NULL,
        issued_by text,
        valid_from date NOT NULL,
        valid_to date,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_facility_licences PRIMARY KEY (id),
        CONSTRAINT fk_facility_licences_facility_id FOREIGN KEY (facility_id) REFERENCES facilities (id) ON DELETE CASCADE,
        CONSTRAINT ck_facility_licences_kind CHECK (kind IN ('licence', 'accreditation', 'telemedicine')),
        CONSTRAINT ck_facility_licences_mode CHECK (
          (kind = 'telemedicine' AND telemedicine_mode IN ('video', 'store-forward', 'remote-monitoring', 'mobile-health'))
          OR (kind <> 'telemedicine' AND telemedicine_mode IS NULL)
        ),
        CONSTRAINT ck_facility_licences_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
      );
      CREATE INDEX ix_facility_licences_lookup ON facility_licences (facility_id, kind, telemedicine_mode, valid_from);

      CREATE TRIGGER regions_audit AFTER INSERT OR UPDATE OR DELETE ON regions
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('code');
      CREATE TRIGGER districts_audit AFTER INSERT OR UPDATE OR DELETE ON districts
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('code');
      CREATE TRIGGER facilities_audit AFTER INSERT OR UPDATE OR DELETE ON facilities
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('id');
      CREATE TRIGGER facility_contracts_audit AFTER INSERT OR UPDATE OR DELETE ON facility_contracts
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('id');
      CREATE TRIGGER facility_licences_audit AFTER INSERT OR UPDATE OR DELETE ON facility_licences
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('id');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE facility_licences, facility_contracts, facilities, districts, regions`);
  }
}
