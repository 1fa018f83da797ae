//! Appositions that re-resolve a place name: "Moscow, Idaho", "Paris
//! (Texas)", "Paris, au Texas" name the city of that name in the
//! qualifier's region or country, not the larger one elsewhere.
//!
//! A kept city (or region) hit followed by `, Q`, ` (Q)` or a French `, au
//! Q` (the links of lang.toml `[apposition]`), where Q is a place hit:
//! - a reading of Q that agrees with the name's own reading changes
//!   nothing ("Paris, France"), except that it picks Q's reading
//!   ("Seattle, Washington" is the state);
//! - else the name takes the reading (any place of that name, the
//!   homonyms included) that lies in a reading of Q: "Moscow, Idaho" is
//!   `moscow_us`;
//! - else, when Q is a region or a country by itself (a region only after
//!   a French link: "à Paris, en Allemagne, puis à Rome" is a list) and no
//!   list goes on after it ("Moscow, Ukraine and Belarus"), the name is
//!   dropped: the city of that name in Q is not known, the other one is
//!   wrong.
//!
//! The document's other mentions of the name without a qualifier of their
//! own take the same decision (one sense per document).

use std::collections::BTreeMap;

use super::Hit;
use crate::extract::Ctx;
use crate::lexicon::entities::{EntityLexicon, Role};
use crate::lexicon::{Entry, EntryKind};
use crate::text::fold_str;

/// What an apposition decides for one kept hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// The reading the name has by itself.
    Default,
    /// This entry, supported by the apposition (the name's guards are met).
    Entry(usize),
    /// No place at all: the qualifier names no known place of that name.
    Drop,
}

/// How the qualifier is attached to the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `Paris, Texas`.
    Comma,
    /// `Paris, au Texas`: a link word after the comma.
    Link,
    /// `Paris (Texas)`.
    Paren,
}

/// One reading per kept hit (`kept` sorted by start), from the appositions
/// of the document; `hits` are all the hits, for the other readings of a span.
pub(super) fn resolve(ctx: &Ctx, hits: &[Hit], kept: &[Hit]) -> Vec<Reading> {
    let lex = &ctx.lexicon.entities;
    let mut out = vec![Reading::Default; kept.len()];
    // Default entry of a name -> the decision its appositions took (None
    // when two disagree).
    let mut sense: BTreeMap<usize, Option<Reading>> = BTreeMap::new();
    let mut qualified = vec![false; kept.len()];
    for (i, h) in kept.iter().enumerate() {
        let p = &lex.patterns[h.pattern];
        let d = p.entry;
        if p.role != Role::Name || !matches!(lex.entry(d).kind, EntryKind::City | EntryKind::Region)
        {
            continue;
        }
        let Some((j, form)) = qualifier_after(ctx, kept, i) else {
            continue;
        };
        let qd = lex.patterns[kept[j].pattern].entry;
        let decision = decide(ctx, hits, kept, (i, d), (j, qd), form);
        qualified[i] = true;
        if let Some(r) = decision.qualifier {
            out[j] = Reading::Entry(r);
        }
        if decision.name != Reading::Default {
            out[i] = decision.name;
        }
        sense
            .entry(d)
            .and_modify(|s| {
                if *s != Some(decision.name) {
                    *s = None;
                }
            })
            .or_insert(Some(decision.name));
    }
    for (i, h) in kept.iter().enumerate() {
        let p = &lex.patterns[h.pattern];
        if qualified[i] || out[i] != Reading::Default || p.role != Role::Name {
            continue;
        }
        if let Some(Some(r)) = sense.get(&p.entry) {
            out[i] = *r;
        }
    }
    out
}

/// What one apposition decides: for the name, and a reading for the
/// qualifier other than its own.
struct Decision {
    name: Reading,
    qualifier: Option<usize>,
}

