-- no-transaction
-- A plan's procurement in rounds (issue 15 point 9): after a round failed (废标 / 终止,
-- project_terminations) the purchaser starts a new round of the same plan — with the plan's
-- method, or with the method a change request linked to the failed round was approved for.
-- projects.plan_id is no longer unique; (plan_id, round) is. approvals.failed_project_id links a
-- request filed after a failure to the failed round, so the regulator decides seeing it.
-- Keep in step with the other backend's file.
--
-- SQLite cannot drop a column's UNIQUE: the table is rebuilt (sqlite.org/lang_altertable.html,
-- "other kinds of table schema changes"), outside sqlx's transaction so that foreign keys can be
-- switched off while the children (bids, panels, sheets, challenges, …) point at the copy. Its
-- indexes and the dashboards' triggers are created again as they were.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE projects_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id            BIGINT NOT NULL REFERENCES plans (id),
    unit_id            BIGINT NOT NULL REFERENCES organisations (id),
    agency_id          BIGINT REFERENCES organisations (id),
    jurisdiction_code  TEXT NOT NULL REFERENCES jurisdictions (code),
    name               TEXT NOT NULL,
    method             TEXT NOT NULL,
    object_type        TEXT NOT NULL,
    budget_amount      BIGINT NOT NULL CHECK (budget_amount > 0),
    state_json         TEXT NOT NULL,
    record_json        TEXT NOT NULL,
    terms_json         TEXT,
    created_at         BIGINT NOT NULL,
    created_by         BIGINT REFERENCES users (id),
    updated_at         BIGINT NOT NULL,
    category_code      TEXT,
    contract_amount    BIGINT,
    contract_signed_at BIGINT,
    round              BIGINT NOT NULL DEFAULT 1 CHECK (round >= 1)
);

INSERT INTO projects_new (id, plan_id, unit_id, agency_id, jurisdiction_code, name, method, object_type, budget_amount, state_json, record_json, terms_json, created_at, created_by, updated_at, category_code, contract_amount, contract_signed_at)
    SELECT id, plan_id, unit_id, agency_id, jurisdiction_code, name, method, object_type, budget_amount, state_json, record_json, terms_json, created_at, created_by, updated_at, category_code, contract_amount, contract_signed_at FROM projects;

DROP TABLE projects;
ALTER TABLE projects_new RENAME TO projects;

CREATE UNIQUE INDEX projects_plan_round ON projects (plan_id, round);

CREATE INDEX projects_unit ON projects (unit_id);

CREATE INDEX projects_agency ON projects (agency_id);

CREATE INDEX projects_jurisdiction ON projects (jurisdiction_code);

CREATE INDEX projects_contract ON projects (contract_signed_at);

CREATE TRIGGER dashboard_projects_insert AFTER INSERT ON projects
WHEN NEW.contract_signed_at IS NOT NULL
BEGIN
    INSERT INTO dashboard_contracts (day, month, jurisdiction_code, method, contracts, budget, actual)
        VALUES ((NEW.contract_signed_at + 28800) / 86400, strftime('%Y-%m', NEW.contract_signed_at + 28800, 'unixepoch'),
                NEW.jurisdiction_code, NEW.method, 1, NEW.budget_amount, COALESCE(NEW.contract_amount, 0))
        ON CONFLICT (day, jurisdiction_code, method) DO UPDATE SET contracts = contracts + 1,
            budget = budget + excluded.budget, actual = actual + excluded.actual;
END;

CREATE TRIGGER dashboard_projects_update
AFTER UPDATE OF contract_signed_at, contract_amount, budget_amount, method, jurisdiction_code ON projects
WHEN OLD.contract_signed_at IS NOT NEW.contract_signed_at OR OLD.contract_amount IS NOT NEW.contract_amount
    OR OLD.budget_amount IS NOT NEW.budget_amount OR OLD.method IS NOT NEW.method
    OR OLD.jurisdiction_code IS NOT NEW.jurisdiction_code
BEGIN
    UPDATE dashboard_contracts SET contracts = contracts - 1, budget = budget - OLD.budget_amount,
            actual = actual - COALESCE(OLD.contract_amount, 0)
        WHERE OLD.contract_signed_at IS NOT NULL AND day = (OLD.contract_signed_at + 28800) / 86400
            AND jurisdiction_code = OLD.jurisdiction_code AND method = OLD.method;
    INSERT INTO dashboard_contracts (day, month, jurisdiction_code, method, contracts, budget, actual)
        SELECT (NEW.contract_signed_at + 28800) / 86400, strftime('%Y-%m', NEW.contract_signed_at + 28800, 'unixepoch'),
               NEW.jurisdiction_code, NEW.method, 1, NEW.budget_amount, COALESCE(NEW.contract_amount, 0)
        WHERE NEW.contract_signed_at IS NOT NULL
        ON CONFLICT (day, jurisdiction_code, method) DO UPDATE SET contracts = contracts + 1,
            budget = budget + excluded.budget, actual = actual + excluded.actual;
