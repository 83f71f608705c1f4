-- A plan's procurement in rounds (issue 15 point 9): after a round failed (废标 / 终止,
-- project_terminations) the purchaser starts a new round of the same plan — with the plan's
-- method, or with the method a change request linked to the failed round was approved for.
-- projects.plan_id is no longer unique; (plan_id, round) is. approvals.failed_project_id links a
-- request filed after a failure to the failed round, so the regulator decides seeing it.
-- Keep in step with the other backend's file.
ALTER TABLE projects DROP CONSTRAINT projects_plan_id_key;
ALTER TABLE projects ADD COLUMN round BIGINT NOT NULL DEFAULT 1 CHECK (round >= 1);
CREATE UNIQUE INDEX projects_plan_round ON projects (plan_id, round);
ALTER TABLE approvals ADD COLUMN failed_project_id BIGINT REFERENCES projects (id);
