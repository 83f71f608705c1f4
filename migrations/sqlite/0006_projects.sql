-- Procurement execution (issue 5): projects run from a released plan, sealed bids, the expert
-- library, panel draws, score sheets and supplier challenges (sqlite flavour). Keep in step with
-- ../postgres/0006_projects.sql: the same tables and columns (a test compares both). Money in fen
-- (BIGINT), times in Unix seconds UTC, dates as 'YYYY-MM-DD' (China time).

-- One procurement project, started from a released plan by its purchaser. agency_id is the
-- entrusted agency (procurement center or private agency); NULL = self-procurement.
-- state_json: shared::workflow::ProcState; record_json: the shared::model::ProjectRecord the
-- checks read, WITHOUT the sealed bids (they live in `bids` and are added only for the checks
-- inside a step's transaction).
CREATE TABLE projects (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id           BIGINT NOT NULL UNIQUE REFERENCES plans (id),
    unit_id           BIGINT NOT NULL REFERENCES organisations (id),
    agency_id         BIGINT REFERENCES organisations (id),
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    name              TEXT NOT NULL,
    method            TEXT NOT NULL,
    object_type       TEXT NOT NULL,
    budget_amount     BIGINT NOT NULL CHECK (budget_amount > 0),
    state_json        TEXT NOT NULL,
    record_json       TEXT NOT NULL,
    terms_json        TEXT,                          -- shared::execution::Terms of the documents (scoring scheme)
    created_at        BIGINT NOT NULL,
    created_by        BIGINT REFERENCES users (id),
    updated_at        BIGINT NOT NULL
);
CREATE INDEX projects_unit ON projects (unit_id);
CREATE INDEX projects_agency ON projects (agency_id);
CREATE INDEX projects_jurisdiction ON projects (jurisdiction_code);

-- Sealed bids. price and documents_json leave the store only through the functions of
-- server/src/projects.rs that apply shared::bidding::bid_visibility and the project's opening.
-- status: submitted (in force), withdrawn, replaced (superseded by a later bid of the supplier).
CREATE TABLE bids (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id           BIGINT NOT NULL REFERENCES projects (id),
    supplier_id          BIGINT NOT NULL REFERENCES suppliers (id),
    price                BIGINT NOT NULL CHECK (price > 0),
    validity_days        BIGINT NOT NULL,
    documents_json       TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('submitted', 'withdrawn', 'replaced')),
    submitted_at         BIGINT NOT NULL,
    withdrawn_at         BIGINT,
    security_refunded_at BIGINT
);
CREATE INDEX bids_project ON bids (project_id, status);
CREATE INDEX bids_supplier ON bids (supplier_id);

-- The expert library (评审专家库). user_id ties the expert's account, if any.
CREATE TABLE experts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL,
    specialties_json  TEXT NOT NULL,                 -- ["A02", "C16"]: category codes
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    employer_id       BIGINT REFERENCES organisations (id),
    employer_name     TEXT NOT NULL,
    employment_json   TEXT NOT NULL,                 -- shared::model::Employment list
    legal             BIGINT NOT NULL CHECK (legal IN (0, 1)),
    registered        BIGINT NOT NULL CHECK (registered IN (0, 1)),
    user_id           BIGINT UNIQUE REFERENCES users (id),
    created_at        BIGINT NOT NULL
);
CREATE INDEX experts_jurisdiction ON experts (jurisdiction_code);

-- A panel draw: the seed (u64 as decimal text), the pool fingerprint and the whole
-- shared::panel::Draw (with recusals) as JSON; request_json holds what the draw was asked for.
CREATE TABLE panel_draws (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id       BIGINT NOT NULL UNIQUE REFERENCES projects (id),
    seed             TEXT NOT NULL,
    pool_fingerprint TEXT NOT NULL,
    request_json     TEXT NOT NULL,
    draw_json        TEXT NOT NULL,
    drawn_at         BIGINT NOT NULL,
    drawn_by         BIGINT REFERENCES users (id)
);

-- The experts of a draw. status: drawn (on the panel), reserve, recused, declared (on the panel,
-- no conflict declared: may score).
CREATE TABLE panel_members (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    draw_id        BIGINT NOT NULL REFERENCES panel_draws (id),
    project_id     BIGINT NOT NULL REFERENCES projects (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    status         TEXT NOT NULL CHECK (status IN ('drawn', 'reserve', 'recused', 'declared')),
    declared_at    BIGINT,
    conflicts_json TEXT,
    UNIQUE (project_id, expert_id)
);
CREATE INDEX panel_members_expert ON panel_members (expert_id);

-- One expert's score sheet for one bid (hundredths of a point).
CREATE TABLE score_sheets (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id       BIGINT NOT NULL REFERENCES projects (id),
    expert_id        BIGINT NOT NULL REFERENCES experts (id),
    bid_id           BIGINT NOT NULL REFERENCES bids (id),
    scores_json      TEXT NOT NULL,
    total_hundredths BIGINT NOT NULL,
    submitted_at     BIGINT NOT NULL,
    UNIQUE (project_id, expert_id, bid_id)
);

-- Supplier inquiries (询问) and challenges (质疑); due_on: the last day of the answer (China date,
-- working days from the calendar).
CREATE TABLE challenges (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     BIGINT NOT NULL REFERENCES projects (id),
    supplier_id    BIGINT NOT NULL REFERENCES suppliers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('inquiry', 'challenge')),
    text           TEXT NOT NULL,
    filed_at       BIGINT NOT NULL,
    affects_result BIGINT NOT NULL CHECK (affects_result IN (0, 1)),
    due_on         TEXT NOT NULL,
    answered_at    BIGINT,
    answer         TEXT,
    answered_by    BIGINT REFERENCES users (id)
);
CREATE INDEX challenges_project ON challenges (project_id);
