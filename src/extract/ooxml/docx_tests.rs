//! DOCX behaviour on tiny packages built in memory.

use crate::extract::testutil::{W_NS, docx, rel};
use crate::extract::{Budget, Extracted, Limits, PartKind};

fn read(bytes: &[u8]) -> Extracted {
    super::docx::extract(bytes, &Budget::new(&Limits::default())).unwrap()
}

fn part(e: &Extracted, kind: PartKind) -> String {
    e.parts
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

#[test]
fn personnummer_only_in_a_tracked_deletion_stays_out_of_the_body() {
    let body = p(&format!(
        r#"{}<w:del w:id="1" w:author="Anna Berg"><w:r><w:delText>19121212-1212</w:delText></w:r></w:del><w:ins w:id="2" w:author="Anna Berg">{}</w:ins>"#,
        r("Sökande: "),
        r("[borttaget]")
    ));
    let e = read(&docx(&body, "", &[]));
    assert_eq!(part(&e, PartKind::Body), "Sökande: [borttaget]");
    assert_eq!(part(&e, PartKind::TrackedDeletion), "19121212-1212");
    assert!(e.has_flag("has-tracked-changes"));
    let authors: Vec<_> = e.meta(super::docx::REVISION_AUTHOR).collect();
    assert_eq!(authors, vec!["Anna Berg"]);
}

#[test]
fn moved_from_text_counts_as_deleted() {
    let body = p(&format!(
        "<w:moveFrom>{}</w:moveFrom><w:moveTo>{}</w:moveTo>",
        r("gammal"),
        r("ny")
    ));
    let e = read(&docx(&body, "", &[]));
    assert_eq!(part(&e, PartKind::Body), "ny");
    assert_eq!(part(&e, PartKind::TrackedDeletion), "gammal");
}

#[test]
fn comments_carry_their_author() {
    let body = p(&r("Text"));
    let comments = format!(
        r#"<w:comments {W_NS}><w:comment w:id="0" w:author="Anna Berg" w:initials="AB">{}</w:comment></w:comments>"#,
        p(&r("Ring henne på 070-1234567"))
    );
    let e = read(&docx(
        &body,
        &rel("rId9", "comments", "comments.xml"),
        &[("word/comments.xml", comments.as_bytes())],
    ));
    let c = e
        .parts
        .iter()
        .find(|p| p.kind == PartKind::Comment)
        .unwrap();
    assert_eq!(c.label.as_deref(), Some("comment by Anna Berg"));
    assert_eq!(c.text, "Anna Berg: Ring henne på 070-1234567");
    assert!(e.has_flag("has-comments"));
    assert_eq!(part(&e, PartKind::Body), "Text");
}

#[test]
fn headers_and_footers_are_their_own_parts() {
    let header = format!("<w:hdr {W_NS}>{}</w:hdr>", p(&r("Handläggare Per Holm")));
    let footer = format!("<w:ftr {W_NS}>{}</w:ftr>", p(&r("Sida 1")));
    let rels = rel("rId5", "header", "header1.xml") + &rel("rId6", "footer", "footer1.xml");
    let e = read(&docx(
        &p(&r("Brödtext")),
        &rels,
        &[
            ("word/header1.xml", header.as_bytes()),
            ("word/footer1.xml", footer.as_bytes()),
        ],
    ));
    assert_eq!(part(&e, PartKind::Header), "Handläggare Per Holm");
    assert_eq!(part(&e, PartKind::Footer), "Sida 1");
    assert_eq!(part(&e, PartKind::Body), "Brödtext");
    let h = e.parts.iter().find(|p| p.kind == PartKind::Header).unwrap();
    assert_eq!(h.label.as_deref(), Some("header1"));
}

#[test]
fn hidden_runs_go_apart_but_a_hidden_paragraph_mark_does_not_hide_text() {
    let body = format!(
        r#"<w:p>{}<w:r><w:rPr><w:vanish/></w:rPr><w:t>dold 19121212-1212</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t> synlig</w:t></w:r></w:p><w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>{}</w:p>"#,
        r("Öppen"),
        r("Andra stycket")
    );
    let e = read(&docx(&body, "", &[]));
    assert_eq!(part(&e, PartKind::Body), "Öppen synlig\nAndra stycket");
    assert_eq!(part(&e, PartKind::Hidden), "dold 19121212-1212");
}

#[test]
fn fields_show_results_not_instructions() {
    let body = p(&format!(
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>{}<w:fldSimple w:instr=" AUTHOR ">{}</w:fldSimple>"#,
        r("länktext"),
        r(" och "),
        r("Anna Berg")
    ));
    let e = read(&docx(&body, "", &[]));
    assert_eq!(part(&e, PartKind::Body), "länktext och Anna Berg");
}

#[test]
fn tabs_breaks_and_tables() {
    let body = format!(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p><w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}"#,
        p(&r("Namn")),
        p(&r("Personnummer")),
        p(&r("(ny rad)")),
        p(&r("Anna")),
        p(&r("19121212-1212")),
        p(&r("Efter"))
    );
    let e = read(&docx(&body, "", &[]));
    assert_eq!(
        part(&e, PartKind::Body),
        "a\tb\nc\nNamn\tPersonnummer (ny rad)\nAnna\t19121212-1212\nEfter"
    );
}

