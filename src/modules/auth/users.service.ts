import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { withAuditActor } from '../../infra/database/audit-actor';
import { sqlStateOf, PgSqlState } from '../../infra/database/sql-errors';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { ROLES, type Role } from './entities/role';
import { generateTokenSecret, hashTokenSecret, tokenPrefixOf } from './token-secret';

export interface NewUser {
  username: string;
  displayName?: string;
  roles: string[];
  districtCodes?: string[];
  facilityIds?: string[];
}

export interface CreatedUser {
  id: string;
  username: string;
  roles: Role[];
  districtCodes: string[];
  facilityIds: string[];
}

export interface NewToken {
  username: string;
  /** Label shown in lists ("sync job", "laptop"). */
  name?: string;
  /** Days until the token stops working; none = it never expires. */
  expiresDays?: number;
}

export interface CreatedToken {
  id: string;
  /** The secret itself: shown once, only its sha256 is stored. */
  secret: string;
  prefix: string;
  expiresAt: Date | null;
}

const USERNAME = /^[a-z0-9._-]{1,64}$/;
const MAX_EXPIRES_DAYS = 3650;

/** Users and API tokens (used by the CLI). Scopes are checked against the registries. */
@Injectable()
export class UsersService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async createUser(input: NewUser, by: string): Promise<CreatedUser> {
    const username = input.username.trim().toLowerCase();
    const problems: string[] = [];
    if (!USERNAME.test(username)) problems.push('username must be 1–64 of a-z 0-9 . _ -');
    const roles = unique(input.roles.map((r) => r.trim()).filter((r) => r !== ''));
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (roles.length === 0) problems.push(`give at least one role (${ROLES.join(', ')})`);
    if (unknown.length > 0) problems.push(`unknown role ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
    const districtCodes = unique(input.districtCodes ?? []);
    const facilityIds = unique(input.facilityIds ?? []);
    if (roles.includes('finance-officer') && districtCodes.length === 0) {
      problems.push('a finance-officer needs --districts (the districts they work in)');
    }
    if (roles.includes('facility-clerk') && facilityIds.length === 0) {
      problems.push('a facility-clerk needs --facilities (the facility they work for)');
    }
    if (problems.length === 0) problems.push(...(await this.missingScopes(districtCodes, facilityIds)));
    if (problems.length > 0) throw new AuthException(AuthExceptionCode.INVALID_USER, problems.join('; '));

    try {
      return await this.db.transaction(async (tx) => {
        await withAuditActor(tx, by);
        const rows: { id: string }[] = await tx.query(
          `INSERT INTO users (username, display_name, roles, district_codes, facility_ids)
           VALUES ($1, $2, $3::text[], $4::text[], $5::text[]) RETURNING id`,
          [username, input.displayName?.trim() || username, roles, districtCodes, facilityIds],
        );
        return { id: rows[0].id, username, roles: roles as Role[], districtCodes, facilityIds };
      });
    } catch (error) {
      if (sqlStateOf(error) === PgSqlState.UNIQUE_VIOLATION) {
        throw new AuthException(AuthExceptionCode.USER_EXISTS, `user ${username} already exists`);
      }
      throw error;
    }
  }

  /** A new token with the user's current roles and scopes. */
  async createToken(input: NewToken, by: string): Promise<CreatedToken> {
    const username = input.username.trim().toLowerCase();
    if (input.expiresDays !== undefined) {
      if (!Number.isInteger(input.expiresDays) || input.expiresDays < 1 || input.expiresDays > MAX_EXPIRES_DAYS) {
        throw new AuthException(AuthExceptionCode.INVALID_USER, `expiry must be 1 to ${MAX_EXPIRES_DAYS} days`);
      }
    }
    const name = (input.name ?? 'api').trim();
    if (name === '' || name.length > 128)
      throw new AuthException(AuthExceptionCode.INVALID_USER, 'token name must be 1–128 characters');
    return this.db.transaction(async (tx) => {
      await withAuditActor(tx, by);
      const users: {
        id: string;
        active: boolean;
        roles: string[];
        district_codes: string[];
        facility_ids: string[];
      }[] = await tx.query(`SELECT id, active, roles, district_codes, facility_ids FROM users WHERE username = $1`, [
        username,
      ]);
      const user = users[0];
      if (!user) throw new AuthException(AuthExceptionCode.USER_NOT_FOUND, `no user ${username}`);
      if (!user.active) throw new AuthException(AuthExceptionCode.USER_INACTIVE, `user ${username} is deactivated`);
      const secret = generateTokenSecret();
      const rows: { id: string; expires_at: Date | null }[] = await tx.query(
        `INSERT INTO api_tokens (user_id, name, token_prefix, token_hash, roles, district_codes, facility_ids, expires_at)
         VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7::text[],
                 CASE WHEN $8::int IS NULL THEN NULL ELSE now() + make_interval(days => $8::int) END)
         RETURNING id, expires_at`,
        [
          user.id,
          name,
          tokenPrefixOf(secret),
          hashTokenSecret(secret),
          user.roles,
          user.district_codes,
          user.facility_ids,
          input.expiresDays ?? null,
        ],
      );
      return { id: rows[0].id, secret, prefix: tokenPrefixOf(secret), expiresAt: rows[0].expires_at };
    });
  }

  async revokeToken(tokenId: string, by: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(tokenId))
      throw new AuthException(AuthExceptionCode.TOKEN_NOT_FOUND, `no token ${tokenId}`);
    await this.db.transaction(async (tx) => {
      await withAuditActor(tx, by);
      const rows: unknown[] = await tx.query(
        `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [tokenId],
      );
      if (rowCount(rows) === 0)
        throw new AuthException(AuthExceptionCode.TOKEN_NOT_FOUND, `no active token ${tokenId}`);
    });
  }

  private async missingScopes(districtCodes: string[], facilityIds: string[]): Promise<string[]> {
    const problems: string[] = [];
    if (districtCodes.length > 0) {
      const found: { code: string }[] = await this.db.query(`SELECT code FROM districts WHERE code = ANY($1::text[])`, [
        districtCodes,
      ]);
      const missing = districtCodes.filter((c) => !found.some((f) => f.code === c));
      if (missing.length > 0) problems.push(`unknown district ${missing.join(', ')}`);
    }
    if (facilityIds.length > 0) {
      const found: { id: string }[] = await this.db.query(`SELECT id FROM facilities WHERE id = ANY($1::text[])`, [
        facilityIds,
      ]);
      const missing = facilityIds.filter((c) => !found.some((f) => f.id === c));
      if (missing.length > 0) problems.push(`unknown facility ${missing.join(', ')}`);
    }
    return problems;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}

/** UPDATE … RETURNING through TypeORM's query(): [rows, count] on postgres, or the rows. */
function rowCount(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[1];
  }
  return Array.isArray(result) ? result.length : 0;
}
