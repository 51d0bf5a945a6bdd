//! Hostile input, made in temporary directories (git cannot hold most of
//! it): a sweep must give every file a row and go on — no crash, no hang, no
//! exhausted memory — and print nothing a file name could use to drive the
//! terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn scan(root: &Path, extra: &[&str]) -> (Vec<Value>, Output) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_arkivsvep"));
    cmd.arg("scan")
        .arg(root)
        .args(["--jsonl", "-", "--no-progress"])
        .args(extra);
    let out = cmd.output().expect("binary runs");
    let rows = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect();
    (rows, out)
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in members {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn huge_sparse_file_is_skipped_unread() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("huge.bin")).unwrap();
    f.set_len(2 << 30).unwrap(); // 2 GiB, sparse: costs no disk
    let (rows, out) = scan(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status"], "skipped");
    assert!(rows[0]["sha256"].is_null());
    assert!(rows[0]["error"].as_str().unwrap().contains("size limit"));
}

#[test]
fn nested_archives_stop_at_the_depth_limit() {
    // 42.zip in miniature: each level a ZIP holding the one below.
    let mut level = zip_of(&[("leaf.txt", b"Personnummer 19121212-1212")]);
    for i in 0..8 {
        let name = format!("level{i}.zip");
        level = zip_of(&[(name.as_str(), &level)]);
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bomb.zip", &level);
    let (rows, _) = scan(dir.path(), &[]);
    assert!(rows.len() <= 6, "{} rows", rows.len());
    assert!(rows.iter().any(
        |r| r["status"] == "skipped" && r["error"].as_str().unwrap().contains("nested deeper")
    ));
}

#[test]
fn zip_bomb_member_is_refused() {
    let zeros = vec![0u8; 64 << 20];
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bomb.zip", &zip_of(&[("zeros.txt", &zeros)]));
    let (rows, _) = scan(dir.path(), &[]);
    let member = rows
        .iter()
        .find(|r| r["path"] == "zeros.txt")
        .expect("member row");
    assert_ne!(member["status"], "ok");
}

#[test]
fn billion_laughs_in_a_docx_is_harmless() {
    let mut entities = String::from("<!DOCTYPE w [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        let prev = format!("&l{};", i - 1).repeat(10);
        entities.push_str(&format!("<!ENTITY l{i} \"{prev}\">"));
    }
    entities.push(']');
    entities.push('>');
    let doc = format!(
        "<?xml version=\"1.0\"?>{entities}<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&l9; Anna Karlsson</w:t></w:r></w:p></w:body></w:document>"
    );
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", doc.as_bytes()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "laughs.docx", &docx);
    let (rows, _) = scan(dir.path(), &[]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["format"], "docx");
    assert!(serde_json::to_string(&rows[0]).unwrap().len() < 100_000);
}

#[test]
fn pdf_with_cycles_and_a_flate_bomb_gives_a_row() {
    use flate2::{Compression, write::ZlibEncoder};
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::fast());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..400 {
        enc.write_all(&chunk).unwrap(); // 400 MiB of spaces in a content stream
    }
    let bomb = enc.finish().unwrap();
    let mut pdf = Vec::new();
    pdf.extend_from_slice(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    // The page tree lists itself as its own kid: a cycle.
    pdf.extend_from_slice(b"2 0 obj << /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >> endobj\n");
    pdf.extend_from_slice(b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n");
    pdf.extend_from_slice(
        format!(
            "4 0 obj << /Length {} /Filter /FlateDecode >> stream\n",
            bomb.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&bomb);
    pdf.extend_from_slice(b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bomb.pdf", &pdf);
    let (rows, out) = scan(dir.path(), &["--timeout", "20"]);
    assert_eq!(rows.len(), 1, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(rows[0]["format"], "pdf");
}

/// A content stream of a million nested arrays once overflowed the
/// extraction thread's stack, which aborts the whole process (found by
/// fuzzing): the reader must not recurse per level.
#[test]
fn pdf_with_a_million_nested_arrays_gives_its_text() {
    let n = 1_000_000;
    let mut content = b"BT /F1 12 Tf ".to_vec();
    content.extend_from_slice(&b"[".repeat(n));
    content.extend_from_slice(&b"]".repeat(n));
    content.extend_from_slice(b" TJ 72 700 Td (Personnummer 19121212-1212) Tj ET");
    let mut pdf = Vec::new();
    pdf.extend_from_slice(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    pdf.extend_from_slice(b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    pdf.extend_from_slice(b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R ");
    pdf.extend_from_slice(b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >> endobj\n");
    pdf.extend_from_slice(format!("4 0 obj << /Length {} >> stream\n", content.len()).as_bytes());
    pdf.extend_from_slice(&content);
    pdf.extend_from_slice(b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deep.pdf", &pdf);
    write(dir.path(), "next.txt", "Nästa fil i svepet.".as_bytes());
    let (rows, out) = scan(dir.path(), &["--timeout", "20"]);
    assert!(out.status.code().is_some(), "killed by a signal: {out:?}");
    assert_eq!(rows.len(), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let pdf_row = rows.iter().find(|r| r["path"] == "deep.pdf").unwrap();
    assert_eq!(pdf_row["status"], "ok", "{pdf_row}");
    // The text after the deep array was read.
    assert_eq!(pdf_row["personal_data"][0], "personnummer", "{pdf_row}");
}

/// Nesting a million deep in every markup the scanner reads: a reader that
/// recursed per level would overflow its stack and abort the sweep (see
/// the PDF case above). Each file gets its row and the scan exits normally.
#[test]
fn a_million_nested_levels_in_every_markup_give_rows() {
    let n = 1_000_000;
    let nested = |open: &str, close: &str, inner: &str| {
        let mut v = open.repeat(n);
        v.push_str(inner);
        v.push_str(&close.repeat(n));
        v
    };
    let dir = tempfile::tempdir().unwrap();
    let rtf = format!("{{\\rtf1 {}}}", nested("{", "}", "Anna Karlsson"));
    write(dir.path(), "deep.rtf", rtf.as_bytes());
    let html = format!(
        "<html><body>{}</body></html>",
        nested("<div>", "</div>", "text")
    );
    write(dir.path(), "deep.html", html.as_bytes());
    let body = nested("<w:p>", "</w:p>", "<w:r><w:t>text</w:t></w:r>");
    let doc = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", doc.as_bytes()),
    ]);
    write(dir.path(), "deep.docx", &docx);
    let mut eml = b"Content-Type: text/plain\r\n\r\nhej\r\n".to_vec();
    for i in 0..2000 {
        let b = format!("b{i}");
        let mut outer =
            format!("Content-Type: multipart/mixed; boundary={b}\r\n\r\n--{b}\r\n").into_bytes();
        outer.extend_from_slice(&eml);
        outer.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
        eml = outer;
    }
    let mut mail = b"From: a@example.se\r\nSubject: djup\r\nMIME-Version: 1.0\r\n".to_vec();
    mail.extend_from_slice(&eml);
    write(dir.path(), "deep.eml", &mail);
    let (rows, out) = scan(dir.path(), &["--timeout", "30"]);
    assert!(out.status.code().is_some(), "killed by a signal: {out:?}");
    let mut paths: Vec<&str> = rows.iter().filter_map(|r| r["path"].as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["deep.docx", "deep.eml", "deep.html", "deep.rtf"]);
}

#[test]
fn deep_directories_are_walked() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = dir.path().to_path_buf();
    for i in 0..200 {
        p.push(format!("d{i}"));
    }
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("bottom.txt"), "Kontakt: Anna Karlsson").unwrap();
    let (rows, _) = scan(dir.path(), &[]);
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("d199/bottom.txt")
    );
    assert_eq!(rows[0]["personal_data"], serde_json::json!(["name"]));
}

#[cfg(unix)]
#[test]
fn hostile_file_names_are_exact_in_json_and_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\n\x1b[31mred\u{202e}txt.txt";
    write(dir.path(), name, b"Personnummer 19121212-1212");
    // JSON keeps the exact name.
    let (rows, _) = scan(dir.path(), &[]);
    assert_eq!(rows[0]["path"], name);
    // The terminal summary escapes it.
    let out = Command::new(env!("CARGO_BIN_EXE_arkivsvep"))
        .arg("scan")
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\x1b') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(
        text.contains("evil\\u{a}\\u{1b}[31mred\\u{202e}txt.txt"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn invalid_utf8_names_are_written_with_hex_escapes() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.path().join(name), "hej").unwrap();
    let (rows, _) = scan(dir.path(), &[]);
    assert_eq!(rows[0]["path"], "caf\\xE9.txt");
}
