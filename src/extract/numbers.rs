//! Numbers in text: digits with every thousands separator the press uses
//! (5,800 / 5 800 / 5.800 / no-break spaces), decimals with scale words
//! (2.5 million, 2,5 millions), and number words from the language's data
//! (two hundred and fifty, quatre-vingt-onze, mille cent, a dozen).

use std::sync::OnceLock;

use regex::Regex;

use crate::lexicon::LangRules;

/// A number found in folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumHit {
    /// Folded start.
    pub start: usize,
    /// Folded end.
    pub end: usize,
    /// Value.
    pub value: u64,
    /// Written with an approximate noun ("une dizaine", "a dozen").
    pub approximate: bool,
    /// Written in digits.
    pub digits: bool,
    /// A lone article ("un", "une", "a", "an"): one only if what follows is
    /// a person counted by a casualty cue (the caller decides).
    pub article: bool,
}

fn digits_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Grouped thousands, or a decimal, or a plain run of digits.
        Regex::new(r"\d{1,3}(?:(?:,| |\.)\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

/// Parse a folded number phrase (digits or words) into its value.
pub fn parse_number(rules: &LangRules, s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return parse_digits(s).map(|(v, _)| v);
    }
    let toks: Vec<&str> = s.split([' ', '-']).filter(|t| !t.is_empty()).collect();
    parse_words(rules, &toks)
        .filter(|(_, used)| *used == toks.len())
        .map(|(v, _)| v)
}

/// Digits with separators: returns the value and whether it had a decimal part.
pub fn parse_digits(s: &str) -> Option<(u64, Option<f64>)> {
    let groups: Vec<&str> = s.split([',', ' ', '.']).collect();
    if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3 {
        let joined: String = groups.concat();
        return joined.parse().ok().map(|v| (v, None));
    }
    if groups.len() == 2 {
        let f: f64 = format!("{}.{}", groups[0], groups[1]).parse().ok()?;
        return Some((f.floor() as u64, Some(f)));
    }
    if groups.len() == 1 {
        return s.parse().ok().map(|v| (v, None));
    }
    None
}

/// Parse number words from the start of `toks`; returns the value and how
/// many tokens were used.
pub fn parse_words(rules: &LangRules, toks: &[&str]) -> Option<(u64, usize)> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut used = 0;
    let mut any = false;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if let Some(&v) = rules.num_units.get(t) {
            current += v;
        } else if let Some(&v) = rules.num_tens.get(t) {
            // quatre-vingt(s): 4 x 20.
            if v == 20 && current % 100 == 4 {
                current += 76; // "cent quatre-vingts" is 180, not 124
            } else {
                current += v;
            }
        } else if let Some(&m) = rules.num_multipliers.get(t) {
            if m >= 1000 {
                total += current.max(1) * m;
                current = 0;
            } else {
                current = current.max(1) * m;
            }
        } else if rules.num_articles.iter().any(|a| a == t)
            && !any
            && toks
                .get(i + 1)
                .is_some_and(|n| rules.num_multipliers.contains_key(*n))
        {
            // "a hundred": the article is the one.
            current = 1;
            i += 1;
            used = i;
            continue;
        } else if any
            && rules.num_connectors.iter().any(|c| c == t)
            && toks
                .get(i + 1)
                .is_some_and(|n| joins_below(rules, total + current, n))
        {
            i += 1;
            continue;
        } else {
            break;
        }
        any = true;
        i += 1;
        used = i;
    }
    any.then_some((total + current, used))
}

/// A word's span without the elided word glued before it ("d'un" -> "un").
fn unelided(rules: &LangRules, text: &str, s: usize, e: usize) -> (usize, usize) {
    let word = &text[s..e];
    rules
        .num_elisions
        .iter()
        .find(|el| word.len() > el.len() && word.starts_with(el.as_str()))
        .map_or((s, e), |el| (s + el.len(), e))
}

/// Whether a connector may add word `next` to `sofar`: only a smaller
/// order of magnitude than the last one written ("vingt et un", "two
/// hundred and fifty"); "cinq et huit" and "five and six" are two numbers.
fn joins_below(rules: &LangRules, sofar: u64, next: &str) -> bool {
    let Some(&v) = rules
        .num_units
        .get(next)
        .or_else(|| rules.num_tens.get(next))
    else {
        return false;
    };
    let mut mag = 1;
    while sofar > 0 && sofar.is_multiple_of(mag * 10) {
        mag *= 10;
    }
    // After tens, any word below twenty ("soixante et onze").
    sofar > 0 && (v < mag || (mag == 10 && sofar % 100 >= 20 && v < 20))
}

