//! Archives: a ZIP is a container, not a document. Each member is handed back
//! as bytes in memory (never written to disk) to be sniffed and scanned as a
//! document of its own, with limits a hostile archive cannot beat: member
//! count, per-member and total expanded size, compression ratio, and
//! encrypted members reported rather than guessed at.
//!
//! The hostile shapes this guards against, and how:
//! - Overlapping entries (Fifield's "better zip bomb": thousands of directory
//!   entries sharing one compressed kernel) are refused as a whole before any
//!   member is inflated; the total-bytes cap backs this up, counting bytes
//!   actually read, not declared.
//! - A member whose declared size lies is read only up to that size (+1 byte
//!   to notice), and never past `max_expand_bytes`.
//! - Recursive archives (42.zip) are the caller's to stop: a member that is
//!   itself a ZIP is scanned at depth + 1 and `Limits::max_depth` ends it.
//! - Encrypted members are `Encrypted`, decided from the entry's flags
//!   without trying to decrypt (so AES entries are caught as well).
//! - Names like `../../etc/passwd` are reported as written; nothing is ever
//!   written to disk, so they cannot escape anywhere.

use std::io::{Cursor, Read};

use super::{Budget, ExtractError, Limits};

/// One member of an archive, read or not.
pub struct Member {
    /// The member's path inside the archive, as written there.
    pub name: String,
    /// Its declared uncompressed size.
    pub size: u64,
    pub bytes: Result<Vec<u8>, ExtractError>,
}

/// Read the archive's directory and hand each file member to `visit`, in the
/// order they are stored. Fails as a whole only when the directory itself
/// cannot be read.
pub fn for_each_member(
    bytes: &[u8],
    limits: &Limits,
    budget: &Budget,
    mut visit: impl FnMut(Member),
) -> Result<(), ExtractError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ExtractError::corrupt("zip", e))?;
    if zip.len() > limits.max_members {
        return Err(ExtractError::Limit(format!(
            "{} members, more than the limit of {}",
            zip.len(),
            limits.max_members
        )));
    }
    if has_overlapping_members(&mut zip) {
        return Err(ExtractError::Limit(
            "members share compressed data (overlapping-entry zip bomb)".into(),
        ));
    }
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        budget.check()?;
        let (name, size, bytes) = read_member(&mut zip, index, limits, &mut total);
        let Some(name) = name else { continue };
        visit(Member { name, size, bytes });
    }
    Ok(())
}

/// Whether two members' compressed data overlap, or a member's data runs
/// into the central directory. Archives whose local headers cannot even be
/// found are left to fail member by member.
pub fn has_overlapping_members<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> bool {
    zip.has_overlapping_files().unwrap_or(false)
}

type Read3 = (Option<String>, u64, Result<Vec<u8>, ExtractError>);

/// Read one member; `None` as name for directories.
fn read_member(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limits: &Limits,
    total: &mut u64,
) -> Read3 {
    let listed_name = zip
        .name_for_index(index)
        .and_then(|n| n.ok().map(|n| n.into_owned()))
        .unwrap_or_else(|| format!("#{index}"));
    // Look at the entry's flags before asking for its data, so an encrypted
    // member (ZipCrypto or AES) is never handed to a decryptor.
    if zip.by_index_raw(index).is_ok_and(|f| f.encrypted()) {
        let err = ExtractError::Encrypted("password-protected member".into());
        return (Some(listed_name), 0, Err(err));
    }
    let file = match zip.by_index(index) {
        Ok(f) => f,
        Err(zip::result::ZipError::UnsupportedArchive(msg)) if msg.contains("assword") => {
            let err = ExtractError::Encrypted("password-protected member".into());
            return (Some(listed_name), 0, Err(err));
        }
        Err(e) => return (Some(listed_name), 0, Err(ExtractError::corrupt("zip", e))),
    };
    if file.is_dir() {
        return (None, 0, Ok(Vec::new()));
    }
    let name = match file.name() {
        Ok(n) => n.into_owned(),
        Err(_) => String::from_utf8_lossy(file.name_raw()).into_owned(),
    };
    let size = file.size();
    if file.encrypted() {
        return (
            Some(name),
            size,
            Err(ExtractError::Encrypted("password-protected member".into())),
        );
    }
    let compressed = file.compressed_size().max(1);
    if size > limits.max_expand_bytes {
        return (
            Some(name),
            size,
            Err(too_big(size, limits.max_expand_bytes)),
        );
    }
    if size / compressed > limits.max_ratio && size > 1 << 20 {
        return (
            Some(name),
            size,
            Err(ExtractError::Limit(format!(
                "compression ratio {}:1 looks like a zip bomb",
                size / compressed
            ))),
        );
    }
    if *total + size > limits.max_archive_total {
        return (
            Some(name),
            size,
            Err(ExtractError::Limit(
                "archive expands past its total size limit".into(),
            )),
        );
    }
    // Declared sizes can lie: never read more than the member claims (plus
    // one byte to notice the lie) and never more than the limit.
    let cap = size.min(limits.max_expand_bytes);
    let mut out = Vec::with_capacity(cap.min(64 << 20) as usize);
    let read = file.take(cap + 1).read_to_end(&mut out);
    *total += out.len() as u64;
    let bytes = match read {
        Err(e) => Err(ExtractError::corrupt("zip", format!("member data: {e}"))),
        Ok(_) if out.len() as u64 > cap => Err(ExtractError::Limit(
            "member expands past its declared size".into(),
        )),
        Ok(_) => Ok(out),
    };
    (Some(name), size, bytes)
}

