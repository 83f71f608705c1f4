-- The triage of findings: every change is a new row (nothing is updated or deleted); the state
-- of a finding is its latest row (none = new). Keep in step with the other backend's file.
CREATE TABLE finding_triage (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id  BIGINT NOT NULL REFERENCES findings (id),
    state       TEXT NOT NULL CHECK (state IN ('new', 'acknowledged', 'assigned', 'resolved', 'false_positive')),
    assignee    TEXT,
    note        TEXT,
    by_user     BIGINT NOT NULL REFERENCES users (id),
    at          BIGINT NOT NULL
);
CREATE INDEX finding_triage_finding ON finding_triage (finding_id, id);
