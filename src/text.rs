//! Folded views of a document: lowercase, accent-free, apostrophe-normalised
//! text with a byte map back to the original, so matchers work on one simple
//! alphabet while every span they report stays a span of the original text.

use deunicode::deunicode_char;

/// A folded copy of a text with a map from folded bytes to original bytes.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text: lowercase ASCII where possible.
    pub text: String,
    /// For each folded byte, the original byte offset of the char it came from.
    starts: Vec<u32>,
    /// For each folded byte, the original byte offset just past that char.
    ends: Vec<u32>,
}

/// Fold one char into the buffer: lowercase, strip accents, normalise
/// apostrophes, dashes and exotic spaces.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() && c != '`' {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => out.push('\''),
        '\u{00a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => out.push(' '),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        '\u{201c}' | '\u{201d}' | '\u{00ab}' | '\u{00bb}' => out.push('"'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => match deunicode_char(c) {
            // Keep one folded char per visible char where possible so spans stay tight.
            Some(s) if !s.is_empty() && s.is_ascii() => {
                for b in s.chars() {
                    out.push(b.to_ascii_lowercase());
                }
            }
            _ => {
                for l in c.to_lowercase() {
                    out.push(l);
                }
            }
        },
    }
}

/// Fold a whole string (used for lexicon aliases, so they compare with `Folded`).
pub fn fold_str(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii() && b != b'`') {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

impl Folded {
    /// Fold `text`, remembering where each folded byte came from.
    pub fn new(text: &str) -> Folded {
        let mut out = String::with_capacity(text.len() + 16);
        let mut starts = Vec::with_capacity(text.len() + 16);
        let mut ends = Vec::with_capacity(text.len() + 16);
        let bytes = text.as_bytes();
        let plain = |b: u8| b.is_ascii() && b != b'`';
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII folds to itself lowercased, byte for byte.
            if plain(bytes[i]) {
                let j = bytes[i..]
                    .iter()
                    .position(|&b| !plain(b))
                    .map_or(bytes.len(), |k| i + k);
                let before = out.len();
                out.push_str(&text[i..j]);
                out[before..].make_ascii_lowercase();
                starts.extend(i as u32..j as u32);
                ends.extend(i as u32 + 1..j as u32 + 1);
                i = j;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let before = out.len();
            fold_char(c, &mut out);
            let end = (i + c.len_utf8()) as u32;
            for _ in before..out.len() {
                starts.push(i as u32);
                ends.push(end);
            }
            i += c.len_utf8();
        }
        Folded {
            text: out,
            starts,
            ends,
        }
    }

    /// Map a folded span back to the original text's byte span.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end || start >= self.starts.len() {
            let s = self.starts.get(start).copied().unwrap_or(0) as usize;
            return (s, s);
        }
        (
            self.starts[start] as usize,
            self.ends[end.min(self.ends.len()) - 1] as usize,
        )
    }

    /// The folded span of an original span (inverse of `original`).
    pub fn folded_range(&self, start: usize, end: usize) -> (usize, usize) {
        let lo = self.starts.partition_point(|&o| (o as usize) < start);
        let hi = self.starts.partition_point(|&o| (o as usize) < end);
        (lo, hi.max(lo))
    }

    /// Whether the folded span `[start, end)` stands as whole words.
    pub fn is_word_bounded(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    }
}

/// Non-overlapping spans taken so far, for greedy overlap resolution in
/// O(log n) per query.
#[derive(Debug, Default)]
pub struct Occupied {
    spans: std::collections::BTreeMap<usize, usize>,
}

impl Occupied {
    /// Whether `[start, end)` overlaps a taken span.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        if let Some((_, &e)) = self.spans.range(..=start).next_back() {
            if e > start {
                return true;
            }
        }
        self.spans.range(start..end).next().is_some()
    }
    /// Take `[start, end)` unless it overlaps; returns whether it was taken.
    pub fn take(&mut self, start: usize, end: usize) -> bool {
        if self.overlaps(start, end) {
            return false;
        }
        self.spans.insert(start, end);
        true
    }
}

/// Characters that make up words for boundary checks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A lowercase ASCII slug: `Sri Lanka` -> `sri_lanka`.
pub fn slug(s: &str) -> String {
    let folded = fold_str(s);
    let mut out = String::with_capacity(folded.len());
    let mut last_us = true;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            last_us = false;
        } else if !last_us {
            out.push('_');
            last_us = true;
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_maps_back_to_original_spans() {
        let t = "Le président Tokaïev a déclaré « l’état »";
        let f = Folded::new(t);
        let i = f.text.find("tokaiev").unwrap();
        let (s, e) = f.original(i, i + "tokaiev".len());
        assert_eq!(&t[s..e], "Tokaïev");
        let j = f.text.find("l'etat").unwrap();
        let (s, e) = f.original(j, j + "l'etat".len());
        assert_eq!(&t[s..e], "l’état");
    }

    #[test]
    fn cyrillic_is_transliterated() {
        assert_eq!(fold_str("Токаев"), "tokaev");
    }

    #[test]
    fn occupied_spans() {
        let mut o = Occupied::default();
        assert!(o.take(5, 10));
        assert!(!o.take(9, 12));
        assert!(!o.take(0, 6));
        assert!(!o.take(6, 7));
        assert!(o.take(10, 12));
        assert!(o.take(0, 5));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Sri Lanka"), "sri_lanka");
        assert_eq!(slug("Côte d'Ivoire"), "cote_d_ivoire");
    }
}
