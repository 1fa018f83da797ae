//! UAX #29 sentence bounds, the same as `unicode-segmentation` gives, in
//! one pass with a table lookup per character for the scripts news text
//! is written in (ASCII, Latin-1, Latin Extended-A, combining accents,
//! general punctuation). A block with any other character goes to the
//! crate, which knows every character: the answer is the crate's either
//! way (the tests below compare them over random text and the corpora).
//!
//! The crate spends most of a run's segmentation looking up each
//! character's class in a table of all of Unicode (a binary search);
//! this module reads the classes of the characters above from a 128-entry
//! table or a short match. (None of them is an `OLetter`: a letter of a
//! script with no case sends its block to the crate.)

use unicode_segmentation::UnicodeSegmentation;

/// Sentence break classes (UAX #29, table 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Other,
    Cr,
    Lf,
    Sep,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    SContinue,
    STerm,
    Close,
    Extend,
    Format,
}

/// The classes of the ASCII characters.
const ASCII: [Cat; 128] = {
    let mut t = [Cat::Other; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = match b {
            b'\t' | 0x0b | 0x0c | b' ' => Cat::Sp,
            b'\n' => Cat::Lf,
            b'\r' => Cat::Cr,
            b'!' | b'?' => Cat::STerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
            b',' | b'-' | b':' | b';' => Cat::SContinue,
            b'.' => Cat::ATerm,
            b'0'..=b'9' => Cat::Numeric,
            b'A'..=b'Z' => Cat::Upper,
            b'a'..=b'z' => Cat::Lower,
            _ => Cat::Other,
        };
        i += 1;
    }
    t
};

/// The class of `c`, or `None` outside the ranges this module knows.
#[inline]
fn cat(c: char) -> Option<Cat> {
    let u = c as u32;
    if u < 0x80 {
        return Some(ASCII[u as usize]);
    }
    Some(match u {
        0x85 => Cat::Sep,
        0xa0 => Cat::Sp,
        0xaa | 0xb5 | 0xba => Cat::Lower,
        0xab | 0xbb => Cat::Close,
        0xad => Cat::Format,
        0xc0..=0xd6 | 0xd8..=0xde => Cat::Upper,
        0xdf..=0xf6 | 0xf8..=0xff => Cat::Lower,
        0x80..=0xff => Cat::Other,
        // Latin Extended-A: letters only, each upper or lower case.
        0x100..=0x17f if c.is_lowercase() => Cat::Lower,
        0x100..=0x17f if c.is_uppercase() => Cat::Upper,
        0x300..=0x36f => Cat::Extend,
        0x2000..=0x200a | 0x202f | 0x205f => Cat::Sp,
        0x200b | 0x200e | 0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f => {
            Cat::Format
        }
        0x200c | 0x200d => Cat::Extend,
        0x2013 | 0x2014 => Cat::SContinue,
        0x2018..=0x201f | 0x2039 | 0x203a | 0x2045 | 0x2046 => Cat::Close,
        0x2024 => Cat::ATerm,
        0x2028 | 0x2029 => Cat::Sep,
        0x203c | 0x203d | 0x2047..=0x2049 => Cat::STerm,
        0x2000..=0x206f => Cat::Other,
        _ => return None,
    })
}

/// What the last characters were, runs of Close and Sp collapsed: the
/// state the rules read (the same four parts as the crate keeps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    Sep,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

type State = [Part; 4];

