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
    /// A lone article: counts one person only under strict conditions.
    article: bool,
    /// One, in words or as an article ("one", "un", "a"): so often a
    /// pronoun ("one of them said") that its cue must follow closely.
    one: bool,
    /// A part of a total ("3 of the 10 officers"): the counted phrase is
    /// read after the total, which ends here.
    total_end: Option<usize>,
    /// Inside a time expression: no count, but a bound of the phrases.
    time: bool,
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
    let mut times = crate::text::Occupied::default();
    for m in &ctx.mentions {
        if matches!(m.kind, MentionKind::Time { .. }) {
            times.take(m.start, m.end);
        }
    }
    let mut found = Vec::new();
    for s in &ctx.sentences {
        let (fs, fe) = ctx.folded.folded_range(s.start, s.end);
        let upper = |i: usize| {
            let (o, _) = ctx.folded.original(fs + i, fs + i + 1);
            ctx.text[o..].chars().next().is_some_and(char::is_uppercase)
        };
        let in_time = |a: usize, b: usize| {
            let (os, oe) = ctx.folded.original(fs + a, fs + b);
            times.overlaps(os, oe)
        };
        let cased = Cased {
            upper: &upper,
            in_time: &in_time,
        };
        for c in counts_cased(ctx.rules, &ctx.folded.text[fs..fe], &cased) {
            let (os, oe) = ctx.folded.original(fs + c.start, fs + c.end);
            let Some(cat) = c.category else { continue };
            // A number inside a time expression is a date, not a count.
            if times.overlaps(os, oe) {
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

/// What the folded sentence no longer shows: the original's case and the
/// time expressions found in it.
pub struct Cased<'a> {
    /// Whether the folded byte comes from an uppercase letter.
    pub upper: &'a dyn Fn(usize) -> bool,
    /// Whether a folded span overlaps a time expression.
    pub in_time: &'a dyn Fn(usize, usize) -> bool,
}

/// Read every count in one folded sentence (case and times unknown).
pub fn counts(rules: &LangRules, s: &str) -> Vec<Count> {
    counts_cased(
        rules,
        s,
        &Cased {
            upper: &|_| false,
            in_time: &|_, _| false,
        },
    )
}

/// Read every count in one folded sentence, knowing its case and times.
pub fn counts_cased(rules: &LangRules, s: &str, cased: &Cased) -> Vec<Count> {
    let mut cands: Vec<Cand> = Vec::new();
    // Vague phrases first: they win over the number words inside them.
    let vague = rules.vague_set().matches(s);
    for v in vague.iter().filter_map(|k| rules.vague.get(k)) {
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
                article: false,
                one: false,
                total_end: None,
                time: false,
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
        if let Some(m2) = nums.get(i + 1).filter(|m2| !n.article && !m2.article) {
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
                    article: false,
                    one: false,
                    total_end: None,
                    time: false,
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
            rule: if n.article {
                "numbers.toml#article".into()
            } else if n.digits {
                "numbers.toml#digits".into()
            } else {
                "numbers.toml#words".into()
            },
            article: n.article,
            one: n.value == 1 && !n.digits && !n.approximate,
            total_end: None,
            time: false,
        });
        i += 1;
    }
    cands.sort_by_key(|c| c.start);
    // Numbers that count no one (ages, labels, money) neither count nor
    // cut the phrases of the figures around them.
    let mut kept: Vec<Cand> = Vec::new();
    for mut c in cands {
        // A number inside a time expression is a date: it counts no one
        // but still ends the phrases around it.
        if (cased.in_time)(c.start, c.end) {
            c.time = true;
            kept.push(c);
            continue;
        }
        if counts_no_one(rules, s, &c, cased.upper) {
            continue;
        }
        // A part of a total: "3 of the 10 officers", "3 des 10 policiers".
        if let Some(part) = kept.last_mut() {
            let gap = &s[part.end..c.start];
            let whole_of = rules
                .of
                .find(gap)
                .is_some_and(|m| m.end() == gap.trim_end().len() && !gap.trim().is_empty());
            if whole_of
                && !part.time
                && !part.article
                && !c.article
                && part.total_end.is_none()
                && c.min == c.max
                && part.max.zip(c.min).is_some_and(|(p, t)| p <= t)
            {
                part.total_end = Some(c.end);
                continue;
            }
        }
        kept.push(c);
    }
    // Lone articles first: figures bound their phrases, but they bound a
    // figure's phrase only once they count someone.
    let figures: Vec<&Cand> = kept.iter().filter(|c| !c.article).collect();
    let mut out = Vec::new();
    let mut counted_articles: Vec<usize> = Vec::new();
    for c in kept.iter().filter(|c| c.article && !c.time) {
        let prev_end = figures
            .iter()
            .rev()
            .find(|f| f.end() <= c.start)
            .map_or(0, |f| f.end());
        let later: Vec<&Cand> = kept.iter().filter(|f| f.start >= c.end).collect();
        let next_start = later.first().map_or(s.len(), |f| f.start);
        // Coordinated persons share the cue after them ("un homme et une
        // femme ont été tués").
        let (mut chain, mut last_end, mut after_end) = (None, c.end, next_start);
        for (j, f) in later.iter().enumerate().take(3) {
            if f.time || !coordinated(&s[last_end..f.start]) {
                break;
            }
            chain = Some(f.start);
            last_end = f.end();
            after_end = later.get(j + 1).map_or(s.len(), |g| g.start);
        }
        let count = classify(rules, s, c, prev_end, next_start, after_end, chain);
        if count.category.is_some() {
            counted_articles.push(c.start);
            out.push(count);
        }
    }
    for (k, c) in figures.iter().enumerate() {
        let prev_end = if k == 0 { 0 } else { figures[k - 1].end() };
        let next_start = figures.get(k + 1).map(|n| n.start).unwrap_or(s.len());
        // The clause read after a figure runs on across coordinated figures
        // ("Forty soldiers and 12 civilians died"): up to the first next
        // figure not joined to this one by "and" or a comma.
        let mut after_end = next_start;
        let mut j = k + 1;
        while j < figures.len()
            && j <= k + 3
            && coordinated(&s[figures[j - 1].end()..figures[j].start])
        {
            after_end = figures.get(j + 1).map(|n| n.start).unwrap_or(s.len());
            j += 1;
        }
        let np_stop = counted_articles
            .iter()
            .copied()
            .find(|&a| a >= c.end())
            .map_or(next_start, |a| a.min(next_start));
        if !c.time {
            out.push(classify(rules, s, c, prev_end, np_stop, after_end, None));
        }
    }
    out.sort_by_key(|c| c.start);
    // "18 of them": part of the figure before it, in its group (and its
    // category when nothing else gives one).
    for i in 1..out.len() {
        let mut to = (out[i].end + 16).min(s.len());
        while !s.is_char_boundary(to) {
            to -= 1;
        }
        let phrase = s.get(out[i].start..to).unwrap_or("");
        let part = rules
            .of_them
            .find(phrase)
            .is_some_and(|m| out[i].start + m.start() <= out[i].end + 1);
        if !part {
            continue;
        }
        let counted = || out[..i].iter().rev().filter(|p| p.category.is_some());
        let cat = counted().next().and_then(|p| p.category.clone());
        let group = counted()
            .find(|p| p.group != "unspecified")
            .map(|p| p.group.clone());
        if out[i].category.is_none() && cat.is_some() {
            out[i].category = cat;
            out[i].rule.push_str("+quantity.toml#of_them");
        }
        if let Some(g) = group.filter(|_| out[i].group == "unspecified") {
            out[i].group = g;
        }
    }
    out
}

impl Cand {
    /// Where the figure ends, its total included.
    fn end(&self) -> usize {
        self.total_end.unwrap_or(self.end)
    }
}

/// Whether a number counts no one whatever the sentence says: an age
/// ("aged 19 and 23", "Bazoum, 63,"), a label after a capitalised name
/// (Group 4, Article 272), a number before a unit or thing (12 years, 40
/// vehicles).
fn counts_no_one(rules: &LangRules, s: &str, c: &Cand, upper: &dyn Fn(usize) -> bool) -> bool {
    let mut start = c.start;
    for b in &rules.bounds {
        if let Some(m) = b.regex.find(&s[..c.start]) {
            start = m.start();
            break;
        }
    }
    if rules.exclude_before.is_match(&s[..start]) {
        return true;
    }
    // An age in apposition: "Bazoum, 63, is held".
    if c.min == c.max
        && c.min.is_some_and(|v| v <= 120)
        && s[..start].ends_with(", ")
        && s[c.end..].starts_with(',')
    {
        return true;
    }
    // A label: a capitalised word, not the sentence's first, right before
    // the number, and no counted noun after it ("Group 4 and Section 8").
    if !c.article && start == c.start {
        if let Some(before) = s[..c.start].strip_suffix(' ') {
            let word = before
                .char_indices()
                .rev()
                .find(|(_, ch)| !ch.is_alphabetic())
                .map_or(0, |(i, ch)| i + ch.len_utf8());
            if word < before.len()
                && upper(word)
                && !before[..word].trim().is_empty()
                && rules.label_after.is_match(&s[c.end..])
            {
                return true;
            }
        }
    }
    let mut rest = &s[c.end..];
    if let Some(m) = rules.of.find(rest) {
        rest = &rest[m.end()..];
    }
    rules
        .exclude_after
        .find(rest.trim_start_matches([' ', '-']))
        .is_some_and(|m| m.start() == 0)
}

/// Whether the text between two figures joins them ("soldiers and", "morts et").
fn coordinated(gap: &str) -> bool {
    let g = gap.trim_end();
    // A short noun phrase joined by "and"/"et" or a comma; ", and" joins clauses.
    (g.ends_with(" and") || g.ends_with(" et") || g.ends_with(','))
        && !g.ends_with(", and")
        && !g.ends_with(", et")
        && g.split_whitespace().count() <= 4
}

/// Bounds, exclusions, category and group for one candidate.
fn classify(
    rules: &LangRules,
    s: &str,
    c: &Cand,
    prev_end: usize,
    next_start: usize,
    after_end: usize,
    chain: Option<usize>,
) -> Count {
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
    // The counted noun phrase: after "of"/"de" (and after the total of a
    // part: "3 of the 10 officers"), up to a stop word or punctuation.
    let mut rest_start = c.end();
    let rest = &s[rest_start..];
    if let Some(m) = rules.of.find(rest).filter(|_| c.total_end.is_none()) {
        rest_start += m.end();
    }
    let rest = &s[rest_start..];
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
    } else if let Some(w) = noun_word(rules, rest) {
        // The phrase stopped at a counted noun that is also a stop word
        // ("164 morts", "31 dead"): it belongs to the span.
        np_end = rest_start + (rest.len() - rest.trim_start().len()) + w.len();
    }
    // A participle may stand before the noun ("130 wounded protesters"):
    // read the first three words when the phrase stopped short.
    let head3: &str = {
        let t = rest.trim_start();
        let lead = rest.len() - t.len();
        let stop = t
            .find([',', ';', ':', '.', '(', ')', '"'])
            .unwrap_or(t.len());
        let words_end = t[..stop]
            .split(' ')
            .take(3)
            .map(|w| w.len() + 1)
            .sum::<usize>()
            .saturating_sub(1)
            .min(stop);
        &rest[..lead + words_end]
    };
    let phrase = if np.trim().split(' ').count() < 2 {
        head3
    } else {
        np
    };
    let group_hit = earliest_group(rules, phrase);
    // A lone article counts one person only: "un policier", "une personne",
    // "un des manifestants", "a man"; never "une manifestation", "un jour".
    let person_end = if c.article {
        rules
            .person
            .find(np)
            .map(|m| m.end())
            .or(group_hit
                .as_ref()
                .filter(|(_, at, _)| phrase[..*at].trim().is_empty())
                .map(|(_, _, end)| *end))
            .map(|end| phrase_extent(rules, phrase, end))
    } else {
        Some(np.trim_end().len())
    };
    let person = person_end.is_some();
    // Where the words between the counted noun and its cue start: after the
    // noun, or at the last person coordinated with it.
    let gap_from = person_end.map_or(rest_start, |e| rest_start + e);
    // Category: the noun, then the clause after, then the words before.
    let after_end = after_end.max(c.end).min(s.len());
    let after = &s[c.end..after_end];
    let after = after.split([';']).next().unwrap_or(after);
    let before_win = &s[prev_end.min(count.start)..count.start];
    let mut cat = None;
    if c.article {
        // After an article the noun stands alone: "un mort et trois
        // blessés", not "a death toll".
        if let Some(head) = noun_word(rules, rest) {
            let next = rest.trim_start()[head.len()..].trim_start();
            let next_word = next.split(' ').next().unwrap_or("");
            if next.is_empty()
                || next.starts_with(|ch: char| !ch.is_alphanumeric())
                || rules.num_connectors.iter().any(|k| k == next_word)
            {
                cat = rules
                    .categories
                    .iter()
                    .find(|q| q.noun.as_ref().is_some_and(|r| whole(r, head)))
                    .map(|q| (q.name.clone(), "noun"));
            }
        }
    } else {
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
    }
    // The nearest cue wins: the first after the figure, the last before it.
    // After an article the cue must follow the noun closely and take no
    // object ("un policier a été tué", not "un policier a tué deux …").
    if cat.is_none() && person {
        let cued = rules.after_cues(after);
        cat = rules
            .categories
            .iter()
            .zip(&cued)
            .filter_map(|(q, &cued)| {
                q.after
                    .as_ref()
                    .filter(|_| cued)
                    .and_then(|r| r.find(after))
                    .map(|m| (m.start(), m.end(), q))
            })
            .min_by_key(|(at, _, _)| *at)
            .filter(|(at, end, _)| {
                !c.one || {
                    let (from, most) = chain.map_or((gap_from, 3), |p| (p, 5));
                    let gap = s.get(from.min(c.end + at)..c.end + at).unwrap_or("");
                    gap.split_whitespace().count() <= most
                        && !takes_object(rules, &s[c.end + end..])
                }
            })
            .map(|(_, _, q)| (q.name.clone(), "after"));
    }
    if cat.is_none() && person {
        // A space after the window lets a cue end on an elision ("l'arrestation d'").
        let spaced = format!("{before_win} ");
        cat = rules
            .categories
            .iter()
            .filter_map(|q| {
                q.before
                    .as_ref()
                    .and_then(|r| r.find_iter(&spaced).last())
                    .map(|m| (m.end().min(before_win.len()), q))
            })
            .max_by_key(|(at, _)| *at)
            .filter(|(at, _)| !c.article || before_win[*at..].trim().is_empty())
            .map(|(_, q)| (q.name.clone(), "before"));
    }
    // Group: in the counted phrase, else in an "among" phrase after.
    let mut group = None;
    if let Some((name, _, end)) = group_hit {
        group = Some(name);
        np_end = np_end.max(rest_start + end);
    }
    if np_end > rest_start {
        np_end = rest_start + phrase_extent(rules, phrase, np_end - rest_start);
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
    if cat.is_none() && group.is_some() && !c.one {
        for q in &rules.categories {
            if q.pattern.as_ref().is_some_and(|r| r.is_match(np)) {
                cat = Some((q.name.clone(), "group"));
                break;
            }
        }
    }
    // Nor a noun the category never counts.
    let cat = cat.filter(|(name, _)| {
        !rules
            .categories
            .iter()
            .any(|q| &q.name == name && q.not_nouns.as_ref().is_some_and(|r| r.is_match(phrase)))
    });
    if let Some((name, how)) = cat {
        count.category = Some(name.clone());
        count.rule = format!("{}+quantity.toml#{name}.{how}", count.rule);
    }
    count.group = group.unwrap_or_else(|| "unspecified".into());
    count.end = np_end.max(c.end);
    count
}

/// The first word of `text` when it is, whole, a category's counted noun
/// ("morts", "dead", "blessés").
fn noun_word<'a>(rules: &LangRules, text: &'a str) -> Option<&'a str> {
    let t = text.trim_start();
    let head = &t[..t
        .find(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '\''))
        .unwrap_or(t.len())];
    (!head.is_empty()
        && rules
            .categories
            .iter()
            .any(|q| q.noun.as_ref().is_some_and(|r| whole(r, head))))
    .then_some(head)
}

