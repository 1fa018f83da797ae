//! Language identification: English, French or `und`, with a confidence,
//! from a bounded prefix of the text (whatlang, restricted to the languages
//! the lexicons know).

use whatlang::{Detector, Lang};

/// How many bytes of a document are read to count function words.
pub const PREFIX_BYTES: usize = 8192;

/// How many bytes the trigram model reads: its decision is settled well
/// before this on prose, and its cost grows with the length it reads.
pub const TRIGRAM_PREFIX_BYTES: usize = 2048;

/// Below this confidence a document is `und` (it is still processed with
/// the more likely language's rules).
pub const MIN_CONFIDENCE: f64 = 0.02;

/// A text of at least this many words…
pub const FOREIGN_MIN_WORDS: usize = 20;
/// …where under this percentage are English or French function words is
/// in neither language (`und`); English and French prose has 30-40%.
pub const FOREIGN_MAX_PERCENT: usize = 6;

/// At least this many function words of one language…
pub const DECISIVE_FUNCTION_WORDS: usize = 12;
/// …and this many times those of the other decide without the trigram model.
pub const DECISIVE_RATIO: usize = 6;

/// A language's function words, folded.
pub type WordSet = rustc_hash::FxHashSet<String>;

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

/// Detect the language, then let function words (each language's
/// `stopwords` in data) overrule an unsure trigram guess: whatlang often
/// misreads one short sentence. A text of some length where neither
/// language's function words occur (German, Spanish…) is `und`.
pub fn detect_with(text: &str, stopwords: &[(&'static str, &WordSet)]) -> LangGuess {
    detect_folded(text, &crate::text::Folded::new(prefix(text)), stopwords)
}

/// The first `PREFIX_BYTES` bytes of `text` (to a char boundary).
fn prefix(text: &str) -> &str {
    let mut end = text.len().min(PREFIX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// [`detect_with`] given the folded view of `text` (or of its prefix), so
/// that the pipeline folds each document once.
pub fn detect_folded(
    text: &str,
    folded: &crate::text::Folded,
    stopwords: &[(&'static str, &WordSet)],
) -> LangGuess {
    if stopwords.is_empty() {
        return detect(text);
    }
    let (_, end) = folded.folded_range(0, prefix(text).len());
    let folded = &folded.text[..end];
    let mut votes: Vec<(usize, &'static str)> =
        stopwords.iter().map(|(code, _)| (0, *code)).collect();
    let mut n_words = 0usize;
    for w in folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
    {
        n_words += 1;
        for (v, (_, sw)) in votes.iter_mut().zip(stopwords) {
            if sw.contains(w) {
                v.0 += 1;
            }
        }
    }
    let words = n_words;
    votes.sort_by_key(|v| std::cmp::Reverse(v.0));
    let hits: usize = votes.iter().map(|v| v.0).sum();
    if words >= FOREIGN_MIN_WORDS && hits * 100 < words * FOREIGN_MAX_PERCENT {
        return LangGuess {
            code: "und",
            rules: detect(text).rules,
            confidence: 0.0,
        };
    }
    if let [(a, code), (b, _), ..] = votes.as_slice() {
        if *a >= DECISIVE_FUNCTION_WORDS && *b * DECISIVE_RATIO <= *a {
            // Prose this clearly in one language: the trigram model (the
            // costliest part) would only agree, with confidence 1.
            return LangGuess {
                code,
                rules: code,
                confidence: 1.0,
            };
        }
    }
    let guess = detect(text);
    if guess.confidence >= 0.5 {
        return guess;
    }
    match votes.as_slice() {
        // Two function words of one language and at most half as many of
        // the other; or, when the trigram guess is a coin toss, one
        // function word against none.
        [(a, code), (b, _), ..]
            if (*a >= 2 && *a >= 2 * *b) || (*a >= 1 && *b == 0 && guess.confidence < 0.25) =>
        {
            let conf = (*a - *b) as f64 / (*a + *b + 1) as f64;
            LangGuess {
                code,
                rules: code,
                confidence: ((conf * 1000.0).round() / 1000.0).max(guess.confidence),
            }
        }
        _ => guess,
    }
}

/// Detect the language of `text` from its first `TRIGRAM_PREFIX_BYTES` bytes.
pub fn detect(text: &str) -> LangGuess {
    let mut end = text.len().min(TRIGRAM_PREFIX_BYTES);
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
    fn function_words_overrule_an_unsure_guess() {
        let en: WordSet = ["the", "was", "of"].iter().map(|s| s.to_string()).collect();
        let fr: WordSet = ["le", "la", "les", "des"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let g = detect_with(
            "The cap on liquefied gas prices was lifted on New Year's Day.",
            &[("en", &en), ("fr", &fr)],
        );
        assert_eq!(g.code, "en");
    }

    #[test]
    fn one_function_word_decides_a_coin_toss_and_foreign_text_is_und() {
        let en: WordSet = ["the", "in", "on"].iter().map(|s| s.to_string()).collect();
        let fr: WordSet = ["le", "la", "les", "des", "dans"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let sw = [("en", &en), ("fr", &fr)];
        assert_eq!(detect_with("Troops left on January 9.", &sw).code, "en");
        assert_eq!(detect_with("Les troupes sont parties.", &sw).code, "fr");
        let de = "Die Polizei hat am Freitag in der Hauptstadt Hunderte Demonstranten \
                  festgenommen, nachdem es zu schweren Ausschreitungen gekommen war und \
                  mehrere Gebäude beschädigt wurden.";
        assert_eq!(detect_with(de, &sw).code, "und");
    }

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
