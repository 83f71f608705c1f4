-- Thresholds kept by the bureau (issue 16 point 3): dated values (采购限额标准, 公开招标数额标准, …)
-- entered by the regulator of the level that issues them, over the built-in table. A row is a
-- new version (from its effective date on) or a correction of another row (`corrects`, with
-- the reason): rows are never changed or deleted. `override_json` is a
-- shared::thresholds::Override (parameter, scope, dates, value, confidence), checked before it
-- is stored. Keep in step with the other backend's file.
CREATE TABLE threshold_values (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    override_json TEXT NOT NULL,
    -- the document that sets the value (文号)
    source      TEXT NOT NULL,
    -- the issuing jurisdiction (GB/T 2260)
    issuer_code TEXT NOT NULL,
    corrects    BIGINT REFERENCES threshold_values (id),
    reason      TEXT,
    -- the account's login name, or 'cli'
    entered_by  TEXT NOT NULL,
    entered_at  BIGINT NOT NULL
);
-- An entry is corrected once (a later mistake is corrected on the correction).
CREATE UNIQUE INDEX threshold_values_corrects ON threshold_values (corrects);
