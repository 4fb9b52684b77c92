// Request → actor, then actor × route → allowed or not. Every /api route declares its access in
// `config.access`; one onRequest hook (before body parsing and validation, so callers without
// access learn nothing of a route's schema) authenticates and checks it against the permission table.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import {
  type Access,
  PERMISSIONS,
  type Permission,
  roleAllows,
  scopesAllow,
} from '../modules/access/permissions.ts';
import { SESSION_COOKIE, csrfTokenFor, resolveSession } from '../modules/identity/sessions.ts';
import { TOKEN_PREFIX, resolveApiToken } from '../modules/tokens/resolve.ts';
import type { Actor } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { safeEqual } from '../shared/secrets.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The raw session token when the request came with a valid session cookie. */
    sessionToken?: string;
    /** The access this request was authorized for (checked again before a write runs). */
    authorizedFor?: Access;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const digest = (value: string) => createHash('sha256').update(value).digest();

const unauthenticated = () =>
  new AppError(
    401,
    'unauthenticated',
    'Sign in, or send an API token: Authorization: Bearer rc_….',
    {},
    { 'www-authenticate': 'Bearer realm="rolecraft"' },
  );
const forbidden = (code: string, message: string) => new AppError(403, code, message);

export interface AuthDeps {
  db: Db;
  config: Config;
}

export function createAuth({ db, config }: AuthDeps) {
  const adminDigest = config.adminToken ? digest(config.adminToken) : undefined;
  const policy = { idleHours: config.sessionIdleHours, maxDays: config.sessionMaxDays };

  async function fromBearer(token: string): Promise<Actor> {
    if (token.startsWith(TOKEN_PREFIX)) {
      const actor = await resolveApiToken(db, token);
      if (actor) return actor;
    } else if (adminDigest && timingSafeEqual(digest(token), adminDigest)) {
      return { kind: 'admin' };
    }
    throw unauthenticated();
  }

  /** Who sent this request; throws 401 for credentials that are present but not valid. */
  async function authenticate(request: FastifyRequest): Promise<Actor> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) throw unauthenticated();
      return fromBearer(token);
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (!sessionToken) return { kind: 'anonymous' };
    const actor = await resolveSession(db, sessionToken, policy);
    if (!actor) throw unauthenticated();
    // Cookies ride along on cross-site requests; an unsafe method must prove it came from our own
    // pages by echoing the CSRF token, which other origins cannot read.
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(sessionToken))) {
        throw forbidden(
          'csrf_failed',
          'Missing or wrong X-CSRF-Token header for a cookie-authenticated request.',
        );
      }
    }
    request.sessionToken = sessionToken;
    return actor;
  }

  function check(actor: Actor, access: Exclude<Access, 'public'>) {
    if (actor.kind === 'anonymous') throw unauthenticated();
    if (access === 'platform') {
      if (actor.kind === 'admin' || (actor.kind === 'user' && actor.platformAdmin)) return;
      throw forbidden('forbidden', 'Only platform administrators may change the global library.');
    }
    if (access === 'user') {
      if (actor.kind === 'user') return;
      throw forbidden('session_required', 'This is for signed-in people; API tokens cannot use it.');
    }
    checkPermission(actor, access);
  }

  /** Runs authentication and the access check; sets request.actor. */
  async function authorize(request: FastifyRequest, access: Access) {
    if (access === 'public') return;
    const actor = await authenticate(request);
    check(actor, access);
    request.actor = actor;
    request.authorizedFor = access;
  }

  return { authenticate, authorize };
}

function checkPermission(actor: Actor, permission: Permission) {
  if (actor.kind === 'token') {
    if (scopesAllow(actor.scopes, permission)) return;
    const scope = PERMISSIONS[permission].scope;
    throw forbidden(
      'insufficient_scope',
      scope ? `This API token lacks the ${scope} scope.` : 'API tokens cannot do this; sign in instead.',
    );
  }
  if (actor.kind !== 'user') throw forbidden('forbidden', 'This needs a member of an organization.');
  const membership = actor.membership;
  if (!membership) {
    throw forbidden('no_organization', 'Choose an organization first: PUT /api/v1/me/organization.');
  }
  if (membership.requireMfa && !actor.mfaEnabled) {
    throw forbidden('mfa_required', 'This organization requires two-factor authentication; enable it first.');
  }
  if (!roleAllows(membership.role, permission)) {
    throw forbidden('forbidden', 'Your role in this organization does not allow this.');
  }
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Installs the access check for every route, and refuses at start-up to register an /api route
 * that does not declare its access, so none can be left open by accident.
 */
export function registerAuth(app: FastifyInstance, auth: Auth) {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/') && route.config?.access === undefined) {
      throw new Error(`${route.method} ${route.url} does not declare config.access`);
    }
  });
  app.addHook('onRequest', (request, _reply, done) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return done();
    auth.authorize(request, access).then(() => done(), done);
  });
  // A write is checked again once its body has arrived: a client may send the headers, hold the
  // body back, and meanwhile lose the right (removed, demoted, token revoked, session ended).
  app.addHook('preHandler', (request, _reply, done) => {
    const access = request.authorizedFor;
    if (access === undefined || SAFE_METHODS.has(request.method)) return done();
    auth.authorize(request, access).then(() => done(), done);
  });
}
