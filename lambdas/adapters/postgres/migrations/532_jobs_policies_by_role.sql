-- The last policies that trusted `app.scope = 'jobs'`, a setting any session (the app role
-- included) can make: reading and marking every person's notifications, and the e-mail
-- suppression list. They now hold only while the jobs group is the current role, i.e. inside a
-- transaction that took it (SET LOCAL ROLE smart_spend_jobs_group), which only its members may.
-- Not merely "to the group": the jobs login inherits the group, and its per-person work (a
-- digest, under one person's app.user_id) must still see that person's rows only.
drop policy if exists jobs_only on email_suppressions;
create policy jobs_only on email_suppressions to smart_spend_jobs_group
  using (current_user = 'smart_spend_jobs_group') with check (current_user = 'smart_spend_jobs_group');
drop policy if exists jobs_read_notifications on notifications;
create policy jobs_read_notifications on notifications for select to smart_spend_jobs_group
  using (current_user = 'smart_spend_jobs_group');
drop policy if exists jobs_mark_emailed on notifications;
create policy jobs_mark_emailed on notifications for update to smart_spend_jobs_group
  using (current_user = 'smart_spend_jobs_group') with check (current_user = 'smart_spend_jobs_group');
drop policy if exists jobs_list_users on users;
create policy jobs_list_users on users for select to smart_spend_jobs_group
  using (current_user = 'smart_spend_jobs_group');
