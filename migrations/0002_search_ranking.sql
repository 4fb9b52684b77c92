-- Faster, better-ranked, typo-tolerant search.
--
-- Search moves to a narrow table of its own, one row per template, with three vectors:
--   title: the role and title (and seniority words such as "junior" for "Jr.");
--   head:  the title words (weight A) plus skill labels and category (B): small, kept in the row;
--   body:  everything (skills with every alias of their canonical skill, summary, bullets, FAQ),
--          only ever used through its GIN index, to decide what matches.
-- A query lists, in three tiers: title matches (ranked), other head matches (ranked), then
-- body-only matches (by slug). Ranking work stays proportional to the relevant matches.
create table template_search (
  template_id uuid primary key references templates (id) on delete cascade,
  slug text not null,
  category text not null,
  seniority text not null,
  title tsvector not null,
  head tsvector not null,
  body tsvector not null
);
alter table template_search alter column head set storage main;
create index template_search_title on template_search using gin (title);
create index template_search_head on template_search using gin (head);
create index template_search_body on template_search using gin (body);

-- The single definition of both vectors, used by the application after every write and below.
create function rolecraft_refresh_search(target uuid) returns void
language sql as $$
  insert into template_search (template_id, slug, category, seniority, title, head, body)
  select t.id, t.slug, t.category, t.seniority,
    to_tsvector('english', t.role || ' ' || t.title || ' ' || k.seniority_terms),
    setweight(to_tsvector('english', t.role || ' ' || t.title || ' ' || k.seniority_terms), 'A') ||
      setweight(to_tsvector('english', k.category_terms || ' ' || coalesce(
        (select string_agg(s.label, ' ') from template_skills s where s.template_id = t.id), '')), 'B'),
    setweight(to_tsvector('english', t.role || ' ' || t.title), 'A') ||
      setweight(to_tsvector('english', k.category_terms || ' ' || k.seniority_terms || ' ' || t.search_skills), 'B') ||
      setweight(to_tsvector('english', t.summary), 'C') ||
      setweight(to_tsvector('english', t.search_body), 'D')
  from templates t
  -- Words people search by that a role abbreviates ("Jr.") or leaves out, and the category.
  cross join lateral (select replace(t.category, '-', ' ') as category_terms, case t.seniority
      when 'intern' then 'intern internship trainee'
      when 'junior' then 'junior jr entry-level'
      when 'mid' then 'mid-level'
      when 'senior' then 'senior sr'
      when 'lead' then 'lead principal staff'
      else t.seniority end as seniority_terms) k
  where t.id = target
  on conflict (template_id) do update set
    slug = excluded.slug, category = excluded.category, seniority = excluded.seniority,
    title = excluded.title, head = excluded.head, body = excluded.body
$$;

select rolecraft_refresh_search(id) from templates;

drop index templates_search;
alter table templates drop column search_vector;

-- The vocabulary of roles, titles and skills, for correcting misspelt query words
-- ("backnd develper" → "backend developer") by trigram similarity.
create table search_words (
  word text primary key
);
create index search_words_trgm on search_words using gin (word gin_trgm_ops);

create function rolecraft_words(body text) returns setof text
language sql immutable parallel safe as $$
  select distinct w from regexp_split_to_table(lower(body), '[^[:alnum:]+#]+') as w
  where length(w) between 3 and 40 and w !~ '^[0-9]+$'
$$;

insert into search_words (word)
select rolecraft_words(role || ' ' || title || ' ' || search_skills) from templates
on conflict do nothing;

drop index templates_role_trgm;