/// Whether `r` matches all of `word`.
fn whole(r: &crate::lexicon::rx::Rx, word: &str) -> bool {
    r.find(word)
        .is_some_and(|m| m.start() == 0 && m.end() == word.len())
}

/// Whether a direct object opens `text`, right after a verb: a number, an
/// article or a determiner ("a tué deux manifestants", "killed a man").
fn takes_object(rules: &LangRules, text: &str) -> bool {
    let t = text.trim_start();
    let word: String = t
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .collect();
    rules.object_start.is_match(text)
        || rules.num_units.contains_key(&word)
        || rules.num_tens.contains_key(&word)
        || rules.num_multipliers.contains_key(&word)
        || rules.num_articles.contains(&word)
        || rules
            .articles
            .iter()
            .any(|a| word == *a || a.ends_with('\'') && word.starts_with(a.as_str()))
}

/// How far the counted phrase starting in `text` runs from `end`: over
/// group and person nouns that start inside it or right after it and end
/// further on ("membres des forces" + "forces de l'ordre", "national
/// guard" + "soldiers", "jeune" + "homme").
fn phrase_extent(rules: &LangRules, text: &str, mut end: usize) -> usize {
    loop {
        let mut grown = false;
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices(' ').map(|(i, _)| i + 1))
            .take_while(|&i| i <= end + 1)
            .collect();
        for &at in &starts {
            let mut reach = rules.person.find(&text[at..]).map_or(0, |m| at + m.end());
            for g in &rules.groups {
                let Some(r) = &g.pattern else { continue };
                if let Some(m) = r.match_at(text, at) {
                    reach = reach.max(m.end());
                }
            }
            if reach > end {
                end = reach;
                grown = true;
            }
        }
        if !grown {
            return end;
        }
    }
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
