//! Writes the page pictures `arkivsvep scan --ocr` would hand to Tesseract,
//! one file per picture, and prints `FILE<TAB>DPI` lines (DPI empty when
//! none is passed). `benches/ocr-speed.sh` times plain `tesseract` on them.
//!
//! usage: ocrimages OUT_DIR PDF...

use std::path::PathBuf;

use arkivsvep::extract::{Budget, Limits, pdf};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let out = PathBuf::from(args.next().expect("usage: ocrimages OUT_DIR PDF..."));
    std::fs::create_dir_all(&out)?;
    for (n, path) in args.enumerate() {
        let bytes = std::fs::read(&path)?;
        let budget = Budget::new(&Limits::default());
        let Ok(extracted) = pdf::extract(&bytes, &budget) else {
            continue;
        };
        let pages = pdf::page_images(&bytes, &budget, &extracted.ocr_pages)?;
        for (page, images) in pages {
            for (i, image) in images.iter().enumerate() {
                let ext = match image.bytes.first() {
                    Some(0xff) => "jpg",
                    Some(b'P') => "pnm",
                    Some(b'I') => "tif",
                    _ => "img",
                };
                let file = out.join(format!("{n:04}-p{page:03}-{i}.{ext}"));
                std::fs::write(&file, &image.bytes)?;
                let dpi = image.dpi.map(|d| d.to_string()).unwrap_or_default();
                println!("{}\t{dpi}", file.display());
            }
        }
    }
    Ok(())
}