#[inline]
fn advance(s: State, c: Cat) -> State {
    match (s[3], c) {
        (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => s,
        _ => [
            s[1],
            s[2],
            s[3],
            match c {
                Cat::Cr => Part::Cr,
                Cat::Lf => Part::Lf,
                Cat::Sep => Part::Sep,
                Cat::ATerm => Part::ATerm,
                Cat::Upper | Cat::Lower => Part::UpperLower,
                Cat::Close => Part::ClosePlus,
                Cat::Sp => Part::SpPlus,
                Cat::STerm => Part::STerm,
                _ => Part::Other,
            },
        ],
    }
}

/// The part before a trailing `Close* Sp*` (SB8, SB8a).
fn before_close_sp(s: &State) -> Part {
    let mut i = if s[3] == Part::SpPlus { 2 } else { 3 };
    if s[i] == Part::ClosePlus {
        i -= 1;
    }
    s[i]
}

fn is_saterm(p: Part) -> bool {
    p == Part::STerm || p == Part::ATerm
}

/// SB8 (`terminator` is the part before a trailing `Close* Sp*`):
/// `ATerm Close* Sp*` then, before any letter, terminator or
/// paragraph end, a lowercase letter: no break. `None` when `ahead` holds
/// a character this module does not know.
fn sb8(terminator: Part, ahead: &str) -> Option<bool> {
    if terminator != Part::ATerm {
        return Some(false);
    }
    for c in ahead.chars() {
        match cat(c)? {
            Cat::Lower => return Some(true),
            Cat::Upper | Cat::Sep | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => {
                return Some(false)
            }
            _ => {}
        }
    }
    Some(false)
}

/// SB9: `SATerm Close*` before.
fn sb9(s: &State) -> bool {
    let i = if s[3] == Part::ClosePlus { 2 } else { 3 };
    is_saterm(s[i])
}

/// SB11: `SATerm Close* Sp* ParaSep?` before: a break.
fn sb11(s: &State) -> bool {
    let mut i = match s[3] {
        Part::Sep | Part::Cr | Part::Lf => 2,
        _ => 3,
    };
    if s[i] == Part::SpPlus {
        i -= 1;
    }
    if s[i] == Part::ClosePlus {
        i -= 1;
    }
    is_saterm(s[i])
}

/// Where sentences start in `text` (the first at 0) and its length, or
/// `None` when `text` holds a character this module does not know.
fn breaks(text: &str) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(text.len() / 64 + 2);
    let mut state: State = [Part::Sot; 4];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // After a letter or an "other" character, a letter, digit, other
        // or continuation character breaks nothing (no rule fires before
        // a terminator or a space): it only moves the state along.
        let b = bytes[i];
        if b < 0x80 && matches!(state[3], Part::Other | Part::UpperLower) {
            let c = ASCII[b as usize];
            if matches!(
                c,
                Cat::Lower | Cat::Upper | Cat::Numeric | Cat::Other | Cat::SContinue
            ) {
                state = advance(state, c);
                i += 1;
                continue;
            }
        }
        let ch = text[i..].chars().next()?;
        let c = cat(ch)?;
        let before = state;
        let terminator = before_close_sp(&before);
        state = advance(state, c);
        let split = if before[3] == Part::Sot {
            // SB1
            true
        } else if c == Cat::Lf && before[3] == Part::Cr {
            // SB3
            false
        } else if matches!(before[3], Part::Sep | Part::Cr | Part::Lf) {
            // SB4
            true
        } else if matches!(c, Cat::Extend | Cat::Format) {
            // SB5: the character is transparent.
            state = before;
            false
        } else if (c == Cat::Numeric && before[3] == Part::ATerm)
            || (c == Cat::Upper && before[2] == Part::UpperLower && before[3] == Part::ATerm)
        {
            // SB6, SB7
            false
        } else if sb8(terminator, &text[i..])? {
            false
        } else if matches!(c, Cat::SContinue | Cat::STerm | Cat::ATerm) && is_saterm(terminator) {
            // SB8a
            false
        } else if matches!(c, Cat::Close | Cat::Sp | Cat::Sep | Cat::Cr | Cat::Lf) && sb9(&before) {
            false
        } else if matches!(c, Cat::Sp | Cat::Sep | Cat::Cr | Cat::Lf) && is_saterm(terminator) {
            // SB10
            false
        } else {
            // SB11, else SB998.
            sb11(&before)
        };
        if split {
            out.push(i);
        }
        i += ch.len_utf8();
    }
    if !text.is_empty() {
        // SB2
        out.push(text.len());
    }
    Some(out)
}

