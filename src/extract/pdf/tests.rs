//! Unit tests on tiny PDFs built with lopdf: each exercises one feature of
//! the extractor and would fail if that feature broke.

use std::io::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::extract;
use crate::extract::{Budget, ExtractError, Extracted, Limits, PartKind};

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0011> <00C5> <0012> <0073> endbfchar
1 beginbfrange <0020> <0022> <0061> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

/// A document under construction: shared resources (fonts F1–F3, image
/// Im1, a form Fm1 that draws itself) and a list of pages.
struct Pdf {
    doc: Document,
    pages_id: ObjectId,
    resources_id: ObjectId,
    kids: Vec<Object>,
}

impl Pdf {
    fn new() -> Self {
        let mut doc = Document::with_version("1.7");
        doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::string_literal(b"0123456789abcdef"),
                Object::string_literal(b"fedcba9876543210"),
            ]),
        );
        let pages_id = doc.new_object_id();
        let helvetica = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let differences = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Custom",
            "FirstChar" => 1, "Widths" => vec![500.into(), 500.into(), 500.into()],
            "Encoding" => dictionary! {
                "Differences" => vec![1.into(), "aring".into(), "fi".into(), "uni00F6".into()],
            },
        });
        let cmap = doc.add_object(Stream::new(dictionary! {}, TO_UNICODE.to_vec()));
        let cid_font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Sub",
            "DW" => 500,
        });
        let type0 = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Sub",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
            "ToUnicode" => cmap,
        });
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            vec![0],
        ));
        let resources_id = doc.new_object_id();
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                "Resources" => resources_id,
            },
            b"BT /F1 12 Tf 10 10 Td (Formtext) Tj ET /Fm1 Do".to_vec(),
        ));
        doc.objects.insert(
            resources_id,
            Object::Dictionary(dictionary! {
                "Font" => dictionary! { "F1" => helvetica, "F2" => differences, "F3" => type0 },
                "XObject" => dictionary! { "Im1" => image, "Fm1" => form },
            }),
        );
        Pdf {
            doc,
            pages_id,
            resources_id,
            kids: Vec::new(),
        }
    }

    fn page(&mut self, content: &[u8]) -> ObjectId {
        self.page_with(content, Dictionary::new())
    }

    fn page_with(&mut self, content: &[u8], extra: Dictionary) -> ObjectId {
        let contents = self
            .doc
            .add_object(Stream::new(dictionary! {}, content.to_vec()));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => self.resources_id, "Contents" => contents,
        };
        for (k, v) in extra.iter() {
            page.set(k.clone(), v.clone());
        }
        let id = self.doc.add_object(page);
        self.kids.push(id.into());
        id
    }

    /// Saves the document; `edit` may add to the catalog and document first.
    fn finish(mut self, edit: impl FnOnce(&mut Document, &mut Dictionary)) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count },
            ),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => self.pages_id };
        edit(&mut self.doc, &mut catalog);
        let catalog_id = self.doc.add_object(catalog);
        self.doc.trailer.set("Root", catalog_id);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("save");
        out
    }
}

/// The id of the shared resource dictionary (the one holding `/Font`).
fn pdf_resources(doc: &Document) -> ObjectId {
    *doc.objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"Font")))
        .expect("resources")
        .0
}

fn one_page(content: &[u8]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.page(content);
    pdf.finish(|_, _| {})
}

fn budget() -> Budget {
    Budget::new(&Limits::default())
}

fn run(bytes: &[u8]) -> Extracted {
    extract(bytes, &budget()).expect("extracts")
}

fn body(x: &Extracted, page: u32) -> &str {
    x.parts
        .iter()
        .find(|p| p.kind == PartKind::Body && p.page == Some(page))
        .map(|p| p.text.as_str())
        .expect("body part")
}

#[test]
fn win_ansi_swedish_letters() {
    let x = run(&one_page(
        b"BT /F1 12 Tf 72 700 Td (R\xe4ksm\xf6rg\xe5s \xe9n \xc5\xc4\xd6) Tj ET",
    ));
    assert_eq!(body(&x, 1), "Räksmörgås én ÅÄÖ");
}

#[test]
fn tj_kerning_neither_glues_nor_splits() {
    let x = run(&one_page(
        b"BT /F1 12 Tf 72 700 Td [(Kom) -20 (mun) 15 (en) -600 (beslutar)] TJ ET",
    ));
    assert_eq!(body(&x, 1), "Kommunen beslutar");
}

