-- The forecast Lambda's output per person: the monthly history it read and what it made of it.
create table forecasts (
  user_id uuid primary key references users (id) on delete cascade,
  computed_at timestamptz not null default now(),
  months integer not null,
  model text not null,
  result jsonb not null
);
alter table forecasts enable row level security;
alter table forecasts force row level security;
create policy owner_only on forecasts
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
