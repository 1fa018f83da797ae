//! Sentence splitting: byte spans that cover the text without overlap.
//! Unicode sentence bounds (UAX #29) are the base; the rules on top live
//! here: blank lines and bullets always split, short title lines stand
//! alone, abbreviations from data never end a sentence.

use unicode_segmentation::UnicodeSegmentation;

use crate::timeline::Span;

/// Bullet characters that start their own sentence at the head of a line.
const BULLETS: &[char] = &['•', '-', '*', '–', '—', '·', '▪'];

/// Split `text` into sentence spans (trimmed of surrounding white space).
/// `abbreviations` are lowercase forms without their final period.
pub fn sentences(text: &str, abbreviations: &[String]) -> Vec<Span> {
    let mut out = Vec::new();
    for (bs, be) in blocks(text) {
        let block = &text[bs..be];
        let mut cur_start: Option<usize> = None;
        for (off, piece) in block.split_sentence_bound_indices() {
            let start = bs + off;
            let end = start + piece.len();
            let s = cur_start.unwrap_or(start);
            let joined = &text[s..end];
            let next = text[end..be].trim_start();
            if continues(joined, next, abbreviations) {
                cur_start = Some(s);
                continue;
            }
            push_trimmed(text, s, end, &mut out);
            cur_start = None;
        }
        if let Some(s) = cur_start {
            push_trimmed(text, s, be, &mut out);
        }
    }
    reattach_closing_quotes(text, &mut out);
    cap_length(text, out)
}

/// The longest sentence, in bytes. Real sentences are far shorter (the
/// longest in fixtures/ and the seeds is under 500 bytes); a longer one is
/// a page without punctuation (a scraped list, a dump on one line), and
/// cutting it keeps the per-sentence work, and so the whole run, linear.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Cut sentences longer than [`MAX_SENTENCE_BYTES`] at the last white space
/// before the limit (at a char boundary when there is none).
fn cap_length(text: &str, spans: Vec<Span>) -> Vec<Span> {
    if spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES) {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    for sp in spans {
        let mut start = sp.start;
        while sp.end - start > MAX_SENTENCE_BYTES {
            let mut limit = start + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let cut = text[start..limit]
                .rfind(char::is_whitespace)
                .filter(|&i| i > 0)
                .map_or(limit, |i| start + i);
            push_trimmed(text, start, cut, &mut out);
            start = cut;
        }
        push_trimmed(text, start, sp.end, &mut out);
    }
    out
}

/// UAX #29 may start a sentence with the closing quote of the previous one
/// (`« C'est fini. » Puis …`): give the quote back.
fn reattach_closing_quotes(text: &str, spans: &mut Vec<Span>) {
    for i in 1..spans.len() {
        let t = &text[spans[i].start..spans[i].end];
        let quote: usize = t
            .chars()
            .take_while(|c| matches!(c, '»' | '”' | '"' | '’' | ')') || c.is_whitespace())
            .map(char::len_utf8)
            .sum();
        if quote == 0
            || !t[..quote]
                .trim()
                .chars()
                .next()
                .is_some_and(|c| matches!(c, '»' | '”' | '"' | '’' | ')'))
        {
            continue;
        }
        let closing = t[..quote].trim_end().len();
        // An opening quote runs straight into its word: leave it.
        if closing == quote && quote < t.len() {
            continue;
        }
        if text[spans[i - 1].end..spans[i].start].contains('\n') {
            continue;
        }
        spans[i - 1].end = spans[i].start + closing;
        spans[i].start += quote;
    }
    spans.retain(|s| s.start < s.end);
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let slice = &text[s..e];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(Span {
            start: s + lead,
            end: e - trail,
        });
    }
}

