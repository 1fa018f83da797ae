//! Actors and places: every alias of the lexicon found whole-word in the
//! folded text, case rules applied on the original, overlaps resolved to the
//! longest, person names folded one edit away, countries made actors where
//! they act and places where they are located.

use crate::extract::Ctx;
use crate::lexicon::entities::{Pattern, Role};
use crate::lexicon::{EntryKind, Origin};
use crate::text::fold_str;
use crate::timeline::MentionKind;

/// One entity hit before it becomes mentions.
#[derive(Debug, Clone)]
struct Hit {
    start: usize,
    end: usize,
    pattern: usize,
}

/// Find actor and place mentions in the document.
pub fn extract(ctx: &mut Ctx) {
    let lex = &ctx.lexicon.entities;
    let folded = &ctx.folded;
    let mut hits = Vec::new();
    for (s, e, pattern) in lex.index.find(folded.text.as_str()) {
        let p = &lex.patterns[pattern];
        let (os, oe) = folded.original(s, e);
        if !case_ok(p, lex.entries[p.entry].kind, &ctx.text[os..oe]) {
            continue;
        }
        hits.push(Hit {
            start: s,
            end: e,
            pattern,
        });
    }
    // Longest first, then leftmost; curated before gazetteer at equal span.
    // Countries the document names: an ambiguous place name (Paris, Texas
    // or France) goes to a place in one of them, then to the larger one.
    let named: std::collections::BTreeSet<&str> = hits
        .iter()
        .map(|h| &lex.entries[lex.patterns[h.pattern].entry])
        .filter(|e| e.kind == EntryKind::Country)
        .filter_map(|e| e.country.as_deref())
        .collect();
    let rank = |h: &Hit| {
        let e = &lex.entries[lex.patterns[h.pattern].entry];
        let in_named = e.country.as_deref().is_some_and(|c| named.contains(c));
        (e.origin, in_named, e.population.unwrap_or(0))
    };
    hits.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
            .then(rank(b).cmp(&rank(a)))
            .then(a.pattern.cmp(&b.pattern))
    });
    let mut taken = crate::text::Occupied::default();
    let mut kept = Vec::new();
    for h in hits {
        if taken.take(h.start, h.end) {
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| (h.start, h.end));
    let rules = ctx.rules;
    let mut out: Vec<(usize, usize, MentionKind, String)> = Vec::new();
    let mut votes: std::collections::BTreeMap<usize, (usize, std::cmp::Reverse<usize>)> =
        std::collections::BTreeMap::new();
    for h in &kept {
        let p = &lex.patterns[h.pattern];
        let e = &lex.entries[p.entry];
        let gaz = e.origin == Some(Origin::Gazetteer);
        let (prev, prev2) = words_before(&folded.text, h.start, &rules.articles);
        let next = next_word(&folded.text, h.end);
        let locs = if e.kind == EntryKind::Country {
            &rules.country_locatives
        } else {
            &rules.locatives
        };
        let locative = locs
            .iter()
            .any(|l| *l == prev || *l == format!("{prev2} {prev}"));
        // Gazetteer names need support: capitalised (checked), common words
        // need a locative, and a capitalised word right before (not at a
        // sentence start) makes it part of a person's or body's name.
        if gaz && p.role == Role::Name {
            if e.common_word && !locative {
                continue;
            }
            let (os, oe) = folded.original(h.start, h.end);
            if e.kind != EntryKind::Country
                && (preceded_by_name(ctx.text, os) || followed_by_name(ctx.text, oe))
            {
                continue;
            }
        }
        // A metonym inside a longer name ("George Washington University").
        if p.role == Role::Metonym {
            let (os, oe) = folded.original(h.start, h.end);
            if preceded_by_name(ctx.text, os) || followed_by_name(ctx.text, oe) {
                continue;
            }
        }
        let metonymic_capital = e.capital_of.is_some() && !locative;
        let votes_for = match (e.kind, p.role) {
            (EntryKind::Country, Role::Name | Role::Acronym) => lex.by_id.get(&e.id).copied(),
            (EntryKind::City | EntryKind::Region, Role::Name) if !metonymic_capital => {
                lex.country_of(e)
            }
            _ => None,
        };
        if let Some(c) = votes_for {
            votes.entry(c).or_insert((0, std::cmp::Reverse(h.start))).0 += 1;
        }
        let rule = format!("entity:{}", e.provenance);
        let (os, oe) = folded.original(h.start, h.end);
        match (e.kind, p.role) {
            (_, Role::Demonym) => {
                let country = lex.country_of(e).map(|i| &lex.entries[i]);
                if let Some(c) = country {
                    let agentive = !gaz
                        || rules.agent_nouns.contains(&next)
                        || rules.agent_nouns.contains(&prev);
                    if agentive {
                        out.push((os, oe, actor(&c.id), rule.clone()));
                    }
                }
            }
            (_, Role::Metonym) => out.push((os, oe, actor(&e.id), rule.clone())),
            (EntryKind::Country, _) => {
                let acting = !gaz || !rules.prepositions.contains(&prev);
                if acting {
                    out.push((os, oe, actor(&e.id), rule.clone()));
                }
                if locative {
                    out.push((os, oe, place(e), rule.clone()));
                }
            }
            (EntryKind::City | EntryKind::Region, _) => {
                out.push((os, oe, place(e), rule.clone()));
                if let Some(cap) = &e.capital_of {
                    if !locative && !rules.prepositions.contains(&prev) {
                        out.push((os, oe, actor(cap), rule.clone()));
                    }
                }
            }
            _ => out.push((os, oe, actor(&e.id), rule.clone())),
        }
    }
    // The crisis country, where the events happen: the one with the most
    // votes (its names, and its cities and regions other than a capital
    // standing for its government); each of its names is a place too, even
    // where no preposition says so.
    // A tie goes to the country named first.
    let focus = votes.into_iter().max_by_key(|(_, k)| *k).map(|(e, _)| e);
    if let Some(fe) = focus {
        let e = &lex.entries[fe];
        let placed: std::collections::BTreeSet<usize> = out
            .iter()
            .filter(|(_, _, k, _)| matches!(k, MentionKind::Place { .. }))
            .map(|(s, _, _, _)| *s)
            .collect();
        for h in &kept {
            let p = &lex.patterns[h.pattern];
            if p.entry == fe && matches!(p.role, Role::Name | Role::Acronym) {
                let (os, oe) = folded.original(h.start, h.end);
                if !placed.contains(&os) {
                    out.push((os, oe, place(e), format!("entity-focus:{}", e.provenance)));
                }
            }
        }
    }
    for (s, e, k, r) in out {
        ctx.push(s, e, k, &r);
    }
    fuzzy_persons(ctx, &taken);
}

