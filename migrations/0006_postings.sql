-- Job postings: made from templates (or from scratch), published on career sites and boards.
--
-- content holds what an editor changes (PostingContent); the columns beside it are derived from it
-- on every write so that boards, facets and search run on plain indexed columns.

alter table organizations
  add column employee_count integer check (employee_count between 0 and 10000000),
  add column brand_color text check (brand_color ~ '^#[0-9a-f]{6}$'),
  add column careers_intro text not null default '',
  -- Numbers postings per organization; a number is never reused (stable job-board references).
  add column posting_seq integer not null default 0;

create table postings (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  number integer not null,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
  status text not null default 'draft' check (status in ('draft', 'published', 'closed', 'archived')),
  template_id uuid references templates (id) on delete set null,
  version integer not null default 1,
  content jsonb not null,
  title text not null,
  department text,
  employment_type text,
  workplace_type text not null,
  countries text[] not null default '{}',
  -- Facet values, one per location ("Berlin, DE"); remote jobs add "Remote".
  location_keys text[] not null default '{}',
  salary_currency text,
  salary_period text,
  salary_min numeric,
  salary_max numeric,
  -- The range per year (HOUR × 2080, DAY × 260, WEEK × 52, MONTH × 12) for facets and insights.
  annual_min numeric,
  annual_max numeric,
  search_text text not null default '',
  valid_through timestamptz,
  first_published_at timestamptz,
  published_at timestamptz,
  closed_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, number),
  unique (org_id, slug)
);
create index postings_org_status on postings (org_id, status, updated_at desc, id);
-- The auto-close job's scan.
create index postings_expiring on postings (valid_through) where status = 'published' and valid_through is not null;
-- Salary insights: published postings by title words.
create index postings_title_words on postings using gin (to_tsvector('english', title)) where status = 'published' and annual_min is not null;

-- Every saved edit is a version; the posting's current content is its latest one.
create table posting_versions (
  posting_id uuid not null references postings (id) on delete cascade,
  version integer not null,
  content jsonb not null,
  status text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (posting_id, version)
);

-- The lifecycle: every transition, by whom (null user: the system, e.g. the auto-close job).
create table posting_events (
  id uuid primary key,
  posting_id uuid not null references postings (id) on delete cascade,
  org_id uuid not null,
  from_status text not null,
  to_status text not null,
  actor_user_id uuid references users (id) on delete set null,
  actor_label text not null,
  reason text,
  at timestamptz not null default now()
);
create index posting_events_posting on posting_events (posting_id, at desc);

-- The public boards search a narrow table of published postings only, kept in step with postings
-- by a trigger: the filter columns, the posting's combination of facet values as one small id (so
-- facet counts group by an integer), a small title vector (the first ranking tier, kept in the
-- row) and the full-text body vector, which is large and only ever used through its GIN index.
create table posting_facet_combos (
  id serial primary key,
  department text,
  employment_type text,
  workplace_type text not null,
  location_keys text[] not null,
  salary_currency text,
  -- How many of the yearly pay steps (careers/search.ts PAY_STEPS) the pay reaches.
  pay_step smallint not null
);
create unique index posting_facet_combos_values on posting_facet_combos (
  coalesce(department, ''), coalesce(employment_type, ''), workplace_type, location_keys,
  coalesce(salary_currency, ''), pay_step);

create table posting_search (
  posting_id uuid primary key references postings (id) on delete cascade,
  org_id uuid not null,
  published_at timestamptz not null,
  valid_through timestamptz,
  department text,
  employment_type text,
  workplace_type text not null,
  location_keys text[] not null,
  salary_currency text,
  -- The top of the yearly range (or its only bound): "pays at least X" filters.
  pay_top numeric,
  facet_combo integer not null,
  title tsvector not null,
  body tsvector not null
);
alter table posting_search alter column title set storage main;
create index posting_search_board on posting_search (org_id, published_at desc, posting_id desc);
create index posting_search_body on posting_search using gin (body);
create index posting_search_locations on posting_search using gin (location_keys);
create index posting_search_expiring on posting_search (org_id, valid_through) where valid_through is not null;

-- Yearly pay steps of the salary facet; careers/search.ts PAY_STEPS lists the same amounts.
create function rolecraft_pay_step(pay numeric) returns smallint
language sql immutable as $$
  select (case when pay is null then 0 else
    (select count(*) from unnest(array[30000, 50000, 75000, 100000, 150000, 200000]) step where pay >= step)
  end)::smallint
