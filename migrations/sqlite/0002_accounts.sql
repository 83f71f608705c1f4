-- Accounts, sessions, login throttling and the audit trail (sqlite flavour). Keep in step with
-- ../postgres/0002_accounts.sql: the same tables and columns (a test compares both).

-- One account. The role decides which tie is set: organisation_id for purchaser, agency and
-- regulator accounts (checked against the organisation's kind by the server), supplier_id for
-- supplier accounts; experts and administrators have neither.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    username        TEXT NOT NULL UNIQUE,          -- stored lower-case
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('purchaser', 'agency', 'supplier', 'expert', 'regulator', 'admin')),
    organisation_id BIGINT REFERENCES organisations (id),
    supplier_id     BIGINT REFERENCES suppliers (id),
    password_hash   TEXT NOT NULL,                 -- Argon2id PHC string
    created_at      BIGINT NOT NULL                -- Unix seconds, UTC
);

-- Server-side sessions. The cookie holds a random 256-bit token; only its SHA-256 is stored, so
-- a copy of this table does not let anyone in.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,                 -- hex SHA-256 of the cookie's token
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,                  -- absolute expiry counts from here
    last_seen_at BIGINT NOT NULL,                  -- idle expiry counts from here
    expires_at   BIGINT NOT NULL                   -- created_at + the absolute limit
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins per account name ('user:NAME', also for names that do not exist) and per client
-- address ('ip:ADDR'). See server/src/auth.rs for the delays.
CREATE TABLE login_failures (
    throttle_key    TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    locked_until    BIGINT NOT NULL
);

-- The audit trail: append-only. The application only ever INSERTs here (a test checks the
-- source), and the database refuses UPDATE and DELETE (trigger below).
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            BIGINT NOT NULL,                 -- Unix seconds, UTC
    user_id       BIGINT,                          -- who (NULL: anonymous or unknown)
    role          TEXT,
    action        TEXT NOT NULL,                   -- e.g. login.success, supplier.register
    subject_type  TEXT,
    subject_id    TEXT,
    before_json   TEXT,
    after_json    TEXT,
    findings_json TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
