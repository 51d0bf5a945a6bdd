//! EML behaviour on small hand-written inputs.

use super::*;
use crate::extract::Limits;

#[test]
fn quoted_printable_body_and_encoded_headers() {
    let mail = b"From: =?utf-8?Q?=C3=85sa_=C3=96berg?= <asa.oberg@example.se>\r\n\
To: socialtjansten@kommun.se\r\nSubject: =?iso-8859-1?B?SGVqIGjkcg==?=\r\nDate: Mon, 1 Jan 2024 10:00:00 +0100\r\n\
MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
Mitt personnummer =E4r 19121212-1212 och jag bor i G=F6te=\r\nborg.\r\n";
    let e = extract(mail, &Budget::new(&Limits::default())).unwrap();
    let header = e.parts.iter().find(|p| p.kind == PartKind::Header).unwrap();
    assert!(
        header
            .text
            .contains("From: Åsa Öberg <asa.oberg@example.se>"),
        "{}",
        header.text
    );
    assert!(header.text.contains("Subject: Hej här"), "{}", header.text);
    let body = e.parts.iter().find(|p| p.kind == PartKind::Body).unwrap();
    assert_eq!(
        body.text.trim(),
        "Mitt personnummer är 19121212-1212 och jag bor i Göteborg."
    );
}

#[test]
fn multipart_prefers_plain_and_keeps_attachments() {
    let mail = b"From: a@b.se\nSubject: x\nDate: Mon, 1 Jan 2024\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n\
--XX\nContent-Type: multipart/alternative; boundary=YY\n\n--YY\nContent-Type: text/plain; charset=utf-8\n\nHej Anna\n--YY\n\
Content-Type: text/html\n\n<p>Hej <b>Anna</b></p>\n--YY--\n--XX\nContent-Type: application/pdf; name=\"intyg.pdf\"\n\
Content-Transfer-Encoding: base64\n\nJVBERi0xLjQ=\n--XX--\n";
    let e = extract(mail, &Budget::new(&Limits::default())).unwrap();
    let body = e.parts.iter().find(|p| p.kind == PartKind::Body).unwrap();
    assert_eq!(body.text.trim(), "Hej Anna");
    assert_eq!(e.attachments.len(), 1);
    assert_eq!(e.attachments[0].name, "intyg.pdf");
    assert_eq!(e.attachments[0].bytes, b"%PDF-1.4");
}
