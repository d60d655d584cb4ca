import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tariff book versions and their CSV files. Immutability of a published book is enforced by
 * triggers, so it holds for every path (ORM, raw SQL, psql): SQLSTATE HB001 on any refused change.
 */
export class TariffBooks1767225600200 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tariff_books (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL,
        version varchar(32) NOT NULL,
        name text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'draft',
        effective_from date NOT NULL,
        effective_to date,
        manifest jsonb NOT NULL,
        content_hash char(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by varchar(128),
        published_at timestamptz,
        published_by varchar(128),
        retired_at timestamptz,
        retired_by varchar(128),
        CONSTRAINT pk_tariff_books PRIMARY KEY (id),
        CONSTRAINT uq_tariff_books_code_version UNIQUE (code, version),
        CONSTRAINT ck_tariff_books_status CHECK (status IN ('draft', 'published', 'retired')),
        CONSTRAINT ck_tariff_books_published
          CHECK (status = 'draft' OR (published_at IS NOT NULL AND content_hash IS NOT NULL)),
        CONSTRAINT ck_tariff_books_retired CHECK (status <> 'retired' OR retired_at IS NOT NULL),
        CONSTRAINT ck_tariff_books_effective CHECK (effective_to IS NULL OR effective_to >= effective_from)
      );
      CREATE INDEX ix_tariff_books_status ON tariff_books (status);

      CREATE TABLE tariff_book_files (
        book_id uuid NOT NULL,
        file_name varchar(128) NOT NULL,
        content text NOT NULL,
        sha256 char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_tariff_book_files PRIMARY KEY (book_id, file_name),
        CONSTRAINT fk_tariff_book_files_book_id FOREIGN KEY (book_id) REFERENCES tariff_books (id) ON DELETE CASCADE
      );

      -- Hash over the manifest and every file (name and sha256), in a collation-independent order.
      CREATE FUNCTION hisob_tariff_book_hash(book uuid, manifest jsonb) RETURNS char(64) LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(
          'manifest.json' || E'\\n' || manifest::text || E'\\n' || coalesce((
            SELECT string_agg(f.file_name || E'\\n' || f.sha256, E'\\n' ORDER BY f.file_name COLLATE "C")
            FROM tariff_book_files f WHERE f.book_id = book
          ), ''),
          'UTF8')), 'hex')::char(64)
      $$;

      -- draft: anything goes (publishing stamps published_at and content_hash); published: only the
      -- move to retired (status, retired_at, retired_by); retired: nothing. Only drafts are deleted.
      CREATE FUNCTION hisob_tariff_book_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        retire_columns text[] := ARRAY['status', 'retired_at', 'retired_by'];
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'tariff book % % is %: it cannot be deleted', OLD.code, OLD.version, OLD.status
              USING ERRCODE = 'HB001';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'draft' THEN
          IF NEW.status = 'retired' THEN
            RAISE EXCEPTION 'tariff book % % is a draft: publish it before retiring it', OLD.code, OLD.version
              USING ERRCODE = 'HB001';
          END IF;
          IF NEW.status = 'published' THEN
            NEW.published_at := coalesce(NEW.published_at, now());
            NEW.content_hash := hisob_tariff_book_hash(NEW.id, NEW.manifest);
          END IF;
          RETURN NEW;
        END IF;
        IF OLD.status = 'published' AND (to_jsonb(NEW) - retire_columns) = (to_jsonb(OLD) - retire_columns) THEN
          IF NEW.status = 'retired' THEN
            NEW.retired_at := coalesce(NEW.retired_at, now());
            RETURN NEW;
          END IF;
          IF NEW.status = 'published' AND NEW.retired_at IS NULL AND NEW.retired_by IS NULL THEN
            RETURN NEW;
          END IF;
        END IF;
        IF OLD.status = 'retired' AND to_jsonb(NEW) = to_jsonb(OLD) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'tariff book % % is %: it is immutable (only published -> retired is allowed)',
          OLD.code, OLD.version, OLD.status USING ERRCODE = 'HB001';
      END $$;
      CREATE TRIGGER tariff_books_guard BEFORE UPDATE OR DELETE ON tariff_books
        FOR EACH ROW EXECUTE FUNCTION hisob_tariff_book_guard();

      -- Files change only while their book is a draft. FOR SHARE waits for a concurrent publish to
      -- commit and then sees it. A missing book means a cascading delete of a draft (or a bad
      -- book_id, which the foreign key reports).
      CREATE FUNCTION hisob_tariff_book_file_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        book record;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          SELECT code, version, status INTO book FROM tariff_books WHERE id = OLD.book_id FOR SHARE;
          IF FOUND AND book.status <> 'draft' THEN
            RAISE EXCEPTION 'tariff book % % is %: its files are immutable', book.code, book.version, book.status
              USING ERRCODE = 'HB001';
          END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        SELECT code, version, status INTO book FROM tariff_books WHERE id = NEW.book_id FOR SHARE;
        IF FOUND AND book.status <> 'draft' THEN
          RAISE EXCEPTION 'tariff book % % is %: its files are immutable', book.code, book.version, book.status
            USING ERRCODE = 'HB001';
        END IF;
        NEW.sha256 := encode(sha256(convert_to(NEW.content, 'UTF8')), 'hex');
        RETURN NEW;
      END $$;
      CREATE TRIGGER tariff_book_files_guard BEFORE INSERT OR UPDATE OR DELETE ON tariff_book_files
        FOR EACH ROW EXECUTE FUNCTION hisob_tariff_book_file_guard();

      -- TRUNCATE skips row triggers, so it is refused outright on both tables.
      CREATE FUNCTION hisob_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'TRUNCATE of % is not allowed', TG_TABLE_NAME USING ERRCODE = 'HB001';
      END $$;
      CREATE TRIGGER tariff_books_no_truncate BEFORE TRUNCATE ON tariff_books
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_truncate();
      CREATE TRIGGER tariff_book_files_no_truncate BEFORE TRUNCATE ON tariff_book_files
        FOR EACH STATEMENT EXECUTE FUNCTION hisob_refuse_truncate();

      CREATE TRIGGER tariff_books_audit AFTER INSERT OR UPDATE OR DELETE ON tariff_books
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('id');
      CREATE TRIGGER tariff_book_files_audit AFTER INSERT OR UPDATE OR DELETE ON tariff_book_files
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('book_id,file_name', 'content');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE tariff_book_files, tariff_books;
      DROP FUNCTION hisob_refuse_truncate();
      DROP FUNCTION hisob_tariff_book_file_guard();
      DROP FUNCTION hisob_tariff_book_guard();
      DROP FUNCTION hisob_tariff_book_hash(uuid, jsonb);
    `);
  }
}
