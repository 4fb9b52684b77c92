-- When an application's confirmation email was handed to the mail queue. It is queued after the
-- commit (PGlite cannot queue inside the transaction), so a crash in between leaves it null, and
-- a sweep sends what is missing. Applications made before this migration count as sent.
alter table applications add column confirmation_queued_at timestamptz;
update applications set confirmation_queued_at = created_at;
create index applications_confirmation_missing on applications (created_at)
  where confirmation_queued_at is null;
