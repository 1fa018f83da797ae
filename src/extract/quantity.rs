//! Counts: every number (digits, words, vague phrases) that counts people
//! of a contract category becomes a `quantity` mention with its category
//! (from the counted noun, the clause after it, or the words before it),
//! its group (from the counted noun phrase or an "among" phrase) and its
//! bounds (more than, about, up to, between … and …). Numbers that count
//! no one (ages, money, distances, ordinals, times) are left out.

use crate::extract::numbers::{find_numbers, NumHit};
use crate::extract::Ctx;
use crate::lexicon::LangRules;
use crate::timeline::MentionKind;

/// A count candidate in folded coordinates.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    min: Option<u64>,
    max: Option<u64>,
    approximate: bool,
    rule: String,
}

/// A count read from folded text, before category and group.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    /// Folded span start (bound words included).
    pub start: usize,
    /// Folded span end (counted noun included).
    pub end: usize,
    /// Category, or None when the number counts no one.
    pub category: Option<String>,
    /// Group.
    pub group: String,
    /// Bounds.
    pub min: Option<u64>,
    /// Bounds.
    pub max: Option<u64>,
    /// Vague or bounded.
    pub approximate: bool,
    /// Rules that fired.
    pub rule: String,
}

/// Find counts in the document and push quantity mentions.
pub fn extract(ctx: &mut Ctx) {
    let times: Vec<(usize, usize)> = ctx
        .mentions
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Time { .. }))
        .map(|m| (m.start, m.end))
        .collect();
    let mut found = Vec::new();
    for s in &ctx.sentences {
        let (fs, fe) = ctx.folded.folded_range(s.start, s.end);
        for c in counts(ctx.rules, &ctx.folded.text[fs..fe]) {
            let (os, oe) = ctx.folded.original(fs + c.start, fs + c.end);
            let Some(cat) = c.category else { continue };
            // A number inside a time expression is a date, not a count.
            let (ns, _) = (os, oe);
            if times
                .iter()
                .any(|&(ts, te)| ns < te && ts < oe && overlaps_number(ts, te, ns, oe))
            {
                continue;
            }
            found.push((os, oe, cat, c.group, c.min, c.max, c.approximate, c.rule));
        }
    }
    for (os, oe, category, group, min, max, approximate, rule) in found {
        ctx.push(
            os,
            oe,
            MentionKind::Quantity {
                category,
                group,
                min,
                max,
                approximate,
            },
            &format!("quantity:data/{}/{}", ctx.rules.code, rule),
        );
    }
}

fn overlaps_number(ts: usize, te: usize, s: usize, e: usize) -> bool {
    ts < e && s < te
}

/// Read every count in one folded sentence.
pub fn counts(rules: &LangRules, s: &str) -> Vec<Count> {
    let mut cands: Vec<Cand> = Vec::new();
    // Vague phrases first: they win over the number words inside them.
    for v in &rules.vague {
        for m in v.regex.find_iter(s) {
            if cands.iter().any(|c| m.start() < c.end && c.start < m.end()) {
                continue;
            }
            cands.push(Cand {
                start: m.start(),
                end: m.end(),
                min: Some(v.min),
                max: Some(v.max),
                approximate: true,
                rule: format!("numbers.toml#{}", v.name),
            });
        }
    }
    let nums: Vec<NumHit> = find_numbers(rules, s)
        .into_iter()
        .filter(|n| !cands.iter().any(|c| n.start < c.end && c.start < n.end))
        .collect();
    let mut i = 0;
    while i < nums.len() {
        let n = &nums[i];
        // Ordinals and suffixed digits: 1er, 45th, 3e.
        let after = &s[n.end..];
        if n.digits && after.starts_with(|c: char| c.is_alphabetic()) {
            i += 1;
            continue;
        }
        // Ranges: between 20 and 30, 20 to 30, entre 20 et 30, 20 a 30.
        if let Some(m2) = nums.get(i + 1) {
            let gap = s[n.end..m2.start].trim();
            let before = s[..n.start].trim_end();
            let between = before.ends_with("between") || before.ends_with("entre");
            let joiner =
                matches!(gap, "to" | "a" | "-" | "–") || (between && matches!(gap, "and" | "et"));
            if joiner && m2.value > n.value {
                let word = if before.ends_with("between") {
                    "between".len()
                } else {
                    "entre".len()
                };
                let start = if between {
                    before.len() - word
                } else {
                    n.start
                };
                cands.push(Cand {
                    start,
                    end: m2.end,
                    min: Some(n.value),
                    max: Some(m2.value),
                    approximate: true,
                    rule: "numbers.toml#range".into(),
                });
                i += 2;
                continue;
            }
        }
        cands.push(Cand {
            start: n.start,
            end: n.end,
            min: Some(n.value),
            max: Some(n.value),
            approximate: n.approximate,
            rule: if n.digits {
                "numbers.toml#digits".into()
            } else {
                "numbers.toml#words".into()
            },
        });
        i += 1;
    }
    cands.sort_by_key(|c| c.start);
    let mut out = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let prev_end = if k == 0 { 0 } else { cands[k - 1].end };
        let next_start = cands.get(k + 1).map(|n| n.start).unwrap_or(s.len());
        out.push(classify(rules, s, c, prev_end, next_start));
    }
    out
}

