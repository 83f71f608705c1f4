-- Budget lines, procurement plans, intentions, approvals and stored check findings (sqlite
-- flavour). Keep in step with ../postgres/0003_plans.sql: the same tables and columns (a test
-- compares both). Money in fen (BIGINT), times in Unix seconds UTC, dates as 'YYYY-MM-DD'.

-- A budget line (预算指标) of a budget unit (purchaser organisation) for one fiscal year.
CREATE TABLE budget_lines (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id           BIGINT NOT NULL REFERENCES organisations (id),
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),  -- the unit's, for scoping
    fiscal_year       BIGINT NOT NULL,
    code              TEXT NOT NULL,                 -- the finance system's line code
    name              TEXT NOT NULL,
    approved_amount   BIGINT NOT NULL CHECK (approved_amount > 0),
    adjusted_amount   BIGINT CHECK (adjusted_amount IS NULL OR adjusted_amount >= 0),
    created_at        BIGINT NOT NULL,
    created_by        BIGINT REFERENCES users (id),
    UNIQUE (unit_id, fiscal_year, code)
);

-- A procurement plan (采购实施计划) charged to a budget line. status: filed (备案, may carry
-- warnings) → released (下达执行: the procurement may start; refused while a blocking finding
-- is open).
CREATE TABLE plans (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id           BIGINT NOT NULL REFERENCES organisations (id),
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    budget_line_id    BIGINT NOT NULL REFERENCES budget_lines (id),
    fiscal_year       BIGINT NOT NULL,
    name              TEXT NOT NULL,
    object_type       TEXT NOT NULL CHECK (object_type IN ('goods', 'services', 'works')),
    category_code     TEXT NOT NULL,
    amount            BIGINT NOT NULL CHECK (amount > 0),
    method            TEXT NOT NULL,
    imports_wanted    BIGINT NOT NULL CHECK (imports_wanted IN (0, 1)),
    planned_date      TEXT NOT NULL,                 -- intended start, China date
    status            TEXT NOT NULL CHECK (status IN ('filed', 'released')),
    created_at        BIGINT NOT NULL,
    created_by        BIGINT REFERENCES users (id),
    released_at       BIGINT
);
CREATE INDEX plans_unit_year ON plans (unit_id, fiscal_year);
CREATE INDEX plans_jurisdiction ON plans (jurisdiction_code);

-- A published procurement intention (采购意向公开) of a plan.
CREATE TABLE intentions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id      BIGINT NOT NULL REFERENCES plans (id),
    published_at BIGINT NOT NULL,
    media        TEXT NOT NULL,
    content      TEXT NOT NULL,
    created_by   BIGINT REFERENCES users (id)
);
CREATE INDEX intentions_plan ON intentions (plan_id);

-- A request to the finance department: import approval, method change (with its statutory
-- ground) or single-source (after the public notice). Decisions are recorded here once and in
-- the audit trail.
CREATE TABLE approvals (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id           BIGINT NOT NULL REFERENCES plans (id),
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    kind              TEXT NOT NULL CHECK (kind IN ('import', 'method_change', 'single_source')),
    to_method         TEXT,
    ground            TEXT,
    reason            TEXT NOT NULL,
    supplier_name     TEXT,                          -- single source: the proposed supplier
    notice_from       TEXT,                          -- single source: public notice, China dates
    notice_until      TEXT,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    submitted_at      BIGINT NOT NULL,
    submitted_by      BIGINT REFERENCES users (id),
    decided_at        BIGINT,
    decided_by        BIGINT REFERENCES users (id),
    decision_reason   TEXT
);
CREATE INDEX approvals_plan ON approvals (plan_id);
CREATE INDEX approvals_queue ON approvals (jurisdiction_code, status);

-- Flags raised by the checks, stored when a step is taken (one row per flag and step).
CREATE TABLE findings (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_type      TEXT NOT NULL,                 -- plan, project
    subject_id        TEXT NOT NULL,
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    check_id          TEXT NOT NULL,                 -- P01 …
    stage             TEXT NOT NULL,                 -- pre, during, post
    severity          TEXT NOT NULL,
    step              TEXT NOT NULL,                 -- what was done: plan.file, plan.release …
    message_zh        TEXT NOT NULL,
    message_en        TEXT NOT NULL,
    evidence_json     TEXT NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE INDEX findings_subject ON findings (subject_type, subject_id);
CREATE INDEX findings_jurisdiction ON findings (jurisdiction_code, created_at);
