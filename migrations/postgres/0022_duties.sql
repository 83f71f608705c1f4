-- An account's duty beyond its role (shared::access::Duty): the administrator's share of the
-- platform's administration (三员: 'system', 'security', 'audit'; an administrator without one is
-- the system administrator), or 'unit_admin' for the administrator of a purchaser unit's or an
-- agency's own staff.
ALTER TABLE users ADD COLUMN duty TEXT;
