// TOTP (RFC 6238) second factor and single-use recovery codes.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

// The settings every authenticator app supports; also what the otpauth:// URI advertises.
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32; // 160 bits, as RFC 4226 recommends
}

export function totpUri(secret: string, account: string, issuer = 'Rolecraft'): string {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
  }).toString();
}

// Returns the accepted time step so the caller can store it; a step at or before the last one
// used is refused so an observed code cannot be replayed while it is still valid.
export function verifyTotp(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  now = Date.now(),
): number | null {
  const token = code.trim();
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({
    token,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
    timestamp: now,
    window: 1, // one step either side tolerates clock drift and slow typing
  });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}

// Crockford's base32 alphabet in lowercase: no i, l, o or u, so codes survive being read aloud
// or copied by hand. 32 symbols = 5 bits each, so 12 symbols carry 60 bits.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function recoveryCode(): string {
  // 256 is a multiple of 32, so masking a random byte is unbiased.
  const chars = [...randomBytes(12)].map((byte) => ALPHABET[byte & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

export function newRecoveryCodes(count = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(recoveryCode());
  return [...codes];
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}
