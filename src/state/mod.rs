//! The state file behind `--state`: what the last scan saw, so the next one
//! reads only what changed. A nightly sweep of a share where a few hundred
//! of a million files change should cost a crawl and a stat, not a re-read.
//!
//! In: finished files from the scan's writer thread. Out: an in-memory
//! [`Index`] (path → size, mtime, sha256) that workers consult read-only,
//! and [`Reader`]s (one read-only connection per worker) that fetch stored
//! rows. As in Nosey Parker's datastore, only one thread writes
//! ([`Writer`], owned by the scan's writer thread), in batched transactions
//! over WAL, so SIGINT loses nothing finished and SIGKILL corrupts nothing.
//! The schema lives in `schema.sql`; its version is `PRAGMA user_version`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::report::DocumentReport;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = 1;
const SCHEMA: &str = include_str!("schema.sql");

/// Commit at least this often (rows) …
const BATCH_ROWS: usize = 1000;
/// … and at least this often (time).
const BATCH_TIME: Duration = Duration::from_secs(1);

/// What the state knows of one file. Kept small: the index holds one per
/// file of the share (a million files must fit well under 300 MB).
#[derive(Debug)]
pub struct Known {
    pub size: u64,
    pub mtime_ns: i64,
    sha256: [u8; 32],
    /// Made with the rules of this run: only then may its rows be reused.
    pub rules_match: bool,
    /// Met by this run's crawl; what is not met by a complete run has left
    /// the share and is forgotten. Set by the writer thread while workers
    /// read the rest.
    seen: AtomicBool,
}

impl Known {
    /// Whether `hex` (report-v1 `sha256`) is the hash stored for the file.
    pub fn has_sha256(&self, hex: &str) -> bool {
        decode_sha256(hex) == Some(self.sha256)
    }
}

/// 64 hex digits → 32 bytes.
fn decode_sha256(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in hex.chunks(2).enumerate() {
        let digit = |b: u8| (b as char).to_digit(16);
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}

/// Every file in the state, per root, loaded once before the scan starts
/// and then shared read-only by the workers. A sorted list searched by
/// halving rather than a hash map: a map's spare capacity doubled the
/// memory of a million-file index.
#[derive(Debug, Default)]
pub struct Index {
    roots: Vec<Vec<(Box<str>, Known)>>,
}

impl Index {
    /// What the state knows of `rel` under root `root`.
    pub fn get(&self, root: usize, rel: &str) -> Option<&Known> {
        let known = self.roots.get(root)?;
        let i = known.binary_search_by(|(p, _)| (**p).cmp(rel)).ok()?;
        Some(&known[i].1)
    }

    /// Note that this run met `rel` (it is kept at the end of a complete
    /// run). Files the state did not know need no note.
    pub fn mark_seen(&self, root: usize, rel: &str) {
        if let Some(k) = self.get(root, rel) {
            k.seen.store(true, Ordering::Relaxed);
        }
    }

    /// Files known to the state but not met by this run.
    fn unseen(&self) -> impl Iterator<Item = (usize, &str)> {
        self.roots.iter().enumerate().flat_map(|(root, known)| {
            known
                .iter()
                .filter(|(_, k)| !k.seen.load(Ordering::Relaxed))
                .map(move |(rel, _)| (root, &**rel))
        })
    }

    /// Number of files known.
    pub fn len(&self) -> usize {
        self.roots.iter().map(Vec::len).sum()
    }

    /// No file known.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The `root` column value for root `i`: empty for a single root.
fn root_key(labels: &[String], i: usize) -> &str {
    if labels.len() > 1 { &labels[i] } else { "" }
}

/// Open (creating if missing) a state file for writing and check its
/// schema version. A file of another version fails with one line.
pub fn open(path: &Path) -> Result<Connection> {
    create_private(path)
        .with_context(|| format!("cannot create state file '{}'", path.display()))?;
    let conn = Connection::open(path)
        .with_context(|| format!("cannot open state file '{}'", path.display()))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .with_context(|| {
            format!(
                "'{}' is not an arkivsvep state file (not SQLite); give a new --state path",
                path.display()
            )
        })?;
    if version == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            bail!(
                "'{}' is an SQLite file but not an arkivsvep state file; give a new --state path",
                path.display()
            );
        }
        conn.execute_batch(SCHEMA)
            .with_context(|| format!("cannot create state file '{}'", path.display()))?;
    } else if version != SCHEMA_VERSION {
        bail!(
            "state file '{}' has schema version {version}, this arkivsvep reads version {SCHEMA_VERSION}; use a new --state file",
            path.display()
        );
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(Duration::from_secs(10))?;
    Ok(conn)
}

/// The state holds report rows (names, addresses, masked identifiers): like
/// every report file it is created with mode 0600, and SQLite gives its
/// `-wal` and `-shm` files the same mode.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map(drop)
}

