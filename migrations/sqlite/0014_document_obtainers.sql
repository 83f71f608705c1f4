-- Who obtained a project's procurement documents (issue 14 point 1): the data the disclosure
-- rule (shared::disclosure) and the challenge rule read. A supplier that may challenge the
-- documents is one that lawfully obtained them (财政部令第94号 Art 11). Recorded by the steps that
-- hand the documents over: the invitation, the bid (a bidder has them); the notice board will
-- record downloads. via: invitation, bid, download. Keep in step with the other backend's file.
CREATE TABLE document_obtainers (
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    supplier_id BIGINT NOT NULL REFERENCES suppliers (id),
    obtained_at BIGINT NOT NULL,
    via         TEXT NOT NULL CHECK (via IN ('invitation', 'bid', 'download')),
    PRIMARY KEY (project_id, supplier_id)
);
CREATE INDEX document_obtainers_supplier ON document_obtainers (supplier_id);

INSERT INTO document_obtainers (project_id, supplier_id, obtained_at, via)
SELECT project_id, supplier_id, MIN(submitted_at), 'bid' FROM bids GROUP BY project_id, supplier_id;

-- What a challenge is about (shared::disclosure::ChallengeSubject): the documents, the process
-- or the result. Those filed before this column were about the documents or unknown.
ALTER TABLE challenges ADD COLUMN subject TEXT NOT NULL DEFAULT 'documents'
    CHECK (subject IN ('documents', 'process', 'result'));
