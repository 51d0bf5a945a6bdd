//! Crawling: roots → [`Candidate`]s, one per directory entry that is not a
//! directory, sent through a bounded channel so memory stays flat however
//! large the share. Read-only by construction: the crawler only lists and
//! stats. Symlinks are reported, not followed, unless asked (`--follow`);
//! FIFOs, sockets and devices are reported and never opened; walk errors
//! (permissions, loops) become rows, not crashes.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crossbeam_channel::Sender;
use globset::GlobSet;
use walkdir::WalkDir;

/// One entry found under a root.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the root it was found under.
    pub root: usize,
    /// The path on disk.
    pub path: PathBuf,
    /// Root-relative, `/`-separated, invalid UTF-8 bytes as `\xNN`.
    pub rel: String,
    pub kind: EntryKind,
    /// Modification time in nanoseconds since the epoch (0 when unknown):
    /// with size, what `--state` compares to skip an unchanged file.
    pub mtime_ns: i64,
}

/// What the entry is, as far as the crawler can tell without opening it.
#[derive(Debug, Clone)]
pub enum EntryKind {
    File {
        size: u64,
    },
    /// FIFO, socket, device: never opened.
    Special(&'static str),
    /// A symlink not followed.
    Symlink,
    /// The walk could not read it (permission denied, symlink loop, …).
    Unreadable(String),
}

/// Crawl settings.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub follow_links: bool,
    pub exclude: Option<GlobSet>,
}

/// Walk every root, sending candidates until done or `stop` is set. Returns
/// the number of excluded entries.
pub fn crawl(
    roots: &[PathBuf],
    options: &CrawlOptions,
    tx: &Sender<Candidate>,
    stop: &AtomicBool,
    discovered_bytes: &Arc<AtomicU64>,
) -> u64 {
    let mut excluded = 0;
    for (root_index, root) in roots.iter().enumerate() {
        // Sorted by name, so a run's order does not depend on the file
        // system (`-j 1` reports come out the same every time, and a rerun
        // looks files up in the state in key order). Whole paths are
        // compared, the same order within one folder, because
        // `sort_by_file_name` re-parses both paths at every comparison and
        // cost a tenth of the walk over small files.
        let walker = WalkDir::new(root)
            .follow_links(options.follow_links)
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
        let mut it = walker.into_iter();
        while let Some(entry) = it.next() {
            if stop.load(Ordering::Relaxed) {
                return excluded;
            }
            let candidate = match entry {
                Ok(entry) => {
                    let rel = relative(root, entry.path());
                    if let Some(ex) = &options.exclude
                        && !rel.is_empty()
                        && (ex.is_match(&rel) || ex.is_match(entry.file_name()))
                    {
                        excluded += 1;
                        if entry.file_type().is_dir() {
                            it.skip_current_dir();
                        }
                        continue;
                    }
                    let ft = entry.file_type();
                    if ft.is_dir() {
                        continue;
                    }
                    let (kind, mtime_ns) = classify_entry(&entry);
                    if let EntryKind::File { size } = kind {
                        discovered_bytes.fetch_add(size, Ordering::Relaxed);
                    }
                    Candidate {
                        root: root_index,
                        path: entry.path().to_path_buf(),
                        rel: if rel.is_empty() { file_name(root) } else { rel },
                        kind,
                        mtime_ns,
                    }
                }
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let why = walk_error(&err);
                    Candidate {
                        root: root_index,
                        rel: relative(root, &path),
                        path,
                        kind: EntryKind::Unreadable(why),
                        mtime_ns: 0,
                    }
                }
            };
            if tx.send(candidate).is_err() {
                return excluded;
            }
        }
    }
    excluded
}

fn classify_entry(entry: &walkdir::DirEntry) -> (EntryKind, i64) {
    let ft = entry.file_type();
    if ft.is_symlink() {
        return (EntryKind::Symlink, 0);
    }
    if ft.is_file() {
        return match entry.metadata() {
            Ok(m) => (EntryKind::File { size: m.len() }, mtime_ns(&m)),
            Err(e) => (EntryKind::Unreadable(format!("cannot stat: {e}")), 0),
        };
    }
    (classify_special(ft), 0)
}

/// Modification time in nanoseconds since the epoch, 0 when unknown.
pub fn mtime_ns(m: &std::fs::Metadata) -> i64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        m.mtime().saturating_mul(1_000_000_000) + m.mtime_nsec()
    }
    #[cfg(not(unix))]
    {
        m.modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i64)
    }
}

fn classify_special(ft: std::fs::FileType) -> EntryKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return EntryKind::Special("fifo");
        }
        if ft.is_socket() {
            return EntryKind::Special("socket");
        }
        if ft.is_block_device() || ft.is_char_device() {
            return EntryKind::Special("device");
        }
    }
    EntryKind::Special("special")
}

fn walk_error(err: &walkdir::Error) -> String {
    if let Some(ancestor) = err.loop_ancestor() {
        return format!("symbolic link loop back to {}", ancestor.display());
    }
    match err.io_error() {
        Some(io) => format!("cannot read: {io}"),
        None => crate::extract::one_line(&err.to_string()),
    }
}