#[test]
fn td_moves_make_words_and_lines() {
    // "Per" is 18.672 pt wide in 12 pt Helvetica: the next string starts
    // exactly where it ends (one word), then one em further (a new word),
    // then on the next baseline (a new line).
    let x = run(&one_page(
        b"BT /F1 12 Tf 72 700 Td (Per) Tj 18.672 0 Td (sson) Tj 36 0 Td (Anna) Tj 0 -14 Td (Berg) Tj ET",
    ));
    assert_eq!(body(&x, 1), "Persson Anna\nBerg");
}

#[test]
fn hyphenated_word_is_joined_within_a_paragraph() {
    let x = run(&one_page(
        b"BT /F1 12 Tf 14 TL 72 700 Td (kommunens e-) Tj T* (tj\xe4nst) Tj 0 -200 Td (studie-) Tj ET",
    ));
    assert_eq!(body(&x, 1), "kommunens etjänst\nstudie-");
}

#[test]
fn letter_spaced_line_reads_as_words() {
    let x = run(&one_page(b"BT /F1 12 Tf 4 Tc 72 700 Td (Sekretess) Tj ET"));
    assert_eq!(body(&x, 1), "Sekretess");
}

#[test]
fn word_spacing_and_tm() {
    let x = run(&one_page(
        b"BT /F1 10 Tf 5 Tw 1 0 0 1 72 700 Tm (Dnr KS) Tj 1 0 0 1 72 680 Tm (2025/17) Tj ET",
    ));
    assert_eq!(body(&x, 1), "Dnr KS\n2025/17");
}

#[test]
fn differences_glyph_names_and_ligatures() {
    let x = run(&one_page(b"BT /F2 12 Tf 72 700 Td <010203> Tj ET"));
    assert_eq!(body(&x, 1), "åfiö");
}

#[test]
fn type0_with_to_unicode() {
    let x = run(&one_page(
        b"BT /F3 12 Tf 72 700 Td <0011002000210022> Tj ET",
    ));
    assert_eq!(body(&x, 1), "Åabc");
}

#[test]
fn identity_font_without_to_unicode_reads_the_embedded_cmap() {
    let mut pdf = Pdf::new();
    pdf.page(b"BT /F9 12 Tf 72 700 Td <002400250026> Tj ET");
    let bytes = pdf.finish(|doc, _| {
        let file = doc.add_object(Stream::new(
            dictionary! {},
            super::truetype::tests::font_with_cmap(),
        ));
        let descriptor =
            doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => file });
        let cid_font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Emb",
            "FontDescriptor" => descriptor, "CIDToGIDMap" => "Identity",
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Emb",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
        });
        let id = pdf_resources(doc);
        let resources = doc
            .objects
            .get_mut(&id)
            .and_then(|o| o.as_dict_mut().ok())
            .expect("resources");
        let fonts = resources
            .get_mut(b"Font")
            .and_then(|f| f.as_dict_mut())
            .expect("fonts");
        fonts.set("F9", font);
    });
    assert_eq!(body(&run(&bytes), 1), "ABC");
}

#[test]
fn image_only_page_needs_ocr() {
    let mut pdf = Pdf::new();
    pdf.page(b"BT /F1 12 Tf 72 700 Td (A page with enough text to count as text) Tj ET");
    pdf.page(b"q 500 0 0 700 50 50 cm /Im1 Do Q");
    let x = run(&pdf.finish(|_, _| {}));
    assert!(x.needs_ocr);
    assert_eq!(body(&x, 2), "");
}

#[test]
fn image_with_text_layer_needs_no_ocr() {
    let x = run(&one_page(
        b"q 500 0 0 700 50 50 cm /Im1 Do Q BT 3 Tr /F1 12 Tf 72 700 Td (Skannad sida med textlager) Tj ET",
    ));
    assert!(!x.needs_ocr);
    assert!(body(&x, 1).contains("textlager"));
}

#[test]
fn inline_image_counts_as_image() {
    let x = run(&one_page(
        b"q 100 0 0 100 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI Q",
    ));
    assert!(x.needs_ocr);
}

#[test]
fn form_xobject_drawing_itself_is_read_once() {
    let x = run(&one_page(b"/Fm1 Do"));
    assert_eq!(body(&x, 1), "Formtext");
}

