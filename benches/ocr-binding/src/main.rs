//! OCR a list of page pictures with Tesseract `swe+eng`, `--psm 3`, in N
//! threads, one of two ways:
//!
//! * `api`: the `tesseract` crate (libtesseract through tesseract-sys and
//!   leptonica-sys), one `TessBaseAPI` per thread, models loaded once per
//!   thread, pictures decoded from memory;
//! * `cli`: one `tesseract stdin stdout -l swe+eng --psm 3 [--dpi N]` child
//!   per picture, bytes on stdin, text on stdout — what `src/ocr` does.
//!
//! Both share the same work queue (threads take the next picture), so the
//! only difference is the way Tesseract is called.
//!
//! usage: ocr-binding api|cli THREADS LIST [OUT_DIR]
//!   LIST: `FILE<TAB>DPI` lines as `examples/ocrimages` prints them
//!   OUT_DIR: write each picture's text to OUT_DIR/<name>.txt
//! Prints `mode threads pictures chars seconds`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use tesseract::{PageSegMode, Tesseract};

const LANGS: &str = "swe+eng";

struct Picture {
    path: PathBuf,
    dpi: Option<u32>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 || !matches!(args[0].as_str(), "api" | "cli") {
        eprintln!("usage: ocr-binding api|cli THREADS LIST [OUT_DIR]");
        std::process::exit(2);
    }
    let mode = args[0].clone();
    let threads: usize = args[1].parse().expect("THREADS is a number");
    let pictures: Vec<Picture> = std::fs::read_to_string(&args[2])
        .expect("cannot read LIST")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (file, dpi) = l.split_once('\t').unwrap_or((l, ""));
            Picture {
                path: PathBuf::from(file),
                dpi: dpi.trim().parse().ok(),
            }
        })
        .collect();
    let out = args.get(3).map(PathBuf::from);
    if let Some(out) = &out {
        std::fs::create_dir_all(out).expect("cannot create OUT_DIR");
    }

    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let chars = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut api = (mode == "api").then(new_api);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(picture) = pictures.get(i) else {
                        break;
                    };
                    let bytes = std::fs::read(&picture.path).expect("cannot read picture");
                    let text = match api.take() {
                        Some(tess) => {
                            let (tess, text) = recognise_api(tess, &bytes, picture.dpi);
                            api = Some(tess);
                            text
                        }
                        None => recognise_cli(&bytes, picture.dpi),
                    };
                    match text {
                        Ok(text) => {
                            chars.fetch_add(text.chars().count(), Ordering::Relaxed);
                            if let Some(out) = &out {
                                write_text(out, &picture.path, &text);
                            }
                        }
                        Err(e) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            eprintln!("{}: {e}", picture.path.display());
                        }
                    }
                }
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{mode} threads={threads} pictures={} failed={} chars={} seconds={secs:.2}",
        pictures.len(),
        failed.load(Ordering::Relaxed),
        chars.load(Ordering::Relaxed)
    );
}

/// One engine per thread: `swe+eng` models loaded once, page segmentation
/// as the program's default (`--psm 3`; the library's default is 6).
fn new_api() -> Tesseract {
    let mut tess = Tesseract::new(None, Some(LANGS)).expect("cannot start Tesseract swe+eng");
    tess.set_page_seg_mode(PageSegMode::PsmAuto);
    tess
}

/// The builder API consumes the handle; an error loses it, so a fresh one
/// is made then (as a scanner would after a failed picture).
fn recognise_api(
    tess: Tesseract,
    bytes: &[u8],
    dpi: Option<u32>,
) -> (Tesseract, Result<String, String>) {
    // `--dpi N` in the program is the variable `user_defined_dpi`; 0 = none.
    let dpi = dpi.unwrap_or(0).to_string();
    let tess = match tess.set_variable("user_defined_dpi", &dpi) {
        Ok(t) => t,
        Err(e) => return (new_api(), Err(format!("set dpi: {e}"))),
    };
    let tess = match tess.set_image_from_mem(bytes) {
        Ok(t) => t,
        Err(e) => return (new_api(), Err(format!("read picture: {e}"))),
    };
    let mut tess = match tess.recognize() {
        Ok(t) => t,
        Err(e) => return (new_api(), Err(format!("recognise: {e}"))),
    };
    let text = tess.get_text().map_err(|e| format!("get text: {e}"));
    (tess, text)
}

/// As `src/ocr/mod.rs`: a child per picture, bytes in on stdin.
fn recognise_cli(bytes: &[u8], dpi: Option<u32>) -> Result<String, String> {
    let mut cmd = Command::new("tesseract");
    cmd.args(["stdin", "stdout", "-l", LANGS, "--psm", "3"]);
    if let Some(dpi) = dpi {
        cmd.args(["--dpi", &dpi.to_string()]);
    }
    let mut child = cmd
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start tesseract: {e}"))?;
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut out = Vec::new();
    std::thread::scope(|s| {
        s.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let _ = stdout.read_to_end(&mut out);
    });
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("tesseract exited with {status}"));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn write_text(out: &Path, picture: &Path, text: &str) {
    let name = picture.file_name().unwrap_or_default().to_string_lossy();
    std::fs::write(out.join(format!("{name}.txt")), text).expect("cannot write text");
}
