//! Sentence-level events: triggers from data/<lang>/events.toml type the
//! sentence (several types may stand in one sentence; one event per type),
//! tolls with no act behind them become `casualty_report`, and each event
//! takes its date, actors, places and counts from the sentence's mentions.

use std::collections::BTreeMap;

use crate::extract::Ctx;
use crate::lexicon::{EntryKind, LangRules};
use crate::text::Folded;
use crate::timeline::{Count, Event, Mention, MentionKind, ReportedCount, Source, Span};

/// Casualty categories that make a toll.
const TOLL: &[&str] = &["killed", "injured", "hospitalized"];
/// Acts a toll may belong to.
const ACTS: &[&str] = &["armed_clash", "riot"];

/// One clause of a sentence: original byte span, and whether a conditional
/// word ("if", "si") opens it.
#[derive(Debug, Clone, Copy)]
struct Clause {
    start: usize,
    end: usize,
    conditional: bool,
}

/// One event found in a sentence, before its arguments are attached.
struct Found {
    etype: String,
    start: usize,
    end: usize,
    rule: String,
}

/// Split the sentence `[s, e)` at clause boundaries (punctuation and
/// conjunctions from lang.toml `clause`). Boundary words belong to no clause.
fn clauses(ctx: &Ctx, s: usize, e: usize) -> Vec<Clause> {
    let (fs, fe) = ctx.folded.folded_range(s, e);
    let ftext = &ctx.folded.text[fs..fe];
    let mut out = Vec::new();
    let mut at = s;
    let mut cond = false;
    for m in ctx.rules.clause.find_iter(ftext) {
        let (bs, be) = ctx.folded.original(fs + m.start(), fs + m.end());
        if bs > at {
            out.push(Clause {
                start: at,
                end: bs,
                conditional: cond,
            });
        }
        at = be.max(at);
        cond = ctx.rules.conditional.is_match(m.as_str());
    }
    if e > at || out.is_empty() {
        out.push(Clause {
            start: at.min(e),
            end: e,
            conditional: cond,
        });
    }
    out
}

/// Index of the clause holding byte `at` (the last one starting at or before it).
fn clause_of(cl: &[Clause], at: usize) -> usize {
    cl.iter().rposition(|c| c.start <= at).unwrap_or(0)
}

/// Whether sentence `si` opens a paragraph: the document starts, or a
/// blank line lies between it and the sentence before (any line break, in
/// a document with no blank lines: one paragraph a line).
fn opens_paragraph(ctx: &Ctx, si: usize, blank_lines: bool) -> bool {
    let Some(prev) = si.checked_sub(1).and_then(|p| ctx.sentences.get(p)) else {
        return true;
    };
    let gap = ctx
        .text
        .get(prev.end..ctx.sentences[si].start)
        .unwrap_or("");
    if blank_lines {
        let lines: Vec<&str> = gap.split('\n').collect();
        lines.len() > 2
            && lines[1..lines.len() - 1]
                .iter()
                .any(|l| l.trim().is_empty())
    } else {
        gap.contains('\n')
    }
}

/// A time mention that is the dateline of its sentence ("DAKAR, June 3
/// (Reuters) - ..."): near the sentence start and followed by a dash.
fn is_dateline(ctx: &Ctx, s: usize, m: &Mention) -> bool {
    if m.start < s || m.start - s > 40 {
        return false;
    }
    let head = ctx.text.get(s..m.start).unwrap_or("");
    if head.chars().any(|c| c == '.' || c == '"') {
        return false;
    }
    let rest = ctx.text.get(m.end..).unwrap_or("").trim_start();
    let rest = match rest.strip_prefix('(') {
        Some(r) => match r.find(')') {
            Some(i) if i < 30 => r[i + 1..].trim_start(),
            _ => return false,
        },
        None => rest,
    };
    rest.starts_with("- ") || rest.starts_with('—') || rest.starts_with('–')
}

/// Whether a count of `category` (in `group`) belongs by nature to an event of `etype`.
fn fits(category: &str, etype: &str) -> bool {
    match category {
        "arrested" => etype == "arrest",
        "deployed" => etype == "deployment",
        "participants" => etype == "protest",
        c if TOLL.contains(&c) => ACTS.contains(&etype) || etype == "casualty_report",
        _ => false,
    }
}

