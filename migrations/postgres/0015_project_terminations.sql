-- 废标 / 终止 (issue 15 point 9): a project's procurement failed or ended, on a ground of
-- 政府采购法 第36条 (shared::execution::FailureGround) with the reason told to every bidder and
-- published with the termination notice. One per project. Keep in step with the other backend's
-- file.
CREATE TABLE project_terminations (
    project_id    BIGINT PRIMARY KEY REFERENCES projects (id),
    ground        TEXT NOT NULL
        CHECK (ground IN ('too_few_suppliers', 'violation', 'over_budget', 'cancelled')),
    reason        TEXT NOT NULL,
    terminated_at BIGINT NOT NULL,
    terminated_by BIGINT NOT NULL REFERENCES users (id)
);