/// Decide the apposition of kept hit `i` (default entry `d`) by kept hit
/// `j` (default entry `qd`).
fn decide(
    ctx: &Ctx,
    hits: &[Hit],
    kept: &[Hit],
    (i, d): (usize, usize),
    (j, qd): (usize, usize),
    form: Form,
) -> Decision {
    let lex = &ctx.lexicon.entities;
    let e = |k: usize| lex.entry(k);
    let keep = Decision {
        name: Reading::Default,
        qualifier: None,
    };
    if compatible(e(d), e(qd)) {
        return keep;
    }
    let mut q_all = readings(
        lex,
        hits,
        &ctx.folded.text,
        kept[j].start,
        kept[j].end,
        None,
    );
    q_all.retain(|&r| matches!(e(r).kind, EntryKind::Region | EntryKind::Country));
    if q_all.is_empty() {
        return keep; // a city after the comma: a list ("Moscow, Kyiv and Minsk")
    }
    // Q's own reading first: the state Georgia only where the country
    // has no place of that name.
    q_all.sort_by_key(|&r| r != qd);
    if let Some(&r) = q_all.iter().find(|&&r| compatible(e(d), e(r))) {
        return Decision {
            name: Reading::Default,
            qualifier: (r != qd).then_some(r),
        };
    }
    let main = e(d).names.first().map(|n| fold_str(n));
    let names = readings(
        lex,
        hits,
        &ctx.folded.text,
        kept[i].start,
        kept[i].end,
        main.as_deref(),
    );
    let best = q_all.iter().find_map(|&r| {
        names
            .iter()
            .filter(|&&c| c != d && compatible(e(c), e(r)))
            .max_by_key(|&&c| (e(c).population.unwrap_or(0), std::cmp::Reverse(&e(c).id)))
            .map(|&c| (c, r))
    });
    if let Some((c, r)) = best {
        return Decision {
            name: Reading::Entry(c),
            qualifier: (r != qd).then_some(r),
        };
    }
    // Dropping needs Q to be a region or a country by itself, and no list
    // going on; after a link, a country is a list of places more often
    // than a qualifier ("à Paris, en Allemagne, puis à Rome").
    let drops = match (form, e(qd).kind) {
        (Form::Paren, EntryKind::Region | EntryKind::Country) => true,
        (Form::Comma, EntryKind::Region | EntryKind::Country) | (Form::Link, EntryKind::Region) => {
            !list_goes_on(ctx, kept, j)
        }
        _ => false,
    };
    if drops {
        return Decision {
            name: Reading::Drop,
            qualifier: None,
        };
    }
    keep
}

/// Whether place `c` lies in place `q`: in its country, and in its region
/// where both say which.
fn compatible(c: &Entry, q: &Entry) -> bool {
    if c.id == q.id || !matches!(c.kind, EntryKind::City | EntryKind::Region) {
        return false;
    }
    let same_country = c.country.is_some() && c.country == q.country;
    match q.kind {
        EntryKind::Country => same_country,
        EntryKind::Region => same_country && (q.admin1.is_none() || c.admin1 == q.admin1),
        _ => false,
    }
}

