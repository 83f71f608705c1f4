-- PostgreSQL indexes project names by their characters and character pairs (0024 there); SQLite
-- searches names with LIKE over the rows. Nothing changes in the schema: this keeps the two
-- migration histories in step.
SELECT 1;
