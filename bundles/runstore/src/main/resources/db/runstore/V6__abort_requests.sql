-- Issue 22: abort of a run RUNNING on another node. Any node marks the run (the reason it will end with); the
-- node running it reads the marks of its runs with its heartbeat and aborts them there.
ALTER TABLE runs ADD COLUMN abort_requested VARCHAR(1000);
