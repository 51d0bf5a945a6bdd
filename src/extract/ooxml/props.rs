//! OOXML document properties → metadata fields: `docProps/core.xml` (Dublin
//! Core: author, last editor, title, dates), `docProps/app.xml` (the
//! application that saved the file, company, template), `docProps/custom.xml`
//! (user and tool properties, among them Microsoft Purview sensitivity
//! labels `MSIP_Label_<guid>_Name`), and any XMP `DigitalSourceType` stored
//! in custom XML parts.
//!
//! Why keys are kept as written (`dc:creator`, `Application`): a reviewer
//! must be able to find the field again in Word or with another tool, and the
//! AI classifier matches application and author names against known tools.

use quick_xml::events::BytesStart;

use crate::extract::package::Package;
use crate::extract::xml::Visitor;
use crate::extract::{Budget, Extracted, MetaField, PartKind, TextPart};

/// Extended (app.xml) properties worth reporting: who and what made the file.
/// Counts (pages, words, total editing time) are left out as noise.
const APP_KEYS: &[&str] = &[
    "Application",
    "AppVersion",
    "Company",
    "Template",
    "Manager",
    "HyperlinkBase",
];

/// Longest metadata value kept; a property is not a document body.
const MAX_VALUE: usize = 64 * 1024;

/// Push the package's document properties onto `out.metadata`. Damaged
/// property parts are flagged, never fatal: the body still matters more.
pub fn read(pkg: &mut Package<'_>, budget: &Budget, out: &mut Extracted) {
    let rels = pkg.rels("", budget);
    let target = |kind: &str, fallback: &str| {
        rels.iter()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
            .unwrap_or_else(|| fallback.to_string())
    };
    let core = target("core-properties", "docProps/core.xml");
    let app = target("extended-properties", "docProps/app.xml");
    let custom = target("custom-properties", "docProps/custom.xml");
    for (part, kind) in [(core, Kind::Core), (app, Kind::App), (custom, Kind::Custom)] {
        match pkg.walk(&part, budget, || PropsVisitor::new(kind)) {
            Ok(Some(v)) => out.metadata.extend(v.fields),
            Ok(None) => {}
            Err(e) => out.flags.push(format!("damaged-part: {part}: {e}")),
        }
    }
    xmp_source_type(pkg, out);
    custom_xml(pkg, budget, out);
}

/// Root elements of custom XML parts that hold schemas or plumbing, not
/// values about this document.
const CUSTOM_XML_SKIP: &[&str] = &["contentTypeSchema", "schema", "Receivers", "FormTemplates"];

/// Custom XML data parts (`customXml/itemN.xml`): document-management
/// columns from SharePoint and archive systems ("Handläggare" with a display
/// name and e-mail, case numbers), cover-page fields (company address,
/// phone, e-mail), bibliography sources. Invisible in Word yet sent with
/// the file. One `metadata` part, a line per value: `Element: value`.
fn custom_xml(pkg: &mut Package<'_>, budget: &Budget, out: &mut Extracted) {
    let items: Vec<String> = pkg
        .names()
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            l.starts_with("customxml/item") && !l.contains("props") && l.ends_with(".xml")
        })
        .cloned()
        .collect();
    let mut text = String::new();
    for item in items {
        let Ok(Some(v)) = pkg.walk(&item, budget, Leaves::default) else {
            continue;
        };
        if !v.skipped {
            text.push_str(&v.text);
        }
    }
    let text = text.trim();
    if !text.is_empty() {
        out.parts
            .push(TextPart::new(PartKind::Metadata, text).labelled("custom XML"));
    }
}

/// Leaf elements with text, as `Name: value` lines.
#[derive(Default)]
struct Leaves {
    text: String,
    current: String,
    depth: u32,
    skipped: bool,
}

impl Visitor for Leaves {
    fn start(&mut self, local: &str, _e: &BytesStart<'_>) {
        if self.depth == 0 && CUSTOM_XML_SKIP.contains(&local) {
            self.skipped = true;
        }
        self.depth += 1;
        self.current.clear();
    }
    fn end(&mut self, local: &str) {
        self.depth = self.depth.saturating_sub(1);
        let value = self.current.trim();
        if !value.is_empty() && self.text.len() < MAX_VALUE * 16 {
            self.text.push_str(local);
            self.text.push_str(": ");
            self.text.push_str(&value.replace('\n', " "));
            self.text.push('\n');
        }
        self.current.clear();
    }
    fn text(&mut self, text: &str) {
        if self.current.len() < MAX_VALUE {
            self.current.push_str(text);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Core,
    App,
    Custom,
}

struct PropsVisitor {
    kind: Kind,
    depth: u32,
    /// Key of the field being read, and its text so far.
    key: Option<String>,
    value: String,
    fields: Vec<MetaField>,
}

impl PropsVisitor {
    fn new(kind: Kind) -> Self {
        PropsVisitor {
            kind,
            depth: 0,
            key: None,
            value: String::new(),
            fields: Vec::new(),
        }
    }
}

impl Visitor for PropsVisitor {
    fn start(&mut self, local: &str, e: &BytesStart<'_>) {
        self.depth += 1;
        if self.depth != 2 {
            return;
        }
        self.value.clear();
        self.key = match self.kind {
            Kind::Core => Some(String::from_utf8_lossy(e.name().as_ref().as_bytes()).into_owned()),
            Kind::App => APP_KEYS.contains(&local).then(|| local.to_string()),
            Kind::Custom => (local == "property")
                .then(|| crate::extract::xml::attr(e, "name"))
                .flatten(),
        };
    }

    fn end(&mut self, _local: &str) {
        if self.depth == 2
            && let Some(key) = self.key.take()
        {
            crate::extract::xml::push_field(&mut self.fields, key, &self.value);
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn text(&mut self, text: &str) {
        if self.key.is_some() && self.value.len() < MAX_VALUE {
            self.value.push_str(text);
        }
    }
}

/// An IPTC digital source type written into XMP kept in the package
/// (custom XML parts or a `.xmp` part): the marker generative-AI tools use.
fn xmp_source_type(pkg: &mut Package<'_>, out: &mut Extracted) {
    let candidates: Vec<String> = pkg
        .names()
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            (l.starts_with("customxml/") && l.ends_with(".xml")) || l.ends_with(".xmp")
        })
        .cloned()
        .collect();
    let re = regex::bytes::Regex::new(
        r#"DigitalSourceType(?:\s*=\s*"|>|\s+rdf:resource\s*=\s*")\s*([^<"]{1,300})"#,
    )
    .expect("valid regex");
    for name in candidates {
        let Ok(Some(bytes)) = pkg.read(&name, 4 << 20) else {
            continue;
        };
        for cap in re.captures_iter(&bytes) {
            let value = String::from_utf8_lossy(&cap[1]).trim().to_string();
            out.metadata.push(MetaField {
                key: "Iptc4xmpExt:DigitalSourceType".into(),
                value,
            });
        }
    }
}
