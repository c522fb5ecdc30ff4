-- The notifications outbox. A writer (budget state changes, unusual charges, price rises,
-- upcoming bills, goal milestones) inserts a row in the same transaction as the change that
-- caused it; a sender (SES on AWS, the outbox itself locally) delivers each row once.
-- dedupe_key makes a write idempotent: the same event seen twice (an SQS redelivery, a
-- re-run of detection) is one notification.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  kind text not null,
  dedupe_key text not null,
  title text not null,
  body text not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- when a sender delivered it by e-mail (null: not sent, or e-mail is off for this kind)
  emailed_at timestamptz,
  unique (user_id, dedupe_key)
);
create index notifications_by_user on notifications (user_id, (read_at is not null), created_at desc, id desc);

alter table notifications enable row level security;
alter table notifications force row level security;
create policy owner_only on notifications
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
