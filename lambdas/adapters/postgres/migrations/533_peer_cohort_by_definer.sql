-- Every person's peer profile (income, spending, spending per category, country) was readable by
-- any session that set app.scope = 'peer-cohort' (the app role included): the same hole as
-- app.scope = 'jobs'. The cross-person read is now granted to the tables' owner only, the role
-- peer_cohort_figures (SECURITY DEFINER, created by the owner) runs as; it answers percentiles
-- and medians of cohorts of at least 20, never a row. The owner is whoever runs the migrations
-- (smart_spend_owner locally, the master user on Aurora).
drop policy if exists peer_cohort_read on peer_profiles;
do $$
begin
  execute format('create policy peer_cohort_read on peer_profiles for select to %I using (true)', current_user);
end $$;
