// Test factories for postings: an organization with a signed-in recruiter, and postings made and
// moved through the API (no shortcuts into the database).
import assert from 'node:assert/strict';
import type { PostingCreate } from '../src/modules/postings/schemas.ts';
import { send, type TestApp } from './helpers.ts';
import { makeOrg, makeUser, signIn, unique } from './identity.ts';

/** A complete, publishable posting (on-site in Berlin: no pay-transparency rule applies). */
export function postingBody(overrides: Record<string, unknown> = {}): PostingCreate {
  return {
    title: 'Backend Engineer',
    department: 'Engineering',
    summary: 'You will build the APIs our customers rely on, with a small team that ships every day.',
    responsibilities: ['Design and build REST APIs.', 'Operate PostgreSQL in production.'],
    qualifications: ['Experience with Node.js or a similar runtime.', 'Comfort with SQL.'],
    requiredSkills: ['Node.js', 'PostgreSQL'],
    preferredSkills: ['Redis'],
    locations: [{ city: 'Berlin', region: 'BE', countryCode: 'DE' }],
    workplaceType: 'hybrid',
    employmentType: 'FULL_TIME',
    salary: { min: 60000, max: 80000, currency: 'EUR', period: 'YEAR' },
    ...overrides,
  } as PostingCreate;
}

export interface Employer {
  orgId: string;
  slug: string;
  headers: Record<string, string>;
  create(body?: Record<string, unknown>): Promise<{ id: string; slug: string; [k: string]: unknown }>;
  publish(id: string): Promise<void>;
  patchOrg(body: Record<string, unknown>): Promise<void>;
}

/** An organization whose owner is signed in, with helpers that assert each call succeeds. */
export async function makeEmployer(t: TestApp, slug = unique('acme')): Promise<Employer> {
  const owner = await makeUser(t.database);
  const org = await makeOrg(t.database, owner.id, slug);
  const { headers } = await signIn(t.database, t.config, owner.id, org.id);
  const call = async (method: 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await send(t.app, method, url, headers, payload);
    assert.ok(res.statusCode < 300, `${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    orgId: org.id,
    slug,
    headers,
    create: (body = postingBody()) => call('POST', '/api/v1/org/postings', body),
    publish: async (id) => {
      await call('POST', `/api/v1/org/postings/${id}/publish`);
    },
    patchOrg: async (body) => {
      await call('PATCH', '/api/v1/org', body);
    },
  };
}