fn too_big(size: u64, limit: u64) -> ExtractError {
    ExtractError::Limit(format!(
        "member expands to {} MiB, more than the limit of {} MiB",
        size >> 20,
        limit >> 20
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn build(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            for (name, data) in members {
                let opts = zip::write::SimpleFileOptions::default();
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    fn names(bytes: &[u8], limits: &Limits) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for_each_member(bytes, limits, &Budget::new(limits), |m| {
            out.push((m.name, m.bytes.is_ok()))
        })
        .unwrap();
        out
    }

    #[test]
    fn lists_members_with_their_bytes() {
        let z = build(&[("a.txt", b"hej"), ("dir/b.txt", b"hopp")]);
        assert_eq!(
            names(&z, &Limits::default()),
            vec![("a.txt".into(), true), ("dir/b.txt".into(), true)]
        );
    }

    #[test]
    fn highly_compressed_member_is_refused() {
        let zeros = vec![0u8; 4 << 20];
        let z = build(&[("bomb.txt", &zeros)]);
        assert_eq!(
            names(&z, &Limits::default()),
            vec![("bomb.txt".into(), false)]
        );
    }

    use crate::extract::testutil::{hand_made, hand_made_flagged};

    #[test]
    fn hand_made_zip_is_read() {
        let z = hand_made(b"hej hopp", &["a.txt"]);
        assert_eq!(names(&z, &Limits::default()), vec![("a.txt".into(), true)]);
    }

    #[test]
    fn overlapping_entries_are_refused_before_any_member_is_read() {
        let z = hand_made(b"kernel that every entry shares", &["a", "b", "c", "d"]);
        let limits = Limits::default();
        let mut visited = 0;
        let err =
            for_each_member(&z, &limits, &Budget::new(&limits), |_| visited += 1).unwrap_err();
        assert!(matches!(err, ExtractError::Limit(_)), "{err}");
        assert_eq!(visited, 0);
    }

    #[test]
    fn encrypted_member_is_reported_as_encrypted() {
        // ZipCrypto-flagged entry (12-byte encryption header + data).
        let z = hand_made_flagged(
            b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0cciphertext",
            &["hemlig.docx"],
            1,
        );
        let limits = Limits::default();
        let mut seen = Vec::new();
        for_each_member(&z, &limits, &Budget::new(&limits), |m| {
            seen.push((m.name, m.bytes))
        })
        .unwrap();
        assert_eq!(seen.len(), 1);
        assert!(
            matches!(seen[0].1, Err(ExtractError::Encrypted(_))),
            "{:?}",
            seen[0].1
        );
        assert_eq!(seen[0].0, "hemlig.docx");
    }

    #[test]
    fn traversal_names_are_reported_as_written() {
        let z = build(&[("../../etc/passwd", b"root"), ("/abs/path.txt", b"x")]);
        assert_eq!(
            names(&z, &Limits::default()),
            vec![
                ("../../etc/passwd".into(), true),
                ("/abs/path.txt".into(), true)
            ]
        );
    }

    #[test]
    fn member_count_and_total_size_limits_hold() {
        let z = build(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
        let few = Limits {
            max_members: 2,
            ..Limits::default()
        };
        assert!(for_each_member(&z, &few, &Budget::new(&few), |_| {}).is_err());
        let z = build(&[("a", &[1u8; 600]), ("b", &[2u8; 600])]);
        let small = Limits {
            max_archive_total: 1000,
            ..Limits::default()
        };
        assert_eq!(
            names(&z, &small),
            vec![("a".into(), true), ("b".into(), false)]
        );
    }

    #[test]
    fn a_member_larger_than_declared_is_cut_and_refused() {
        let mut z = hand_made(b"0123456789abcdef", &["liar.txt"]);
        // Patch the central directory's uncompressed size (offset 24 in the
        // entry) down to 4: the data says otherwise.
        let cd = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        z[cd + 24..cd + 28].copy_from_slice(&4u32.to_le_bytes());
        assert_eq!(
            names(&z, &Limits::default()),
            vec![("liar.txt".into(), false)]
        );
    }

    #[test]
    fn truncated_archive_is_an_error() {
        let z = build(&[("a.txt", b"hej")]);
        let cut = &z[..z.len() / 2];
        let limits = Limits::default();
        assert!(for_each_member(cut, &limits, &Budget::new(&limits), |_| {}).is_err());
    }
}
