-- Accounts for real users (issue 17): contact data and its verification, password age and the
-- forced change after a reset, disabling, and the binding of a supplier account to its legal
-- entity. Keep in step with the other backend's file.

-- The account's own mobile and e-mail (for one-time codes and notices), when each was verified
-- by a code, when the password was last set, whether it must be changed at the next sign-in
-- (a temporary password), and when the account was disabled (NULL: active).
ALTER TABLE users ADD COLUMN mobile TEXT;
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN mobile_verified_at BIGINT;
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
-- A supplier account bound to its legal entity (by the entity verifier, or created by an
-- account that was): only a bound account signs bids where a verifier is configured.
ALTER TABLE users ADD COLUMN bound_at BIGINT;
-- The second factor (TOTP, RFC 6238): the shared secret in base32 once confirmed, a secret
-- being set up, when it was enabled, and the last step used (each code once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at BIGINT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
UPDATE users SET password_changed_at = created_at;
-- Supplier accounts made before this migration were made by operators (or the demo), who vouch
-- for them: bound, and their suppliers verified.
UPDATE users SET bound_at = created_at WHERE role = 'supplier';

-- The legal entity behind a supplier was verified (电子营业执照 / CA through the verifier), when
-- and by which account; a verified supplier cannot be claimed again.
ALTER TABLE suppliers ADD COLUMN verified_at BIGINT;
ALTER TABLE suppliers ADD COLUMN verified_user_id BIGINT;
UPDATE suppliers SET verified_at = registered_at
 WHERE id IN (SELECT supplier_id FROM users WHERE role = 'supplier' AND supplier_id IS NOT NULL);

-- One-time codes sent to an account's mobile or e-mail: only the code's SHA-256 (salted with
-- the account and channel) is kept; one live code per account and channel.
CREATE TABLE contact_codes (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('mobile', 'email')),
    destination TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    sent_at     BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, channel)
);

-- A sign-in whose password was right and whose second factor is awaited (five minutes): only
-- the SHA-256 of the cookie's token is kept, as for sessions.
CREATE TABLE login_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    attempts   BIGINT NOT NULL DEFAULT 0
);

-- Expert enrolment (专家入库): the library's state of each expert (applied, active, suspended,
-- dismissed; the demo's and earlier experts are active), the title, the ID number sealed with
-- the data key and its masked form, the declared relations with suppliers, and the keeper's
-- last decision with its reason and legal basis.
ALTER TABLE experts ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE experts ADD COLUMN title TEXT;
ALTER TABLE experts ADD COLUMN id_number_sealed TEXT;
ALTER TABLE experts ADD COLUMN id_number_masked TEXT;
ALTER TABLE experts ADD COLUMN relations_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE experts ADD COLUMN decided_by BIGINT;
ALTER TABLE experts ADD COLUMN decided_at BIGINT;
ALTER TABLE experts ADD COLUMN decision_reason TEXT;
ALTER TABLE experts ADD COLUMN decision_basis TEXT;
CREATE INDEX experts_status ON experts (status);

-- The days an expert cannot serve (it marks them itself): the draw passes over it on them.
CREATE TABLE expert_unavailable (
    expert_id BIGINT NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    day       TEXT NOT NULL,
    PRIMARY KEY (expert_id, day)
);

-- Settings a database keeps for itself (e.g. the development verifier's random key).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