/// Root-relative path with `/` separators; bytes that are not UTF-8 become
/// `\xNN` (report-v1 "Edge rows").
pub fn relative(root: &Path, path: &Path) -> String {
    if let Some(rel) = plain_relative(root, path) {
        return rel.to_owned();
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| escape_os(c.as_os_str())).collect();
    parts.join("/")
}

/// The common case, without splitting the path into components (which
/// cost more than the crawl's own work on a tree of small files): the walk
/// builds each path as `root/a/b`, so when the rest is UTF-8 and has no `.`
/// or empty parts, it already is the relative path.
#[cfg(unix)]
fn plain_relative<'p>(root: &Path, path: &'p Path) -> Option<&'p str> {
    use std::os::unix::ffi::OsStrExt;
    let root = root.as_os_str().as_bytes();
    let rest = path.as_os_str().as_bytes().strip_prefix(root)?;
    let rest = match root.last() {
        Some(b'/') => rest,
        _ => rest.strip_prefix(b"/")?,
    };
    let rest = std::str::from_utf8(rest).ok()?;
    rest.split('/')
        .all(|c| !c.is_empty() && c != "." && c != "..")
        .then_some(rest)
}

#[cfg(not(unix))]
fn plain_relative<'p>(_: &Path, _: &'p Path) -> Option<&'p str> {
    None
}

fn file_name(root: &Path) -> String {
    root.file_name()
        .map(escape_os)
        .unwrap_or_else(|| escape_os(root.as_os_str()))
}

#[cfg(unix)]
fn escape_os(s: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn escape_os(s: &std::ffi::OsStr) -> String {
    s.to_string_lossy().into_owned()
}

/// Why a file could not be read whole.
pub enum ReadError {
    /// Over the size limit: skipped, not an error.
    TooBig(u64),
    /// Not a regular file after all (it changed since the walk).
    NotAFile,
    Io(String),
}

/// Read a whole file, read-only, without updating its access time where the
/// OS allows (O_NOATIME), and without blocking on a FIFO swapped in since the
/// walk (O_NONBLOCK).
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_read_only(path).map_err(|e| ReadError::Io(format!("cannot open: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| ReadError::Io(format!("cannot stat: {e}")))?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooBig(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(target_os = "linux")]
fn open_read_only(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let open = |flags| {
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(flags)
            .open(path)
    };
    // O_NOATIME is refused (EPERM) for files we do not own unless root.
    open(libc::O_NOATIME | libc::O_NONBLOCK).or_else(|_| open(libc::O_NONBLOCK))
}

#[cfg(not(target_os = "linux"))]
fn open_read_only(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// `--shard I/N`: this run scans only the files whose root-relative path
/// hashes to `I` modulo `N`, so `N` machines can split a share without
/// talking to each other. Archive members go with their archive, since they
/// are produced from the archive's candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parse `I/N` with `I` in `0..N`.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("'{s}' is not a shard; use I/N with 0 <= I < N, e.g. --shard 0/3");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether the file at root-relative `rel` belongs to this shard: the
    /// first 8 bytes of SHA-256(rel), big-endian, modulo `N`.
    pub fn contains(&self, rel: &str) -> bool {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(rel.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&d[..8]);
        u64::from_be_bytes(first) % self.count == self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_fast_path_agrees_with_components() {
        let slow = |root: &str, path: &str| {
            let rel = Path::new(path).strip_prefix(root).unwrap();
            let parts: Vec<String> = rel.components().map(|c| escape_os(c.as_os_str())).collect();
            parts.join("/")
        };
        for (root, path) in [
            ("tree", "tree/a/b.txt"),
            ("tree/", "tree/a.txt"),
            ("/", "/srv/a.txt"),
            ("./tree", "./tree/å ä/ö.pdf"),
            ("tree", "tree/a//b.txt"),
            ("tree", "tree/./b.txt"),
            ("tree", "tree/rad\nbryt.txt"),
        ] {
            assert_eq!(
                relative(Path::new(root), Path::new(path)),
                slow(root, path),
                "{path}"
            );
        }
        assert_eq!(
            plain_relative(Path::new("tree"), Path::new("tree/a//b")),
            None
        );
        assert_eq!(
            plain_relative(Path::new("tree"), Path::new("treeish/a")),
            None
        );
    }

    #[test]
    fn shards_parse_and_partition() {
        assert!(Shard::parse("3/3").is_err());
        assert!(Shard::parse("0/0").is_err());
        assert!(Shard::parse("x/2").is_err());
        let shards: Vec<Shard> = (0..3)
            .map(|i| Shard::parse(&format!("{i}/3")).unwrap())
            .collect();
        for n in 0..300 {
            let rel = format!("mapp/{n}.pdf");
            let owners = shards.iter().filter(|s| s.contains(&rel)).count();
            assert_eq!(owners, 1, "{rel} belongs to exactly one shard");
        }
        // Stable across builds: the first 8 bytes of SHA-256("a"), big-endian,
        // are 0xca978112ca1bbdca; that value mod 3 is 1.
        assert!(Shard::parse("1/3").unwrap().contains("a"));
    }
}
