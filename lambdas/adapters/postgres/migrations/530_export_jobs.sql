-- Exports as queued jobs (issue 17, item 5): the request answers at once with the export's id,
-- a worker writes the gzipped NDJSON page by page, and the status route reads this row. 200,000
-- transactions took 36 s to export, past API Gateway's 29 s: it cannot run inside the request.
create table export_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'running', 'ready', 'failed')),
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  -- set when ready: where the file is in the blob store (exports/{userId}/…), its size and rows per table
  object_key text,
  bytes bigint,
  counts jsonb,
  -- set when failed: what the person is told
  failure_reason text
);
create index export_jobs_by_person on export_jobs (user_id, requested_at desc);
-- At most one export in flight per person: asking again while one runs answers that one.
create unique index export_jobs_one_in_flight on export_jobs (user_id) where status in ('pending', 'running');

alter table export_jobs enable row level security;
alter table export_jobs force row level security;
create policy owner_only on export_jobs
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
