-- arkivsvep state file (--state), schema version 1.
--
-- One row per top-level file scanned: enough to tell next time whether the
-- file changed (size, mtime, sha256), whether the rules changed (rules), and
-- the report-v1 rows it produced (an archive produces several), so an
-- unchanged file is reported again without being read. Rows are the masked
-- report rows, one JSON object per line: no raw text is ever stored.
--
-- Written by one thread only (the scan's writer), in batched transactions,
-- in WAL mode so a SIGKILL never leaves a half-written batch.

CREATE TABLE files (
    root     TEXT    NOT NULL,  -- '' for a single root, else the root as given
    path     TEXT    NOT NULL,  -- root-relative, '/'-separated, as report-v1 `path`
    size     INTEGER NOT NULL,  -- bytes
    mtime_ns INTEGER NOT NULL,  -- modification time, ns since the epoch
    sha256   TEXT    NOT NULL,  -- lower-case hex of the file's bytes
    rules    TEXT    NOT NULL,  -- Analyzer::fingerprint the rows were made with
    rows     TEXT    NOT NULL,  -- report-v1 rows, one JSON object per line
    PRIMARY KEY (root, path)
) WITHOUT ROWID;

PRAGMA user_version = 1;