/// Byte distance from a span to a trigger.
fn distance(a: (usize, usize), t: &Found) -> usize {
    if a.1 <= t.start {
        t.start - a.1
    } else {
        a.0.saturating_sub(t.end)
    }
}

/// The event a count belongs to: an event whose type it counts (a toll of
/// security forces goes to the casualty report, other tolls to the act),
/// else the nearest trigger of its clause, else the nearest of the sentence.
fn owner(found: &[Found], cl: &[Clause], q: &Mention, category: &str, group: &str) -> usize {
    let span = (q.start, q.end);
    let nearest = |it: &mut dyn Iterator<Item = usize>| -> Option<usize> {
        it.min_by_key(|&i| distance(span, &found[i]))
    };
    let tolls = TOLL.contains(&category);
    if tolls && group == "security_forces" {
        if let Some(i) = found.iter().position(|f| f.etype == "casualty_report") {
            return i;
        }
    }
    if tolls {
        if let Some(i) =
            nearest(&mut (0..found.len()).filter(|&i| ACTS.contains(&found[i].etype.as_str())))
        {
            return i;
        }
    }
    if let Some(i) = nearest(&mut (0..found.len()).filter(|&i| fits(category, &found[i].etype))) {
        return i;
    }
    let qc = clause_of(cl, q.start);
    if let Some(i) = nearest(&mut (0..found.len()).filter(|&i| clause_of(cl, found[i].start) == qc))
    {
        return i;
    }
    nearest(&mut (0..found.len())).unwrap_or(0)
}

/// Compile what [`extract`] will run on a document's sentences: the
/// trigger set, the triggers it finds, and, if any, the clause and modality
/// rules. Run while the entity index is still being built on another
/// thread (the first document of a run), it is work the event stage no
/// longer does after waiting for the index; it changes no result.
pub fn prepare(rules: &LangRules, folded: &Folded, sentences: &[Span]) {
    let mut any = false;
    for s in sentences {
        let (fs, fe) = folded.folded_range(s.start, s.end);
        let ftext = &folded.text[fs..fe];
        for ti in rules.trigger_set().matches(ftext).iter() {
            any |= rules.triggers[ti].regex.is_match(ftext);
        }
    }
    if any {
        for rule in [
            &rules.clause,
            &rules.conditional,
            &rules.setting,
            &rules.negation,
            &rules.negative_determiner,
            &rules.hypothetical,
            &rules.reported,
        ] {
            let _ = rule.is_match("");
        }
    }
}