#[test]
fn text_boxes_are_read_once_from_alternate_content() {
    let body = p(&format!(
        r#"{}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
        r("Före"),
        p(&r("I rutan")),
        p(&r("I rutan"))
    ));
    let e = read(&docx(&body, "", &[]));
    assert_eq!(part(&e, PartKind::Body), "Före");
    assert_eq!(part(&e, PartKind::TextBox), "I rutan");
}

#[test]
fn document_properties_become_metadata() {
    let core = br#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:creator>Anna Berg</dc:creator><cp:lastModifiedBy>ChatGPT</cp:lastModifiedBy><dc:title>Beslut</dc:title><dcterms:created>2024-01-01T10:00:00Z</dcterms:created></cp:coreProperties>"#;
    let app = br#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Words>12</Words><Application>Microsoft Office Word</Application><Company>Exempelby kommun</Company><HeadingPairs><vt:vector><vt:lpstr>Title</vt:lpstr></vt:vector></HeadingPairs></Properties>"#;
    let custom = br#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MSIP_Label_1234_Name"><vt:lpwstr>Konfidentiell</vt:lpwstr></property><property pid="3" name="Handl&#228;ggare"><vt:lpwstr>Per Holm</vt:lpwstr></property></Properties>"#;
    let e = read(&docx(
        &p(&r("x")),
        "",
        &[
            ("docProps/core.xml", core),
            ("docProps/app.xml", app),
            ("docProps/custom.xml", custom),
        ],
    ));
    assert_eq!(e.meta("dc:creator").next(), Some("Anna Berg"));
    assert_eq!(e.meta("cp:lastModifiedBy").next(), Some("ChatGPT"));
    assert_eq!(e.meta("dc:title").next(), Some("Beslut"));
    assert_eq!(
        e.meta("dcterms:created").next(),
        Some("2024-01-01T10:00:00Z")
    );
    assert_eq!(e.meta("Application").next(), Some("Microsoft Office Word"));
    assert_eq!(e.meta("Company").next(), Some("Exempelby kommun"));
    assert_eq!(e.meta("Template").next(), Some("Normal.dotm"));
    assert_eq!(e.meta("Words").next(), None);
    assert_eq!(e.meta("MSIP_Label_1234_Name").next(), Some("Konfidentiell"));
    assert_eq!(e.meta("Handläggare").next(), Some("Per Holm"));
}

#[test]
fn main_part_is_found_through_relationships() {
    let doc = crate::extract::testutil::document_xml(&p(&r("Annat namn")));
    let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let z = crate::extract::testutil::zip_of(&[
        ("_rels/.rels", rels),
        ("word/document2.xml", doc.as_bytes()),
    ]);
    let e = read(&z);
    assert_eq!(part(&e, PartKind::Body), "Annat namn");
}

#[test]
fn alt_chunk_html_is_read_in_place_and_extras_are_kept() {
    let body = format!(
        r#"{}<w:altChunk r:id="rId7"/>{}"#,
        p(&r("Före")),
        p(&r("Efter"))
    );
    let html = b"<html><body><p>Importerad &aring;sikt</p></body></html>";
    let e = read(&docx(
        &body,
        &rel("rId7", "aFChunk", "afchunk.htm"),
        &[
            ("word/afchunk.htm", html),
            ("word/embeddings/oleObject1.bin", b"\xD0\xCF\x11\xE0data"),
            (
                "META-INF/content_credential.c2pa",
                b"jumb...http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
            ),
        ],
    ));
    assert_eq!(part(&e, PartKind::Body), "Före\nImporterad åsikt\nEfter");
    assert_eq!(e.attachments.len(), 1);
    assert_eq!(e.attachments[0].name, "word/embeddings/oleObject1.bin");
    assert!(e.has_flag("c2pa-manifest"));
    assert!(e.has_flag("c2pa-ai-source"));
}

#[test]
fn not_a_zip_and_a_zip_without_a_document_are_errors() {
    let budget = Budget::new(&Limits::default());
    assert!(super::docx::extract(b"this is not a zip", &budget).is_err());
    let z = crate::extract::testutil::zip_of(&[("a.txt", b"x")]);
    assert!(super::docx::extract(&z, &budget).is_err());
}

