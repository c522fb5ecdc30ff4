-- Budgets: a monthly limit per category, or per 50/30/20 group (category 'group:needs').
-- last_state remembers what the person was last told for a month, so a change of state
-- (ok → warning → over) is written to the notifications outbox once.
create table budgets (
  user_id uuid not null references users (id) on delete cascade,
  category text not null,
  monthly_limit bigint not null check (monthly_limit > 0),
  currency char(3) not null,
  rollover boolean not null default false,
  last_state text,
  created_at timestamptz not null default now(),
  primary key (user_id, category)
);

-- Savings goals: progress is the linked account's balance when there is one, else the
-- amount the person keeps up to date by hand.
create table goals (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  target_amount bigint not null check (target_amount > 0),
  currency char(3) not null,
  current_saved bigint not null default 0,
  account_id uuid references accounts (id) on delete set null,
  target_date date,
  created_at timestamptz not null default now()
);
create index goals_by_user on goals (user_id, created_at);

-- A person's within-month spending rhythm (budgets' projections), worked out from the
-- complete months before `month` and kept until the month turns: the one read of daily
-- figures, paid once a month instead of on every status request.
create table spending_profiles (
  user_id uuid primary key references users (id) on delete cascade,
  month text not null,
  profile jsonb not null,
  computed_at timestamptz not null default now()
);

do $$
declare t text;
begin
  foreach t in array array['budgets', 'goals', 'spending_profiles'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format($p$create policy owner_only on %I
      using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
      with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid)$p$, t);
  end loop;
end $$;

-- Peer comparison is opt-in (PATCH /me).
alter table users add column peer_comparison boolean not null default false;

-- Peer comparison reads other people's figures, so it never touches their transactions or
-- aggregates: an opted-in person's own request writes a small profile of theirs (the last
-- complete months' income, spending and spending per category, in their busiest currency),
-- and cohorts are read from these profiles only. Opting out deletes the profile.
create table peer_profiles (
  user_id uuid primary key references users (id) on delete cascade,
  currency char(3) not null,
  country text,
  months integer not null,
  income bigint not null,
  spending bigint not null,
  category_spending jsonb not null,
  updated_at timestamptz not null default now()
);
alter table peer_profiles enable row level security;
alter table peer_profiles force row level security;
create policy owner_only on peer_profiles
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
-- The only read across people, and only of these profiles: the function below opens the
-- 'peer-cohort' scope for its one query and puts the previous scope back before it returns.
-- The application's role owns the tables under FORCEd row-level security and cannot bypass
-- it; no ordinary query runs in that scope, and the hot tables (transactions, aggregates)
-- carry no policy but their owner's.
create policy peer_cohort_read on peer_profiles for select
  using (current_setting('app.scope', true) = 'peer-cohort');

-- Cohort figures for a person: same currency, same country (when known), same income band
-- (monthly income in bands of x2). Only percentile cut points and medians, and none at all
-- for a cohort under 20: never one person's figure.
create function peer_cohort_figures(p_user uuid, p_currency text)
returns table (cohort_size integer, savings_rate_cuts double precision[], category_share_medians jsonb)
language plpgsql volatile security definer set search_path = public as $$
declare
  minimum constant integer := 20;
  previous_scope text := coalesce(current_setting('app.scope', true), '');
begin
  perform set_config('app.scope', 'peer-cohort', true);
  return query
  with banded as (
    select p.*, case when p.income > 0 then floor(log(2, greatest(p.income / greatest(p.months, 1), 1)::numeric))::integer end as band
      from peer_profiles p where p.currency = p_currency
  ), cohort as (
    select b.* from banded b, banded me
     where me.user_id = p_user and me.band is not null and b.band = me.band and b.country is not distinct from me.country and b.income > 0
  ), size as (select count(*)::integer as n from cohort)
  select s.n,
         case when s.n >= minimum then (select array_agg(q order by pct) from (
           select pct, percentile_cont(pct) within group (order by (c.income - greatest(c.spending, 0))::double precision / c.income) as q
             from cohort c, unnest(array[0.1, 0.25, 0.5, 0.75, 0.9]) pct group by pct) r) end,
         case when s.n >= minimum then (select jsonb_object_agg(m.category, m.median) from (
           select e.key as category, percentile_cont(0.5) within group (order by e.value::double precision / nullif(c.spending, 0)) as median
             from cohort c, jsonb_each_text(c.category_spending) e
            group by e.key having count(*) >= minimum) m) end
    from size s;
  perform set_config('app.scope', previous_scope, true);
end $$;