/// Bounds, exclusions, category and group for one candidate.
fn classify(rules: &LangRules, s: &str, c: &Cand, prev_end: usize, next_start: usize) -> Count {
    let mut count = Count {
        start: c.start,
        end: c.end,
        category: None,
        group: "unspecified".into(),
        min: c.min,
        max: c.max,
        approximate: c.approximate,
        rule: c.rule.clone(),
    };
    let before = &s[prev_end.min(c.start)..c.start];
    // Bound words just before the number.
    for b in &rules.bounds {
        if let Some(m) = b.regex.find(before) {
            let v = c.min;
            match b.kind.as_str() {
                "min" => {
                    count.min = v;
                    count.max = None;
                }
                "max" => {
                    count.min = None;
                    count.max = c.max;
                }
                _ => {}
            }
            count.approximate = true;
            count.start = prev_end.min(c.start) + m.start();
            count.rule = format!("{}+numbers.toml#{}", count.rule, b.name);
            break;
        }
    }
    if rules.exclude_before.is_match(&s[..count.start]) {
        return count;
    }
    // The counted noun phrase: after "of"/"de", up to a stop word or punctuation.
    let mut rest_start = c.end;
    let rest = &s[c.end..];
    if let Some(m) = rules.of.find(rest) {
        rest_start += m.end();
    }
    let rest = &s[rest_start..];
    let trimmed = rest.trim_start_matches([' ', '-']);
    if rules
        .exclude_after
        .find(trimmed)
        .is_some_and(|m| m.start() == 0)
    {
        return count;
    }
    let mut np_end = rest_start;
    let np = {
        let mut end = rest.len();
        if let Some(p) = rest.find([',', ';', ':', '.', '(', ')', '"', '!', '?']) {
            end = end.min(p);
        }
        if let Some(m) = rules.noun_stop.find(&rest[..end]) {
            end = end.min(m.start());
        }
        let end = end
            .min(next_start.saturating_sub(rest_start))
            .min(rest.len());
        &rest[..end]
    };
    let head_len = np.trim_start().split(' ').next().map(str::len).unwrap_or(0);
    if head_len > 0 {
        np_end = rest_start + (np.len() - np.trim_start().len()) + head_len;
    }
    // Category: the noun, then the clause after, then the words before.
    let after_end = next_start.max(c.end).min(s.len());
    let after = &s[c.end..after_end];
    let after = after.split([';']).next().unwrap_or(after);
    let before_win = &s[prev_end.min(count.start)..count.start];
    let mut cat = None;
    for q in &rules.categories {
        if q.noun.as_ref().is_some_and(|r| {
            r.find(np).is_some_and(|m| {
                np[..m.start()]
                    .trim()
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .count()
                    <= 1
            })
        }) {
            cat = Some((q.name.clone(), "noun"));
            break;
        }
    }
    if cat.is_none() {
        for q in &rules.categories {
            if q.after.as_ref().is_some_and(|r| r.is_match(after)) {
                cat = Some((q.name.clone(), "after"));
                break;
            }
        }
    }
    if cat.is_none() {
        for q in &rules.categories {
            if q.before.as_ref().is_some_and(|r| r.is_match(before_win)) {
                cat = Some((q.name.clone(), "before"));
                break;
            }
        }
    }
    // Group: in the counted phrase, else in an "among" phrase after.
    let mut group = None;
    if let Some((name, _, end)) = earliest_group(rules, np) {
        group = Some(name);
        np_end = np_end.max(rest_start + end);
    }
    if group.is_none() {
        // The first "among" phrase after the number in the clause governs
        // every figure before it ("12 dead and 353 injured in the ranks of …").
        let clause = &s[c.end..];
        let clause = &clause[..clause.find(';').unwrap_or(clause.len())];
        if let Some(m) = rules.among.find(clause) {
            let tail = &clause[m.end()..];
            let tail = &tail[..tail.find([',', ';', '.']).unwrap_or(tail.len())];
            group = earliest_group(rules, tail).map(|(name, _, _)| name);
        }
    }
    // A group noun with no category cue: protesters counted are
    // participants, troops counted are deployed.
    if cat.is_none() {
        if let Some(g) = &group {
            for q in &rules.categories {
                if q.pattern.as_ref().is_some_and(|r| r.is_match(np)) {
                    cat = Some((q.name.clone(), "group"));
                    break;
                }
            }
            let _ = g;
        }
    }
    if let Some((name, how)) = cat {
        count.category = Some(name.clone());
        count.rule = format!("{}+quantity.toml#{name}.{how}", count.rule);
    }
    count.group = group.unwrap_or_else(|| "unspecified".into());
    count.end = np_end.max(c.end);
    count
}

/// The group whose cue comes first in `text`: (name, start, end).
fn earliest_group(rules: &LangRules, text: &str) -> Option<(String, usize, usize)> {
    rules
        .groups
        .iter()
        .filter_map(|g| {
            g.pattern
                .as_ref()
                .and_then(|r| r.find(text))
                .map(|m| (g.name.clone(), m.start(), m.end()))
        })
        .min_by_key(|(_, s, _)| *s)
}