#[test]
fn a_part_past_the_expansion_cap_is_a_limit_error() {
    let body = p(&r(&"a".repeat(10_000)));
    let limits = Limits {
        max_expand_bytes: 4096,
        ..Limits::default()
    };
    let err = super::docx::extract(&docx(&body, "", &[]), &Budget::new(&limits)).unwrap_err();
    assert!(
        matches!(err, crate::extract::ExtractError::Limit(_)),
        "{err}"
    );
}

#[test]
fn package_with_overlapping_parts_is_refused() {
    let z = crate::extract::testutil::hand_made(
        br#"<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"#,
        &["word/document.xml", "word/header1.xml", "word/header2.xml"],
    );
    let err = super::docx::extract(&z, &Budget::new(&Limits::default())).unwrap_err();
    assert!(
        matches!(err, crate::extract::ExtractError::Limit(_)),
        "{err}"
    );
}

#[test]
fn notes_are_numbered_in_reading_order_and_alt_text_is_kept() {
    let body = p(&format!(
        r#"{}<w:r><w:endnoteReference w:id="7"/></w:r>{}<w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Bild 1" descr="Foto på Anna Berg"/></wp:inline></w:drawing></w:r>"#,
        r("Text"),
        r(" mer")
    ));
    let footnotes = format!(
        r#"<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2">{}</w:footnote></w:footnotes>"#,
        p(&r("Fotnoten"))
    );
    let endnotes = format!(
        r#"<w:endnotes {W_NS}><w:endnote w:id="7">{}</w:endnote></w:endnotes>"#,
        p(&r("Slutnoten"))
    );
    let rels = rel("rId1", "footnotes", "footnotes.xml") + &rel("rId2", "endnotes", "endnotes.xml");
    let e = read(&docx(
        &body,
        &rels,
        &[
            ("word/footnotes.xml", footnotes.as_bytes()),
            ("word/endnotes.xml", endnotes.as_bytes()),
        ],
    ));
    assert_eq!(
        part(&e, PartKind::Body),
        "Text[1] mer[2][Foto på Anna Berg]"
    );
    assert_eq!(part(&e, PartKind::Footnote), "[2] Fotnoten");
    assert_eq!(part(&e, PartKind::Endnote), "[1] Slutnoten");
}

#[test]
fn list_numbers_come_from_numbering_and_from_list_styles() {
    let numbering = br#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="12"/><w:numFmt w:val="decimal"/><w:lvlText w:val="&#167; %1"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
    let styles = br#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="Paragraf"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>"#;
    let body = format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>{}</w:p><w:p><w:pPr><w:pStyle w:val="Paragraf"/></w:pPr>{}</w:p>"#,
        r("Val av justerare"),
        r("Budget")
    );
    let rels = rel("rId1", "numbering", "numbering.xml") + &rel("rId2", "styles", "styles.xml");
    let e = read(&docx(
        &body,
        &rels,
        &[
            ("word/numbering.xml", numbering),
            ("word/styles.xml", styles),
        ],
    ));
    assert_eq!(
        part(&e, PartKind::Body),
        "§ 12 Val av justerare\n§ 13 Budget"
    );
}

#[test]
fn link_targets_and_template_path_are_kept() {
    let body = p(r#"<w:hyperlink r:id="rId3"><w:r><w:t>Skicka e-post</w:t></w:r></w:hyperlink>"#);
    let rels = r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:anna.berg@example.se" TargetMode="External"/>"#.to_string()
        + &rel("rId4", "settings", "settings.xml");
    let settings_rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\Users\anna.berg\Mallar\Brev.dotm" TargetMode="External"/></Relationships>"#;
    let e = read(&docx(
        &body,
        &rels,
        &[
            ("word/settings.xml", b"<w:settings/>"),
            ("word/_rels/settings.xml.rels", settings_rels),
        ],
    ));
    assert_eq!(part(&e, PartKind::Body), "Skicka e-post");
    assert_eq!(part(&e, PartKind::Notes), "mailto:anna.berg@example.se");
    assert_eq!(
        e.meta("w:attachedTemplate").next(),
        Some("file:///C:\\Users\\anna.berg\\Mallar\\Brev.dotm")
    );
}

#[test]
fn content_controls_symbols_and_breaks() {
    let body = format!(
        r#"<w:sdt><w:sdtPr><w:alias w:val="Namn"/><w:placeholder><w:docPart w:val="X"/></w:placeholder></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt><w:p><w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:cr/><w:sym w:font="Symbol" w:char="03A9"/><w:sym w:font="Wingdings" w:char="F0E0"/><w:softHyphen/><w:t>c</w:t></w:r></w:p>"#,
        p(&r("Anna Berg"))
    );
    let e = read(&docx(&body, "", &[]));
    assert_eq!(part(&e, PartKind::Body), "Anna Berg\na-b\nΩc");
}

#[test]
fn doctype_entities_in_a_part_are_never_expanded() {
    let doc = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document {W_NS}><w:body><w:p><w:r><w:t>före&xxe;&b;efter</w:t></w:r></w:p></w:body></w:document>"#
    );
    let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let z = crate::extract::testutil::zip_of(&[
        ("_rels/.rels", rels),
        ("word/document.xml", doc.as_bytes()),
    ]);
    let e = read(&z);
    assert_eq!(part(&e, PartKind::Body), "föreefter");
}

