// Secrets the server must read back (TOTP secrets) are sealed with AES-256-GCM under the key in
// ROLECRAFT_SECRET_KEY, so a copy of the database alone does not yield them. Sealed values carry
// a version prefix; values stored before a key was configured are read as they are.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';

export function seal(plain: string, key: Buffer | undefined): string {
  if (!key) return plain;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export class SealedSecretError extends Error {
  override name = 'SealedSecretError';
}

export function unseal(stored: string, key: Buffer | undefined): string {
  if (!stored.startsWith(PREFIX)) return stored;
  if (!key) throw new SealedSecretError('a sealed secret needs ROLECRAFT_SECRET_KEY, which is not set');
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  try {
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SealedSecretError('a sealed secret does not open with ROLECRAFT_SECRET_KEY (wrong key?)');
  }
}
