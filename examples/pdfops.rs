//! Debug aid: prints the decoded content stream of one page of a PDF.
//!
//! usage: cargo run --example pdfops -- FILE.pdf PAGE
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(page)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pdfops FILE.pdf PAGE");
        std::process::exit(2);
    };
    let doc = match lopdf::Document::load(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let page: u32 = page.parse().unwrap_or(1);
    let Some(id) = doc.get_pages().get(&page).copied() else {
        eprintln!("no page {page}");
        std::process::exit(1);
    };
    let content = doc
        .get_page_content_with_limit(id, 64 << 20)
        .unwrap_or_default();
    println!("{}", String::from_utf8_lossy(&content));
    if let Ok(fonts) = doc.get_page_fonts(id) {
        for (name, font) in fonts {
            println!("% font {}: {:?}", String::from_utf8_lossy(&name), font);
        }
    }
}
