-- The dashboard's rollups (issue 6 point 8): per China day, jurisdiction and method the number,
-- budget and actual (contract) amount of contracted projects; per China day, jurisdiction and
-- method the plans filed; per China day, jurisdiction, stage and severity the findings. Kept by
-- triggers in the transaction of every write to projects, plans and findings, so they always
-- equal the aggregates over the base tables (server/src/dashboard.rs reads them when the filter
-- allows: no category and no agency). day = (Unix seconds + 8 h) / 86400, China having no
-- daylight saving time. Keep in step with the other backend's 0012_dashboard_rollups.sql.
CREATE TABLE dashboard_contracts (
    day               BIGINT NOT NULL,
    month             TEXT NOT NULL,                  -- YYYY-MM of the day
    jurisdiction_code TEXT NOT NULL,
    method            TEXT NOT NULL,
    contracts         BIGINT NOT NULL,
    budget            BIGINT NOT NULL,                -- fen, Σ budget_amount
    actual            BIGINT NOT NULL,                -- fen, Σ contract_amount
    PRIMARY KEY (day, jurisdiction_code, method)
);
CREATE TABLE dashboard_plans (
    day               BIGINT NOT NULL,
    jurisdiction_code TEXT NOT NULL,
    method            TEXT NOT NULL,
    plans             BIGINT NOT NULL,
    PRIMARY KEY (day, jurisdiction_code, method)
);
CREATE TABLE dashboard_findings (
    day               BIGINT NOT NULL,
    jurisdiction_code TEXT NOT NULL,
    stage             TEXT NOT NULL,
    severity          TEXT NOT NULL,
    findings          BIGINT NOT NULL,
    PRIMARY KEY (day, jurisdiction_code, stage, severity)
);

CREATE FUNCTION dashboard_month(t BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT to_char(to_timestamp(t + 28800) AT TIME ZONE 'UTC', 'YYYY-MM')
$$;

INSERT INTO dashboard_contracts (day, month, jurisdiction_code, method, contracts, budget, actual)
    SELECT (contract_signed_at + 28800) / 86400, MIN(dashboard_month(contract_signed_at)),
           jurisdiction_code, method, COUNT(*), SUM(budget_amount), COALESCE(SUM(contract_amount), 0)
    FROM projects WHERE contract_signed_at IS NOT NULL
    GROUP BY (contract_signed_at + 28800) / 86400, jurisdiction_code, method;
INSERT INTO dashboard_plans (day, jurisdiction_code, method, plans)
    SELECT (created_at + 28800) / 86400, jurisdiction_code, method, COUNT(*) FROM plans
    GROUP BY (created_at + 28800) / 86400, jurisdiction_code, method;
INSERT INTO dashboard_findings (day, jurisdiction_code, stage, severity, findings)
    SELECT (created_at + 28800) / 86400, jurisdiction_code, stage, severity, COUNT(*) FROM findings
    GROUP BY (created_at + 28800) / 86400, jurisdiction_code, stage, severity;

CREATE FUNCTION dashboard_projects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.contract_signed_at IS NOT NULL THEN
        UPDATE dashboard_contracts SET contracts = contracts - 1, budget = budget - OLD.budget_amount,
                actual = actual - COALESCE(OLD.contract_amount, 0)
            WHERE day = (OLD.contract_signed_at + 28800) / 86400
                AND jurisdiction_code = OLD.jurisdiction_code AND method = OLD.method;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.contract_signed_at IS NOT NULL THEN
        INSERT INTO dashboard_contracts AS d (day, month, jurisdiction_code, method, contracts, budget, actual)
            VALUES ((NEW.contract_signed_at + 28800) / 86400, dashboard_month(NEW.contract_signed_at),
                    NEW.jurisdiction_code, NEW.method, 1, NEW.budget_amount, COALESCE(NEW.contract_amount, 0))
            ON CONFLICT (day, jurisdiction_code, method) DO UPDATE SET contracts = d.contracts + 1,
                budget = d.budget + EXCLUDED.budget, actual = d.actual + EXCLUDED.actual;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER dashboard_projects_insert_delete AFTER INSERT OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION dashboard_projects();
CREATE TRIGGER dashboard_projects_update
    AFTER UPDATE OF contract_signed_at, contract_amount, budget_amount, method, jurisdiction_code ON projects
    FOR EACH ROW
    WHEN (OLD.contract_signed_at IS DISTINCT FROM NEW.contract_signed_at
        OR OLD.contract_amount IS DISTINCT FROM NEW.contract_amount
        OR OLD.budget_amount IS DISTINCT FROM NEW.budget_amount OR OLD.method IS DISTINCT FROM NEW.method
        OR OLD.jurisdiction_code IS DISTINCT FROM NEW.jurisdiction_code)
    EXECUTE FUNCTION dashboard_projects();

CREATE FUNCTION dashboard_plans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE dashboard_plans SET plans = plans - 1
            WHERE day = (OLD.created_at + 28800) / 86400 AND jurisdiction_code = OLD.jurisdiction_code
                AND method = OLD.method;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO dashboard_plans AS d (day, jurisdiction_code, method, plans)
            VALUES ((NEW.created_at + 28800) / 86400, NEW.jurisdiction_code, NEW.method, 1)
            ON CONFLICT (day, jurisdiction_code, method) DO UPDATE SET plans = d.plans + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER dashboard_plans_insert_delete AFTER INSERT OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION dashboard_plans();
CREATE TRIGGER dashboard_plans_update AFTER UPDATE OF created_at, jurisdiction_code, method ON plans
    FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.jurisdiction_code IS DISTINCT FROM NEW.jurisdiction_code OR OLD.method IS DISTINCT FROM NEW.method)
    EXECUTE FUNCTION dashboard_plans();

CREATE FUNCTION dashboard_findings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE dashboard_findings SET findings = findings - 1
            WHERE day = (OLD.created_at + 28800) / 86400 AND jurisdiction_code = OLD.jurisdiction_code
                AND stage = OLD.stage AND severity = OLD.severity;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO dashboard_findings AS d (day, jurisdiction_code, stage, severity, findings)
            VALUES ((NEW.created_at + 28800) / 86400, NEW.jurisdiction_code, NEW.stage, NEW.severity, 1)
            ON CONFLICT (day, jurisdiction_code, stage, severity) DO UPDATE SET findings = d.findings + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER dashboard_findings_insert_delete AFTER INSERT OR DELETE ON findings
    FOR EACH ROW EXECUTE FUNCTION dashboard_findings();
CREATE TRIGGER dashboard_findings_update AFTER UPDATE OF created_at, jurisdiction_code, stage, severity ON findings
    FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.jurisdiction_code IS DISTINCT FROM NEW.jurisdiction_code
        OR OLD.stage IS DISTINCT FROM NEW.stage OR OLD.severity IS DISTINCT FROM NEW.severity)
    EXECUTE FUNCTION dashboard_findings();

-- The filters the rollups cannot answer (category, agency) read the base tables: indexes that
-- cover those queries (server/src/dashboard.rs `contracts_grouped`, `plans_base`).
CREATE INDEX projects_category_contract ON projects
    (category_code, contract_signed_at, jurisdiction_code, method, budget_amount, contract_amount);
CREATE INDEX projects_agency_contract ON projects
    (agency_id, contract_signed_at, jurisdiction_code, method, budget_amount, contract_amount);
CREATE INDEX plans_category ON plans (category_code, created_at, jurisdiction_code, method);
