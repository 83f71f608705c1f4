-- A private agency's list registration (代理机构名录登记, 财库〔2018〕2号), as the provincial list
-- publishes it: complete data opens its permissions to publish notices and to draw experts. One
-- row per agency, replaced when the data changes (the audit trail keeps every version).
CREATE TABLE agency_listings (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    legal_rep       TEXT NOT NULL,
    address         TEXT NOT NULL,
    phone           TEXT NOT NULL,
    full_time_staff BIGINT NOT NULL,
    listed_on       TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    updated_by      BIGINT
);
