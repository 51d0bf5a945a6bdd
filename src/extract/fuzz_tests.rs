//! Deterministic mutation runs over the text-based formats (RTF, HTML,
//! e-mail): cut, spliced and bit-flipped copies of small seeds must never
//! panic. (ZIP-based formats are mutated against the real corpus in
//! `tests/office_corpus.rs`.)

use super::{Budget, Limits, eml, html, rtf};

const SEEDS_RTF: &[&[u8]] = &[
    br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\info{\author Anna}}\f0 V\'e4lkommen \u228?\par{\*\x y}{\field{\*\fldinst A}{\fldrslt B}}\bin3 abc\cell\row}",
    br"{\rtf1\uc2\u-3913 ?? {\header h}{\footnote f}\v hidden\v0\deleted gone\plain ok}",
];
const SEEDS_HTML: &[&[u8]] = &[
    b"<html><head><title>T&amp;</title><meta name=author content='A B'><style>x</style></head><body><p>a&ouml;&#x41;<br/>b</p><table><tr><td>1<td>2</table><!-- c --><pre> x\n y</pre><script>z</script></body></html>",
];
const SEEDS_EML: &[&[u8]] = &[
    b"From: =?utf-8?B?w4VzYQ==?= <a@b.se>\r\nSubject: =?iso-8859-1?Q?h=E4r?=\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHej =C3=A5=\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nbody\r\n--b\r\nContent-Disposition: attachment; filename=a.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--b--\r\n",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn mutate(seed: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.next(4) {
        if b.is_empty() {
            break;
        }
        let at = rng.next(b.len());
        match rng.next(4) {
            0 => b.truncate(at),
            1 => b[at] ^= 1 << rng.next(8),
            2 => {
                let from = rng.next(b.len());
                let len = rng.next(16).min(b.len() - from);
                let chunk: Vec<u8> = b[from..from + len].to_vec();
                b.splice(at..at, chunk);
            }
            _ => {
                let end = (at + rng.next(8)).min(b.len());
                b.drain(at..end);
            }
        }
    }
    b
}

#[test]
fn text_formats_survive_mutation() {
    let budget = Budget::new(&Limits::default());
    let mut rng = Lcg(7);
    for _ in 0..2000 {
        for seed in SEEDS_RTF {
            let _ = rtf::extract(&mutate(seed, &mut rng), &budget);
        }
        for seed in SEEDS_HTML {
            let _ = html::extract(&mutate(seed, &mut rng), &budget);
        }
        for seed in SEEDS_EML {
            let _ = eml::extract(&mutate(seed, &mut rng), &budget);
        }
    }
}
