-- Accounts, organizations and access control; template libraries per organization.
--
-- Secrets (session ids, API tokens, email links, invitations, recovery codes) are 256-bit or
-- high-entropy random values stored only as SHA-256 hashes; passwords as argon2id hashes.

create table users (
  id uuid primary key,
  email text not null,
  name text not null default '',
  password_hash text not null,
  email_verified_at timestamptz,
  platform_admin boolean not null default false,
  disabled_at timestamptz,
  -- TOTP: a secret is stored on enrolment and counts once confirmed (totp_enabled_at).
  totp_secret text,
  totp_enabled_at timestamptz,
  -- The last accepted time step: a code is never accepted twice.
  totp_last_step bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email on users (lower(email));

create table recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  primary key (user_id, code_hash)
);

create table organizations (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null,
  website text,
  logo_url text,
  require_mfa boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table memberships (
  org_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'recruiter', 'hiring_manager', 'interviewer', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user on memberships (user_id);

create table sessions (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  active_org_id uuid references organizations (id) on delete set null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

-- Single-use links sent by email: verification, password reset, email change.
create table email_tokens (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password', 'change_email')),
  new_email text,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_tokens_user on email_tokens (user_id, purpose);

create table invitations (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  email text not null,
  role text not null check (role in ('owner', 'admin', 'recruiter', 'hiring_manager', 'interviewer', 'viewer')),
  token_hash text not null unique,
  invited_by uuid references users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index invitations_org on invitations (org_id, created_at desc);

create table api_tokens (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  -- The first characters of the token, shown in lists so people can tell tokens apart.
  token_prefix text not null,
  token_hash text not null unique,
  scopes text[] not null,
  created_by uuid references users (id) on delete set null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_tokens_org on api_tokens (org_id, created_at desc);

-- Append-only. Ids are UUIDv7, so they sort by time and serve as the pagination key.
create table audit_events (
  id uuid primary key,
  org_id uuid references organizations (id) on delete cascade,
  actor_type text not null,
  actor_id uuid,
  actor_label text,
  action text not null,
  target_type text,
  target_id text,
  ip text,
  user_agent text,
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_events_org on audit_events (org_id, id desc);
create index audit_events_org_action on audit_events (org_id, action, id desc);

-- Template libraries: org_id null is the global (built-in) library; otherwise the organization's.
alter table templates add column org_id uuid references organizations (id) on delete cascade;
alter table templates add column forked_from uuid references templates (id) on delete set null;
alter table templates drop constraint templates_slug_key;
create unique index templates_global_slug on templates (slug) where org_id is null;
create unique index templates_org_slug on templates (org_id, slug) where org_id is not null;

alter table template_search add column org_id uuid;
create index template_search_org on template_search (org_id, slug);

create or replace function rolecraft_refresh_search(target uuid) returns void
language sql as $$
  insert into template_search (template_id, org_id, slug, category, seniority, title, head, body)
  select t.id, t.org_id, t.slug, t.category, t.seniority,
    to_tsvector('english', t.role || ' ' || t.title || ' ' || k.seniority_terms),
    setweight(to_tsvector('english', t.role || ' ' || t.title || ' ' || k.seniority_terms), 'A') ||
      setweight(to_tsvector('english', k.category_terms || ' ' || coalesce(
        (select string_agg(s.label, ' ') from template_skills s where s.template_id = t.id), '')), 'B'),
    setweight(to_tsvector('english', t.role || ' ' || t.title), 'A') ||
      setweight(to_tsvector('english', k.category_terms || ' ' || k.seniority_terms || ' ' || t.search_skills), 'B') ||
      setweight(to_tsvector('english', t.summary), 'C') ||
      setweight(to_tsvector('english', t.search_body), 'D')
  from templates t
  cross join lateral (select replace(t.category, '-', ' ') as category_terms, case t.seniority
      when 'intern' then 'intern internship trainee'
      when 'junior' then 'junior jr entry-level'
      when 'mid' then 'mid-level'
      when 'senior' then 'senior sr'
      when 'lead' then 'lead principal staff'
      else t.seniority end as seniority_terms) k
  where t.id = target
  on conflict (template_id) do update set
    org_id = excluded.org_id, slug = excluded.slug, category = excluded.category,
    seniority = excluded.seniority, title = excluded.title, head = excluded.head, body = excluded.body
$$;