#[test]
fn text_in_a_hidden_layer_is_its_own_part() {
    let mut pdf = Pdf::new();
    pdf.page(
        b"BT /F1 12 Tf 72 700 Td (Synlig) Tj ET /OC /L1 BDC BT /F1 12 Tf 72 600 Td (Dold 19121212-1212) Tj ET EMC \
          BT /F1 12 Tf 72 500 Td (Synlig) Tj ET",
    );
    let bytes = pdf.finish(|doc, catalog| {
        let layer = doc.add_object(dictionary! { "Type" => "OCG", "Name" => Object::string_literal("Utkast") });
        let resources = doc.objects.get_mut(&pdf_resources(doc)).and_then(|o| o.as_dict_mut().ok()).expect("resources");
        resources.set("Properties", dictionary! { "L1" => layer });
        catalog.set(
            "OCProperties",
            dictionary! { "OCGs" => vec![layer.into()], "D" => dictionary! { "OFF" => vec![layer.into()] } },
        );
    });
    let x = run(&bytes);
    assert_eq!(body(&x, 1), "Synlig\nSynlig");
    let hidden: Vec<_> = x
        .parts
        .iter()
        .filter(|p| p.kind == PartKind::Hidden)
        .collect();
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0].text, "Dold 19121212-1212");
}

#[test]
fn text_drawn_twice_in_place_is_read_once() {
    let x = run(&one_page(
        b"BT /F1 12 Tf 72 700 Td (Fetstil) Tj ET BT /F1 12 Tf 72.3 700 Td (Fetstil) Tj ET BT /F1 12 Tf 72 680 Td (rad) Tj ET",
    ));
    assert_eq!(body(&x, 1), "Fetstil\nrad");
}

#[test]
fn info_and_xmp_metadata() {
    let mut pdf = Pdf::new();
    pdf.page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET");
    let bytes = pdf.finish(|doc, catalog| {
        let info = doc.add_object(dictionary! {
            "Producer" => Object::string_literal("Acme PDF 1.0"),
            "Author" => Object::String(b"\xfe\xff\x00\xc5\x00s\x00a".to_vec(), lopdf::StringFormat::Hexadecimal),
        });
        doc.trailer.set("Info", info);
        let xmp = br#"<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>
            <rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
              Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>
            </rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;
        let meta = doc.add_object(Stream::new(dictionary! { "Type" => "Metadata", "Subtype" => "XML" }, xmp.to_vec()));
        catalog.set("Metadata", meta);
    });
    let x = run(&bytes);
    assert_eq!(x.meta("Producer").collect::<Vec<_>>(), ["Acme PDF 1.0"]);
    assert_eq!(x.meta("Author").collect::<Vec<_>>(), ["Åsa"]);
    assert_eq!(
        x.meta("Iptc4xmpExt:DigitalSourceType").collect::<Vec<_>>(),
        ["http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"]
    );
}

#[test]
fn annotations_and_form_fields() {
    let mut pdf = Pdf::new();
    let annot = dictionary! {
        "Type" => "Annot", "Subtype" => "Text",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "Contents" => Object::string_literal("Ring 19121212-1212"),
        "T" => Object::string_literal("Anna Berg"),
    };
    let page = pdf.page_with(
        b"",
        dictionary! { "Annots" => vec![Object::Dictionary(annot)] },
    );
    let bytes = pdf.finish(|doc, catalog| {
        let spec = file_spec(doc, "intyg.txt", b"Intyg for Anna Berg", None);
        let clip = dictionary! {
            "Type" => "Annot", "Subtype" => "FileAttachment", "FS" => spec,
            "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        };
        let annots = doc
            .get_dictionary_mut(page)
            .expect("page")
            .get_mut(b"Annots")
            .expect("annots");
        if let Object::Array(items) = annots {
            items.push(Object::Dictionary(clip));
        }
        let field = doc.add_object(dictionary! {
            "T" => Object::string_literal("pnr"), "V" => Object::string_literal("19121212-1212"),
            "P" => page, "Subtype" => "Widget",
        });
        let parent = doc.add_object(dictionary! {
            "T" => Object::string_literal("Sokande"), "Kids" => vec![field.into()],
        });
        // The parent also lists itself among the fields: walked once.
        catalog.set(
            "AcroForm",
            dictionary! { "Fields" => vec![parent.into(), parent.into()] },
        );
    });
    let x = run(&bytes);
    let annots: Vec<_> = x
        .parts
        .iter()
        .filter(|p| p.kind == PartKind::Annotation)
        .collect();
    assert_eq!(annots.len(), 1);
    assert_eq!(annots[0].page, Some(1));
    assert_eq!(annots[0].text, "Anna Berg\nRing 19121212-1212");
    let fields: Vec<_> = x
        .parts
        .iter()
        .filter(|p| p.kind == PartKind::FormField)
        .collect();
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].text, "Sokande.pnr: 19121212-1212");
    assert_eq!(fields[0].page, Some(1));
    assert_eq!(x.attachments.len(), 1);
    assert_eq!(x.attachments[0].name, "intyg.txt");
}

