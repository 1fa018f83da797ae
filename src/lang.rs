//! Language identification: English, French or `und`, with a confidence,
//! from a bounded prefix of the text (whatlang, restricted to the languages
//! the lexicons know).

use whatlang::{Detector, Lang};

/// How many bytes of a document are read to decide its language.
pub const PREFIX_BYTES: usize = 8192;

/// Below this confidence a document is `und` (it is still processed with
/// the more likely language's rules).
pub const MIN_CONFIDENCE: f64 = 0.02;

/// A language decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LangGuess {
    /// "en", "fr" or "und".
    pub code: &'static str,
    /// Which rules to run ("en" or "fr"), even for `und`.
    pub rules: &'static str,
    /// 0..1.
    pub confidence: f64,
}

/// Detect the language of `text` from its first `PREFIX_BYTES` bytes.
pub fn detect(text: &str) -> LangGuess {
    let mut end = text.len().min(PREFIX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = &text[..end];
    if !prefix.chars().any(char::is_alphabetic) {
        return LangGuess {
            code: "und",
            rules: "en",
            confidence: 0.0,
        };
    }
    let det = Detector::with_allowlist(vec![Lang::Eng, Lang::Fra]);
    match det.detect(prefix) {
        Some(info) => {
            let rules = if info.lang() == Lang::Fra { "fr" } else { "en" };
            let conf = (info.confidence() * 1000.0).round() / 1000.0;
            LangGuess {
                code: if conf < MIN_CONFIDENCE { "und" } else { rules },
                rules,
                confidence: conf,
            }
        }
        None => LangGuess {
            code: "und",
            rules: "en",
            confidence: 0.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_french() {
        assert_eq!(
            detect("Police said 5,800 people had been detained across the country.").code,
            "en"
        );
        assert_eq!(
            detect("Au total, 5 800 personnes ont été interpellées dans tout le pays.").code,
            "fr"
        );
        assert_eq!(detect("12 345").code, "und");
    }
}
