-- The coach (issue 21): each person's conversations (their last 20 turns are kept) and answers
-- cached per normalised question and figures version (a new import changes the version, so a
-- cached answer never outlives the figures it was built from). Both go with the person.
create table coach_turns (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  conversation_id uuid not null,
  question text not null,
  answer text not null,
  -- advice, evidence, model, usage and the verifier's counts, as the person was answered
  details jsonb not null,
  created_at timestamptz not null default clock_timestamp()
);
create index coach_turns_by_user on coach_turns (user_id, created_at desc, id);

create table coach_answer_cache (
  user_id uuid not null references users (id) on delete cascade,
  question_key text not null,
  figures_version text not null,
  answer jsonb not null,
  created_at timestamptz not null default now(),
  primary key (user_id, question_key)
);

alter table coach_turns enable row level security;
alter table coach_turns force row level security;
create policy owner_only on coach_turns
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

alter table coach_answer_cache enable row level security;
alter table coach_answer_cache force row level security;
create policy owner_only on coach_answer_cache
  using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
