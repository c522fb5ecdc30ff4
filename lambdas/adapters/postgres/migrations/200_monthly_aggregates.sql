-- Maintained aggregates: what every figure (balances, net worth, summary, trends, budgets,
-- health) is read from, so that no read scans a person's history. One row per
-- (person, month, account, category, currency, transfer or not): money out (spent), money in
-- (received) and how many transactions or split parts made them. Gross in and out are kept
-- apart so a refund can be netted against its category at read time and a balance is
-- received - spent.
--
-- Owner: statement-level AFTER triggers with transition tables on transactions. Every write
-- path (import batches, manual entries, corrections and apply-to-similar, splits, transfer
-- link/unlink, tombstoned deletes, category rename/merge, account deletion, DELETE /me) is a
-- write to transactions, so none of them can forget to keep the aggregates, and a bulk import
-- pays once per statement (a batch of rows), not once per row.
create table monthly_aggregates (
  user_id uuid not null references users (id) on delete cascade,
  month date not null,
  account_id uuid not null references accounts (id) on delete cascade,
  -- '' is "uncategorised"
  category text not null,
  currency char(3) not null,
  -- a row linked as one side of a transfer between the person's own accounts: moves a
  -- balance, is neither income nor spending
  transfer boolean not null,
  spent bigint not null,
  received bigint not null,
  count integer not null,
  primary key (user_id, month, account_id, category, currency, transfer)
);
-- balances per account, and the cascade when an account is deleted
create index monthly_aggregates_by_account on monthly_aggregates (account_id, month);

-- What one transaction adds to the aggregates: one part per split part (or the whole row),
-- nothing for a tombstone. Shared by the triggers and by the full recomputation the tests
-- and repairs compare against.
create function transaction_parts(p_category text, p_amount bigint, p_splits jsonb, p_deleted_at timestamptz)
returns table (category text, amount bigint)
language sql immutable parallel safe as $$
  select coalesce(p_category, ''), p_amount
    where p_deleted_at is null and (p_splits is null or jsonb_typeof(p_splits) <> 'array' or jsonb_array_length(p_splits) = 0)
  union all
  select coalesce(s ->> 'category', ''), (s ->> 'amount')::bigint
    from jsonb_array_elements(case when p_deleted_at is null and jsonb_typeof(p_splits) = 'array' then p_splits else '[]'::jsonb end) s
$$;

-- The statements that apply the rows of `changes` (a query over the transition tables
-- yielding the transaction's columns and a sign) as deltas; each trigger function runs them itself, since transition
-- tables are visible only inside the trigger's own function. Keys whose rows all cancelled
-- out are removed. An account being deleted (or a person) takes its aggregate rows with it by cascade, so its departing transactions are
-- not subtracted from rows that no longer exist.
create function transaction_changes_sql(changes text) returns text[]
language plpgsql immutable as $$
begin
  return array[format($q$
    with deltas as (
      select c.user_id, date_trunc('month', c.date)::date as month, c.account_id, p.category, c.currency,
             c.transfer_id is not null as transfer,
             sum(c.sign * greatest(-p.amount, 0))::bigint as spent,
             sum(c.sign * greatest(p.amount, 0))::bigint as received,
             sum(c.sign)::integer as count
        from (%s) c cross join lateral transaction_parts(c.category, c.amount, c.splits, c.deleted_at) p
       group by 1, 2, 3, 4, 5, 6
      having sum(c.sign) <> 0 or sum(c.sign * greatest(-p.amount, 0)) <> 0 or sum(c.sign * greatest(p.amount, 0)) <> 0
    )
    insert into monthly_aggregates as a (user_id, month, account_id, category, currency, transfer, spent, received, count)
    select d.* from deltas d where exists (select 1 from accounts x where x.id = d.account_id)
    order by 1, 2, 3, 4, 5, 6
    on conflict (user_id, month, account_id, category, currency, transfer) do update
      set spent = a.spent + excluded.spent, received = a.received + excluded.received, count = a.count + excluded.count
  $q$, changes), format($q$
    delete from monthly_aggregates a
     using (select distinct c.user_id, date_trunc('month', c.date)::date as month, c.account_id from (%s) c) k
     where a.user_id = k.user_id and a.month = k.month and a.account_id = k.account_id and a.count = 0
  $q$, changes)];
end $$;

create function monthly_aggregates_after_insert() returns trigger language plpgsql as $$
declare statement text;
begin
  foreach statement in array transaction_changes_sql('select user_id, account_id, date, amount, currency, category, splits, deleted_at, transfer_id, 1 as sign from new_rows') loop
    execute statement;
  end loop;
  return null;
end $$;

create function monthly_aggregates_after_update() returns trigger language plpgsql as $$
declare statement text;
begin
  foreach statement in array transaction_changes_sql('select user_id, account_id, date, amount, currency, category, splits, deleted_at, transfer_id, 1 as sign from new_rows union all select user_id, account_id, date, amount, currency, category, splits, deleted_at, transfer_id, -1 from old_rows') loop
    execute statement;
  end loop;
  return null;
end $$;

create function monthly_aggregates_after_delete() returns trigger language plpgsql as $$
declare statement text;
begin
  foreach statement in array transaction_changes_sql('select user_id, account_id, date, amount, currency, category, splits, deleted_at, transfer_id, -1 as sign from old_rows') loop
    execute statement;
  end loop;
  return null;
end $$;

create trigger monthly_aggregates_insert after insert on transactions
  referencing new table as new_rows for each statement execute function monthly_aggregates_after_insert();
create trigger monthly_aggregates_update after update on transactions
  referencing old table as old_rows new table as new_rows for each statement execute function monthly_aggregates_after_update();
create trigger monthly_aggregates_delete after delete on transactions
  referencing old table as old_rows for each statement execute function monthly_aggregates_after_delete();

-- Existing histories: the migration's role owns the tables, so FORCE is lifted for the
-- backfill only and put back in the same transaction.
alter table transactions no force row level security;
insert into monthly_aggregates (user_id, month, account_id, category, currency, transfer, spent, received, count)
select t.user_id, date_trunc('month', t.date)::date, t.account_id, p.category, t.currency, t.transfer_id is not null,
       sum(greatest(-p.amount, 0)), sum(greatest(p.amount, 0)), count(*)
  from transactions t cross join lateral transaction_parts(t.category, t.amount, t.splits, t.deleted_at) p
 group by 1, 2, 3, 4, 5, 6;
alter table transactions force row level security;

alter table monthly_aggregates enable row level security;
alter table monthly_aggregates force row level security;
create policy owner_only on monthly_aggregates
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
