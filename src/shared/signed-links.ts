// Signed, expiring tokens for links sent by email (a candidate's status page): the link itself is
// the credential, so it is an HMAC over its contents and expiry, checked in constant time.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';

const VERSION = 'v1';

/**
 * The key: ROLECRAFT_SECRET_KEY when configured, else one generated on first use and kept in the
 * database, so every instance signs and checks with the same key and restarts keep links valid.
 */
export async function signingKey(db: Db, configured: Buffer | undefined): Promise<Buffer> {
  if (configured) return createHmac('sha256', configured).update('signed-links').digest();
  const fresh = randomBytes(32).toString('base64');
  await queryRows(
    db,
    sql`insert into app_secrets (name, value) values ('signed-links', ${fresh}) on conflict (name) do nothing`,
  );
  const [row] = await queryRows<{ value: string }>(
    db,
    sql`select value from app_secrets where name = 'signed-links'`,
  );
  return Buffer.from(row!.value, 'base64');
}

const mac = (key: Buffer, purpose: string, body: string) =>
  createHmac('sha256', key).update(`${purpose}\n${body}`).digest('base64url');

/** `subject` must not contain "."; the purpose binds a token to one use. */
export function signLink(key: Buffer, purpose: string, subject: string, expiresAt: Date): string {
  const body = `${VERSION}.${subject}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(key, purpose, body)}`;
}

export type LinkCheck = { ok: true; subject: string } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyLink(key: Buffer, purpose: string, token: string, now = new Date()): LinkCheck {
  if (token.length > 300) return { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, reason: 'invalid' };
  const [version, subject, expires, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(mac(key, purpose, `${version}.${subject}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 <= now.getTime())
    return { ok: false, reason: 'expired' };
  return { ok: true, subject };
}
