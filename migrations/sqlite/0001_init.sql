-- Yiwang schema, SQLite flavour. Keep in step with ../postgres/0001_init.sql: the same tables,
-- columns and constraints; only the id column type differs (a test compares both).

CREATE TABLE jurisdictions (
    code        TEXT PRIMARY KEY,                 -- GB/T 2260 code
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('city', 'district', 'county_level_city')),
    parent_code TEXT REFERENCES jurisdictions (code)
);

CREATE TABLE organisations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    kind              TEXT NOT NULL CHECK (kind IN ('purchaser', 'procurement_center', 'agency', 'regulator')),
    name              TEXT NOT NULL UNIQUE,
    credit_code       TEXT UNIQUE,
    jurisdiction_code TEXT NOT NULL REFERENCES jurisdictions (code),
    created_at        BIGINT NOT NULL                -- Unix seconds, UTC
);

CREATE TABLE suppliers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    credit_code    TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    legal_rep      TEXT NOT NULL,
    contact_person TEXT NOT NULL,
    phone          TEXT NOT NULL,
    email          TEXT NOT NULL,
    region_code    TEXT NOT NULL REFERENCES jurisdictions (code),
    address        TEXT NOT NULL,
    size           TEXT NOT NULL CHECK (size IN ('large', 'medium', 'small', 'micro')),
    registered_at  BIGINT NOT NULL                   -- Unix seconds, UTC
);
CREATE INDEX suppliers_name ON suppliers (name);

CREATE TABLE supplier_categories (
    supplier_id   BIGINT NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    category_code TEXT NOT NULL,
    PRIMARY KEY (supplier_id, category_code)
);
