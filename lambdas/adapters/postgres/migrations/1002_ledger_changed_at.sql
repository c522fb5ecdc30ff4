-- When each person's ledger last changed, kept by the database itself. A stored forecast is stale
-- when the ledger changed after it was made; the question used to be answered by
-- max(greatest(created_at, updated_at)) over all the person's transactions on every GET of a
-- forecast: a scan of the whole history per request (400,000 rows for a long one).
--
-- Owner: statement-level AFTER triggers with transition tables on transactions, like the
-- aggregates (migration 200) and the upload counts (migration 1000): every write path (imports,
-- corrections, rules applied to many rows, splits, tombstoned and outright deletions, transfers
-- linked and unlinked, category rename/merge, a currency relabelled, account deletion) is a write
-- to transactions, and each statement stamps its people once, not once per row.
--
-- A change is what the old question saw (a row inserted, or its updated_at moved) or what the
-- figures are built from (the aggregates' columns: account, date, amount, currency, category,
-- splits, transfer, deletion). The old question missed the latter when a writer left updated_at
-- alone (a tombstone, a transfer unlinked, a split's category renamed); a write that touches
-- neither (a merchant key recomputed, a transfer's search status) changes no figure and stamps
-- nothing. The stamp never goes back and is never earlier than what the old question answered.
alter table users add column ledger_changed_at timestamptz;

-- Moves each person's stamp forward to `changed` (the statement's own time, or a later
-- updated_at the writer set), never back: the stamp is never behind any row's created_at or
-- updated_at, so a row whose updated_at did not move offers no later time and changes nothing.
-- Rows of people not visible to the caller are not touched, nor is a person being deleted
-- (their row is already gone when the cascade reaches the transactions).
create function stamp_ledger_changes(user_ids uuid[], changed timestamptz[]) returns void
language sql as $$
  update users u set ledger_changed_at = c.changed
  from unnest(user_ids, changed) as c(user_id, changed)
  where u.id = c.user_id and (u.ledger_changed_at is null or u.ledger_changed_at < c.changed)
$$;

create function stamp_ledger_changed() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform stamp_ledger_changes(array_agg(user_id), array_agg(changed)) from (
      select user_id, greatest(now(), max(greatest(created_at, updated_at))) as changed
      from inserted_rows group by user_id) c;
  elsif tg_op = 'UPDATE' then
    -- No join of the old rows to the new: on transition tables (no statistics) it cost 60% more
    -- time per categoriser batch. A row's updated_at moving is seen in the newest one; a change
    -- of what the figures are built from, in the multiset of those columns (a sum of their
    -- 64-bit hashes per person, before and after): rows trading values with each other change
    -- no figure, and a change hidden by a colliding sum has odds of 2^-64.
    perform stamp_ledger_changes(array_agg(user_id), array_agg(changed)) from (
      select a.user_id,
             case when a.figures is distinct from b.figures then greatest(now(), a.newest) else a.newest end as changed
      from (select user_id, max(greatest(created_at, updated_at)) as newest,
                   sum(hashtextextended(row(account_id, date, amount, currency, category, splits, transfer_id, deleted_at)::text, 0)) as figures
            from updated_rows group by user_id) a
      join (select user_id,
                   sum(hashtextextended(row(account_id, date, amount, currency, category, splits, transfer_id, deleted_at)::text, 0)) as figures
            from previous_rows group by user_id) b on b.user_id = a.user_id) c;
  else
    perform stamp_ledger_changes(array_agg(user_id), array_agg(now())) from (
      select distinct user_id from deleted_rows) c;
  end if;
  return null;
end
$$;

create trigger ledger_changed_on_insert after insert on transactions
  referencing new table as inserted_rows for each statement execute function stamp_ledger_changed();
create trigger ledger_changed_on_update after update on transactions
  referencing old table as previous_rows new table as updated_rows for each statement execute function stamp_ledger_changed();
create trigger ledger_changed_on_delete after delete on transactions
  referencing old table as deleted_rows for each statement execute function stamp_ledger_changed();

-- People who have transactions already: stamped once with what the old question answered, with
-- row-level security lifted inside this transaction only (the owner is subject to the FORCEd
-- policies, which see no rows here).
alter table users no force row level security;
alter table transactions no force row level security;
update users u set ledger_changed_at = c.changed
from (select user_id, max(greatest(created_at, updated_at)) as changed from transactions group by user_id) c
where u.id = c.user_id;
alter table users force row level security;
alter table transactions force row level security;
