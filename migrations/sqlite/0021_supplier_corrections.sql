-- Staff review of a supplier's profile is after-the-fact data quality (财库〔2019〕38号): a
-- regulator may ask the supplier to correct its data, with a note; the request blocks nothing.
-- The supplier's next change of its profile answers the open requests.
CREATE TABLE supplier_corrections (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    supplier_id  BIGINT NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    requested_by BIGINT NOT NULL REFERENCES users (id),
    requested_at BIGINT NOT NULL,
    note         TEXT NOT NULL,
    resolved_at  BIGINT
);
CREATE INDEX supplier_corrections_supplier ON supplier_corrections (supplier_id, resolved_at);
ALTER TABLE suppliers ADD COLUMN updated_at BIGINT;
