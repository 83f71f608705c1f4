-- The ingest API (sqlite flavour): API keys of external systems, idempotency records and the
-- projects sent by trading systems. Keep in step with ../postgres/0004_ingest.sql: the same
-- tables and columns (a test compares both). Times in Unix seconds UTC.

-- One key of one external system (finance or trading). The key is shown once at creation
-- (`yw_<prefix>_<secret>`); only its prefix (for the lookup) and the SHA-256 of its secret are
-- kept. A revoked key stays for the audit trail.
CREATE TABLE api_keys (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL,                 -- the system; also the source of its projects
    key_prefix        TEXT NOT NULL UNIQUE,
    key_hash          TEXT NOT NULL,                 -- hex SHA-256 of the secret
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    kinds             TEXT NOT NULL,                 -- comma list: budget_line,plan,notice,…
    created_at        BIGINT NOT NULL,
    revoked_at        BIGINT
);

-- The first answer to each write, by key and Idempotency-Key: a replay gets it back and stores
-- nothing. Written in the same transaction as the write it answers.
CREATE TABLE idempotency_keys (
    api_key_id    BIGINT NOT NULL REFERENCES api_keys (id),
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,                     -- hex SHA-256 of method, path and body
    status_code   BIGINT NOT NULL,
    response_json TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (api_key_id, idem_key)
);

-- Projects sent by trading systems, as one `shared::model::ProjectRecord` each (JSON): notices,
-- bids, evaluations, awards, contracts and payments patch it.
CREATE TABLE ingest_projects (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    source            TEXT NOT NULL,                 -- the name of the key that sent the project
    external_id       TEXT NOT NULL,                 -- the trading system's project id
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    purchaser_id      BIGINT NOT NULL REFERENCES organisations (id),
    record_json       TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX ingest_projects_jurisdiction ON ingest_projects (jurisdiction_code);