/// Open an existing state file read-only (for `diff` and `merge`), checking
/// its version.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open state file '{}'", path.display()))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .with_context(|| format!("'{}' is not an arkivsvep state file", path.display()))?;
    if version != SCHEMA_VERSION {
        bail!(
            "state file '{}' has schema version {version}, this arkivsvep reads version {SCHEMA_VERSION}",
            path.display()
        );
    }
    conn.busy_timeout(Duration::from_secs(10))?;
    Ok(conn)
}

/// Load the index: every file's size, mtime and hash, and whether its rows
/// were made with `rules_hash`.
pub fn load_index(conn: &Connection, labels: &[String], rules_hash: &str) -> Result<Index> {
    let mut roots: Vec<Vec<(Box<str>, Known)>> = (0..labels.len()).map(|_| Vec::new()).collect();
    let by_key: HashMap<&str, usize> = (0..labels.len())
        .map(|i| (root_key(labels, i), i))
        .collect();
    let mut stmt = conn.prepare("SELECT root, path, size, mtime_ns, sha256, rules FROM files")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let root: String = r.get(0)?;
        let Some(&i) = by_key.get(root.as_str()) else {
            continue;
        };
        let rules: String = r.get(5)?;
        let path: String = r.get(1)?;
        let sha: String = r.get(4)?;
        roots[i].push((
            path.into_boxed_str(),
            Known {
                size: r.get::<_, i64>(2)? as u64,
                mtime_ns: r.get(3)?,
                // A damaged hash matches nothing: the file is read again.
                sha256: decode_sha256(&sha).unwrap_or([0; 32]),
                rules_match: rules == rules_hash,
                seen: AtomicBool::new(false),
            },
        ));
    }
    // The table's key order is already byte order; sorting is then one
    // pass, and keeps the search right whatever order SQLite chose.
    for known in &mut roots {
        known.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        known.shrink_to_fit();
    }
    Ok(Index { roots })
}

/// Rows fetched from the state, with the JSON line each was stored as, so
/// the JSON Lines report can copy a line rather than serialise it again
/// (on a rerun over an unchanged tree that copy is most of the work).
pub struct StoredRows {
    pub rows: Vec<DocumentReport>,
    pub lines: Vec<String>,
}

/// Parse stored rows (one JSON object per line).
pub fn parse_rows(text: &str) -> Result<Vec<DocumentReport>> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).context("damaged row in state file"))
        .collect()
}

/// A worker's read-only connection, to fetch stored rows.
pub struct Reader {
    conn: Connection,
    labels: Vec<String>,
}

impl Reader {
    /// Open a read-only connection to the state at `path`.
    pub fn open(path: &Path, labels: Vec<String>) -> Result<Reader> {
        let conn = open_read_only(path)?;
        // Not memory-mapped: a rerun touches every page of the state once,
        // and mapped pages would count as the scan's own resident memory.
        // One read transaction for the reader's life, not one per lookup:
        // each implicit one takes and drops SQLite's file locks (fcntl
        // calls). Its snapshot is the state as the run found it, which is
        // what the lookups want; the writer goes on committing beside it.
        conn.execute_batch("BEGIN")?;
        Ok(Reader { conn, labels })
    }

