//! XLSX and PPTX behaviour on tiny packages built in memory.

use crate::extract::testutil::zip_of;
use crate::extract::{Budget, Extracted, Limits, PartKind};

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn rels(items: &[(&str, &str, &str)]) -> String {
    let mut s = format!(r#"<Relationships xmlns="{RELS_NS}">"#);
    for (id, kind, target) in items {
        s += &format!(r#"<Relationship Id="{id}" Type="{R}/{kind}" Target="{target}"/>"#);
    }
    s + "</Relationships>"
}

fn budget() -> Budget {
    Budget::new(&Limits::default())
}

fn texts(e: &Extracted, kind: PartKind) -> Vec<(Option<String>, Option<u32>, String)> {
    e.parts
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| (p.label.clone(), p.page, p.text.clone()))
        .collect()
}

#[test]
fn xlsx_rows_shared_and_inline_strings_and_hidden_sheets() {
    let root = rels(&[("rId1", "officeDocument", "xl/workbook.xml")]);
    let book = format!(
        r#"<workbook xmlns:r="{R}"><sheets><sheet name="Elever" sheetId="1" r:id="rId1"/><sheet name="Gömd" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>"#
    );
    let book_rels = rels(&[
        ("rId1", "worksheet", "worksheets/sheet1.xml"),
        ("rId2", "worksheet", "worksheets/sheet2.xml"),
        ("rId3", "sharedStrings", "sharedStrings.xml"),
    ]);
    let shared = r#"<sst><si><t>Namn</t></si><si><r><t>Per</t></r><r><t>sonnummer</t></r><rPh><t>x</t></rPh></si><si><t>Åsa Öberg</t></si></sst>"#;
    let sheet1 = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>19121212-1212</t></is></c><c r="C2"><f>1+1</f><v>2</v></c><c r="D2" t="b"><v>1</v></c></row></sheetData></worksheet>"#;
    let sheet2 = br#"<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>hemlig</t></is></c></row></sheetData><headerFooter><oddHeader>&amp;L&amp;"Arial,Bold"&amp;12Uppr&#228;ttad av Per Holm&amp;RSida &amp;P</oddHeader></headerFooter></worksheet>"#;
    let z = zip_of(&[
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/sheet2.xml", sheet2),
        (
            "xl/pivotCache/pivotCacheDefinition1.xml",
            br#"<pivotCacheDefinition><cacheFields><cacheField name="Namn"><sharedItems><s v="Eva Ek"/><s v="Per Holm"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>"#,
        ),
    ]);
    let e = super::xlsx::extract(&z, &budget()).unwrap();
    assert_eq!(
        texts(&e, PartKind::Body),
        vec![(
            Some("Elever".into()),
            None,
            "Namn\tPersonnummer\nÅsa Öberg\t19121212-1212\t2\tTRUE".into()
        )]
    );
    assert_eq!(texts(&e, PartKind::Hidden)[0].2, "hemlig");
    assert_eq!(
        texts(&e, PartKind::Hidden)[1],
        (Some("pivot cache".into()), None, "Eva Ek\nPer Holm".into())
    );
    assert_eq!(
        texts(&e, PartKind::Header),
        vec![(
            Some("Gömd".into()),
            None,
            "Upprättad av Per Holm\tSida".into()
        )]
    );
    assert_eq!(texts(&e, PartKind::Notes)[0].2, "Elever\nGömd");
}

#[test]
fn pptx_slides_in_presentation_order_with_notes_and_comments() {
    let root = rels(&[("rId1", "officeDocument", "ppt/presentation.xml")]);
    let pres = format!(
        r#"<p:presentation xmlns:p="p" xmlns:r="{R}"><p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>"#
    );
    let pres_rels = rels(&[
        ("rId2", "slide", "slides/slide1.xml"),
        ("rId3", "slide", "slides/slide2.xml"),
        ("rId4", "commentAuthors", "commentAuthors.xml"),
    ]);
    let slide = |t: &str| {
        format!(
            r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{t}</a:t></a:r><a:br/><a:r><a:t>rad 2</a:t></a:r></a:p></p:txBody></p:sp><p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr><a:tc><a:txBody><a:p><a:r><a:t>A</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>B</a:t></a:r></a:p></a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame></p:spTree></p:cSld></p:sld>"#
        )
    };
    let s1 = slide("Andra bilden");
    let s2 = slide("Första bilden");
    let s2_rels = rels(&[
        ("rId1", "notesSlide", "../notesSlides/notesSlide1.xml"),
        ("rId2", "comments", "../comments/comment1.xml"),
    ]);
    let notes = br#"<p:notes xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Ring Anna Berg</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>"#;
    let authors = br#"<p:cmAuthorLst xmlns:p="p"><p:cmAuthor id="0" name="Per Holm" initials="PH"/></p:cmAuthorLst>"#;
    let comments = br#"<p:cmLst xmlns:p="p"><p:cm authorId="0"><p:text>Kolla siffrorna</p:text></p:cm></p:cmLst>"#;
    let z = zip_of(&[
        ("_rels/.rels", root.as_bytes()),
        ("ppt/presentation.xml", pres.as_bytes()),
        ("ppt/_rels/presentation.xml.rels", pres_rels.as_bytes()),
        ("ppt/slides/slide1.xml", s1.as_bytes()),
        ("ppt/slides/slide2.xml", s2.as_bytes()),
        ("ppt/slides/_rels/slide2.xml.rels", s2_rels.as_bytes()),
        ("ppt/notesSlides/notesSlide1.xml", notes),
        ("ppt/commentAuthors.xml", authors),
        ("ppt/comments/comment1.xml", comments),
    ]);
    let e = super::pptx::extract(&z, &budget()).unwrap();
    assert_eq!(
        texts(&e, PartKind::Body),
        vec![
            (None, Some(1), "Första bilden\nrad 2\nA\tB".into()),
            (None, Some(2), "Andra bilden\nrad 2\nA\tB".into()),
        ]
    );
    assert_eq!(
        texts(&e, PartKind::Notes),
        vec![(None, Some(1), "Ring Anna Berg".into())]
    );
    assert_eq!(
        texts(&e, PartKind::Comment),
        vec![(
            Some("comment by Per Holm".into()),
            Some(1),
            "Per Holm: Kolla siffrorna".into()
        )]
    );
}

#[test]
fn xlsx_cells_repeating_a_huge_shared_string_stay_within_the_text_limit() {
    let root = rels(&[("rId1", "officeDocument", "xl/workbook.xml")]);
    let book = format!(
        r#"<workbook xmlns:r="{R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let book_rels = rels(&[
        ("rId1", "worksheet", "worksheets/sheet1.xml"),
        ("rId2", "sharedStrings", "sharedStrings.xml"),
    ]);
    let shared = format!("<sst><si><t>{}</t></si></sst>", "x".repeat(10_000));
    let cells = r#"<c t="s"><v>0</v></c>"#.repeat(2_000);
    let sheet = format!("<worksheet><sheetData><row>{cells}</row></sheetData></worksheet>");
    let z = zip_of(&[
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let limits = Limits {
        max_text_bytes: 100_000,
        ..Limits::default()
    };
    let e = super::xlsx::extract(&z, &Budget::new(&limits)).unwrap();
    assert!(e.text_len() <= 100_000, "{}", e.text_len());
    assert!(e.has_flag("text-truncated"));
}
