-- Lots (分包, issue 15 point 9): the lot a bid is made in — the id of one of the project's
-- `record_json.lots` ('1', '2', …); NULL for a project without lots. A supplier has at most one
-- bid in force per lot (the step's gate, shared::steps::lots_for, under the project's row lock).
-- Keep in step with the other backend's file.
ALTER TABLE bids ADD COLUMN lot_id TEXT;