#[test]
fn an_expired_budget_stops_a_long_document() {
    let body = p(&r("ord ")).repeat(5_000);
    let limits = Limits {
        timeout_secs: 0,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let err = super::docx::extract(&docx(&body, "", &[]), &budget).unwrap_err();
    assert!(
        matches!(err, crate::extract::ExtractError::Timeout(_)),
        "{err}"
    );
}

#[test]
fn a_picture_with_no_text_needs_ocr() {
    let scan = vec![0x55u8; 64 * 1024];
    let e = read(&docx(
        &p(&r("Skannat")),
        "",
        &[("word/media/image1.png", &scan)],
    ));
    assert!(e.needs_ocr);
    let e = read(&docx(
        &p(&r("Brev med logotyp och tillräckligt mycket text")),
        "",
        &[("word/media/image1.png", &scan)],
    ));
    assert!(!e.needs_ocr);
    let e = read(&docx(&p(&r("Kort")), "", &[]));
    assert!(!e.needs_ocr);
}

#[test]
fn a_watermark_in_the_header_is_text_box_text() {
    let header = format!(
        r#"<w:hdr {W_NS}><w:p><w:r><w:pict><v:shape id="PowerPlusWaterMarkObject1"><v:textpath style="font-family:Calibri" string="UTKAST"/></v:shape></w:pict></w:r></w:p></w:hdr>"#
    );
    let e = read(&docx(
        &p(&r("Text")),
        &rel("rId5", "header", "header1.xml"),
        &[("word/header1.xml", header.as_bytes())],
    ));
    let tb = e
        .parts
        .iter()
        .find(|p| p.kind == PartKind::TextBox)
        .unwrap();
    assert_eq!(
        (tb.text.as_str(), tb.label.as_deref()),
        ("UTKAST", Some("header1"))
    );
}

#[test]
fn the_text_limit_cuts_and_flags() {
    let body = p(&r("ord ")).repeat(5_000);
    let limits = Limits {
        max_text_bytes: 1000,
        ..Limits::default()
    };
    let e = super::docx::extract(&docx(&body, "", &[]), &Budget::new(&limits)).unwrap();
    assert!(e.text_len() <= 1000, "{}", e.text_len());
    assert!(e.has_flag("text-truncated"));
}

#[test]
fn custom_xml_values_are_kept_and_schemas_are_not() {
    let item1 = "<p:properties xmlns:p=\"p\"><documentManagement><Handlaggare><UserInfo><DisplayName>Anna Berg</DisplayName><AccountId>12</AccountId></UserInfo></Handlaggare><Diarienummer>KS 2024/12</Diarienummer></documentManagement></p:properties>";
    let item2 = r#"<ct:contentTypeSchema xmlns:ct="ct"><xsd:element name="x"><xsd:annotation>Schema text</xsd:annotation></xsd:element></ct:contentTypeSchema>"#;
    let e = read(&docx(
        &p(&r("x")),
        "",
        &[
            ("customXml/item1.xml", item1.as_bytes()),
            (
                "customXml/itemProps1.xml",
                b"<ds:datastoreItem><x>ignored</x></ds:datastoreItem>",
            ),
            ("customXml/item2.xml", item2.as_bytes()),
        ],
    ));
    assert_eq!(
        part(&e, PartKind::Metadata),
        "DisplayName: Anna Berg\nAccountId: 12\nDiarienummer: KS 2024/12"
    );
}

#[test]
fn formula_boxes_are_kept_apart_and_positional_tabs_separate() {
    let body = r#"<w:p><m:oMath><m:sSub><m:e><m:r><m:t>y</m:t></m:r></m:e><m:sub><m:r><m:t>tij</m:t></m:r></m:sub></m:sSub><m:r><m:t>=1</m:t></m:r></m:oMath></w:p><w:p><w:r><w:t>Datum</w:t><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>2025-06-10</w:t></w:r></w:p>"#;
    let e = read(&docx(body, "", &[]));
    assert_eq!(part(&e, PartKind::Body), "y tij=1\nDatum\t2025-06-10");
}
