// Random tokens (sessions, e-mail links, API keys) and how they are stored and compared.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// Tokens carry 256 bits of randomness, so brute force is hopeless and a slow password hash would
// add nothing; a plain SHA-256 keeps look-ups by hash fast and leaks nothing useful if the table does.
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// timingSafeEqual needs equal lengths; comparing fixed-size digests hides the length too.
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
