// Applications for the benchmark, in the `bench` organization (auth-fixture.ts): a published
// posting with 10,000 applications (generated in SQL, kept between runs) for the list, another
// open posting for measuring how many applications per second the API accepts, and an API token
// that may read applications.
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { apiTokens } from '../src/db/schema.ts';
import { defaultStages } from '../src/modules/pipeline/stages.ts';
import { postingActions } from '../src/modules/postings/service.ts';
import { builtinTaxonomy } from '../src/modules/skills/taxonomy.ts';
import { systemCtx } from '../src/shared/context.ts';
import { newId } from '../src/shared/ids.ts';
import { hashToken, randomToken } from '../src/shared/secrets.ts';

export const LIST_SIZE = Number(process.env.BENCH_APPLICATIONS ?? 10_000);

const POSTING = {
  summary: 'Build and run the services behind our hiring product.',
  responsibilities: ['Design REST APIs.', 'Operate PostgreSQL.'],
  qualifications: ['Node.js experience.', 'SQL.'],
  requiredSkills: ['Node.js', 'PostgreSQL', 'TypeScript', 'Docker'],
  preferredSkills: ['Redis', 'Kubernetes'],
  locations: [{ city: 'Berlin', region: 'BE', countryCode: 'DE' }],
  workplaceType: 'hybrid' as const,
  employmentType: 'FULL_TIME' as const,
  salary: { min: 60000, max: 80000, currency: 'EUR', period: 'YEAR' as const },
};

async function posting(db: Parameters<typeof systemCtx>[0], orgId: string, title: string) {
  const [found] = await queryRows<{ id: string }>(
    db,
    sql`select id from postings where org_id = ${orgId} and title = ${title} and status = 'published'`,
  );
  if (found) return found.id;
  const ctx = {
    ...systemCtx(db),
    actor: { kind: 'token' as const, tokenId: newId(), name: 'bench', orgId, scopes: [] },
  };
  const actions = postingActions({ taxonomy: builtinTaxonomy(), publicUrl: 'http://bench' });
  const created = await actions.create(ctx, { title, ...POSTING } as never);
  await actions.transition(ctx, created.id, 'publish', undefined);
  return created.id;
}

export async function applicationsFixture(databaseUrl: string) {
  const database = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    const { db } = database;
    const [org] = await queryRows<{ id: string; slug: string }>(
      db,
      sql`select id, slug from organizations where slug = 'bench'`,
    );
    if (!org) throw new Error('run the auth fixture first');
    const listId = await posting(db, org.id, 'Bench Backend Engineer');
    const applyId = await posting(db, org.id, 'Bench Open Applications');
    const [{ n }] = (await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from applications where posting_id = ${listId}`,
    )) as [{ n: number }];
    if (n < LIST_SIZE) {
      console.log(`Generating ${LIST_SIZE - n} applications…`);
      const stages = await defaultStages(db, org.id);
      const started = Date.now();
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = 0`);
        await tx.execute(sql`
          with people as (
            select g, gen_random_uuid() as cid, gen_random_uuid() as aid,
                   'Applicant ' || g as name, 'applicant' || g || '-' || ${randomToken(4)} || '@bench.test' as email,
                   now() - (g || ' minutes')::interval as at
            from generate_series(${n + 1}::int, ${LIST_SIZE}::int) g
          ), c as (
            insert into candidates (id, org_id, email, name, created_at, last_activity_at)
            select cid, ${org.id}, email, name, at, at from people
          )
          insert into applications (id, org_id, posting_id, candidate_id, email, stage_id, stage_entered_at, source,
                                    consent, parse_status, score, skill_ids, resume_text, search, created_at, updated_at,
                                    confirmation_queued_at)
          select aid, ${org.id}, ${listId}, cid, email,
                 (array[${sql.join(
                   stages.slice(0, 5).map((s) => sql`${s.id}::uuid`),
                   sql`, `,
                 )}])[1 + g % 5], at, 'career_site',
                 jsonb_build_object('text', 'I agree', 'privacyUrl', 'http://bench/privacy', 'at', at),
                 'done', (g * 37) % 101,
                 case g % 3 when 0 then array['nodejs', 'postgresql'] when 1 then array['typescript', 'docker', 'redis'] else array['python', 'sql'] end,
                 'Experienced engineer with Node.js, PostgreSQL and Docker. Built REST APIs.',
                 setweight(to_tsvector('simple', name || ' ' || email), 'A')
                   || setweight(to_tsvector('english', 'Experienced engineer with Node.js PostgreSQL Docker REST APIs'), 'C'),
                 at, at, at
          from people`);
      });
      console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    // Fresh statistics every run: the accept benchmark adds thousands of rows to another posting.
    await db.execute(sql`analyze applications`);
    await db.execute(sql`analyze candidates`);
    const token = `rc_${randomToken()}`;
    await db.insert(apiTokens).values({
      id: newId(),
      orgId: org.id,
      name: 'bench-applications',
      tokenPrefix: token.slice(0, 10),
      tokenHash: hashToken(token),
      scopes: ['applications:read'],
    });
    return { orgSlug: org.slug, listId, applyId, headers: { authorization: `Bearer ${token}` } };
  } finally {
    await database.close();
  }
}