$$;

create function rolecraft_sync_posting_search() returns trigger
language plpgsql as $$
declare
  combo integer;
  top numeric := coalesce(new.annual_max, new.annual_min);
begin
  if new.status <> 'published' then
    delete from posting_search where posting_id = new.id;
    return null;
  end if;
  -- Looked up first (an insert that conflicts would still use up a sequence number on every
  -- save), added when missing; a second look-up finds it if another transaction added it meanwhile.
  for attempt in 1..2 loop
    select c.id into combo from posting_facet_combos c
    where coalesce(c.department, '') = coalesce(new.department, '')
      and coalesce(c.employment_type, '') = coalesce(new.employment_type, '')
      and c.workplace_type = new.workplace_type and c.location_keys = new.location_keys
      and coalesce(c.salary_currency, '') = coalesce(new.salary_currency, '')
      and c.pay_step = rolecraft_pay_step(top);
    exit when combo is not null;
    insert into posting_facet_combos (department, employment_type, workplace_type, location_keys, salary_currency, pay_step)
    values (new.department, new.employment_type, new.workplace_type, new.location_keys, new.salary_currency,
            rolecraft_pay_step(top))
    on conflict (coalesce(department, ''), coalesce(employment_type, ''), workplace_type, location_keys,
                 coalesce(salary_currency, ''), pay_step) do nothing
    returning id into combo;
    exit when combo is not null;
  end loop;
  insert into posting_search (posting_id, org_id, published_at, valid_through, department, employment_type,
    workplace_type, location_keys, salary_currency, pay_top, facet_combo, title, body)
  values (new.id, new.org_id, coalesce(new.published_at, now()), new.valid_through, new.department,
    new.employment_type, new.workplace_type, new.location_keys, new.salary_currency, top, combo,
    to_tsvector('english', new.title),
    setweight(to_tsvector('english', new.title), 'A')
      || setweight(to_tsvector('english', coalesce(new.department, '')), 'B')
      || setweight(to_tsvector('english', new.search_text), 'C'))
  on conflict (posting_id) do update set
    published_at = excluded.published_at, valid_through = excluded.valid_through,
    department = excluded.department, employment_type = excluded.employment_type,
    workplace_type = excluded.workplace_type, location_keys = excluded.location_keys,
    salary_currency = excluded.salary_currency, pay_top = excluded.pay_top,
    facet_combo = excluded.facet_combo, title = excluded.title, body = excluded.body;
  return null;
end
$$;

create trigger postings_search_sync after insert or update on postings
  for each row execute function rolecraft_sync_posting_search();

-- The rows of one organization's board that match a search and filters (null: no filter).
-- Matching always goes through the indexes (enable_seqscan off inside this function only): for a
-- common word the planner would otherwise scan the table and read every large body vector, which
-- is ten times slower than the GIN index. Dynamic SQL, so each call is planned with only the
-- conditions it has.
create function rolecraft_board_rows(
  org uuid, q text, location text, dept text, etype text, wtype text, pay_currency text, pay_min numeric
) returns table (posting_id uuid, published_at timestamptz, in_title boolean, facet_combo integer)
language plpgsql stable
set enable_seqscan = off
as $$
declare
  conditions text := 's.org_id = $1 and (s.valid_through is null or s.valid_through > now())';
begin
  if q is not null then conditions := conditions || ' and s.body @@ websearch_to_tsquery(''english'', $2)'; end if;
  if location is not null then conditions := conditions || ' and s.location_keys @> array[$3]'; end if;
  if dept is not null then conditions := conditions || ' and s.department = $4'; end if;
  if etype is not null then conditions := conditions || ' and s.employment_type = $5'; end if;
  if wtype is not null then conditions := conditions || ' and s.workplace_type = $6'; end if;
  if pay_currency is not null then
    conditions := conditions || ' and s.salary_currency = $7 and s.pay_top >= $8';
  end if;
  return query execute
    'select s.posting_id, s.published_at, '
    || case when q is null then 'false' else 's.title @@ websearch_to_tsquery(''english'', $2)' end
    || ', s.facet_combo from posting_search s where ' || conditions
    using org, q, location, dept, etype, wtype, pay_currency, pay_min;
end
$$;