    /// The rows stored for `rel` under root `root`; `None` when absent or
    /// unreadable (the caller then analyses the file).
    pub fn rows(&self, root: usize, rel: &str) -> Option<StoredRows> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rows FROM files WHERE root = ?1 AND path = ?2")
            .ok()?;
        let text: String = stmt
            .query_row(params![root_key(&self.labels, root), rel], |r| r.get(0))
            .optional()
            .ok()??;
        let lines: Vec<String> = text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let rows = lines
            .iter()
            .map(|l| serde_json::from_str(l))
            .collect::<Result<_, _>>()
            .ok()?;
        Some(StoredRows { rows, lines })
    }
}

/// Read-only connections for the workers. Rayon calls `for_each_init`'s
/// init once per split of the work, which over `par_bridge` can be once per
/// few files; opening SQLite that often would cost more than the lookups,
/// so connections are kept here and lent out, about one per worker.
pub struct ReaderPool {
    path: PathBuf,
    labels: Vec<String>,
    free: std::sync::Mutex<Vec<Reader>>,
}

impl ReaderPool {
    /// A pool over the state file at `path`.
    pub fn new(path: PathBuf, labels: Vec<String>) -> std::sync::Arc<ReaderPool> {
        std::sync::Arc::new(ReaderPool {
            path,
            labels,
            free: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Lend a reader (opened now if none is free); `None` if the state
    /// cannot be opened, and the caller then analyses every file.
    pub fn get(self: &std::sync::Arc<Self>) -> Option<PooledReader> {
        let free = self.free.lock().ok().and_then(|mut f| f.pop());
        let reader = match free {
            Some(r) => r,
            None => Reader::open(&self.path, self.labels.clone()).ok()?,
        };
        Some(PooledReader {
            pool: self.clone(),
            reader: Some(reader),
        })
    }
}

/// A reader on loan from a [`ReaderPool`], given back when dropped.
pub struct PooledReader {
    pool: std::sync::Arc<ReaderPool>,
    reader: Option<Reader>,
}

impl std::ops::Deref for PooledReader {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        self.reader.as_ref().expect("present until drop")
    }
}

impl Drop for PooledReader {
    fn drop(&mut self) {
        if let (Some(r), Ok(mut free)) = (self.reader.take(), self.pool.free.lock()) {
            free.push(r);
        }
    }
}

/// The single writer: stores finished files in batched transactions.
pub struct Writer {
    conn: Connection,
    path: PathBuf,
    labels: Vec<String>,
    rules_hash: String,
    pending: usize,
    last_commit: Instant,
}

impl Writer {
    /// Take over the connection opened by [`open`].
    pub fn new(conn: Connection, path: PathBuf, labels: Vec<String>, rules_hash: String) -> Self {
        Writer {
            conn,
            path,
            labels,
            rules_hash,
            pending: 0,
            last_commit: Instant::now(),
        }
    }

    /// The state file's path, for workers' read-only connections.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn begin(&mut self) -> Result<()> {
        if self.pending == 0 {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        self.pending += 1;
        Ok(())
    }

    /// Store a freshly analysed file and its rows.
    pub fn store(
        &mut self,
        root: usize,
        rel: &str,
        size: u64,
        mtime_ns: i64,
        sha256: &str,
        rows: &[DocumentReport],
    ) -> Result<()> {
        let mut text = String::new();
        for r in rows {
            text.push_str(&serde_json::to_string(r)?);
            text.push('\n');
        }
        self.begin()?;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO files (root, path, size, mtime_ns, sha256, rules, rows)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                root_key(&self.labels, root),
                rel,
                size as i64,
                mtime_ns,
                sha256,
                self.rules_hash,
                text
            ])?;
        Ok(())
    }

    /// A file whose bytes are unchanged but whose size or mtime moved.
    pub fn touch(&mut self, root: usize, rel: &str, size: u64, mtime_ns: i64) -> Result<()> {
        self.begin()?;
        self.conn
            .prepare_cached(
                "UPDATE files SET size = ?3, mtime_ns = ?4 WHERE root = ?1 AND path = ?2",
            )?
            .execute(params![
                root_key(&self.labels, root),
                rel,
                size as i64,
                mtime_ns
            ])?;
        Ok(())
    }

    /// Drop what is stored for a file (it could not be read this time).
    pub fn forget(&mut self, root: usize, rel: &str) -> Result<()> {
        self.begin()?;
        self.conn
            .prepare_cached("DELETE FROM files WHERE root = ?1 AND path = ?2")?
            .execute(params![root_key(&self.labels, root), rel])?;
        Ok(())
    }

