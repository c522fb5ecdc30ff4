-- Per-person usage counted against the limits of issue 17, item 6 (Bedrock calls per day):
-- one row per person, kind and day, incremented with INSERT … ON CONFLICT.
create table usage_counters (
  user_id uuid not null references users (id) on delete cascade,
  kind text not null,
  day date not null,
  count integer not null default 0,
  primary key (user_id, kind, day)
);

alter table usage_counters enable row level security;
alter table usage_counters force row level security;
create policy owner_only on usage_counters
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