fn actor(id: &str) -> MentionKind {
    MentionKind::Actor {
        id: id.to_string(),
        known: true,
    }
}

fn place(e: &crate::lexicon::Entry) -> MentionKind {
    MentionKind::Place {
        id: e.id.clone(),
        lat: e.lat.unwrap_or(0.0),
        lon: e.lon.unwrap_or(0.0),
    }
}

/// Case rules: acronyms match their exact case; proper names must start
/// with a capital (or be in a script without case); demonyms and group
/// words match any case.
fn case_ok(p: &Pattern, kind: EntryKind, original: &str) -> bool {
    match p.role {
        Role::Acronym => fold_exact(original) == fold_exact(&p.surface),
        Role::Demonym => true,
        Role::Name | Role::Metonym => {
            if kind == EntryKind::Group {
                return true;
            }
            original.chars().next().is_some_and(|c| !c.is_lowercase())
        }
    }
}

/// Accent-fold without lowercasing, for exact-case comparisons.
fn fold_exact(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                deunicode::deunicode_char(c).unwrap_or("").to_string()
            }
        })
        .collect()
}

/// The folded word just before byte `at` (skipping spaces and apostrophe elision).
pub fn prev_word(text: &str, at: usize) -> String {
    let trimmed = text[..at].trim_end_matches([' ', '\n', '\t', '\r']);
    let len: usize = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .map(char::len_utf8)
        .sum();
    trimmed[trimmed.len() - len..].to_string()
}

/// The two folded words before byte `at`, skipping one article ("à l'Espagne" -> "a").
fn words_before(text: &str, at: usize, articles: &[String]) -> (String, String) {
    let mut at = at;
    let mut prev = prev_word(text, at);
    if articles.contains(&prev) {
        at = start_of_prev(text, at, &prev);
        prev = prev_word(text, at);
    }
    let prev2 = prev_word(text, start_of_prev(text, at, &prev));
    (prev, prev2)
}

fn start_of_prev(text: &str, at: usize, prev: &str) -> usize {
    let trimmed = text[..at].trim_end_matches([' ', '\n', '\t', '\r']);
    trimmed.len().saturating_sub(prev.len())
}

/// The folded word just after byte `at`.
pub fn next_word(text: &str, at: usize) -> String {
    text[at..]
        .trim_start_matches([' ', '\n', '\t', '\r'])
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect()
}

/// Whether the original text just before `at` is a capitalised word that is
/// not at a sentence start: "George Washington", "Saint Louis".
fn preceded_by_name(text: &str, at: usize) -> bool {
    let before = &text[..at];
    if !before.ends_with(' ') {
        return false;
    }
    let b = before.trim_end();
    let word: Vec<char> = b.chars().rev().take_while(|c| c.is_alphabetic()).collect();
    if word.len() < 2 {
        return false;
    }
    let first = word[word.len() - 1];
    if !first.is_uppercase() {
        return false;
    }
    let rest = &b[..b.len() - word.iter().map(|c| c.len_utf8()).sum::<usize>()];
    let prior = rest.trim_end();
    // Sentence start or after punctuation: the capital says nothing.
    !(prior.is_empty() || prior.ends_with(['.', '!', '?', ':', '\n', '"', '«', '“', '(', ',', ';']))
}

