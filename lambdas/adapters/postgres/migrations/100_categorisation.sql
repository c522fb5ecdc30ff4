-- Categorisation that learns: every label a person gives (a correction, or a confirmation
-- of what was shown), their model's state, tier-3 answers cached per merchant, and the
-- merchants they asked us not to learn from.

create table corrections (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  transaction_id uuid references transactions (id) on delete set null,
  merchant text not null,
  -- Redacted, as stored on the transaction: what the model learns from when it is rebuilt.
  description text not null,
  amount bigint not null,
  date date not null,
  account_id uuid,
  previous_category text,
  category text not null,
  kind text not null check (kind in ('correction', 'confirmation')),
  -- Set when the person deleted the rule this correction taught: it teaches nothing again.
  forgotten boolean not null default false,
  created_at timestamptz not null default now()
);
create index corrections_by_user on corrections (user_id, created_at, id);

-- A person's model, gzipped JSON in parts of at most 512 KiB: the Data API answers at most
-- 1 MiB per call, and a long history's model is larger than that.
create table categorisation_models (
  user_id uuid primary key references users (id) on delete cascade,
  examples integer not null,
  parts integer not null,
  updated_at timestamptz not null default now()
);

create table categorisation_model_parts (
  user_id uuid not null references users (id) on delete cascade,
  part integer not null,
  data text not null,
  primary key (user_id, part)
);

create table merchant_answers (
  user_id uuid not null references users (id) on delete cascade,
  merchant text not null,
  category text not null,
  model_id text not null,
  created_at timestamptz not null default now(),
  primary key (user_id, merchant)
);

create table dont_learn_merchants (
  user_id uuid not null references users (id) on delete cascade,
  merchant text not null,
  created_at timestamptz not null default now(),
  primary key (user_id, merchant)
);

-- Learned rules are looked up by merchant when a correction replaces one.
create index rules_by_merchant on rules (user_id, pattern) where match_kind = 'merchant';

do $$
declare t text;
begin
  foreach t in array array['corrections', 'categorisation_models', 'categorisation_model_parts', 'merchant_answers', 'dont_learn_merchants'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format($p$create policy owner_only on %I
      using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
      with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid)$p$, t);
  end loop;
end $$;
