-- How often an upload left `parsing` by a dead parser was read again (the local stack at start,
-- the scheduled sweeper on AWS): past a limit it is failed with a reason instead, so a file that
-- kills its parser every time is not read again forever.
alter table uploads add column resumes integer not null default 0;
