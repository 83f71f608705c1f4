-- Search of project names by any part of one character or more (issue 18 point 3): a GIN index of
-- each name's characters and character pairs. A one- or two-character text (教, 教育: the common
-- case in Chinese) is found by the index alone; a longer one by its pairs, then LIKE. A trigram
-- index (pg_trgm) finds nothing shorter than three characters.

-- The distinct characters and character pairs of a text.
CREATE FUNCTION yw_grams(t TEXT) RETURNS TEXT[]
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT DISTINCT substr(t, i, n)
        FROM generate_series(1, char_length(t)) AS i, (VALUES (1), (2)) AS v(n)
        WHERE i + n - 1 <= char_length(t)
    )
$$;

-- What a name must contain to contain the text q: q itself when it is one character, else its
-- pairs.
CREATE FUNCTION yw_query_grams(q TEXT) RETURNS TEXT[]
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN char_length(q) <= 1 THEN ARRAY[q]
        ELSE ARRAY(SELECT DISTINCT substr(q, i, 2) FROM generate_series(1, char_length(q) - 1) AS i)
    END
$$;

-- Kept with the row (computed once per write; the index's recheck and the planner's statistics
-- read the column, not the function).
ALTER TABLE projects ADD COLUMN name_grams TEXT[] GENERATED ALWAYS AS (yw_grams(name)) STORED;
CREATE INDEX projects_name_grams ON projects USING GIN (name_grams);
