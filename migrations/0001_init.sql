-- Rolecraft schema, part 1: the skills taxonomy and the JD template library.
create extension if not exists pg_trgm;

create table app_state (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table skills (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null,
  category text not null,
  aliases text[] not null default '{}',
  -- lower-cased name and aliases, for prefix and trigram look-ups
  search_text text not null
);
create index skills_search_trgm on skills using gin (search_text gin_trgm_ops);
create index skills_name on skills (lower(name), id);

create table templates (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
  role text not null,
  title text not null,
  summary text not null default '',
  category text not null,
  seniority text not null,
  responsibilities jsonb not null default '[]',
  qualifications jsonb not null default '[]',
  faqs jsonb not null default '[]',
  extra_sections jsonb not null default '[]',
  metadata jsonb not null default '{}',
  source text not null default 'user' check (source in ('builtin', 'user')),
  version integer not null default 1,
  -- Denormalised search text, written by the application on every save:
  -- skill labels plus the canonical names and aliases of the linked skills,
  -- and the text of bullets, FAQ entries and extra sections.
  search_skills text not null default '',
  search_body text not null default '',
  search_vector tsvector generated always as (
    setweight(to_tsvector('english', role || ' ' || title), 'A') ||
    setweight(to_tsvector('english', search_skills), 'B') ||
    setweight(to_tsvector('english', summary), 'C') ||
    setweight(to_tsvector('english', search_body), 'D')
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index templates_search on templates using gin (search_vector);
create index templates_role_trgm on templates using gin (lower(role) gin_trgm_ops);
create index templates_category on templates (category, slug);
create index templates_seniority on templates (seniority, slug);

-- A template's skills keep the label as written and link to the canonical skill.
create table template_skills (
  template_id uuid not null references templates (id) on delete cascade,
  position integer not null,
  label text not null,
  skill_id text references skills (id) on delete set null,
  primary key (template_id, position)
);
create index template_skills_skill on template_skills (skill_id, template_id);

-- Every saved state of a template, the current one included.
create table template_versions (
  template_id uuid not null references templates (id) on delete cascade,
  version integer not null,
  content jsonb not null,
  created_at timestamptz not null default now(),
  primary key (template_id, version)
);
