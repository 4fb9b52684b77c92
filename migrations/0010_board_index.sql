-- The in-memory board index (src/modules/careers/board-index) follows posting_search by the
-- transaction that last wrote each row and by tombstones of removed rows: a search asks only for
-- what changed since its index last looked, so it never needs a notification to stay exact.
alter table posting_search add column written_by xid8 not null default pg_current_xact_id();
create index posting_search_written on posting_search (org_id, written_by);

create function rolecraft_posting_search_written() returns trigger
language plpgsql as $$
begin
  new.written_by := pg_current_xact_id();
  return new;
end
$$;
create trigger posting_search_written before update on posting_search
  for each row execute function rolecraft_posting_search_written();

-- Kept a day (the hourly sweep deletes older ones); indexes are rebuilt well within that.
create table posting_search_removed (
  org_id uuid not null,
  posting_id uuid not null,
  removed_by xid8 not null default pg_current_xact_id(),
  removed_at timestamptz not null default now()
);
create index posting_search_removed_org on posting_search_removed (org_id, removed_by);
create index posting_search_removed_at on posting_search_removed (removed_at);

create function rolecraft_posting_search_removed() returns trigger
language plpgsql as $$
begin
  insert into posting_search_removed (org_id, posting_id) values (old.org_id, old.posting_id);
  return null;
end
$$;
create trigger posting_search_removed after delete on posting_search
  for each row execute function rolecraft_posting_search_removed();

-- What changed in an organization's board since transaction `since`: the rows written (at most
-- max_rows), the postings removed and not re-added, and the new low-water mark (the snapshot's
-- xmin: transactions still running have ids at or above it). One function, so its statements are
-- planned once per connection rather than on every search.
create function rolecraft_board_changes(org uuid, since xid8, max_rows integer,
  out next_low text, out changed json, out removed json)
language plpgsql stable as $$
begin
  next_low := pg_snapshot_xmin(pg_current_snapshot())::text;
  select coalesce(json_agg(c), '[]') into changed from (
    select s.posting_id as id, s.written_by::text as x from posting_search s
    where s.org_id = org and s.written_by >= since
      -- Ids above the snapshot cannot be running transactions' (a restored database's old ids).
      and s.written_by < pg_snapshot_xmax(pg_current_snapshot())
    limit max_rows) c;
  select coalesce(json_agg(distinct r.posting_id), '[]') into removed from posting_search_removed r
  where r.org_id = org and r.removed_by >= since
    and not exists (select 1 from posting_search s where s.posting_id = r.posting_id);
end
$$;
