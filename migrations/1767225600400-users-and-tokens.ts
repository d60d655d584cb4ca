import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users and their API tokens (only a sha256 of each token secret is stored). */
export class UsersAndTokens1767225600400 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        display_name text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        district_codes text[] NOT NULL DEFAULT '{}',
        facility_ids text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_username UNIQUE (username),
        CONSTRAINT ck_users_username CHECK (username = lower(username) AND username ~ '^[a-z0-9._-]+$'),
        CONSTRAINT ck_users_roles
          CHECK (roles <@ ARRAY['admin', 'finance-officer', 'auditor', 'planner', 'facility-clerk']::text[])
      );

      CREATE TABLE api_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        name varchar(128) NOT NULL,
        token_prefix varchar(16) NOT NULL,
        token_hash char(64) NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        district_codes text[] NOT NULL DEFAULT '{}',
        facility_ids text[] NOT NULL DEFAULT '{}',
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_api_tokens PRIMARY KEY (id),
        CONSTRAINT fk_api_tokens_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT uq_api_tokens_token_hash UNIQUE (token_hash),
        CONSTRAINT ck_api_tokens_token_hash CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_api_tokens_roles
          CHECK (roles <@ ARRAY['admin', 'finance-officer', 'auditor', 'planner', 'facility-clerk']::text[])
      );
      CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id);

      CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('id');
      -- last_used_at changes on every request: left out so token use does not flood the log.
      CREATE TRIGGER api_tokens_audit AFTER INSERT OR UPDATE OR DELETE ON api_tokens
        FOR EACH ROW EXECUTE FUNCTION hisob_audit_row_change('id', 'token_hash', 'last_used_at');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens, users`);
  }
}
