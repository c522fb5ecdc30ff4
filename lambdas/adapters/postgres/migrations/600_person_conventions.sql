-- A person's home country, currency and locale (GET/PATCH /me): the last fallback of every
-- import's currency and date order. `conventions_source` says whether the person said them,
-- Cognito's attribute gave them, or their first statements taught them (then an import that
-- relies on them still warns).
alter table users
  add column country char(2) check (country ~ '^[A-Z]{2}$'),
  add column currency char(3) check (currency ~ '^[A-Z]{3}$'),
  add column locale text check (char_length(locale) <= 35),
  add column conventions_source text check (conventions_source in ('said', 'cognito', 'learned'));

-- The bank an account is at, as a statement shows it: an account is matched on these, not on a
-- word of its name (two banks called ING are two banks).
alter table accounts
  add column institution_country char(2),
  add column bank_code text;
