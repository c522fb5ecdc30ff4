-- Transfers between a person's own accounts: both sides share a transfer_id. A link or
-- unlink made by hand is locked, so detection after later imports never changes it.
alter table transactions add column transfer_locked boolean not null default false;
alter table transactions add column transfer_status text
  check (transfer_status in ('linked', 'other-side-missing'));
create index transactions_transfer_candidates on transactions (user_id, date)
  where deleted_at is null and transfer_id is null and not transfer_locked;
