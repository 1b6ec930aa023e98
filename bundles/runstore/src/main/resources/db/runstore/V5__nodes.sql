-- Issue 22: several servers (nodes) on one database. Which node runs a run (ServerHome.nodeId; null for
-- runs recorded before, and for queued runs no node has taken yet), and each node's heartbeat on the
-- database's clock: a node silent for long has its RUNNING runs taken over by another.
ALTER TABLE runs ADD COLUMN node VARCHAR(200);

CREATE TABLE nodes (
    node VARCHAR(200) NOT NULL PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);
