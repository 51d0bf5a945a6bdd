//! ODT/ODS/ODP behaviour on tiny packages built in memory.

use super::*;
use crate::extract::Limits;
use crate::extract::testutil::zip_of;

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:draw="d" xmlns:presentation="p""#;

fn read(mime: &str, content: &str, extra: &[(&str, &[u8])]) -> Extracted {
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("mimetype", mime.as_bytes()),
        ("content.xml", content.as_bytes()),
    ];
    parts.extend_from_slice(extra);
    extract(&zip_of(&parts), &Budget::new(&Limits::default())).unwrap()
}

fn kind(e: &Extracted, k: PartKind) -> Vec<String> {
    e.parts
        .iter()
        .filter(|p| p.kind == k)
        .map(|p| p.text.clone())
        .collect()
}

#[test]
fn odt_paragraphs_tables_notes_annotations_deletions_and_meta() {
    let content = format!(
        r#"<office:document-content {NS}><office:body><office:text>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>Per Holm</dc:creator><dc:date>2024-01-01</dc:date></office:change-info><text:p>19121212-1212</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Beslut</text:h>
<text:p>Sökande:<text:s/>Åsa<text:tab/>Öberg<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Enligt ansökan</text:p></text:note-body></text:note> bor
i Malmö<office:annotation><dc:creator>Anna Berg</dc:creator><dc:date>2024-01-02</dc:date><text:p>Kontrollera adressen</text:p></office:annotation></text:p>
<table:table table:name="T1"><table:table-row><table:table-cell><text:p>Namn</text:p></table:table-cell><table:table-cell><text:p>Ort</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"#
    );
    let meta = format!(
        r#"<office:document-meta {NS}><office:meta><meta:initial-creator>Anna Berg</meta:initial-creator><dc:creator>Per Holm</dc:creator><meta:generator>LibreOffice/7.4</meta:generator><meta:user-defined meta:name="Handläggare">Eva Ek</meta:user-defined><meta:document-statistic meta:page-count="1"/></office:meta></office:document-meta>"#
    );
    let styles = format!(
        r#"<office:document-styles {NS}><office:master-styles><style:master-page><style:header><text:p>Sekretess</text:p></style:header></style:master-page></office:master-styles></office:document-styles>"#
    );
    let e = read(
        "application/vnd.oasis.opendocument.text",
        &content,
        &[
            ("meta.xml", meta.as_bytes()),
            ("styles.xml", styles.as_bytes()),
        ],
    );
    assert_eq!(
        kind(&e, PartKind::Body),
        vec!["Beslut\nSökande: Åsa\tÖberg bor i Malmö\nNamn\tOrt"]
    );
    assert_eq!(kind(&e, PartKind::Footnote), vec!["Enligt ansökan"]);
    assert_eq!(kind(&e, PartKind::TrackedDeletion), vec!["19121212-1212"]);
    assert_eq!(
        kind(&e, PartKind::Comment),
        vec!["Anna Berg: Kontrollera adressen"]
    );
    assert_eq!(kind(&e, PartKind::Header), vec!["Sekretess"]);
    assert!(e.has_flag("has-tracked-changes") && e.has_flag("has-comments"));
    assert_eq!(e.meta("meta:initial-creator").next(), Some("Anna Berg"));
    assert_eq!(e.meta("dc:creator").next(), Some("Per Holm"));
    assert_eq!(e.meta("meta:generator").next(), Some("LibreOffice/7.4"));
    assert_eq!(e.meta("Handläggare").next(), Some("Eva Ek"));
}

#[test]
fn ods_sheets_and_odp_pages_are_parts() {
    let ods = format!(
        r#"<office:document-content {NS}><office:body><office:spreadsheet><table:table table:name="Blad1"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell/><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table><table:table table:name="Blad2"><table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let e = read("application/vnd.oasis.opendocument.spreadsheet", &ods, &[]);
    let bodies: Vec<_> = e
        .parts
        .iter()
        .filter(|p| p.kind == PartKind::Body)
        .map(|p| (p.label.clone(), p.text.clone()))
        .collect();
    assert_eq!(
        bodies,
        vec![
            (Some("Blad1".into()), "a\t\tb".into()),
            (Some("Blad2".into()), "c".into())
        ]
    );

    let odp = format!(
        r#"<office:document-content {NS}><office:body><office:presentation><draw:page draw:name="s1"><draw:frame><draw:text-box><text:p>Bild ett</text:p></draw:text-box></draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>Anteckning</text:p></draw:text-box></draw:frame></presentation:notes></draw:page><draw:page><draw:frame><draw:text-box><text:p>Bild två</text:p></draw:text-box></draw:frame></draw:page></office:presentation></office:body></office:document-content>"#
    );
    let e = read("application/vnd.oasis.opendocument.presentation", &odp, &[]);
    let pages: Vec<_> = e
        .parts
        .iter()
        .map(|p| (p.kind, p.page, p.text.clone()))
        .collect();
    assert_eq!(
        pages,
        vec![
            (PartKind::Body, Some(1), "Bild ett".into()),
            (PartKind::Notes, Some(1), "Anteckning".into()),
            (PartKind::Body, Some(2), "Bild två".into()),
        ]
    );
}
