-- The audit trail as a hash chain (tamper evidence). Keep in step with the other backend's
-- 0007_audit_chain.sql. Each record carries its place in the chain (chain_seq), the hash of the
-- record before it (prev_hash) and its own hash over a canonical encoding (server/src/audit.rs,
-- docs/audit.md). audit_head holds the last place and hash; every append updates it first, so
-- appends are serialised and the chain stays linear. Records from before this migration have no
-- chain fields and are reported as such by `yiwang audit verify`.
ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_chain_seq ON audit_log (chain_seq);

CREATE TABLE audit_head (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    seq       BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
