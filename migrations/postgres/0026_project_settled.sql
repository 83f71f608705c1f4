-- Whether a project can put nothing on anyone's desk any more (shared::desk::settled: ended or
-- every lot's contract accepted and paid in full, nothing unanswered, no security held). Every
-- step records it anew; the desk reads only the projects not settled. 0 for the projects stored
-- before it (read, as before, until their next step).
ALTER TABLE projects ADD COLUMN settled BIGINT NOT NULL DEFAULT 0 CHECK (settled IN (0, 1));
CREATE INDEX projects_unit_open ON projects (unit_id, id) WHERE settled = 0;
CREATE INDEX projects_agency_open ON projects (agency_id, id) WHERE settled = 0;