    /// Commit when the batch is full or old enough.
    pub fn maybe_commit(&mut self) -> Result<()> {
        if self.pending >= BATCH_ROWS
            || (self.pending > 0 && self.last_commit.elapsed() >= BATCH_TIME)
        {
            self.commit()?;
        }
        Ok(())
    }

    /// Commit the open batch.
    pub fn commit(&mut self) -> Result<()> {
        if self.pending > 0 {
            self.conn.execute_batch("COMMIT")?;
            self.pending = 0;
        }
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Commit the last batch; after a complete run, also forget every file
    /// not seen this time (removed, excluded, or no longer a regular file).
    pub fn finish(mut self, complete: bool, index: &Index) -> Result<()> {
        self.commit()?;
        if complete {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            for (root, rel) in index.unseen() {
                self.conn
                    .prepare_cached("DELETE FROM files WHERE root = ?1 AND path = ?2")?
                    .execute(params![root_key(&self.labels, root), rel])?;
            }
            self.conn.execute_batch("COMMIT")?;
        }
        let _ = self.conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
        Ok(())
    }
}

/// Every stored row of a state file, for `diff`.
pub fn all_rows(path: &Path) -> Result<Vec<DocumentReport>> {
    let conn = open_read_only(path)?;
    let mut stmt = conn.prepare("SELECT rows FROM files")?;
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text: String = r.get(0)?;
        out.extend(parse_rows(&text)?);
    }
    Ok(out)
}

/// Join shard state files into `out` (created fresh): what one run over all
/// shards would have stored.
pub fn merge(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    if out.exists() {
        bail!("'{}' exists; merge writes a new state file", out.display());
    }
    let conn = open(out)?;
    for input in inputs {
        open_read_only(input)?;
        conn.execute(
            "ATTACH DATABASE ?1 AS shard",
            params![input.to_string_lossy()],
        )
        .with_context(|| format!("cannot read state file '{}'", input.display()))?;
        conn.execute_batch(
            "INSERT OR REPLACE INTO main.files SELECT * FROM shard.files; DETACH DATABASE shard;",
        )?;
    }
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    Ok(())
}

/// Whether `path` is an SQLite file (by its magic bytes), for `diff` and
/// `merge`, which take either state files or JSONL reports.
pub fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"SQLite format 3\0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_kept_as_bytes_and_compared_as_hex() {
        let hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let bytes = decode_sha256(hex).unwrap();
        assert_eq!(bytes[0], 0x9f);
        assert_eq!(bytes[31], 0x08);
        assert_eq!(decode_sha256(&hex.to_uppercase()), Some(bytes));
        assert_eq!(decode_sha256(&hex[1..]), None);
        assert_eq!(decode_sha256(&hex.replace('9', "g")), None);
    }

    #[test]
    fn schema_sets_the_version_it_is_checked_against() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let conn = open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        drop(conn);
        conn_version(&path, 9);
        let err = open(&path).unwrap_err().to_string();
        assert!(err.contains("schema version 9"), "{err}");
    }

    fn conn_version(path: &Path, v: i64) {
        let c = Connection::open(path).unwrap();
        c.pragma_update(None, "user_version", v).unwrap();
    }

    #[test]
    fn stored_rows_round_trip_byte_for_byte() {
        let row = r#"{"schema":1,"path":"a.txt","container":null,"format":"txt","bytes":5,"sha256":"00","status":"ok","error":null,"needs_ocr":false,"personal_data":["personnummer"],"special_categories":[],"secrecy":false,"ai":{"generated":false,"disclosure":"none","violation":false,"violations":[],"signals":[]},"record":{"class":"register","diarienummer":["SN 2025/1"],"reasons":["r"],"diarium":"registered"},"findings":[{"rule":"se.personnummer","kind":"personnummer","severity":"high","confidence":"high","where":{"part":"tracked-deletion","page":1,"line":null},"excerpt":"850312-****"}],"reasons":[]}"#;
        let parsed = parse_rows(row).unwrap();
        assert_eq!(serde_json::to_string(&parsed[0]).unwrap(), row);
    }
}
