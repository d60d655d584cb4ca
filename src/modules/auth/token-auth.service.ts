import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from './actor';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { ROLES, type Role } from './entities/role';
import { hashTokenSecret, looksLikeTokenSecret } from './token-secret';

interface TokenRow {
  token_id: string;
  token_roles: Role[];
  token_districts: string[];
  token_facilities: string[];
  expired: boolean;
  revoked: boolean;
  stale: boolean;
  user_id: string;
  username: string;
  user_roles: Role[];
  user_districts: string[];
  user_facilities: string[];
  active: boolean;
}

/** Resolves `Authorization: Bearer <secret>` to an Actor: sha256 lookup, revoked and expired refused. */
@Injectable()
export class TokenAuthService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async authenticate(authorization: string | undefined): Promise<Actor> {
    if (authorization === undefined || authorization.trim() === '') {
      throw new AuthException(AuthExceptionCode.UNAUTHENTICATED, 'send an API token: Authorization: Bearer <token>');
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m)
      throw new AuthException(AuthExceptionCode.UNAUTHENTICATED, 'the Authorization header must be "Bearer <token>"');
    const secret = m[1];
    if (!looksLikeTokenSecret(secret))
      throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'the token is not valid');

    const rows: TokenRow[] = await this.db.query(
      `SELECT t.id AS token_id, t.roles AS token_roles, t.district_codes AS token_districts,
              t.facility_ids AS token_facilities,
              (t.expires_at IS NOT NULL AND t.expires_at <= now()) AS expired,
              (t.revoked_at IS NOT NULL) AS revoked,
              (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale,
              u.id AS user_id, u.username, u.roles AS user_roles, u.district_codes AS user_districts,
              u.facility_ids AS user_facilities, u.active
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1`,
      [hashTokenSecret(secret)],
    );
    const row = rows[0];
    if (!row) throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'the token is not valid');
    if (row.revoked) throw new AuthException(AuthExceptionCode.TOKEN_REVOKED, 'the token has been revoked');
    if (row.expired) throw new AuthException(AuthExceptionCode.TOKEN_EXPIRED, 'the token has expired');
    if (!row.active) throw new AuthException(AuthExceptionCode.USER_INACTIVE, "the token's user is deactivated");
    // Written at most once a minute per token: a busy client does not turn every read into a write.
    if (row.stale) await this.db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.token_id]);
    return actorOf(row);
  }
}

/** The token's grants, narrowed to its user's current ones (a role taken from a user ends at once). */
function actorOf(row: TokenRow): Actor {
  const userRoles = row.user_roles.filter((r) => (ROLES as readonly string[]).includes(r));
  const roles = row.token_roles.length > 0 ? row.token_roles.filter((r) => userRoles.includes(r)) : userRoles;
  return {
    userId: row.user_id,
    username: row.username,
    roles,
    districtCodes: narrow(row.token_districts, row.user_districts),
    facilityIds: narrow(row.token_facilities, row.user_facilities),
    tokenId: row.token_id,
  };
}

/** Empty on one side means "no narrowing from that side". */
function narrow(token: string[], user: string[]): string[] {
  if (user.length === 0) return [...token];
  if (token.length === 0) return [...user];
  return token.filter((x) => user.includes(x));
}