fn file_spec(doc: &mut Document, name: &str, data: &[u8], relationship: Option<&str>) -> ObjectId {
    let file = doc.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        data.to_vec(),
    ));
    let mut spec = dictionary! {
        "Type" => "Filespec", "F" => Object::string_literal(name),
        "EF" => dictionary! { "F" => file },
    };
    if let Some(r) = relationship {
        spec.set("AFRelationship", Object::Name(r.as_bytes().to_vec()));
    }
    doc.add_object(spec)
}

#[test]
fn c2pa_manifest_and_attachments() {
    let mut pdf = Pdf::new();
    pdf.page(b"");
    let bytes = pdf.finish(|doc, catalog| {
        let manifest = file_spec(
            doc,
            "manifest.c2pa",
            b"jumb...digitalSourceType http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
            Some("C2PA_Manifest"),
        );
        let attachment = file_spec(doc, "bilaga.txt", b"Personnummer 19121212-1212", None);
        catalog.set("AF", vec![manifest.into()]);
        catalog.set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! {
                "Names" => vec![
                    Object::string_literal("bilaga.txt"), attachment.into(),
                    Object::string_literal("manifest"), manifest.into(),
                ],
            }},
        );
    });
    let x = run(&bytes);
    assert!(x.has_flag("c2pa-manifest"));
    assert!(x.has_flag("c2pa-ai-source"));
    assert_eq!(x.attachments.len(), 1);
    assert_eq!(x.attachments[0].name, "bilaga.txt");
    assert_eq!(x.attachments[0].bytes, b"Personnummer 19121212-1212");
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.page(b"BT /F1 12 Tf 72 700 Td (Hemlig text) Tj ET");
    pdf.finish(|doc, _| {
        let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
            document: doc,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        })
        .expect("encryption state");
        // The catalog is added after this; encrypt the objects now present.
        doc.encrypt(&state).expect("encrypt");
    })
}

#[test]
fn empty_user_password_is_decrypted() {
    let x = run(&encrypted(""));
    assert_eq!(body(&x, 1), "Hemlig text");
}

#[test]
fn real_user_password_is_reported() {
    match extract(&encrypted("hemligt"), &budget()) {
        Err(ExtractError::Encrypted(msg)) => assert_eq!(msg, "password required"),
        other => panic!("expected Encrypted, got {other:?}"),
    }
}

#[test]
fn garbage_is_corrupt_not_a_panic() {
    assert!(matches!(
        extract(b"%PDF-1.7\n1 0 obj << /Type /Catalog", &budget()),
        Err(ExtractError::Corrupt { .. })
    ));
    assert!(extract(b"not a pdf at all", &budget()).is_err());
}

#[test]
fn a_stream_over_the_expansion_limit_is_skipped() {
    let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    deflated
        .write_all(b"BT /F1 12 Tf 72 700 Td (bomb) Tj ET ")
        .expect("deflate");
    deflated.write_all(&vec![b' '; 1 << 20]).expect("deflate");
    let content = deflated.finish().expect("deflate");
    let mut pdf = Pdf::new();
    let page = pdf.page(b"");
    let bytes = pdf.finish(|doc, _| {
        let stream = doc.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            content,
        ));
        doc.get_dictionary_mut(page)
            .expect("page")
            .set("Contents", stream);
    });
    let limits = Limits {
        max_expand_bytes: 64 << 10,
        ..Limits::default()
    };
    let x = extract(&bytes, &Budget::new(&limits)).expect("extracts");
    assert_eq!(body(&x, 1), "");
    // With room to expand, the same page reads.
    assert_eq!(body(&run(&bytes), 1), "bomb");
}

#[test]
fn an_expired_budget_times_out() {
    let limits = Limits {
        timeout_secs: 0,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert!(matches!(
        extract(&one_page(b""), &budget),
        Err(ExtractError::Timeout(0))
    ));
}

#[test]
fn text_budget_caps_output() {
    let limits = Limits {
        max_text_bytes: 10,
        ..Limits::default()
    };
    let x = extract(
        &one_page(b"BT /F1 12 Tf 72 700 Td (Alldeles for mycket text) Tj ET"),
        &Budget::new(&limits),
    )
    .expect("extracts");
    assert!(x.text_len() <= 10);
    assert!(x.has_flag("text-truncated"));
}
