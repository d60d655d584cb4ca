import { createHash, randomBytes } from 'node:crypto';

/** Secrets look like `hsb_` + 43 base64url characters (32 random bytes). */
export const TOKEN_SECRET_PREFIX = 'hsb_';
const SECRET_SHAPE = /^hsb_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret kept in clear (token_prefix) so a user can tell tokens apart. */
const SHOWN_CHARS = 12;

export function generateTokenSecret(): string {
  return TOKEN_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** What the database stores: sha256 of the secret, hex. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function tokenPrefixOf(secret: string): string {
  return secret.slice(0, SHOWN_CHARS);
}

export function looksLikeTokenSecret(text: string): boolean {
  return SECRET_SHAPE.test(text);
}
