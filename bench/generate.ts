// Fills the benchmark database: the built-in library (through the app's own seed), then N
// templates generated in SQL from it, with varied roles, their skills and their search text.
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { loadMigrations, migrate } from '../src/db/migrate.ts';
import { builtinTaxonomy } from '../src/modules/skills/taxonomy.ts';
import { TemplateCache } from '../src/modules/templates/cache.ts';
import { templateActions } from '../src/modules/templates/service.ts';
import { isSeeded, seed } from '../src/seed.ts';

const PREFIXES = [
  'Senior',
  'Lead',
  'Staff',
  'Principal',
  'Associate',
  'Junior',
  'Remote',
  'Contract',
  'Part-time',
  'Interim',
  'Regional',
  'Founding',
  'Global',
  'Trainee',
  'Head',
];
const DOMAINS = [
  'Fintech',
  'Healthcare',
  'E-commerce',
  'Logistics',
  'SaaS',
  'Gaming',
  'Education',
  'Climate',
  'Retail',
  'Media',
  'Insurance',
  'Travel',
  'Energy',
  'Security',
  'Biotech',
  'Automotive',
  'Telecom',
  'Public Sector',
  'Nonprofit',
  'Real Estate',
];

async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(target.pathname, '/postgres') });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
}

/** Returns the number of templates in the database after making sure there are `count` generated ones. */
export async function generateTemplates(url: string, count: number): Promise<number> {
  await ensureDatabase(url);
  const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    await migrate(database, await loadMigrations());
    const taxonomy = builtinTaxonomy();
    if (!(await isSeeded(database.db)))
      await seed(database.db, taxonomy, templateActions({ taxonomy, cache: new TemplateCache() }));
  } finally {
    await database.close();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const have = Number(
      (await client.query(`select count(*) from templates where source = 'user' and slug like 'gen-%'`))
        .rows[0].count,
    );
    if (have < count) {
      console.log(`Generating ${count - have} templates…`);
      const started = Date.now();
      await client.query('begin');
      await client.query('set local statement_timeout = 0');
      await client.query(
        `create temporary table base on commit drop as
           select row_number() over (order by slug) - 1 as n, * from templates where source = 'builtin'`,
      );
      await client.query(
        `insert into templates (id, slug, role, title, summary, category, seniority, responsibilities,
                                qualifications, faqs, extra_sections, metadata, source, version, search_skills, search_body)
         select gen_random_uuid(), 'gen-' || g, r.role, r.role || ' Job Description Template', b.summary, b.category,
                b.seniority, b.responsibilities, b.qualifications, b.faqs, b.extra_sections, '{}', 'user', 1,
                b.search_skills, b.search_body
         from generate_series($1::int, $2::int) g
         join base b on b.n = g % (select count(*) from base)
         cross join lateral (select ($3::text[])[1 + (g / 7) % array_length($3::text[], 1)] || ' ' || b.role || ' (' ||
                                    ($4::text[])[1 + (g / 3) % array_length($4::text[], 1)] || ')' as role) r`,
        [have + 1, count, PREFIXES, DOMAINS],
      );
      await client.query(
        `insert into template_skills (template_id, position, label, skill_id)
         select t.id, s.position, s.label, s.skill_id
         from templates t
         join base b on b.n = substring(t.slug from 5)::int % (select count(*) from base)
         join template_skills s on s.template_id = b.id
         where t.slug like 'gen-%' and substring(t.slug from 5)::int between $1 and $2`,
        [have + 1, count],
      );
      // Search rows through the app's own definition (rolecraft_refresh_search), and the new words.
      await client.query(
        `select rolecraft_refresh_search(id) from templates
         where slug like 'gen-%' and substring(slug from 5)::int between $1 and $2`,
        [have + 1, count],
      );
      await client.query(
        `insert into search_words (word) select rolecraft_words(role) from templates where slug like 'gen-%'
         on conflict do nothing`,
      );
      await client.query('commit');
      await client.query('vacuum analyze templates');
      await client.query('vacuum analyze template_skills');
      await client.query('vacuum analyze template_search');
      console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return Number((await client.query('select count(*) from templates')).rows[0].count);
  } finally {
    await client.end();
  }
}