/// The sentence pieces of `text` with their byte offsets: what
/// `text.split_sentence_bound_indices()` gives.
pub fn bound_indices(text: &str) -> Vec<(usize, &str)> {
    match breaks(text) {
        Some(b) => b.windows(2).map(|w| (w[0], &text[w[0]..w[1]])).collect(),
        None => text.split_sentence_bound_indices().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_bounds(t: &str) -> Vec<(usize, &str)> {
        t.split_sentence_bound_indices().collect()
    }

    /// Every character this module classifies.
    fn known() -> Vec<char> {
        let ranges = [0u32..0x180, 0x300..0x370, 0x2000..0x2070];
        ranges
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .filter(|&c| cat(c).is_some())
            .collect()
    }

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn every_known_range_is_classified() {
        let k = known();
        // ASCII, Latin-1, Latin Extended-A, the accents, the punctuation.
        assert_eq!(k.len(), 0x180 + 0x70 + 0x70);
        assert_eq!(cat('Ж'), None);
        assert_eq!(cat('😀'), None);
    }

    #[test]
    fn agrees_with_the_crate_on_random_text() {
        let k = known();
        // Characters the rules turn on, drawn more often than the rest.
        let hot: Vec<char> =
            ".!?\"'()«»“”’ \u{a0}\u{202f}\n\r,;:-–—1aAéÉ\u{301}\u{ad}\u{2029}\u{2024}"
                .chars()
                .collect();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            let n = rng.below(14);
            let t: String = (0..n)
                .map(|_| {
                    if rng.below(3) == 0 {
                        k[rng.below(k.len())]
                    } else {
                        hot[rng.below(hot.len())]
                    }
                })
                .collect();
            assert!(breaks(&t).is_some(), "{t:?} has only known characters");
            assert_eq!(bound_indices(&t), crate_bounds(&t), "{t:?}");
        }
    }

    #[test]
    fn agrees_with_the_crate_on_prose_and_falls_back_on_other_scripts() {
        let cases = [
            "Dr. Smith left on Jan. 6 for the U.S. capital. He said: \"No.\" Then he left!",
            "Il a dit : « C'est fini. » Puis il est parti… Le 6 janv. 2022, 164 morts.",
            "etc. the end.  Next one?\n\nA new paragraph.\r\nAnother\u{2029}Para",
            "He shouted \u{201c}Stop!\u{201d} and ran. 3.5 million people. e.g. this.",
            "Алматы. Протесты продолжаются. Tokayev spoke.",
            "Fire 🔥. Smoke.",
        ];
        for t in cases {
            assert_eq!(bound_indices(t), crate_bounds(t), "{t:?}");
        }
        assert!(breaks(cases[1]).is_some());
        assert!(breaks(cases[4]).is_none());
        assert!(breaks(cases[5]).is_none());
    }

    #[test]
    fn agrees_with_the_crate_on_the_fixtures() {
        // The texts as extract reads them: discovered and decoded.
        let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
        let found = crate::corpus::discover(&[dir]).expect("fixtures/ is readable");
        let (mut files, mut fast) = (0, 0);
        for input in &found.inputs {
            let bytes = crate::corpus::read_bytes(input, u64::MAX).expect("fixture readable");
            let t = crate::corpus::decode(&input.path, &bytes)
                .expect("fixture decodes")
                .text;
            files += 1;
            fast += usize::from(breaks(&t).is_some());
            assert_eq!(bound_indices(&t), crate_bounds(&t), "{}", input.path);
        }
        assert!(files >= 10, "fixtures/ has articles ({files})");
        // The fast path is the one taken on news text.
        assert!(
            fast * 10 >= files * 9,
            "{fast} of {files} articles on the fast path"
        );
    }
}
