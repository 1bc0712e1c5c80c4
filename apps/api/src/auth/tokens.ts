import { createHash, randomBytes } from 'node:crypto';

/** 256 bits of randomness, URL-safe. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256: a copy of the database does not let anyone sign in. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** What our opaque tokens look like; anything else is rejected before touching the database. */
export const OPAQUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;
