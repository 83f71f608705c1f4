-- Facts of a project the dashboard sums and filters on, kept up to date by every step
-- (server/src/projects.rs `finish`) from the project's record. Keep in step with the other
-- backend's 0009_project_facts.sql.
ALTER TABLE projects ADD COLUMN category_code TEXT;
ALTER TABLE projects ADD COLUMN contract_amount BIGINT;     -- fen, the signed contract
ALTER TABLE projects ADD COLUMN contract_signed_at BIGINT;  -- Unix seconds, UTC
CREATE INDEX projects_contract ON projects (contract_signed_at);
