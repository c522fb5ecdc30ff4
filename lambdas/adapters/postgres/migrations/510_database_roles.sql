-- Least privilege (issue 17, item 7). The migrations run as the owner of the tables; the API
-- and the workers connect as members of smart_spend_app_group, which owns nothing (so it can
-- neither ALTER a table nor switch row-level security off) and reads only under the policies;
-- jobs that list every person connect as (or SET ROLE to) smart_spend_jobs_group, whose own
-- policy says so. The old `app.scope = 'jobs'` setting, which any session could set, is gone.
-- The groups are created here when missing (Aurora's master user may); locally the admin makes them first.
do $$
begin
  if not exists (select from pg_roles where rolname = 'smart_spend_app_group') then
    create role smart_spend_app_group nologin;
  end if;
  if not exists (select from pg_roles where rolname = 'smart_spend_jobs_group') then
    create role smart_spend_jobs_group nologin;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

grant usage on schema public to smart_spend_app_group, smart_spend_jobs_group;
grant select, insert, update, delete on all tables in schema public to smart_spend_app_group, smart_spend_jobs_group;
grant usage, select on all sequences in schema public to smart_spend_app_group, smart_spend_jobs_group;
revoke all on schema_migrations from smart_spend_app_group, smart_spend_jobs_group;
-- Tables later migrations create (as the owner) are granted the same way.
alter default privileges in schema public grant select, insert, update, delete on tables to smart_spend_app_group, smart_spend_jobs_group;
alter default privileges in schema public grant usage, select on sequences to smart_spend_app_group, smart_spend_jobs_group;

drop policy if exists jobs_list_users on users;
create policy jobs_list_users on users for select to smart_spend_jobs_group using (true);

-- On Aurora the scheduled jobs connect as the master user (the owner): it may SET ROLE to the
-- jobs group to list people, without inheriting that policy in its other work. Locally the
-- owner has no right to grant this (the admin made the group) and needs none.
do $$
begin
  execute format('grant smart_spend_jobs_group to %I with inherit false, set true', current_user);
exception when insufficient_privilege or invalid_grant_operation then null;
end $$;
