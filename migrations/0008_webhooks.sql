-- Outgoing webhooks (Standard Webhooks). An organization's endpoints subscribe to event types;
-- an event is written in the same transaction as the change it reports (webhook_messages, the
-- transactional outbox), with one delivery per subscribed endpoint. After commit a relay hands
-- due deliveries to the job queue; each attempt is logged in webhook_attempts.
create table webhook_endpoints (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  url text not null,
  description text not null default '',
  events text[] not null,
  -- 'whsec_' + base64 of 32 random bytes, sealed with ROLECRAFT_SECRET_KEY when it is set.
  secret text not null,
  enabled boolean not null default true,
  disabled_reason text,
  disabled_at timestamptz,
  -- Since when every attempt has failed (null after a success): disabling looks at it.
  failing_since timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_org on webhook_endpoints (org_id, created_at desc);

create table webhook_messages (
  -- Sent as webhook-id: the same for every attempt and redelivery, so receivers can de-duplicate.
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  type text not null,
  -- Ids and facts only, never personal data: erasing a candidate needs nothing scrubbed here.
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index webhook_messages_org on webhook_messages (org_id, created_at);

create table webhook_deliveries (
  id uuid primary key,
  message_id uuid not null references webhook_messages (id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
  org_id uuid not null,
  -- pending → succeeded | failed (retries exhausted) | cancelled (endpoint disabled meanwhile)
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  -- When the job for the next attempt was queued (null: not yet; the relay queues it).
  queued_at timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc, id desc);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table webhook_attempts (
  id uuid primary key,
  delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
  attempt integer not null,
  attempted_at timestamptz not null default now(),
  status_code integer,
  duration_ms integer not null,
  error text,
  -- The start of the receiver's answer, for debugging (capped).
  response_body text
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempt);