/// Find the events of every sentence.
pub fn extract(ctx: &Ctx, lang: &str) -> Vec<Event> {
    let focus = focus_place(ctx);
    let mut out = Vec::new();
    // Mentions by sentence, once (mentions are sorted by start).
    let mut by_sentence: Vec<Vec<&Mention>> = vec![Vec::new(); ctx.sentences.len()];
    for m in &ctx.mentions {
        if let Some(v) = by_sentence.get_mut(m.sentence) {
            v.push(m);
        }
    }
    // The narrative date of the paragraph: the last date a sentence gave.
    let mut narrative: Option<(String, String)> = None;
    let blank_lines = ctx
        .text
        .trim_end()
        .split('\n')
        .skip(1)
        .any(|l| l.trim().is_empty());
    for (si, s) in ctx.sentences.iter().enumerate() {
        if opens_paragraph(ctx, si, blank_lines) {
            narrative = None;
        }
        let ms: &[&Mention] = &by_sentence[si];
        let (fs, fe) = ctx.folded.folded_range(s.start, s.end);
        let ftext = &ctx.folded.text[fs..fe];
        // Tolls (killed, injured) counted in the sentence.
        let toll_of = |m: &&&Mention, act: bool| {
            matches!(&m.kind, MentionKind::Quantity { category, group, .. }
                if TOLL.contains(&category.as_str()) && (!act || group == "security_forces"))
        };
        let has_toll = ms.iter().any(|m| toll_of(&m, false));
        let mut by_type: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
        for (ti, end) in ctx
            .rules
            .trigger_set()
            .first_ends(ftext)
            .into_iter()
            .enumerate()
        {
            let Some(end) = end else { continue };
            let t = &ctx.rules.triggers[ti];
            if by_type.contains_key(&t.etype) {
                continue;
            }
            // No match starts before the text its set match needs.
            let from = ctx
                .rules
                .trigger_reach(ti)
                .map_or(0, |n| end.saturating_sub(n));
            // The first match that is not a mere setting ("during the riots");
            // clashes a toll died in are the act behind it ("killed in clashes").
            let settable = (t.etype == "riot" || t.etype == "protest")
                || (t.etype == "armed_clash" && !has_toll);
            // Nor what someone demands ("calling for his resignation"):
            // only the asking is an event; a protest called for is one
            // still to come (its modality says so).
            let demandable = !matches!(
                t.etype.as_str(),
                "statement" | "assistance_request" | "protest"
            );
            let hit = t.regex.find_iter_in(ftext, from..ftext.len()).find(|m| {
                let before = &ftext[..m.start()];
                let setting = settable && ctx.rules.setting.is_match(before);
                let demanded = demandable && ctx.rules.demand.is_match(before);
                !(setting || demanded)
            });
            if let Some(m) = hit {
                let (os, oe) = ctx.folded.original(fs + m.start(), fs + m.end());
                by_type.insert(t.etype.clone(), (os, oe, t.name.clone()));
            }
        }
        // A toll is its own report unless it counts the victims of an act
        // the sentence reports ("police killed dozens"); security forces
        // counted among the dead are a report of their own.
        let act = ACTS.iter().any(|a| by_type.contains_key(*a));
        if let Some(q) = ms.iter().find(|m| toll_of(m, act)) {
            by_type.insert(
                "casualty_report".into(),
                (q.start, q.end, "casualty_report.toll".into()),
            );
        }
        // Tags and one-word bullets ("• riots") are no reports.
        if by_type.is_empty()
            || ftext
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
                < 3
        {
            update_narrative(ctx, ms, s.start, &mut narrative);
            continue;
        }
        let cl = clauses(ctx, s.start, s.end);
        // Whether a speech cue stands in the sentence: asked once, whatever
        // the number of events in it.
        let reported = std::cell::OnceCell::new();
        // An attribution ("police said they had killed…") is no statement
        // of its own when the sentence reports a fact.
        if by_type.len() > 1 && by_type.contains_key("statement") {
            let (ss, _, _) = by_type["statement"];
            let facts = by_type.iter().any(|(t, (ts, te, _))| {
                t != "statement"
                    && *ts > ss
                    && modality(ctx, ms, &cl, (s.start, s.end, &reported), (*ts, *te), t)
                        != "hypothetical"
            });
            if facts {
                by_type.remove("statement");
            }
        }
        let found: Vec<Found> = by_type
            .into_iter()
            .map(|(etype, (start, end, rule))| Found {
                etype,
                start,
                end,
                rule,
            })
            .collect();
        let mut places: Vec<String> = Vec::new();
        let mut actors: Vec<Vec<String>> = vec![Vec::new(); found.len()];
        let mut counts: Vec<Vec<Count>> = vec![Vec::new(); found.len()];
        let multi = found.len() > 1;
        let claimed: Vec<usize> = found.iter().map(|f| clause_of(&cl, f.start)).collect();
        for m in ms {
            match &m.kind {
                MentionKind::Actor { id, .. } => {
                    let c = clause_of(&cl, m.start);
                    for (i, f) in found.iter().enumerate() {
                        // Several events: an actor goes to the event of its
                        // clause, or to all when its clause has none.
                        let mine = !multi
                            || claimed[i] == c
                            || !claimed.contains(&c)
                            || f.etype == "casualty_report";
                        if mine && !actors[i].contains(id) {
                            actors[i].push(id.clone());
                        }
                    }
                }
                MentionKind::Place { id, .. } if !places.contains(id) => places.push(id.clone()),
                MentionKind::Quantity {
                    category,
                    group,
                    min,
                    max,
                    approximate,
                } if category != "other" => {
                    let i = owner(&found, &cl, m, category, group);
                    counts[i].push(Count {
                        category: category.clone(),
                        group: group.clone(),
                        min: *min,
                        max: *max,
                        approximate: *approximate,
                        reported: Some(vec![ReportedCount {
                            doc: ctx.doc.to_string(),
                            start: m.start,
                            min: *min,
                            max: *max,
                        }]),
                    });
                }
                _ => {}
            }
        }
        // An event whose clause names no actor takes those of the clause
        // right before when that one holds another event (a shared subject:
        // "police fired tear gas and arrested 30"; not "…, a day after
        // protests began").
        for i in 0..found.len() {
            if actors[i].is_empty() && claimed[i] > 0 && claimed.contains(&(claimed[i] - 1)) {
                let c = claimed[i] - 1;
                let before: Vec<String> = ms
                    .iter()
                    .filter(|m| clause_of(&cl, m.start) == c)
                    .filter_map(|m| match &m.kind {
                        MentionKind::Actor { id, .. } => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                for id in before {
                    if !actors[i].contains(&id) {
                        actors[i].push(id);
                    }
                }
            }
        }
        if places.is_empty() {
            if let Some(f) = &focus {
                places.push(f.clone());
            }
        }
        for (i, f) in found.iter().enumerate() {
            let (mut date, mut precision, date_end) = date_for(ctx, ms, &cl, s.start, f.start);
            if date.is_none() {
                if let Some((d, p)) = &narrative {
                    date = Some(d.clone());
                    precision = Some(p.clone());
                }
            }
            let modality = modality(
                ctx,
                ms,
                &cl,
                (s.start, s.end, &reported),
                (f.start, f.end),
                &f.etype,
            );
            if modality == "hypothetical" {
                if let Some(next) = coming_weekday(ctx, ms, &cl, f.end, date.as_deref()) {
                    date = Some(next);
                }
            }
            out.push(Event {
                id: String::new(),
                etype: f.etype.clone(),
                date: date.clone(),
                date_precision: precision,
                date_end,
                modality,
                actors: std::mem::take(&mut actors[i]),
                places: places.clone(),
                counts: std::mem::take(&mut counts[i]),
                sources: vec![Source {
                    doc: ctx.doc.to_string(),
                    sentence: si,
                    start: s.start,
                    end: s.end,
                    text: ctx.text[s.start..s.end].to_string(),
                    date,
                    lang: lang.to_string(),
                    trigger: Span {
                        start: f.start,
                        end: f.end,
                    },
                }],
                merge: Vec::new(),
                rule: ctx
                    .options
                    .explain
                    .then(|| format!("event:data/{}/events.toml#{}", ctx.rules.code, f.rule)),
            });
        }
        update_narrative(ctx, ms, s.start, &mut narrative);
    }
    out
}

/// A future event's bare weekday after its trigger ("will be lifted on
/// Friday") is the coming one: when the time resolver gave the past such
/// day (before the DCT), the date a week later.
fn coming_weekday(
    ctx: &Ctx,
    ms: &[&Mention],
    cl: &[Clause],
    trigger_end: usize,
    date: Option<&str>,
) -> Option<String> {
    let date = date?;
    let dct = ctx.dct?;
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    if day >= dct {
        return None;
    }
    let tc = clause_of(cl, trigger_end.saturating_sub(1));
    let bare = ms.iter().any(|m| {
        let MentionKind::Time { value: Some(v), .. } = &m.kind else {
            return false;
        };
        if v != date || m.start < trigger_end || clause_of(cl, m.start) != tc {
            return false;
        }
        let t = crate::text::fold_str(&m.text);
        let words: Vec<&str> = t.split_whitespace().collect();
        let r = ctx.rules;
        words.len() <= 2
            && words
                .iter()
                .filter(|w| r.weekdays.contains_key(**w))
                .count()
                == 1
            && words.iter().all(|w| {
                r.weekdays.contains_key(*w)
                    || r.prepositions.iter().any(|p| p == w)
                    || r.articles.iter().any(|a| a == w)
            })
    });
    bare.then(|| {
        (day + chrono::Duration::days(7))
            .format("%Y-%m-%d")
            .to_string()
    })
}

/// Whether a time mention names its date outright (a month name or a
/// numeric date: "on 4 January", "2022-01-04"), not relative to the DCT
/// ("on Thursday", "yesterday").
fn explicit(ctx: &Ctx, m: &Mention) -> bool {
    let t = crate::text::fold_str(&m.text);
    let numeric = t.contains(|c: char| c.is_ascii_digit()) && t.contains(['-', '/', '.']);
    numeric
        || t.split(|c: char| !c.is_alphanumeric() && c != '.')
            .any(|w| ctx.rules.months.contains_key(w))
}

/// After a sentence: the paragraph's narrative date becomes the last
/// explicit day or month the sentence names (datelines and "since"
/// references aside). Never the DCT.
fn update_narrative(
    ctx: &Ctx,
    ms: &[&Mention],
    s: usize,
    narrative: &mut Option<(String, String)>,
) {
    let last = ms.iter().rev().find_map(|m| match &m.kind {
        MentionKind::Time {
            value: Some(v),
            ttype,
            ..
        } if ttype == "date" && !v.contains('W') && explicit(ctx, m) && !is_dateline(ctx, s, m) => {
            let day = v.get(..10).unwrap_or(v);
            let before = crate::text::fold_str(ctx.text.get(s..m.start).unwrap_or(""));
            let reference = |t: &str| {
                ctx.rules
                    .since
                    .find_iter(t)
                    .last()
                    .is_some_and(|x| t.len() - x.end() < 4)
            };
            let own = crate::text::fold_str(&m.text);
            if reference(&before) || ctx.rules.since.is_match(&own) {
                return None;
            }
            match day.len() {
                10 => Some((day.to_string(), "day".to_string())),
                7 => Some((day.to_string(), "month".to_string())),
                _ => None,
            }
        }
        _ => None,
    });
    if last.is_some() {
        *narrative = last;
    }
}

/// The country most mentioned as a place in the document: where undated,
/// unplaced events of the document happen by default.
fn focus_place(ctx: &Ctx) -> Option<String> {
    let mut n: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, m) in ctx.mentions.iter().enumerate() {
        if let MentionKind::Place { id, .. } = &m.kind {
            let is_country = ctx
                .lexicon
                .entities
                .index_of(id)
                .is_some_and(|e| ctx.lexicon.entities.entries[e].kind == EntryKind::Country);
            if is_country {
                let e = n.entry(id).or_insert((0, i));
                e.0 += 1;
            }
        }
    }
    n.into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(id, _)| id.to_string())
}

