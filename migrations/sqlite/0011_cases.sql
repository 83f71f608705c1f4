-- Supervision cases (监督检查案件, issue 6 point 4). A case is opened from findings; everything
-- that happens to it is a row of case_events, only ever inserted: the state of a case is the
-- to_state of its latest event (shared::case::next decides each one). Keep in step with the
-- other backend's 0011_cases.sql (a test compares both). Times in Unix seconds UTC, due dates
-- as 'YYYY-MM-DD' (China date, counted in working days).
CREATE TABLE cases (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    title             TEXT NOT NULL,
    opened_by         BIGINT NOT NULL REFERENCES users (id),
    opened_at         BIGINT NOT NULL
);
CREATE INDEX cases_jurisdiction ON cases (jurisdiction_code, id);

-- The findings a case was opened from.
CREATE TABLE case_findings (
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    finding_id BIGINT NOT NULL REFERENCES findings (id),
    PRIMARY KEY (case_id, finding_id)
);
CREATE INDEX case_findings_finding ON case_findings (finding_id);

-- The history. action: open, ask (text = the questions, addressee, due_date), answer (text,
-- reply_to = the ask), conclude (text = the conclusion, violations = check ids, comma-separated,
-- empty = none found), order_rectification (text = the requirements, addressee, due_date),
-- receive_report (text = the report, reply_to = the order), close (text = an optional note).
CREATE TABLE case_events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id          BIGINT NOT NULL REFERENCES cases (id),
    action           TEXT NOT NULL CHECK (action IN ('open', 'ask', 'answer', 'conclude', 'order_rectification', 'receive_report', 'close')),
    from_state       TEXT CHECK (from_state IN ('open', 'inquiry', 'concluded', 'rectifying', 'reported', 'closed')),
    to_state         TEXT NOT NULL CHECK (to_state IN ('open', 'inquiry', 'concluded', 'rectifying', 'reported', 'closed')),
    text             TEXT,
    violations       TEXT,
    addressee_org_id BIGINT REFERENCES organisations (id),
    due_date         TEXT,
    reply_to         BIGINT REFERENCES case_events (id),
    by_user          BIGINT NOT NULL REFERENCES users (id),
    at               BIGINT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE INDEX case_events_addressee ON case_events (addressee_org_id);
CREATE INDEX case_events_reply ON case_events (reply_to);

-- The history and the findings of a case are never changed or deleted.
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only');
END;
CREATE TRIGGER case_findings_no_update BEFORE UPDATE ON case_findings
BEGIN
    SELECT RAISE(ABORT, 'case_findings is append-only');
END;
CREATE TRIGGER case_findings_no_delete BEFORE DELETE ON case_findings
BEGIN
    SELECT RAISE(ABORT, 'case_findings is append-only');
END;
