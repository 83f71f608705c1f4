-- The qualification review of the bids after the opening (资格审查, 财政部令第87号 Art 44): the
-- purchaser or its agency records for each bid in force whether it passed and, if not, why — the
-- reason the bidder is told (Art 69). A bid that failed is no longer in force for the evaluation;
-- its security is still refunded. Recorded once, before the panel scores.
CREATE TABLE bid_reviews (
    bid_id      BIGINT PRIMARY KEY REFERENCES bids (id),
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    qualified   BIGINT NOT NULL CHECK (qualified IN (0, 1)),
    reason      TEXT,
    reviewed_at BIGINT NOT NULL,
    reviewed_by BIGINT NOT NULL REFERENCES users (id)
);
CREATE INDEX bid_reviews_project ON bid_reviews (project_id);