/// The date of an event: the dated time mention nearest the trigger in
/// the trigger's clause, else in its sentence (one before the trigger wins
/// a tie). A dateline ("DAKAR, June 3 (Reuters) -") dates the sentence
/// only when it has no other date.
fn date_for(
    ctx: &Ctx,
    ms: &[&Mention],
    cl: &[Clause],
    s: usize,
    trigger: usize,
) -> (Option<String>, Option<String>, Option<String>) {
    let mut times: Vec<(&Mention, &String, Option<&String>)> = Vec::new();
    for m in ms {
        if let MentionKind::Time {
            value: Some(v),
            ttype,
            end_value,
            ..
        } = &m.kind
        {
            if ttype != "date" && ttype != "time" {
                continue;
            }
            if m.start > trigger
                && ctx
                    .rules
                    .since
                    .is_match(&crate::text::fold_str(&ctx.text[trigger..m.start]))
            {
                continue;
            }
            times.push((m, v, end_value.as_ref()));
        }
    }
    if times.len() > 1 {
        let own: Vec<_> = times
            .iter()
            .filter(|(m, _, _)| !is_dateline(ctx, s, m))
            .copied()
            .collect();
        if !own.is_empty() {
            times = own;
        }
    }
    let tc = clause_of(cl, trigger);
    if times.iter().any(|(m, _, _)| clause_of(cl, m.start) == tc) {
        times.retain(|(m, _, _)| clause_of(cl, m.start) == tc);
    }
    let mut best: Option<(usize, &str, Option<&String>)> = None;
    for (m, v, end_value) in times {
        let dist = if m.end <= trigger {
            (trigger - m.end) * 2
        } else {
            m.start.saturating_sub(trigger) * 2 + 1
        };
        if best.is_none_or(|(d, _, _)| dist < d) {
            best = Some((dist, v.as_str(), end_value));
        }
    }
    match best {
        Some((_, v, end)) => {
            // A week keeps its week ("2024-W25"), a weekend too ("-WE").
            let day = v.get(..if v.contains("-W") { 8 } else { 10 }).unwrap_or(v);
            let precision = if v.contains("-W") {
                "week"
            } else {
                match day.len() {
                    10 => "day",
                    7 => "month",
                    _ => "year",
                }
            };
            (
                Some(day.to_string()),
                Some(precision.to_string()),
                end.cloned(),
            )
        }
        None => (None, None, None),
    }
}

