// Published postings for the benchmark: an organization with 2,000 (a large career site) and one
// with 100,000 (the faceted-search worst case: every search and facet runs over one tenant's rows).
// Generated in SQL from the built-in templates, with the derived columns the app would write
// (postings/content.ts derivedColumns); kept between runs.
import pg from 'pg';

const CITIES: [city: string, region: string, country: string, currency: string][] = [
  ['Berlin', 'BE', 'DE', 'EUR'],
  ['Munich', 'BY', 'DE', 'EUR'],
  ['Amsterdam', 'NH', 'NL', 'EUR'],
  ['Paris', 'IDF', 'FR', 'EUR'],
  ['London', 'ENG', 'GB', 'GBP'],
  ['Austin', 'TX', 'US', 'USD'],
  ['Denver', 'CO', 'US', 'USD'],
  ['New York', 'NY', 'US', 'USD'],
  ['Toronto', 'ON', 'CA', 'CAD'],
  ['Lisbon', '11', 'PT', 'EUR'],
];
const TYPES = ['FULL_TIME', 'FULL_TIME', 'FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN'];
const WORKPLACES = ['on_site', 'hybrid', 'remote'];
const PREFIXES = ['', 'Senior ', 'Lead ', 'Junior ', 'Staff ', 'Principal ', 'Associate '];

export const CAREERS_ORG = 'bench-careers';
export const BIG_ORG = 'bench-big';

async function fill(client: pg.Client, slug: string, count: number) {
  const found = await client.query('select id from organizations where slug = $1', [slug]);
  let orgId: string = found.rows[0]?.id;
  if (!orgId) {
    orgId = (
      await client.query(
        `insert into organizations (id, slug, name, employee_count, brand_color, careers_intro)
         values (gen_random_uuid(), $1, $2, 500, '#0f766e', 'Benchmark employer.') returning id`,
        [slug, `Bench ${slug}`],
      )
    ).rows[0].id;
  }
  const have = Number(
    (await client.query('select count(*) from postings where org_id = $1', [orgId])).rows[0].count,
  );
  if (have >= count) return;
  console.log(`Generating ${count - have} postings for ${slug}…`);
  const started = Date.now();
  await client.query('begin');
  await client.query('set local statement_timeout = 0');
  await client.query(
    `create temporary table base on commit drop as
       select row_number() over (order by slug) - 1 as n, * from templates where source = 'builtin' and org_id is null`,
  );
  await client.query(
    `create temporary table cities on commit drop as
       select ordinality - 1 as n, c[1] as city, c[2] as region, c[3] as country, c[4] as currency
       from jsonb_array_elements($1::jsonb) with ordinality as e(j), lateral (select array(select jsonb_array_elements_text(j)) as c) x`,
    [JSON.stringify(CITIES)],
  );
  await client.query(
    `insert into postings (id, org_id, number, slug, status, template_id, version, content, title, department,
        employment_type, workplace_type, countries, location_keys, salary_currency, salary_period, salary_min,
        salary_max, annual_min, annual_max, search_text, first_published_at, published_at, updated_at)
     select gen_random_uuid(), $1, g, left(regexp_replace(lower(v.title), '[^a-z0-9]+', '-', 'g'), 80) || '-' || g,
        'published', b.id, 1,
        jsonb_build_object(
          'title', v.title, 'department', initcap(replace(b.category, '-', ' ')), 'summary', b.summary,
          'responsibilities', b.responsibilities, 'qualifications', b.qualifications,
          'preferredQualifications', '[]'::jsonb, 'extraSections', '[]'::jsonb, 'faqs', '[]'::jsonb,
          'requiredSkills', coalesce((select jsonb_agg(s.label order by s.position) from template_skills s where s.template_id = b.id), '[]'::jsonb),
          'preferredSkills', '[]'::jsonb,
          'locations', case when v.workplace = 'remote' then '[]'::jsonb else jsonb_build_array(jsonb_build_object('city', c.city, 'region', c.region, 'countryCode', c.country)) end,
          'workplaceType', v.workplace,
          'applicantLocationRequirements', case when v.workplace = 'remote' then jsonb_build_array(c.country) else '[]'::jsonb end,
          'employmentType', v.employment, 'salary', jsonb_build_object('min', v.min, 'max', v.max, 'currency', c.currency, 'period', 'YEAR'),
          'validThrough', null, 'experienceMonths', null, 'educationLevel', null, 'questions', '[]'::jsonb, 'hiringTeam', '[]'::jsonb),
        v.title, initcap(replace(b.category, '-', ' ')), v.employment, v.workplace, array[c.country],
        case when v.workplace = 'remote' then array['Remote'] else array[c.city || ', ' || c.region || ', ' || c.country] end,
        c.currency, 'YEAR', v.min, v.max, v.min, v.max,
        b.search_skills || ' ' || b.search_body, now() - g * interval '1 minute', now() - g * interval '1 minute', now()
     from generate_series($2::int, $3::int) g
     join base b on b.n = g % (select count(*) from base)
     join cities c on c.n = (g / 3) % (select count(*) from cities)
     cross join lateral (select ($4::text[])[1 + (g / 5) % array_length($4::text[], 1)] || b.role as title,
                                ($5::text[])[1 + g % array_length($5::text[], 1)] as employment,
                                ($6::text[])[1 + (g / 2) % 3] as workplace,
                                40000 + (g % 40) * 2500 as min, 60000 + (g % 40) * 3000 as max) v`,
    [orgId, have + 1, count, PREFIXES, TYPES, WORKPLACES],
  );
  await client.query('update organizations set posting_seq = $2 where id = $1', [orgId, count]);
  await client.query('commit');
  await client.query('vacuum analyze postings');
  await client.query('vacuum analyze posting_search');
  console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function postingsFixture(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fill(client, CAREERS_ORG, 2_000);
    await fill(client, BIG_ORG, Number(process.env.BENCH_POSTINGS ?? 100_000));
  } finally {
    await client.end();
  }
}
