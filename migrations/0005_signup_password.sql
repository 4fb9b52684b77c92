-- A verification link carries the password hash of the sign-up that sent it. Confirming an
-- address needs that password, so someone who signed up with another person's address first
-- cannot end up owning the account when that person confirms it.
alter table email_tokens add column password_hash text;
