-- One stored forecast per person, currency and series (total spending, income, net, a 50/30/20
-- group, a category), so GET /forecast reads one small row instead of a person's whole result.
-- `spread` keeps the rolling-origin error spread per horizon the intervals were made from (what
-- the nightly job stores as the validation errors), `reason` says why a series has no forecast.
create table forecast_series (
  user_id uuid not null references users (id) on delete cascade,
  currency char(3) not null,
  series_key text not null,
  computed_at timestamptz not null default now(),
  as_of_month text not null,
  model text,
  reason text,
  history_months integer not null,
  history jsonb not null,
  points jsonb not null,
  spread jsonb not null,
  primary key (user_id, currency, series_key)
);

alter table forecast_series enable row level security;
alter table forecast_series force row level security;
create policy owner_only on forecast_series
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

-- The person-level row also records which calendar month the series ran up to, so a forecast
-- made in an earlier month counts as stale even when no transaction changed.
alter table forecasts add column as_of_month text;
