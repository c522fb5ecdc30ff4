-- Foundation schema. Money: bigint minor units + ISO 4217 code. Dates: calendar dates.
-- Every user-owned table carries user_id and is guarded by row-level security: each unit of
-- work sets app.user_id with set_config(..., true) inside its transaction. FORCE makes the
-- policies apply to the table owner too, which is the role the Data API uses on Aurora.

create table users (
  id uuid primary key,
  email text,
  created_at timestamptz not null default now()
);

create table accounts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  kind text not null check (kind in ('current', 'savings', 'credit_card', 'cash', 'loan', 'investment')),
  currency char(3) not null,
  institution text,
  last4 text,
  opening_balance bigint not null default 0,
  opening_date date,
  stated_balance bigint,
  stated_balance_date date,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  unique (user_id, name)
);
create unique index accounts_one_default on accounts (user_id) where is_default;

create table uploads (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  account_id uuid references accounts (id) on delete set null,
  account_reason text,
  filename text not null,
  kind text,
  object_key text,
  status text not null default 'received'
    check (status in ('received', 'parsing', 'categorising', 'complete', 'failed')),
  rows_read integer not null default 0,
  imported integer not null default 0,
  duplicates integer not null default 0,
  rejected integer not null default 0,
  errors jsonb not null default '[]',
  warnings jsonb not null default '[]',
  format jsonb,
  mapping jsonb,
  failure_reason text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz
);
create index uploads_by_user on uploads (user_id, created_at desc, id desc);

-- user_id and upload_id carry no foreign key: every import checks each row against them,
-- which costs a fifth of the insert rate, while the account's key already ties a row to its
-- owner (deleting a person cascades through accounts) and uploads are never deleted alone.
create table transactions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  account_id uuid not null references accounts (id) on delete cascade,
  upload_id uuid,
  date date not null,
  amount bigint not null,
  currency char(3) not null,
  description text not null,
  merchant text,
  category text,
  category_source text check (category_source in ('rule', 'model', 'llm', 'manual')),
  confidence real,
  decided_by text,
  balance bigint,
  -- user, account, date, amount, normalised description and occurrence number within one file
  fingerprint text not null,
  transfer_id uuid,
  notes text,
  tags text[] not null default '{}',
  splits jsonb,
  -- a deleted imported transaction stays as a tombstone so that a re-import skips it
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, fingerprint)
);
create index transactions_by_user_date on transactions (user_id, date desc, id desc) where deleted_at is null;
create index transactions_by_upload on transactions (upload_id);
-- Partial: rows are inserted before they have a merchant, so imports pay nothing here.
create index transactions_by_merchant on transactions (user_id, merchant) where merchant is not null;

create table categories (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  "group" text not null check ("group" in ('needs', 'wants', 'savings', 'income', 'transfer')),
  is_default boolean not null default false,
  retired boolean not null default false,
  merged_into text,
  created_at timestamptz not null default now(),
  unique (user_id, name)
);

create table rules (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  priority integer not null default 100,
  match_kind text not null check (match_kind in ('merchant', 'contains', 'regex')),
  pattern text not null,
  amount_min bigint,
  amount_max bigint,
  sign smallint check (sign in (-1, 1)),
  account_id uuid references accounts (id) on delete cascade,
  category text not null,
  source text not null default 'manual' check (source in ('manual', 'learned')),
  created_from_correction uuid,
  created_at timestamptz not null default now()
);
create index rules_by_user on rules (user_id, priority);

create table column_mappings (
  user_id uuid not null references users (id) on delete cascade,
  header_signature text not null,
  mapping jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, header_signature)
);

-- Row-level security on every user-owned table.
do $$
declare t text;
begin
  foreach t in array array['accounts', 'uploads', 'transactions', 'categories', 'rules', 'column_mappings'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format($p$create policy owner_only on %I
      using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
      with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid)$p$, t);
  end loop;
end $$;

alter table users enable row level security;
alter table users force row level security;
create policy owner_only on users
  using (id = nullif(current_setting('app.user_id', true), '')::uuid)
  with check (id = nullif(current_setting('app.user_id', true), '')::uuid);
-- Scheduled jobs enumerate users (and only that) before doing each user's work in that
-- user's own scope.
create policy jobs_list_users on users for select
  using (current_setting('app.scope', true) = 'jobs');
