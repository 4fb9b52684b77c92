// Password policy and hashing per OWASP ASVS 5.0 / NIST SP 800-63B: length limits and a
// common-password blocklist instead of composition rules; argon2id with OWASP's minimum parameters.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import argon2 from 'argon2';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const PARAMS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('../../../data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter(Boolean),
  );
  return common;
}

// NFKC so that the same password typed on different keyboards/IMEs (e.g. full-width digits,
// precomposed vs combining accents) checks, counts and hashes identically.
function normalize(password: string): string {
  return password.normalize('NFKC');
}

function fold(value: string): string {
  return normalize(value).trim().toLowerCase();
}

export function passwordProblem(
  password: string,
  context?: { email?: string; name?: string },
): string | undefined {
  const normalized = normalize(password);
  // Code points, not UTF-16 units, so an emoji counts as one character.
  const length = [...normalized].length;
  if (length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters long.`;
  if (length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters long.`;

  const lower = normalized.toLowerCase();
  if (commonPasswords().has(lower)) return 'This password is too common; choose a less predictable one.';

  const email = context?.email ? fold(context.email) : '';
  const at = email.lastIndexOf('@');
  const banned = [email, at > 0 ? email.slice(0, at) : '', context?.name ? fold(context.name) : ''];
  if (banned.some((value) => value !== '' && value === lower)) {
    return 'Password must not be your email address or name.';
  }
  return undefined;
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, ''); // PHC strings use unpadded base64
}

// argon2 0.45 writes the parameters as m,p,t (ranisalt/node-argon2#559), which libargon2-based
// verifiers reject; encode the PHC string ourselves in the reference m,t,p order.
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await argon2.hash(normalize(password), { ...PARAMS, salt, raw: true });
  const { memoryCost: m, timeCost: t, parallelism: p } = PARAMS;
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(salt)}$${b64(hash)}`;
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, normalize(password));
  } catch {
    // Malformed or unsupported hash strings make argon2 throw; treat them as a failed match.
    return false;
  }
}

export function needsRehash(hash: string): boolean {
  // argon2.needsRehash compares only m/t/p/version, so check the variant ourselves.
  if (!hash.startsWith('$argon2id$')) return true;
  try {
    return argon2.needsRehash(hash, PARAMS);
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

// Log-in for an unknown email runs the same argon2 work as for a known one, so response time
// does not reveal whether an account exists.
export async function burnPasswordTime(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url')).catch((error: unknown) => {
    dummyHash = undefined; // retry on the next call instead of caching the failure
    throw error;
  });
  await verifyPassword(await dummyHash, password);
}
