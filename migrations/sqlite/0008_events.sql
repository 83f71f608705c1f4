-- The live monitor's event stream: every finding and every step as it is stored, in the same
-- transaction. Keep in step with the other backend's 0008_events.sql. Monitors read events after
-- the last id they saw (server-sent events resume from Last-Event-ID); on PostgreSQL every insert
-- also notifies channel `yiwang_events` on commit, so monitors connected to another server process
-- get it at once.
CREATE TABLE events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    at                BIGINT NOT NULL,                 -- Unix seconds, UTC
    jurisdiction_code TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('finding', 'step')),
    stage             TEXT,                            -- pre, during, post (findings)
    severity          TEXT,                            -- findings
    method            TEXT,                            -- the procurement method, when known
    subject_type      TEXT NOT NULL,
    subject_id        TEXT NOT NULL,
    check_id          TEXT,
    action            TEXT NOT NULL,                   -- plan.file, ingest.plan, …
    title_zh          TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    message_zh        TEXT NOT NULL,
    message_en        TEXT NOT NULL
);
CREATE INDEX events_jurisdiction ON events (jurisdiction_code, id);