/// Every number in folded `text`, leftmost-longest, words and digits.
pub fn find_numbers(rules: &LangRules, text: &str) -> Vec<NumHit> {
    let mut out = Vec::new();
    // Digits, with an optional scale word after a decimal or integer.
    for m in digits_re().find_iter(text) {
        let prev = text[..m.start()].chars().next_back();
        if prev.is_some_and(|c| {
            c.is_alphanumeric() || c == '-' || c == '+' || c == '$' || c == '€' || c == '£'
        }) {
            // Part of a word, a code, a phone number, a negative, or money.
            if !prev.is_some_and(|c| c == '-' && text[..m.start()].ends_with(" -")) {
                continue;
            }
        }
        let raw = m.as_str().trim_end_matches([',', '.', ' ']);
        let Some((mut value, frac)) = parse_digits(raw) else {
            continue;
        };
        let mut end = m.start() + raw.len();
        // Scale word: "2.5 million", "2,5 millions", "3 000".
        let rest = &text[end..];
        let next: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if let Some(&mult) = rules.num_multipliers.get(next.as_str()) {
            if mult >= 1_000_000 {
                let f = frac.unwrap_or(value as f64);
                value = (f * mult as f64).round() as u64;
                end += rest.len() - rest.trim_start().len() + next.len();
            }
        } else if frac.is_some() {
            continue; // a decimal that is no count (2.5 km, 8,2 %)
        }
        out.push(NumHit {
            start: m.start(),
            end,
            value,
            approximate: false,
            digits: true,
            article: false,
        });
    }
    // Words.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    // Whether the word holds an apostrophe (only then may it be elided).
    let mut elided = false;
    let mut push = |s: usize, e: usize, elided: bool| {
        tokens.push(if elided {
            unelided(rules, text, s, e)
        } else {
            (s, e)
        })
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '\'' {
            if start.is_none() {
                start = Some(i);
                elided = false;
            }
            elided |= c == '\'';
        } else if let Some(s) = start.take() {
            push(s, i, elided);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), elided);
    }
    let mut i = 0;
    while i < tokens.len() {
        // Most words begin no number: nothing below would match them.
        if !rules.may_start_number(&text[tokens[i].0..tokens[i].1]) {
            i += 1;
            continue;
        }
        let words: Vec<&str> = tokens[i..(i + 8).min(tokens.len())]
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        // Words must be separated by spaces or hyphens only.
        let mut contiguous = 1;
        while contiguous < words.len() {
            let gap = &text[tokens[i + contiguous - 1].1..tokens[i + contiguous].0];
            if gap != " " && gap != "-" {
                break;
            }
            contiguous += 1;
        }
        let w0 = words[0];
        if let Some(&v) = rules.approx_nouns.get(w0) {
            // "une dizaine", "a dozen": the article before belongs to the number.
            let s = tokens[i].0;
            let s = article_before(rules, text, s).unwrap_or(s);
            out.push(NumHit {
                start: s,
                end: tokens[i].1,
                value: v,
                approximate: true,
                digits: false,
                article: false,
            });
            i += 1;
            continue;
        }
        let parsed = parse_words(rules, &words[..contiguous]).filter(|&(_, used)| used > 0);
        // A lone "un"/"a" is too often an article: marked as one.
        let article = rules.num_articles.iter().any(|a| a == w0)
            && parsed.is_none_or(|(value, used)| used == 1 && value == 1);
        if let Some((value, used)) = parsed.filter(|_| !article) {
            out.push(NumHit {
                start: tokens[i].0,
                end: tokens[i + used - 1].1,
                value,
                approximate: false,
                digits: false,
                article: false,
            });
            i += used;
            continue;
        }
        if article {
            out.push(NumHit {
                start: tokens[i].0,
                end: tokens[i].1,
                value: 1,
                approximate: false,
                digits: false,
                article: true,
            });
        }
        i += 1;
    }
    out.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut kept: Vec<NumHit> = Vec::new();
    for h in out {
        if kept.last().is_some_and(|k| h.start < k.end) {
            continue;
        }
        kept.push(h);
    }
    kept
}

fn article_before(rules: &LangRules, text: &str, at: usize) -> Option<usize> {
    let before = text[..at].strip_suffix(' ')?;
    let w: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (rules.num_articles.contains(&w) || w == "une" || w == "un").then(|| at - 1 - w.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_groups() {
        assert_eq!(parse_digits("5,800"), Some((5800, None)));
        assert_eq!(parse_digits("5 800"), Some((5800, None)));
        assert_eq!(parse_digits("5.800"), Some((5800, None)));
        assert_eq!(parse_digits("1 000 000"), Some((1_000_000, None)));
        assert_eq!(parse_digits("2.5"), Some((2, Some(2.5))));
        assert_eq!(parse_digits("353"), Some((353, None)));
    }
}