/// Every place entry a span may name: the hits over exactly that span and
/// the places matched only through an apposition; for a name (`main`
/// given: the main name of its own reading, "Moscou" -> "moscow") also the
/// homonym towns, and the same for `main`. A qualifier's readings need no
/// towns (it is a region or a country), so they never read them.
fn readings(
    lex: &EntityLexicon,
    hits: &[Hit],
    folded: &str,
    start: usize,
    end: usize,
    main: Option<&str>,
) -> Vec<usize> {
    let place = |pattern: usize| {
        let p = &lex.patterns[pattern];
        (matches!(p.role, Role::Name | Role::Acronym) && lex.entry(p.entry).kind.is_place())
            .then_some(p.entry)
    };
    let mut out: Vec<usize> = hits
        .iter()
        .filter(|h| h.start == start && h.end == end)
        .filter_map(|h| place(h.pattern))
        .collect();
    let span = folded.get(start..end).unwrap_or("");
    out.extend_from_slice(lex.qualified_named(span));
    if let Some(m) = main {
        out.extend_from_slice(lex.homonym_towns_named(span));
        if m != span {
            out.extend(lex.index.get(m).iter().filter_map(|&p| place(p)));
            out.extend_from_slice(lex.qualified_named(m));
            out.extend_from_slice(lex.homonym_towns_named(m));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The kept hit that qualifies kept hit `i`, and how: `, Q` (a lang.toml
/// link allowed after the comma) where no capitalised word follows Q (not
/// "Paris, Texas Instruments") and Q is not the subject of a `governs` verb
/// ("In Moscow, Kazakhstan said"), or ` (Q)`. Q is a name of a place.
fn qualifier_after(ctx: &Ctx, kept: &[Hit], i: usize) -> Option<(usize, Form)> {
    let t = &ctx.folded.text;
    let end = kept[i].end;
    let rest = t.get(end..)?;
    let (at, form) = if let Some(r) = rest.strip_prefix(", ") {
        match link_len(&ctx.rules.apposition.links, r) {
            0 => (end + 2, Form::Comma),
            n => (end + 2 + n, Form::Link),
        }
    } else if rest.starts_with(" (") {
        (end + 2, Form::Paren)
    } else if rest.starts_with('(') {
        (end + 1, Form::Paren)
    } else {
        return None;
    };
    let j = kept.partition_point(|k| k.start < at);
    let q = kept.get(j).filter(|q| q.start == at)?;
    let p = &ctx.lexicon.entities.patterns[q.pattern];
    if !matches!(p.role, Role::Name | Role::Acronym)
        || !ctx.lexicon.entities.entries[p.entry].kind.is_place()
    {
        return None;
    }
    let ok = match form {
        Form::Paren => t.get(q.end..).is_some_and(|r| r.starts_with(')')),
        Form::Comma | Form::Link => {
            let (_, oe) = ctx.folded.original(q.start, q.end);
            let window = (q.end + 200).min(t.len());
            let window = (window..=t.len())
                .find(|&k| t.is_char_boundary(k))
                .unwrap_or(t.len());
            !super::followed_by_name(ctx.text, oe) && !ctx.rules.governs.is_match(&t[q.end..window])
        }
    };
    ok.then_some((j, form))
}

/// The length of the link word(s) `r` starts with ("au ", "dans l'"), or 0.
fn link_len(links: &[String], r: &str) -> usize {
    for l in links {
        if let Some(after) = r.strip_prefix(l.as_str()) {
            if l.ends_with('\'') {
                return l.len();
            }
            if after.starts_with(' ') {
                return l.len() + 1;
            }
        }
    }
    0
}

/// Whether a list goes on after the qualifier, kept hit `j`: a list word
/// ("and", "et"), another place (after a comma, maybe after a link: "en
/// Ukraine, en Biélorussie"), or a possessive ("Moscow, Ukraine's ally").
fn list_goes_on(ctx: &Ctx, kept: &[Hit], j: usize) -> bool {
    let t = &ctx.folded.text;
    let Some(rest) = t.get(kept[j].end..) else {
        return false;
    };
    if rest.starts_with("'s") {
        return true;
    }
    let r = rest.trim_start_matches(' ');
    let r = r.strip_prefix(',').unwrap_or(r).trim_start_matches(' ');
    let word_at = |w: &str| {
        r.strip_prefix(w)
            .is_some_and(|a| !a.starts_with(|c: char| c.is_alphanumeric()))
    };
    if ctx.rules.apposition.list_words.iter().any(|w| word_at(w)) {
        return true;
    }
    let at = t.len() - r.len();
    let at = at + link_len(&ctx.rules.apposition.links, r);
    let k = kept.partition_point(|k| k.start < at);
    kept.get(k).is_some_and(|h| {
        h.start == at
            && ctx.lexicon.entities.entries[ctx.lexicon.entities.patterns[h.pattern].entry]
                .kind
                .is_place()
    })
}