/// Whether the sentence so far must continue into `next`.
fn continues(so_far: &str, next: &str, abbreviations: &[String]) -> bool {
    if next.is_empty() {
        return false;
    }
    let t = so_far.trim_end();
    // A piece ending without sentence punctuation (UAX29 split on something odd).
    let last = match t.chars().next_back() {
        Some(c) => c,
        None => return true,
    };
    if !matches!(
        last,
        '.' | '!' | '?' | '…' | '»' | '"' | '”' | ')' | ':' | ';'
    ) {
        return true;
    }
    // Next starts lowercase: the period was not a sentence end.
    if next.chars().next().is_some_and(|c| {
        c.is_lowercase()
            || c.is_ascii_digit() && last == '.' && t.ends_with(|c: char| c.is_ascii_digit())
    }) {
        return last == '.' || last == ':' || last == ';' || last == ')';
    }
    if last == '.' {
        let word: String = t[..t.len() - 1]
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '«' || c == '"')
            .next()
            .unwrap_or("")
            .to_lowercase();
        if abbreviations.iter().any(|a| a == &word) {
            return true;
        }
        // A single capital initial: "J. Smith".
        let mut cs = word.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            if c.is_alphabetic() {
                return true;
            }
        }
    }
    false
}

/// Blocks: paragraphs split at blank lines, bullet lines and title lines.
fn blocks(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .map(|l| {
            let p = pos;
            pos += l.len();
            (p, l)
        })
        .collect();
    for (i, &(p, line)) in lines.iter().enumerate() {
        let content = line.trim();
        if content.is_empty() {
            if let Some(s) = start.take() {
                out.push((s, p));
            }
            continue;
        }
        let bullet =
            content.starts_with(BULLETS) && content.chars().nth(1).is_some_and(char::is_whitespace);
        if bullet {
            if let Some(s) = start.take() {
                out.push((s, p));
            }
        }
        if start.is_none() {
            start = Some(p);
        }
        let next_blank = lines.get(i + 1).is_none_or(|(_, l)| l.trim().is_empty());
        let ends_sentence = content.ends_with(['.', '!', '?', '…', '»', '"', '”', ':']);
        let title = !ends_sentence && content.chars().count() < 80 && next_blank;
        // A line that ends a sentence, or a title, ends its block; a line
        // that does not is hard-wrapped and continues.
        if ends_sentence
            || title
            || lines.get(i + 1).is_some_and(|(_, l)| {
                let t = l.trim();
                t.starts_with(BULLETS) && t.chars().nth(1).is_some_and(char::is_whitespace)
            })
        {
            if let Some(s) = start.take() {
                out.push((s, p + line.len()));
            }
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        let abbr: Vec<String> = ["m", "mme", "dr", "u.s", "jan", "st"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sentences(t, &abbr)
            .iter()
            .map(|s| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            split("M. Tokaïev a parlé. Dr. Smith left on Jan. 6 for the U.S. capital."),
            vec![
                "M. Tokaïev a parlé.",
                "Dr. Smith left on Jan. 6 for the U.S. capital."
            ]
        );
    }

    #[test]
    fn quotes_keep_their_punctuation() {
        assert_eq!(
            split("Il a dit : « C'est fini. » Puis il est parti."),
            vec!["Il a dit : « C'est fini. »", "Puis il est parti."]
        );
    }

    #[test]
    fn opening_quotes_stay() {
        assert_eq!(
            split("He left. \"We will fight,\" she said."),
            vec!["He left.", "\"We will fight,\" she said."]
        );
    }

    #[test]
    fn blank_lines_bullets_and_titles() {
        assert_eq!(
            split("Moscow sends troops\n\nThe troops arrived\nin the night.\n• First point.\n• Second point"),
            vec!["Moscow sends troops", "The troops arrived\nin the night.", "• First point.", "• Second point"]
        );
    }

    #[test]
    fn long_sentences_are_cut_at_white_space() {
        let t =
            "word ".repeat(3 * MAX_SENTENCE_BYTES / 5) + "é".repeat(MAX_SENTENCE_BYTES).as_str();
        let s = sentences(&t, &[]);
        assert!(s.len() > 3);
        for w in s.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for sp in &s {
            assert!(sp.end - sp.start <= MAX_SENTENCE_BYTES);
            let piece = &t[sp.start..sp.end];
            assert_eq!(piece, piece.trim());
            assert!(!piece.starts_with("ord"), "a word was cut: {piece:.20}");
        }
        assert_eq!(s.last().map(|sp| sp.end), Some(t.len()));
    }

    #[test]
    fn spans_do_not_overlap() {
        let t = "A. B. C? D! « E. » F\n\nG";
        let s = sentences(t, &[]);
        for w in s.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
    }
}
