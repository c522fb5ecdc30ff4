-- Insights computed after each import (the forecast Lambda) and nightly: recurring series,
-- unusual charges, habits and nudges, stored per person and served as they are. A person's
-- own decisions about a series (confirmed, renamed, re-kinded, dismissed) live on its row and
-- are carried to the series that re-detection finds in its place (same transactions).
create table recurring_series (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  merchant text not null,
  name text not null,
  kind text not null,
  cadence text not null check (cadence in ('weekly', 'biweekly', 'semimonthly', 'monthly', 'quarterly', 'semiannual', 'yearly')),
  currency char(3) not null,
  direction text not null check (direction in ('in', 'out')),
  amount bigint not null,
  amount_min bigint not null,
  amount_max bigint not null,
  fixed_amount boolean not null,
  occurrences integer not null,
  -- jsonb, not uuid[]: the Data API and postgres.js read it the same way
  transaction_ids jsonb not null,
  first_date date not null,
  last_date date not null,
  next_expected date not null,
  next_amount bigint not null,
  price_change jsonb,
  status text not null check (status in ('active', 'stopped')),
  yearly_total bigint not null,
  -- the person's decisions; null = not decided
  custom_name text,
  custom_kind text,
  confirmed_at timestamptz,
  dismissed_at timestamptz,
  -- false when the latest detection no longer found it (kept only because the person decided something)
  detected boolean not null default true,
  computed_at timestamptz not null default now()
);
create index recurring_series_by_user on recurring_series (user_id, next_expected, id);

create table anomalies (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  -- names the event (kind and transaction, or kind, category and month): detecting it again updates, never repeats
  event_key text not null,
  transaction_id uuid,
  date date not null,
  merchant text not null,
  amount bigint not null,
  currency char(3) not null,
  kind text not null,
  reason text not null,
  score real not null,
  dismissed_at timestamptz,
  created_at timestamptz not null default now(),
  unique (user_id, event_key)
);
create index anomalies_by_user on anomalies (user_id, date desc, id desc);

-- One row per person: when insights were last computed, from which history, and the habits and nudges then.
create table insight_snapshots (
  user_id uuid primary key references users (id) on delete cascade,
  computed_at timestamptz not null default now(),
  as_of date,
  transactions_read integer not null,
  habits jsonb not null,
  nudges jsonb not null
);

-- Notification preferences per kind and channel: { "<kind>": { "inApp": bool, "email": bool } }; absent = on.
alter table users add column notification_preferences jsonb not null default '{}';

-- Addresses SES reported as bouncing or complaining: never e-mailed again. Not a person's row:
-- written and read by the mail Lambdas in the jobs scope only.
create table email_suppressions (
  email text primary key,
  reason text not null check (reason in ('bounce', 'complaint', 'unsubscribe')),
  created_at timestamptz not null default now()
);

do $$
declare t text;
begin
  foreach t in array array['recurring_series', 'anomalies', 'insight_snapshots'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format($p$create policy owner_only on %I
      using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
      with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid)$p$, t);
  end loop;
end $$;

alter table email_suppressions enable row level security;
alter table email_suppressions force row level security;
create policy jobs_only on email_suppressions
  using (current_setting('app.scope', true) = 'jobs')
  with check (current_setting('app.scope', true) = 'jobs');
-- The mail sender reads the address and preferences of the person it writes to, in the jobs scope.
create policy jobs_read_notifications on notifications for select using (current_setting('app.scope', true) = 'jobs');
create policy jobs_mark_emailed on notifications for update
  using (current_setting('app.scope', true) = 'jobs') with check (current_setting('app.scope', true) = 'jobs');