END;

CREATE TRIGGER dashboard_projects_delete AFTER DELETE ON projects
WHEN OLD.contract_signed_at IS NOT NULL
BEGIN
    UPDATE dashboard_contracts SET contracts = contracts - 1, budget = budget - OLD.budget_amount,
            actual = actual - COALESCE(OLD.contract_amount, 0)
        WHERE day = (OLD.contract_signed_at + 28800) / 86400
            AND jurisdiction_code = OLD.jurisdiction_code AND method = OLD.method;
END;

CREATE INDEX projects_category_contract ON projects
    (category_code, contract_signed_at, jurisdiction_code, method, budget_amount, contract_amount);

CREATE INDEX projects_agency_contract ON projects
    (agency_id, contract_signed_at, jurisdiction_code, method, budget_amount, contract_amount);

CREATE TRIGGER dashboard_category_projects_insert AFTER INSERT ON projects
WHEN NEW.contract_signed_at IS NOT NULL AND NEW.category_code IS NOT NULL
BEGIN
    INSERT INTO dashboard_category_contracts
            (category_code, day, month, jurisdiction_code, method, contracts, budget, actual)
        VALUES (NEW.category_code, (NEW.contract_signed_at + 28800) / 86400,
                strftime('%Y-%m', NEW.contract_signed_at + 28800, 'unixepoch'),
                NEW.jurisdiction_code, NEW.method, 1, NEW.budget_amount, COALESCE(NEW.contract_amount, 0))
        ON CONFLICT (category_code, day, jurisdiction_code, method) DO UPDATE SET contracts = contracts + 1,
            budget = budget + excluded.budget, actual = actual + excluded.actual;
END;

CREATE TRIGGER dashboard_category_projects_update
AFTER UPDATE OF contract_signed_at, contract_amount, budget_amount, method, jurisdiction_code, category_code
ON projects
WHEN OLD.contract_signed_at IS NOT NEW.contract_signed_at OR OLD.contract_amount IS NOT NEW.contract_amount
    OR OLD.budget_amount IS NOT NEW.budget_amount OR OLD.method IS NOT NEW.method
    OR OLD.jurisdiction_code IS NOT NEW.jurisdiction_code OR OLD.category_code IS NOT NEW.category_code
BEGIN
    UPDATE dashboard_category_contracts SET contracts = contracts - 1, budget = budget - OLD.budget_amount,
            actual = actual - COALESCE(OLD.contract_amount, 0)
        WHERE OLD.contract_signed_at IS NOT NULL AND category_code = OLD.category_code
            AND day = (OLD.contract_signed_at + 28800) / 86400
            AND jurisdiction_code = OLD.jurisdiction_code AND method = OLD.method;
    INSERT INTO dashboard_category_contracts
            (category_code, day, month, jurisdiction_code, method, contracts, budget, actual)
        SELECT NEW.category_code, (NEW.contract_signed_at + 28800) / 86400,
               strftime('%Y-%m', NEW.contract_signed_at + 28800, 'unixepoch'),
               NEW.jurisdiction_code, NEW.method, 1, NEW.budget_amount, COALESCE(NEW.contract_amount, 0)
        WHERE NEW.contract_signed_at IS NOT NULL AND NEW.category_code IS NOT NULL
        ON CONFLICT (category_code, day, jurisdiction_code, method) DO UPDATE SET contracts = contracts + 1,
            budget = budget + excluded.budget, actual = actual + excluded.actual;
END;

CREATE TRIGGER dashboard_category_projects_delete AFTER DELETE ON projects
WHEN OLD.contract_signed_at IS NOT NULL AND OLD.category_code IS NOT NULL
BEGIN
    UPDATE dashboard_category_contracts SET contracts = contracts - 1, budget = budget - OLD.budget_amount,
            actual = actual - COALESCE(OLD.contract_amount, 0)
        WHERE category_code = OLD.category_code AND day = (OLD.contract_signed_at + 28800) / 86400
            AND jurisdiction_code = OLD.jurisdiction_code AND method = OLD.method;
END;

ALTER TABLE approvals ADD COLUMN failed_project_id BIGINT REFERENCES projects (id);

COMMIT;
PRAGMA foreign_keys = ON;
