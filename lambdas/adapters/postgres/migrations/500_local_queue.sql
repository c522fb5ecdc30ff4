-- The local stack's durable queue: what SQS is on AWS (unused there). A message stays until its
-- consumer succeeds, so a process that dies mid-import loses nothing: the next start hands out
-- again what was in flight (at-least-once, as SQS does after a visibility timeout).
-- Bodies carry ids only (user, upload, transaction ids), never a description or an amount.
create table queue_messages (
  id uuid primary key default gen_random_uuid(),
  queue text not null,
  body text not null,
  receive_count integer not null default 0,
  visible_at timestamptz not null default now(),
  -- set when the message failed its last allowed receive: the dead-letter list
  dead_at timestamptz,
  sent_at timestamptz not null default now()
);
create index queue_messages_ready on queue_messages (queue, visible_at) where dead_at is null;
