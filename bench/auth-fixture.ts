// An organization with a forked template, an API token and a session in the benchmark database,
// so authenticated reads can be measured next to public ones. Tokens are new on every run (only
// their hashes are stored, so old ones cannot be recovered).
import { eq } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { apiTokens, organizations, users } from '../src/db/schema.ts';
import { createOrganizationWithOwner, createUser } from '../src/modules/identity/bootstrap.ts';
import { SESSION_COOKIE, createSession, csrfTokenFor } from '../src/modules/identity/sessions.ts';
import { builtinTaxonomy } from '../src/modules/skills/taxonomy.ts';
import { TemplateCache } from '../src/modules/templates/cache.ts';
import { templateActions } from '../src/modules/templates/service.ts';
import { systemCtx } from '../src/shared/context.ts';
import { newId } from '../src/shared/ids.ts';
import { hashToken, randomToken } from '../src/shared/secrets.ts';

export const BENCH_SLUG = 'jr-backend-developer';

export async function authFixture(databaseUrl: string) {
  const database = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    const { db } = database;
    let [user] = await db.select().from(users).where(eq(users.email, 'bench@example.test'));
    if (!user) user = (await createUser(db, { email: 'bench@example.test' })).user;
    let [org] = await db.select().from(organizations).where(eq(organizations.slug, 'bench'));
    if (!org) {
      const created = await createOrganizationWithOwner(db, { slug: 'bench', name: 'Bench' }, user.id);
      const actions = templateActions({ taxonomy: builtinTaxonomy(), cache: new TemplateCache() });
      await actions.fork(systemCtx(db), created.id, BENCH_SLUG);
      [org] = await db.select().from(organizations).where(eq(organizations.id, created.id));
    }
    const token = `rc_${randomToken()}`;
    await db.insert(apiTokens).values({
      id: newId(),
      orgId: org!.id,
      name: 'bench',
      tokenPrefix: token.slice(0, 10),
      tokenHash: hashToken(token),
      scopes: ['templates:read'],
    });
    const session = await createSession(
      db,
      { userId: user.id, orgId: org!.id },
      { idleHours: 12, maxDays: 1 },
    );
    return {
      tokenHeaders: { authorization: `Bearer ${token}` },
      sessionHeaders: {
        cookie: `${SESSION_COOKIE}=${session.token}`,
        'x-csrf-token': csrfTokenFor(session.token),
      },
    };
  } finally {
    await database.close();
  }
}
