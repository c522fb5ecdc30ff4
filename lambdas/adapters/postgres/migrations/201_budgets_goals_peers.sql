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

-- The only read across people: cohort figures, and only for a cohort of at least 20 people
-- who opted in. The application's role owns the tables under FORCEd row-level security and
-- cannot bypass it, so the function opens a scope of its own: it sets app.scope to
-- 'peer-cohort' for the length of its one query (the policies below admit reads of opted-in
-- people's aggregates, flags and category groups in that scope only) and puts the previous
-- scope back before it returns. Ordinary queries never run in that scope and keep every
-- policy. It answers no figure for a cohort below the threshold, and never one person's
-- figure: only percentile cut points and medians over the cohort.
-- A cohort: same home country (when the users table has one), same currency, same income
-- band (mean monthly income over the last 12 complete months, bands of x2).
create policy peer_cohort_read on monthly_aggregates for select
  using (current_setting('app.scope', true) = 'peer-cohort'
         and exists (select 1 from users u where u.id = monthly_aggregates.user_id and u.peer_comparison));
create policy peer_cohort_read on users for select
  using (current_setting('app.scope', true) = 'peer-cohort' and peer_comparison);
create policy peer_cohort_read on categories for select
  using (current_setting('app.scope', true) = 'peer-cohort');

create function peer_cohort_figures(p_user uuid, p_currency text)
returns table (cohort_size integer, savings_rate_cuts double precision[], category_share_medians jsonb)
language plpgsql volatile security definer set search_path = public as $$
declare
  minimum constant integer := 20;
  previous_scope text := coalesce(current_setting('app.scope', true), '');
  v_from date := (date_trunc('month', current_date) - interval '12 months')::date;
  v_to date := (date_trunc('month', current_date) - interval '1 day')::date;
begin
  perform set_config('app.scope', 'peer-cohort', true);
  return query
  with people as (
    select u.id as user_id, to_jsonb(u) ->> 'country' as country from users u where u.peer_comparison
  ), groups as (
    select a.user_id, a.category, sum(a.spent - a.received) as net_out,
           coalesce(max(c."group"), case when a.category in ('Income', 'Salary') then 'income' when a.category = 'Transfers' then 'transfer' else 'wants' end) as grp
      from monthly_aggregates a
      join people p on p.user_id = a.user_id
      left join categories c on c.user_id = a.user_id and c.name = a.category
     where not a.transfer and a.currency = p_currency and a.month between v_from and v_to
     group by a.user_id, a.category
  ), totals as (
    select g.user_id, sum(-g.net_out) filter (where g.grp = 'income') as income,
           sum(g.net_out) filter (where g.grp in ('needs', 'wants', 'savings')) as spending
      from groups g group by g.user_id
  ), banded as (
    select t.*, p.country, case when t.income > 0 then floor(log(2, greatest(t.income / 12, 1)::numeric))::integer end as band
      from totals t join people p on p.user_id = t.user_id
  ), cohort as (
    select b.* from banded b, banded me
     where me.user_id = p_user and me.band is not null and b.band = me.band and b.country is not distinct from me.country
  ), size as (select count(*)::integer as n from cohort)
  select s.n,
         case when s.n >= minimum then (select array_agg(q order by pct) from (
           select pct, percentile_cont(pct) within group (order by (c.income - greatest(c.spending, 0))::double precision / c.income) as q
             from cohort c, unnest(array[0.1, 0.25, 0.5, 0.75, 0.9]) pct group by pct) r) end,
         case when s.n >= minimum then (select jsonb_object_agg(m.category, m.median) from (
           select g.category, percentile_cont(0.5) within group (order by g.net_out::double precision / nullif(c.spending, 0)) as median
             from groups g join cohort c on c.user_id = g.user_id
            where g.grp in ('needs', 'wants', 'savings') and g.category <> ''
            group by g.category having count(*) >= minimum) m) end
    from size s;
  perform set_config('app.scope', previous_scope, true);
end $$;
