-- Applications, candidates and the hiring pipeline.
--
-- A candidate is one person in one organization (deduplicated by email); an application is that
-- person applying to one posting (one per email and posting, enforced here under concurrency).

alter table organizations
  -- Months candidate data is kept after the candidate's last activity (the retention job).
  add column retention_months integer not null default 24 check (retention_months between 1 and 120),
  add column privacy_url text,
  add column consent_text text;

-- Key material for signed links (candidate status pages) when SECRET_KEY is not configured:
-- generated once per installation, shared by every instance through the database.
create table app_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);

-- Pipeline stages: the organization's default (posting_id null) or a posting's own list.
create table pipeline_stages (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  posting_id uuid references postings (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  -- What the stage means to the candidate's status page and to reports.
  kind text not null check (kind in ('applied', 'screening', 'interview', 'offer', 'hired', 'rejected', 'custom')),
  position integer not null
);
create unique index pipeline_stages_position on pipeline_stages (org_id, coalesce(posting_id, '00000000-0000-0000-0000-000000000000'), position);
create unique index pipeline_stages_name on pipeline_stages (org_id, coalesce(posting_id, '00000000-0000-0000-0000-000000000000'), lower(name));

create table candidates (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  -- Lower-cased; null once the candidate is anonymized (retention) or erased.
  email text,
  name text not null,
  phone text,
  created_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  -- A candidate who renews consent is kept for another retention period.
  consent_renewed_at timestamptz,
  renewal_mailed_at timestamptz,
  anonymized_at timestamptz,
  erasure_requested_at timestamptz,
  export_requested_at timestamptz
);
create unique index candidates_email on candidates (org_id, email);
create index candidates_activity on candidates (last_activity_at) where anonymized_at is null;
-- The candidate list: most recent activity first, per organization.
create index candidates_org_activity on candidates (org_id, last_activity_at desc, id desc);

-- Uploaded files (resumes, cover letters, file answers): bytes in FileStorage under `storage_key`.
create table files (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  storage_key text not null unique,
  filename text not null,
  media_type text not null,
  size integer not null,
  sha256 text not null,
  created_at timestamptz not null default now()
);

create table applications (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  posting_id uuid not null references postings (id) on delete cascade,
  candidate_id uuid not null references candidates (id) on delete cascade,
  email text not null,
  stage_id uuid not null references pipeline_stages (id),
  stage_entered_at timestamptz not null default now(),
  status text not null default 'active' check (status in ('active', 'rejected', 'withdrawn', 'hired')),
  rejection_reason text,
  rejection_mailed_at timestamptz,
  source text not null check (source in ('career_site', 'api', 'referral', 'sourced', 'agency', 'other')),
  answers jsonb not null default '{}',
  -- Screening questions answered with their knock-out answer: flagged, never rejected.
  knockouts text[] not null default '{}',
  consent jsonb not null,
  resume_file_id uuid references files (id) on delete set null,
  cover_letter_file_id uuid references files (id) on delete set null,
  parse_status text not null default 'pending' check (parse_status in ('pending', 'done', 'failed', 'none')),
  parse_error text,
  resume_text text,
  parsed jsonb,
  match jsonb,
  score smallint check (score between 0 and 100),
  skill_ids text[] not null default '{}',
  search tsvector not null default ''::tsvector,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (posting_id, email)
);
-- Lists: every query names the organization, and a posting's list the posting too.
create index applications_posting on applications (org_id, posting_id, created_at desc, id desc);
create index applications_org on applications (org_id, created_at desc, id desc);
-- Sorting by score: unscored applications last (coalesce keeps keyset pagination simple).
create index applications_posting_score on applications (org_id, posting_id, coalesce(score, -1) desc, id desc);
create index applications_org_score on applications (org_id, coalesce(score, -1) desc, id desc);
create index applications_candidate on applications (candidate_id);
create index applications_search on applications using gin (search);
create index applications_skills on applications using gin (skill_ids);

-- Everything that happened to an application: the timeline and the stage history.
create table application_events (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  application_id uuid not null references applications (id) on delete cascade,
  kind text not null,
  actor_type text not null,
  actor_id uuid,
  actor_label text,
  from_stage_id uuid,
  to_stage_id uuid,
  data jsonb not null default '{}',
  at timestamptz not null default now()
);
create index application_events_application on application_events (application_id, at, id);

-- Idempotency-Key of public submissions: the same key and request body answer the same application.
create table idempotency_keys (
  org_id uuid not null references organizations (id) on delete cascade,
  key text not null,
  request_hash text not null,
  application_id uuid references applications (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (org_id, key)
);

-- Members assigned to interview an application: interviewers see only these.
create table application_assignments (
  application_id uuid not null references applications (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  org_id uuid not null references organizations (id) on delete cascade,
  primary key (application_id, user_id)
);
create index application_assignments_user on application_assignments (org_id, user_id);

create table application_notes (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  application_id uuid not null references applications (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  author_label text not null,
  body text not null,
  mentions uuid[] not null default '{}',
  created_at timestamptz not null default now()
);
create index application_notes_application on application_notes (application_id, created_at);

create table scorecards (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  application_id uuid not null references applications (id) on delete cascade,
  author_id uuid not null references users (id) on delete cascade,
  interview text not null,
  ratings jsonb not null,
  recommendation text not null check (recommendation in ('strong_no', 'no', 'yes', 'strong_yes')),
  notes text not null default '',
  submitted_at timestamptz not null default now(),
  unique (application_id, author_id, interview)
);

-- An organization's candidate emails; missing kinds use the built-in text.
create table email_templates (
  org_id uuid not null references organizations (id) on delete cascade,
  kind text not null check (kind in ('confirmation', 'rejection', 'stage_change', 'consent_renewal')),
  subject text not null,
  body text not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, kind)
);
