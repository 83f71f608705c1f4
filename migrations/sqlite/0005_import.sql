-- OCDS import (`yiwang import`, sqlite flavour): runs with their checkpoints, what they skipped,
-- the releases already merged and the compiled release of each imported process. Keep in step
-- with ../postgres/0005_import.sql: the same tables and columns (a test compares both). Times in
-- Unix seconds UTC.

-- One file imported under one source. A run is known by its source, size and hash (SHA-256 of
-- the size and the first MiB): running the same file again continues after the last committed
-- batch (`position`: the byte offset for line-delimited input, else the number of releases).
CREATE TABLE import_runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    file_size    BIGINT NOT NULL,
    file_hash    TEXT NOT NULL,
    format       TEXT NOT NULL,                  -- lines | package
    position     BIGINT NOT NULL,                -- committed up to here
    line_no      BIGINT NOT NULL,                -- lines (or releases) committed
    releases     BIGINT NOT NULL,                -- releases merged
    skipped      BIGINT NOT NULL,
    started_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    UNIQUE (source, file_hash, file_size)
);

-- What a run skipped and why (written with the batch that skipped it).
CREATE TABLE import_skips (
    run_id   BIGINT NOT NULL REFERENCES import_runs (id),
    line_no  BIGINT NOT NULL,                    -- line (or release number in a package)
    ocid     TEXT,
    code     TEXT NOT NULL,                      -- invalid_json, missing_ocid, unmappable_method, …
    message  TEXT NOT NULL
);
CREATE INDEX import_skips_run ON import_skips (run_id, line_no);

-- Releases merged so far, by source, ocid and release id: a release is merged once.
CREATE TABLE import_releases (
    source     TEXT NOT NULL,
    ocid       TEXT NOT NULL,
    release_id TEXT NOT NULL,
    run_id     BIGINT NOT NULL REFERENCES import_runs (id),
    PRIMARY KEY (source, ocid, release_id)
);

-- The compiled release of each imported process (the next release merges into it), also while
-- it cannot be a project yet (e.g. a planning release without a method).
CREATE TABLE import_compiled (
    source        TEXT NOT NULL,
    ocid          TEXT NOT NULL,
    compiled_json TEXT NOT NULL,
    project_id    BIGINT REFERENCES ingest_projects (id),
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (source, ocid)
);
