-- How many of an upload's live rows still wait for a category, kept by the database itself.
-- The categoriser used to ask "is any row of this upload still undecided?" after every batch,
-- under a lock on the upload row: the question re-read every already-decided row (a 100,000-row
-- upload was re-read about 500 times) and the lock queued the workers behind each other.
-- Statement-level triggers count instead: one row of `uploads` changes per statement, by the
-- number of rows the statement moved into or out of "undecided", whatever path moved them (the
-- categoriser, a person's correction, a rule applied to many rows, a deletion). The upload turns
-- complete in the same statement that decides its last row; its row is locked only from that
-- statement to the commit that follows it.
alter table uploads add column undecided integer not null default 0;

-- Adds `changes[i]` to upload `upload_ids[i]`'s count; an upload still categorising whose
-- count reaches zero is complete. Rows of uploads not visible to the caller are not touched.
create function shift_undecided(upload_ids uuid[], changes integer[]) returns void
language sql as $$
  update uploads u
  set undecided = u.undecided + d.change,
      status = case when u.status = 'categorising' and u.undecided + d.change <= 0 then 'complete' else u.status end,
      completed_at = case when u.status = 'categorising' and u.undecided + d.change <= 0 then now() else u.completed_at end
  from unnest(upload_ids, changes) as d(upload_id, change)
  where u.id = d.upload_id and d.change <> 0
$$;

create function count_undecided_transactions() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform shift_undecided(array_agg(upload_id), array_agg(change)) from (
      select upload_id, count(*)::integer as change from inserted_rows
      where upload_id is not null and category is null and deleted_at is null group by upload_id) d;
  elsif tg_op = 'UPDATE' then
    perform shift_undecided(array_agg(upload_id), array_agg(change)) from (
      select upload_id, sum(change)::integer as change from (
        select upload_id, 1 as change from updated_rows where upload_id is not null and category is null and deleted_at is null
        union all
        select upload_id, -1 from previous_rows where upload_id is not null and category is null and deleted_at is null
      ) moved group by upload_id having sum(change) <> 0) d;
  else
    perform shift_undecided(array_agg(upload_id), array_agg(change)) from (
      select upload_id, -count(*)::integer as change from deleted_rows
      where upload_id is not null and category is null and deleted_at is null group by upload_id) d;
  end if;
  return null;
end
$$;

create trigger transactions_count_undecided_on_insert after insert on transactions
  referencing new table as inserted_rows for each statement execute function count_undecided_transactions();
create trigger transactions_count_undecided_on_update after update on transactions
  referencing old table as previous_rows new table as updated_rows for each statement execute function count_undecided_transactions();
create trigger transactions_count_undecided_on_delete after delete on transactions
  referencing old table as deleted_rows for each statement execute function count_undecided_transactions();

-- Uploads made before this migration: counted once, with row-level security lifted inside this
-- transaction only (the owner is subject to the FORCEd policies, which see no rows here).
alter table uploads no force row level security;
alter table transactions no force row level security;
update uploads u set undecided = c.undecided
from (select upload_id, count(*)::integer as undecided from transactions
      where upload_id is not null and category is null and deleted_at is null group by upload_id) c
where u.id = c.upload_id;
alter table uploads force row level security;
alter table transactions force row level security;
