//! Sentence splitting: byte spans that cover the text without overlap.
//! Unicode sentence bounds (UAX #29) are the base; the rules on top live
//! here: blank lines and bullets always split, short title lines stand
//! alone, abbreviations from data never end a sentence.

mod bounds;

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
        let mut quotes = Quotes::default();
        for (off, piece) in bounds::bound_indices(block) {
            let start = bs + off;
            let end = start + piece.len();
            let s = cur_start.unwrap_or(start);
            let joined = &text[s..end];
            let next = text[end..be].trim_start();
            quotes.read(piece);
            let in_quote = quotes
                .open()
                .is_some_and(|close| match next.strip_prefix(close) {
                    // The quotation closes right here: carry on only into an
                    // attribution (« Nous tirerons ! » a-t-il dit).
                    Some(rest) => rest.trim_start().starts_with(|c: char| {
                        c.is_lowercase() || matches!(c, ',' | ';' | '–' | '—')
                    }),
                    None => closes_soon(next, close),
                });
            if in_quote || continues(joined, next, abbreviations) {
                cur_start = Some(s);
                continue;
            }
            push_trimmed(text, s, end, &mut out);
            cur_start = None;
            quotes = Quotes::default();
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
    // Next starts lowercase: the period was not a sentence end, and after a
    // closing quote the attribution follows (« Nous tirerons ! » a-t-il dit).
    let closing = matches!(last, '»' | '"' | '”');
    if next.chars().next().is_some_and(char::is_lowercase) {
        return matches!(last, '.' | ':' | ';' | ')') || closing;
    }
    if next.starts_with(|c: char| c.is_ascii_digit())
        && last == '.'
        && t.ends_with(|c: char| c.is_ascii_digit())
    {
        return true;
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

/// Quotation marks opened and not yet closed in the sentence so far:
/// guillemets and curly quotes by depth, straight double quotes by parity.
#[derive(Debug, Default)]
struct Quotes {
    guillemets: u32,
    curly: u32,
    straight: u32,
}

impl Quotes {
    /// Count the quotation marks of one more piece.
    fn read(&mut self, piece: &str) {
        for c in piece.chars() {
            match c {
                '«' => self.guillemets += 1,
                '»' => self.guillemets = self.guillemets.saturating_sub(1),
                '“' => self.curly += 1,
                '”' => self.curly = self.curly.saturating_sub(1),
                '"' => self.straight += 1,
                _ => {}
            }
        }
    }

    /// The closing mark still awaited, if a quotation is open.
    fn open(&self) -> Option<char> {
        if self.guillemets > 0 {
            Some('»')
        } else if self.curly > 0 {
            Some('”')
        } else if self.straight % 2 == 1 {
            Some('"')
        } else {
            None
        }
    }
}

/// Whether `close` comes within a sentence's length of the start of `next`:
/// the quotation closes further on, so the sentences inside it stay in the
/// sentence that quotes them (bounded, so that the whole split stays linear).
fn closes_soon(next: &str, close: char) -> bool {
    let mut limit = next.len().min(MAX_SENTENCE_BYTES);
    while !next.is_char_boundary(limit) {
        limit -= 1;
    }
    next[..limit].contains(close)
}

/// Whether a trimmed line opens with a bullet and a space.
fn is_bullet(content: &str) -> bool {
    content.starts_with(BULLETS) && content.chars().nth(1).is_some_and(char::is_whitespace)
}

/// Blocks: paragraphs split at blank lines, bullet lines and title lines.
fn blocks(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    // Whether the current block is a bullet item (and its wrapped lines).
    let mut in_item = false;
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
            in_item = false;
            if let Some(s) = start.take() {
                out.push((s, p));
            }
            continue;
        }
        let bullet = is_bullet(content);
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
        // A bullet item ends at its line end, unless the next line carries
        // on its text (indented, or starting lowercase).
        let item_ends = (bullet || in_item)
            && lines.get(i + 1).is_some_and(|(_, l)| {
                !l.starts_with(char::is_whitespace)
                    && !l.trim_start().starts_with(char::is_lowercase)
            });
        in_item = (bullet || in_item) && !item_ends;
        // A line that ends a sentence, a title, or a bullet item ends its
        // block; a line that does not is hard-wrapped and continues.
        if ends_sentence
            || title
            || item_ends
            || lines.get(i + 1).is_some_and(|(_, l)| is_bullet(l.trim()))
        {
            in_item = false;
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
    fn quotations_stay_with_their_attribution() {
        assert_eq!(
            split("« Nous tirerons ! » a-t-il dit. Puis il est parti."),
            vec!["« Nous tirerons ! » a-t-il dit.", "Puis il est parti."]
        );
        assert_eq!(
            split("«Nous tirerons !», a-t-il dit."),
            vec!["«Nous tirerons !», a-t-il dit."]
        );
        assert_eq!(
            split("“Go home!” he said. \"Leave now!\" she shouted."),
            vec!["“Go home!” he said.", "\"Leave now!\" she shouted."]
        );
    }

    #[test]
    fn no_split_inside_a_quotation() {
        assert_eq!(
            split("M. Tokaïev a déclaré : « Ils sont là ! Nous tirerons. » Puis il est parti."),
            vec![
                "M. Tokaïev a déclaré : « Ils sont là ! Nous tirerons. »",
                "Puis il est parti."
            ]
        );
        assert_eq!(
            split("He said: “They are here. We will shoot.” Then he left."),
            vec!["He said: “They are here. We will shoot.”", "Then he left."]
        );
        assert_eq!(
            split("He said: \"They are here. We will shoot.\" Then he left."),
            vec![
                "He said: \"They are here. We will shoot.\"",
                "Then he left."
            ]
        );
    }

    #[test]
    fn an_unclosed_quotation_does_not_swallow_the_paragraph() {
        assert_eq!(
            split("Il a dit : « Nous tirerons. Puis il est parti. Rien ne bougea."),
            vec![
                "Il a dit : « Nous tirerons.",
                "Puis il est parti.",
                "Rien ne bougea."
            ]
        );
    }

    #[test]
    fn a_bullet_line_ends_at_its_line_end() {
        for b in ["•", "*", "-"] {
            let t = format!("{b} Troops deployed\nThe city was calm after the night.\n");
            assert_eq!(
                split(&t),
                vec![
                    format!("{b} Troops deployed").as_str(),
                    "The city was calm after the night."
                ]
            );
        }
        assert_eq!(
            split("- Airport seized\n- Police returned\nThe police returned."),
            vec![
                "- Airport seized",
                "- Police returned",
                "The police returned."
            ]
        );
        // A wrapped item carries on when the next line is indented or lowercase.
        assert_eq!(
            split("• Troops arrived\n  in the night\n• They left\nat dawn\nCalm returned."),
            vec![
                "• Troops arrived\n  in the night",
                "• They left\nat dawn",
                "Calm returned."
            ]
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
