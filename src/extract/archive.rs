//! Archives: a ZIP is a container, not a document. Each member is handed back
//! as bytes in memory (never written to disk) to be sniffed and scanned as a
//! document of its own, with limits a hostile archive cannot beat: member
//! count, per-member and total expanded size, compression ratio, and
//! encrypted members reported rather than guessed at.

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
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        budget.check()?;
        let (name, size, bytes) = read_member(&mut zip, index, limits, &mut total);
        let Some(name) = name else { continue };
        visit(Member { name, size, bytes });
    }
    Ok(())
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

    #[test]
    fn truncated_archive_is_an_error() {
        let z = build(&[("a.txt", b"hej")]);
        let cut = &z[..z.len() / 2];
        let limits = Limits::default();
        assert!(for_each_member(cut, &limits, &Budget::new(&limits), |_| {}).is_err());
    }
}
