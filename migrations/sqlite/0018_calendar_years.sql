-- The holiday calendar as data the bureau loads (issue 16 point 1): one row per year of the State
-- Council's holiday notice, in the shipped per-year format (shared/data/holidays-cn/YYYY.json),
-- checked by shared::calendar::YearData before it is stored. Seeded at start with the shipped
-- years that are missing; `yiwang calendar import` and the administrator's page replace a year
-- (with an audit record). The server installs the rows as its calendar; pages carry the years
-- that differ from the shipped ones to the browser. Keep in step with the other backend's file.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    data_json TEXT NOT NULL,
    -- 'shipped' (seeded from the software) or 'import'
    source TEXT NOT NULL,
    loaded_at BIGINT NOT NULL,
    -- the account's login name, 'cli' for the command line, 'shipped' for the seed
    loaded_by TEXT NOT NULL
);