/// Whether a capitalised word follows right after `at` (one space, no
/// punctuation): the match is the start of a longer name ("George
/// Washington", "Nice Airport").
fn followed_by_name(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let Some(r) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
    word.chars().count() >= 2
        && word.chars().next().is_some_and(char::is_uppercase)
        && !word.chars().all(char::is_uppercase)
}

/// Person surnames one edit away ("Tonkaïev" for "Tokaïev"), when unique.
fn fuzzy_persons(ctx: &mut Ctx, taken: &crate::text::Occupied) {
    let lex = &ctx.lexicon.entities;
    if lex.surnames.is_empty() {
        return;
    }
    let text = ctx.folded.text.clone();
    let mut found = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if !(bytes[i] as char).is_ascii_alphabetic()
            || (i > 0 && (bytes[i - 1] as char).is_ascii_alphanumeric())
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (bytes[j] as char).is_ascii_alphabetic() {
            j += 1;
        }
        let word = &text[i..j];
        if word.len() >= 6 && !taken.overlaps(i, j) {
            let (os, oe) = ctx.folded.original(i, j);
            let capital = ctx.text[os..oe]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if capital {
                let mut cands: Vec<usize> = lex
                    .surnames
                    .iter()
                    .filter(|(s, _)| s.len().abs_diff(word.len()) <= 1 && within_one_edit(s, word))
                    .map(|(_, e)| *e)
                    .collect();
                cands.sort();
                cands.dedup();
                let exact_other = lex.surnames.iter().any(|(s, _)| s == word);
                if cands.len() == 1 && !exact_other {
                    found.push((
                        os,
                        oe,
                        lex.entries[cands[0]].id.clone(),
                        lex.entries[cands[0]].provenance.clone(),
                    ));
                }
            }
        }
        i = j;
    }
    for (s, e, id, prov) in found {
        ctx.push(s, e, actor(&id), &format!("entity-fuzzy:{prov}"));
    }
}

/// Levenshtein distance at most one.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if short.len() == long.len() {
        short[i + 1..] == long[i + 1..]
    } else {
        short[i..] == long[i + 1..]
    }
}

/// Open-vocabulary actors: a capitalised name introduced by a title
/// ("President Gotabaya Rajapaksa", "le Premier ministre Alikhan Smaïlov"),
/// not already known, becomes an actor with `known: false`.
pub fn open_vocabulary(ctx: &mut Ctx) {
    let folded = &ctx.folded;
    let mut found = Vec::new();
    let mut named = crate::text::Occupied::default();
    for m in &ctx.mentions {
        if matches!(
            m.kind,
            MentionKind::Actor { .. } | MentionKind::Place { .. }
        ) {
            named.take(m.start, m.end);
        }
    }
    for m in ctx.rules.titles.find_iter(&folded.text) {
        let (_, oe) = folded.original(m.start(), m.end());
        // Read up to three capitalised words after the title.
        let rest = &ctx.text[oe..];
        let mut pos = 0;
        let mut words = Vec::new();
        for tok in rest.split_inclusive(' ') {
            let w = tok.trim_end();
            let w = w.trim_end_matches([',', '.', ';', ':', ')', '»', '"', '”']);
            if words.is_empty() && tok.trim().is_empty() {
                pos += tok.len();
                continue;
            }
            let cap = w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() >= 2;
            if !cap || words.len() >= 3 {
                break;
            }
            words.push((oe + pos, oe + pos + w.len()));
            pos += tok.len();
            if tok.trim_end().len() != w.len() {
                break; // punctuation ended the name
            }
        }
        if words.is_empty() {
            continue;
        }
        let (s, e) = (words[0].0, words[words.len() - 1].1);
        if named.overlaps(s, e) {
            continue;
        }
        let last = &ctx.text[words[words.len() - 1].0..words[words.len() - 1].1];
        let id = crate::text::slug(last);
        if id.is_empty() || ctx.lexicon.entities.by_id.contains_key(&id) {
            continue;
        }
        found.push((s, e, id));
    }
    for (s, e, id) in found {
        ctx.push(
            s,
            e,
            MentionKind::Actor { id, known: false },
            "entity:open-vocabulary",
        );
    }
    let _ = fold_str;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("tokaiev", "tonkaiev"));
        assert!(within_one_edit("tokaiev", "tokaev"));
        assert!(!within_one_edit("tokaiev", "nazarbaiev"));
    }
}