/// The folded text of `[a, b)` with its time mentions blanked out (time
/// expressions are no cues: "on May 9" is not "may").
fn cue_text(ctx: &Ctx, ms: &[&Mention], a: usize, b: usize) -> String {
    let mut raw = ctx.text.get(a..b.max(a)).unwrap_or("").to_string();
    for m in ms
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Time { .. }))
    {
        if m.start >= a && m.end <= b {
            raw.replace_range(m.start - a..m.end - a, &" ".repeat(m.end - m.start));
        }
    }
    crate::text::fold_str(&raw)
}

/// Modality from cues in the trigger's clause. Negated: a negation in the
/// 6 words before the trigger or inside its span, or a negative determiner
/// right before it ("no protests"). Hypothetical (stronger than reported):
/// a future or conditional cue before the trigger in its clause, inside
/// its span or in the 3 words after it, or a conditional clause ("if…")
/// as the clause itself or next to it. Reported: a speech cue anywhere in
/// the sentence. A statement takes no cue from what it announces.
fn modality(
    ctx: &Ctx,
    ms: &[&Mention],
    cl: &[Clause],
    (s, e, reported): (usize, usize, &std::cell::OnceCell<bool>),
    (ts, te): (usize, usize),
    etype: &str,
) -> String {
    let ci = clause_of(cl, ts);
    let c = cl.get(ci).copied().unwrap_or(Clause {
        start: s,
        end: e,
        conditional: false,
    });
    let before = cue_text(ctx, ms, c.start.min(ts), ts);
    let words: Vec<&str> = before.split_whitespace().collect();
    let last = |n: usize| words[words.len().saturating_sub(n)..].join(" ");
    let span = cue_text(ctx, ms, ts, te);
    let after = cue_text(ctx, ms, te, c.end.max(te));
    let after: String = after
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let r = ctx.rules;
    if r.negation.is_match(&last(6))
        || r.negation.is_match(&span)
        || r.negative_determiner.is_match(&last(2))
    {
        return "negated".into();
    }
    let conditional = c.conditional
        || cl.get(ci + 1).is_some_and(|n| n.conditional)
        || (ci > 0 && cl.get(ci - 1).is_some_and(|p| p.conditional));
    // A statement is made, whatever it announces ("said troops would…").
    let utterance = etype == "statement";
    // A protest someone calls for ("appelle à une grève générale") is yet
    // to happen.
    let called = etype == "protest" && r.demand.is_match(&format!("{before} "));
    if (!utterance
        && (conditional || r.hypothetical.is_match(&span) || r.hypothetical.is_match(&after)))
        || r.hypothetical.is_match(&last(8))
        || called
    {
        return "hypothetical".into();
    }
    // The document's folded view of the sentence (what folding it anew
    // would give, without the copy).
    let reported = *reported.get_or_init(|| {
        let (fs, fe) = ctx.folded.folded_range(s, e);
        let sentence = ctx.folded.text.get(fs..fe).unwrap_or_default();
        r.reported.is_match(sentence)
    });
    if reported {
        return "reported".into();
    }
    "asserted".into()
}
