//! Fuzz-ish property test of the per-document extractor (a library call,
//! no new dependencies): a deterministic xorshift generator produces random
//! byte strings (decoded as the binary would) and random mixtures of text
//! fragments (digits, months, accents, quotes, bullets, CRLF, NBSP, names,
//! triggers), and every result must hold:
//! - no panic;
//! - sentence spans are inside the text, on char boundaries, ordered and
//!   non-overlapping;
//! - every mention's text is its byte slice, and it lies within its sentence;
//! - every event source's text is its byte slice, its trigger inside it.
//!
//! `cargo fuzz` is not set up: it needs a nightly toolchain, which the
//! build machines do not have.

use chrono::NaiveDate;
use kazcrisis::extract::{process, DctPolicy, Options};
use kazcrisis::Lexicon;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const FRAGMENTS: &[&str] = &[
    "Police",
    "arrested",
    "12",
    "1,200",
    "3.5",
    "225",
    "dozens of",
    "des centaines de",
    "protesters",
    "manifestants",
    "killed",
    "tués",
    "blessés",
    "injured",
    "in",
    "à",
    "Almaty",
    "Алматы",
    "Tokaïev",
    "Tokayev",
    "CSTO",
    "OTSC",
    "Kremlin",
    "Russian",
    "on",
    "le",
    "5",
    "January",
    "janvier",
    "2022",
    "Jan.",
    "1er",
    "Monday",
    "lundi",
    "yesterday",
    "hier",
    "last week",
    "la semaine dernière",
    "between",
    "and",
    "entre",
    "et",
    "at least",
    "au moins",
    "more than",
    "plus de",
    "M.",
    "Dr.",
    "U.S.",
    "said",
    "a déclaré",
    "did not",
    "n'a pas",
    "would",
    "pourrait",
    "é",
    "è",
    "ï",
    "œ",
    "ß",
    "ﬁ",
    "İ",
    "ǅ",
    "😀",
    "\u{301}",
    "\u{200b}",
    "\u{feff}",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "'",
    "’",
    "(",
    ")",
    "•",
    "-",
    "–",
    "—",
    "*",
    "·",
    ".",
    "!",
    "?",
    "…",
    ":",
    ";",
    ",",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "\u{a0}",
    "\u{202f}",
    "\u{2009}",
    "0",
    "9999999999999999999999",
    "-5",
    "½",
    "٣",
    "१२",
    "ALMATY, 6 January 2022 –",
    "2022-01-05",
    "05/01/2022",
    "6-7 January",
    "du 5 au 7 janvier",
    "W",
    "week 1",
];

fn fragment_text(rng: &mut Rng) -> String {
    let n = rng.below(120);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(FRAGMENTS));
        if rng.below(3) > 0 {
            s.push(' ');
        }
    }
    s
}

fn byte_text(rng: &mut Rng) -> Option<String> {
    let n = rng.below(600);
    let mut b: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
    if rng.below(2) == 0 {
        // Mostly printable ASCII with a few high bytes.
        for x in b.iter_mut() {
            if *x > 0xF0 {
                continue;
            }
            *x = b' ' + *x % 95;
        }
    }
    // As the binary reads files; refused inputs are not extracted.
    kazcrisis::corpus::decode("fuzz", &b).ok().map(|d| d.text)
}

fn check(lex: &Lexicon, text: &str, dct: DctPolicy, case: usize) {
    let p = process(
        lex,
        "doc",
        "doc.txt",
        text,
        "utf-8",
        dct,
        Options::default(),
    );
    let ctx = || format!("case {case}: {text:?}");
    let mut prev = 0;
    for sp in &p.document.sentences {
        assert!(
            prev <= sp.start && sp.start < sp.end && sp.end <= text.len(),
            "sentence {sp:?} after {prev}: {}",
            ctx()
        );
        assert!(text.get(sp.start..sp.end).is_some(), "{}", ctx());
        prev = sp.end;
    }
    for m in &p.mentions {
        assert_eq!(
            text.get(m.start..m.end),
            Some(m.text.as_str()),
            "mention {m:?}: {}",
            ctx()
        );
        let sp = p
            .document
            .sentences
            .get(m.sentence)
            .unwrap_or_else(|| panic!("mention {m:?} in no sentence: {}", ctx()));
        assert!(
            sp.start <= m.start && m.end <= sp.end,
            "mention {m:?} outside its sentence {sp:?}: {}",
            ctx()
        );
    }
    for e in &p.events {
        for s in &e.sources {
            assert_eq!(text.get(s.start..s.end), Some(s.text.as_str()), "{}", ctx());
            assert!(
                s.start <= s.trigger.start && s.trigger.end <= s.end,
                "trigger {:?} outside {}..{}: {}",
                s.trigger,
                s.start,
                s.end,
                ctx()
            );
        }
    }
}

#[test]
fn random_documents_keep_the_span_invariants() {
    let lex = Lexicon::load(&[] as &[&str], None).expect("lexicon");
    let dct = NaiveDate::from_ymd_opt(2022, 1, 6).expect("date");
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut n = 0;
    for case in 0..3000 {
        let text = if case % 3 == 0 {
            match byte_text(&mut rng) {
                Some(t) => t,
                None => continue,
            }
        } else {
            fragment_text(&mut rng)
        };
        let policy = match case % 4 {
            0 => DctPolicy::Manifest(None),
            1 => DctPolicy::Manifest(Some(dct)),
            _ => DctPolicy::Flag(dct),
        };
        check(&lex, &text, policy, case);
        n += 1;
    }
    assert!(n > 2500, "only {n} cases ran");
}
