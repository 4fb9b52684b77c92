// SSRF-safe outbound HTTP for webhook deliveries. Organizations register arbitrary URLs, so every
// request is checked statically (scheme, credentials, literal address, well-known internal names),
// then by DNS (all resolved addresses), and finally connects only to the address that was checked.
import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export interface OutboundOptions {
  /** Allow loopback/private targets (development and tests only; config WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Whole request deadline (connect + send + response), ms. */
  timeoutMs: number;
  /** At most this many bytes of the response body are read and kept; the rest is discarded and the socket closed. */
  maxResponseBytes: number;
  /** Injected for tests: resolves a host name to all its addresses (default: dns.promises.lookup with all:true, verbatim:true). */
  lookup?: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

export type UnsafeUrlReason =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'port'
  | 'address'
  | 'resolves_to_blocked'
  | 'unresolvable';

/** A URL refused before any connection: stable reason codes. */
export class UnsafeUrlError extends Error {
  constructor(
    readonly reason: UnsafeUrlReason,
    message: string,
  ) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

/** A transport failure after the target passed the checks. */
export class OutboundError extends Error {
  constructor(
    readonly code: 'timeout' | 'network',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboundError';
  }
}

export interface OutboundResult {
  status: number; // HTTP status; 3xx counts as a failure for the caller (redirects are never followed)
  body: string; // first maxResponseBytes bytes, utf8 (lossy ok)
  truncated: boolean;
  durationMs: number;
  location?: string; // the Location header of a 3xx, for the delivery log
}

export const MAX_URL_LENGTH = 2048;
const USER_AGENT = 'Rolecraft-Webhooks/1';

// Names that reach internal services without any DNS answer we could check (resolver/hosts-file magic).
const BLOCKED_NAMES = new Set(['localhost', 'metadata', 'metadata.google.internal']);

// Only 2000::/3 is allocated as global unicast; ipaddr.js calls everything it has no name for
// 'unicast', including the deprecated IPv4-compatible ::a.b.c.d (e.g. ::7f00:1) and unassigned space.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Parses an IP address in any textual form Node/URL accepts ('0x7f.1', '2130706433', '[::1]',
 * '::ffff:127.0.0.1', ...). IPv4-mapped IPv6 is unwrapped to IPv4. Returns null for non-addresses.
 */
function parseAddress(raw: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const s = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (s.includes(':')) {
    if (!ipaddr.IPv6.isValid(s)) return null;
    const v6 = ipaddr.IPv6.parse(s);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  // IPv4 shorthand (hex, octal, fewer parts, single integer): let the WHATWG parser decide, exactly as
  // checkUrl sees it. The character guard keeps '/', '@' etc. from smuggling a different host in.
  if (!/^[0-9a-fx.]+$/i.test(s)) return null;
  let host: string;
  try {
    host = new URL(`http://${s}/`).hostname;
  } catch {
    return null;
  }
  return net.isIPv4(host) ? ipaddr.IPv4.parse(host) : null;
}

function isBlockedParsed(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (ip instanceof ipaddr.IPv4) return ip.range() !== 'unicast';
  // NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4, Teredo, documentation, ... are not 'unicast' and stay
  // blocked whatever IPv4 they embed.
  return ip.range() !== 'unicast' || !ip.match(GLOBAL_UNICAST_V6);
}

/** Whether an IP address (any textual form Node/URL accepts) is in a blocked range. Non-addresses count as blocked. */
export function isBlockedAddress(address: string): boolean {
  const ip = parseAddress(address);
  return ip === null || isBlockedParsed(ip);
}

function isBlockedName(hostname: string): boolean {
  const name = hostname.replace(/\.+$/, ''); // 'localhost.' is the same name
  return BLOCKED_NAMES.has(name) || name.endsWith('.localhost');
}

/** Static check of a URL an organization registers (no DNS): throws UnsafeUrlError. Returns the parsed URL. */
export function checkUrl(raw: string, allowPrivate: boolean): URL {
  if (raw.length > MAX_URL_LENGTH) {
    throw new UnsafeUrlError('invalid_url', `URL is longer than ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(raw); // also rejects ports > 65535
  } catch {
    throw new UnsafeUrlError('invalid_url', 'URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeUrlError('scheme', 'only http and https URLs are allowed');
  }
  if (url.username || url.password) {
    throw new UnsafeUrlError('credentials', 'URL must not contain a user name or password');
  }
  // Any valid port is allowed (receivers commonly listen on 8080, 8443, ...): the address checks,
  // not a port allow-list, are what keep requests away from internal services.
  if (url.port === '0') throw new UnsafeUrlError('port', 'port 0 is not allowed');
  if (!allowPrivate) {
    // url.hostname is already normalised: '0x7f.1', '2130706433', '127.1' all read '127.0.0.1'.
    const host = url.hostname;
    const literal = host.startsWith('[') || net.isIPv4(host);
    if (literal ? isBlockedAddress(host) : isBlockedName(host)) {
      throw new UnsafeUrlError('address', 'URL points to a private, loopback or reserved address');
    }
  }
  return url;
}

const defaultLookup = async (hostname: string) => {
  const results = await dns.lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => ({ address: r.address, family: r.family === 6 ? (6 as const) : (4 as const) }));
};

interface Pinned {
  address: string;
  family: 4 | 6;
}

/** Resolves the host and returns the address to connect to, refusing if ANY answer is blocked. */
async function resolveTarget(
  host: string,
  options: OutboundOptions,
  deadline: Promise<never>,
): Promise<Pinned> {
  const literal = parseAddress(host);
  if (literal) return { address: literal.toString(), family: literal.kind() === 'ipv4' ? 4 : 6 };

  let answers: { address: string }[];
  try {
    answers = await Promise.race([(options.lookup ?? defaultLookup)(host), deadline]);
  } catch (err) {
    if (err instanceof OutboundError) throw err;
    // A temporary resolver failure is worth retrying; anything else means the name does not exist.
    if ((err as NodeJS.ErrnoException).code === 'EAI_AGAIN') {
      throw new OutboundError('network', 'DNS lookup failed temporarily (EAI_AGAIN)', { cause: err });
    }
    throw new UnsafeUrlError('unresolvable', 'host name does not resolve');
  }
  const parsed = answers.map((a) => parseAddress(a.address));
  if (parsed.some((ip) => ip === null || (!options.allowPrivate && isBlockedParsed(ip)))) {
    // One bad answer is enough: a resolver we do not control could rotate it in on the next lookup.
    throw new UnsafeUrlError(
      'resolves_to_blocked',
      'host name resolves to a private, loopback or reserved address',
    );
  }
  const first = parsed[0];
  if (!first) throw new UnsafeUrlError('unresolvable', 'host name has no addresses');
  return { address: first.toString(), family: first.kind() === 'ipv4' ? 4 : 6 };
}

/**
 * POSTs `body` to `url` after checkUrl + DNS resolution check; connects only to an address that passed
 * the check (pinned: no second DNS lookup, defeating DNS rebinding). Throws UnsafeUrlError for refused
 * targets; throws an OutboundError with `code` 'timeout' | 'network' for transport failures. Never
 * follows redirects.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: OutboundOptions,
): Promise<OutboundResult> {
  const started = performance.now();
  const target = checkUrl(url, options.allowPrivate);
  const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;

  // One deadline for DNS + connect + send + response.
  let timer: NodeJS.Timeout | undefined;
  let onTimeout: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new OutboundError('timeout', `no complete response within ${options.timeoutMs} ms`);
      onTimeout?.();
      reject(err);
    }, options.timeoutMs);
  });
  deadline.catch(() => {}); // may fire after we are done listening; never an unhandled rejection

  try {
    const pinned = await resolveTarget(host, options, deadline);
    return await Promise.race([
      deadline,
      new Promise<OutboundResult>((resolve, reject) => {
        const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
        const req = (target.protocol === 'https:' ? https : http).request({
          method: 'POST',
          host,
          port: target.port || undefined,
          path: `${target.pathname}${target.search}`,
          // The only resolver this socket gets: it can reach nothing but the checked address.
          lookup: (_hostname, opts, callback) => {
            if (opts.all) callback(null, [pinned]);
            else callback(null, pinned.address, pinned.family);
          },
          // SNI and certificate verification still use the name the organization registered.
          servername: net.isIP(host) ? undefined : host,
          // No pooling: a kept-alive socket from the shared agent could have been opened to another address.
          agent: false,
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            ...lowered,
            host: target.host,
            'content-length': String(Buffer.byteLength(body)),
          },
        });
        onTimeout = () => req.destroy();

        req.on('error', (err: NodeJS.ErrnoException) => {
          reject(new OutboundError('network', `request failed (${err.code ?? err.message})`, { cause: err }));
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let finished = false;
          const done = (truncated: boolean) => {
            finished = true;
            const location =
              res.statusCode! >= 300 && res.statusCode! < 400 ? res.headers.location : undefined;
            resolve({
              status: res.statusCode!,
              body: Buffer.concat(chunks).toString('utf8'),
              truncated,
              durationMs: Math.round(performance.now() - started),
              ...(location !== undefined && { location }),
            });
          };
          res.on('data', (chunk: Buffer) => {
            if (finished) return;
            const room = options.maxResponseBytes - size;
            if (chunk.length > room) {
              chunks.push(chunk.subarray(0, room));
              size += room;
              done(true);
              req.destroy(); // stop downloading the rest
              return;
            }
            chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => done(false));
          res.on('error', (err: NodeJS.ErrnoException) => {
            reject(
              new OutboundError('network', `response failed (${err.code ?? err.message})`, { cause: err }),
            );
          });
        });
        req.end(body);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
