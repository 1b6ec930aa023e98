-- Issue 18: the dashboard reads every job's newest runs and newest trend points at once
-- (RunStore.summaries); a job's trend reads its finished runs by period.
CREATE INDEX runs_job_status_period ON runs (job, status, period, number);
