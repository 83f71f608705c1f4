-- The dashboard's category rollups (issue 6 point 8): the rollups of 0012 again, with the
-- project's or plan's 品目 (category_code) in the key, so that a city-wide dashboard filtered by
-- category reads at most days × jurisdictions × methods rows of one category instead of the
-- category's projects. Rows without a category (projects imported before 0009) are not rolled
-- up: no category filter matches them. Kept by triggers in the transaction of every write, like
-- 0012; the key starts with the category, the filter always giving it. Keep in step with the
-- other backend's file.
CREATE TABLE dashboard_category_contracts (
    category_code     TEXT NOT NULL,
    day               BIGINT NOT NULL,
    month             TEXT NOT NULL,                  -- YYYY-MM of the day
    jurisdiction_code TEXT NOT NULL,
    method            TEXT NOT NULL,
    contracts         BIGINT NOT NULL,
    budget            BIGINT NOT NULL,                -- fen, Σ budget_amount
    actual            BIGINT NOT NULL,                -- fen, Σ contract_amount
    PRIMARY KEY (category_code, day, jurisdiction_code, method)
);
CREATE TABLE dashboard_category_plans (
    category_code     TEXT NOT NULL,
    day               BIGINT NOT NULL,
    jurisdiction_code TEXT NOT NULL,
    method            TEXT NOT NULL,
    plans             BIGINT NOT NULL,
    PRIMARY KEY (category_code, day, jurisdiction_code, method)
);

INSERT INTO dashboard_category_contracts
        (category_code, day, month, jurisdiction_code, method, contracts, budget, actual)
    SELECT category_code, (contract_signed_at + 28800) / 86400,
           MIN(strftime('%Y-%m', contract_signed_at + 28800, 'unixepoch')),
           jurisdiction_code, method, COUNT(*), SUM(budget_amount), COALESCE(SUM(contract_amount), 0)
    FROM projects WHERE contract_signed_at IS NOT NULL AND category_code IS NOT NULL
    GROUP BY category_code, (contract_signed_at + 28800) / 86400, jurisdiction_code, method;
INSERT INTO dashboard_category_plans (category_code, day, jurisdiction_code, method, plans)
    SELECT category_code, (created_at + 28800) / 86400, jurisdiction_code, method, COUNT(*) FROM plans
    GROUP BY category_code, (created_at + 28800) / 86400, jurisdiction_code, method;

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

CREATE TRIGGER dashboard_category_plans_insert AFTER INSERT ON plans
BEGIN
    INSERT INTO dashboard_category_plans (category_code, day, jurisdiction_code, method, plans)
        VALUES (NEW.category_code, (NEW.created_at + 28800) / 86400, NEW.jurisdiction_code, NEW.method, 1)
        ON CONFLICT (category_code, day, jurisdiction_code, method) DO UPDATE SET plans = plans + 1;
END;
CREATE TRIGGER dashboard_category_plans_update
AFTER UPDATE OF created_at, jurisdiction_code, method, category_code ON plans
WHEN OLD.created_at IS NOT NEW.created_at OR OLD.jurisdiction_code IS NOT NEW.jurisdiction_code
    OR OLD.method IS NOT NEW.method OR OLD.category_code IS NOT NEW.category_code
BEGIN
    UPDATE dashboard_category_plans SET plans = plans - 1
        WHERE category_code = OLD.category_code AND day = (OLD.created_at + 28800) / 86400
            AND jurisdiction_code = OLD.jurisdiction_code AND method = OLD.method;
    INSERT INTO dashboard_category_plans (category_code, day, jurisdiction_code, method, plans)
        VALUES (NEW.category_code, (NEW.created_at + 28800) / 86400, NEW.jurisdiction_code, NEW.method, 1)
        ON CONFLICT (category_code, day, jurisdiction_code, method) DO UPDATE SET plans = plans + 1;
END;
CREATE TRIGGER dashboard_category_plans_delete AFTER DELETE ON plans
BEGIN
    UPDATE dashboard_category_plans SET plans = plans - 1
        WHERE category_code = OLD.category_code AND day = (OLD.created_at + 28800) / 86400
            AND jurisdiction_code = OLD.jurisdiction_code AND method = OLD.method;
END;
