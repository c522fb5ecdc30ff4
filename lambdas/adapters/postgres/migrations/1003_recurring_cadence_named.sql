-- Why a series was found from fewer charges than usual: the words of its text that name its
-- cadence ("365 days", "1 month"), as the detector read them; null when the charges' rhythm
-- alone made the series. Shown beside the series so a 2-charge yearly plan explains itself.
alter table recurring_series add column cadence_named text;
