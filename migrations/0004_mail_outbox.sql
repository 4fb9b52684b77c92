-- Outgoing mail when no SMTP server is configured (development): `rolecraft mail` lists it.
-- The bodies hold secret links (email verification, password reset), so the table is for
-- local use only; production sends through SMTP_URL.
create table mail_outbox (
  id uuid primary key,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  kind text not null,
  created_at timestamptz not null default now()
);
create index mail_outbox_created on mail_outbox (created_at);
