-- PostgreSQL indexes project names by their characters and character pairs (0024 there: a column
-- computed from the name, with a GIN index); SQLite searches names with LIKE over the rows. The
-- column exists here too, empty, so that both schemas have the same columns.
ALTER TABLE projects ADD COLUMN name_grams TEXT;
