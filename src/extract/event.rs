//! Sentence-level events: triggers from data/<lang>/events.toml type the
//! sentence (several types may stand in one sentence; one event per type),
//! tolls with no act behind them become `casualty_report`, and each event
//! takes its date, actors, places and counts from the sentence's mentions.

use std::collections::BTreeMap;

use crate::extract::Ctx;
use crate::lexicon::EntryKind;
use crate::timeline::{Count, Event, Mention, MentionKind, ReportedCount, Source, Span};

/// Casualty categories that make a toll.
const TOLL: &[&str] = &["killed", "injured", "hospitalized"];
/// Acts a toll may belong to.
const ACTS: &[&str] = &["armed_clash", "riot"];

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
    for (si, s) in ctx.sentences.iter().enumerate() {
        let (fs, fe) = ctx.folded.folded_range(s.start, s.end);
        let ftext = &ctx.folded.text[fs..fe];
        let mut by_type: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
        for ti in ctx.rules.trigger_set.matches(ftext).iter() {
            let t = &ctx.rules.triggers[ti];
            if by_type.contains_key(&t.etype) {
                continue;
            }
            // The first match that is not a mere setting ("during the riots").
            let settable = ACTS.contains(&t.etype.as_str()) || t.etype == "protest";
            let hit = t
                .regex
                .find_iter(ftext)
                .find(|m| !(settable && ctx.rules.setting.is_match(&ftext[..m.start()])));
            if let Some(m) = hit {
                let (os, oe) = ctx.folded.original(fs + m.start(), fs + m.end());
                by_type.insert(t.etype.clone(), (os, oe, t.name.clone()));
            }
        }
        let ms: &[&Mention] = &by_sentence[si];
        // A toll is its own report unless it counts the victims of an act
        // the sentence reports ("police killed dozens"); security forces
        // counted among the dead are a report of their own.
        let act = ACTS.iter().any(|a| by_type.contains_key(*a));
        let toll = ms.iter().find(|m| {
            matches!(&m.kind, MentionKind::Quantity { category, group, .. }
                if TOLL.contains(&category.as_str()) && (!act || group == "security_forces"))
        });
        if let Some(q) = toll {
            {
                by_type.insert(
                    "casualty_report".into(),
                    (q.start, q.end, "casualty_report.toll".into()),
                );
            }
        }
        // Tags and one-word bullets ("• riots") are no reports.
        if by_type.is_empty()
            || ftext
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
                < 3
        {
            continue;
        }
        // An attribution ("police said they had killed…") is no statement
        // of its own when the sentence reports a fact.
        if by_type.len() > 1 && by_type.contains_key("statement") {
            let (ss, _, _) = by_type["statement"];
            let facts = by_type.iter().any(|(t, (ts, _, _))| {
                t != "statement"
                    && *ts > ss
                    && modality(ctx, ms, s.start, s.end, *ts) != "hypothetical"
            });
            if facts {
                by_type.remove("statement");
            }
        }
        let mut actors: Vec<String> = Vec::new();
        let mut places: Vec<String> = Vec::new();
        let mut counts: Vec<Count> = Vec::new();
        for m in ms {
            match &m.kind {
                MentionKind::Actor { id, .. } if !actors.contains(id) => actors.push(id.clone()),
                MentionKind::Place { id, .. } if !places.contains(id) => places.push(id.clone()),
                MentionKind::Quantity {
                    category,
                    group,
                    min,
                    max,
                    approximate,
                } if category != "other" => counts.push(Count {
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
                }),
                _ => {}
            }
        }
        if places.is_empty() {
            if let Some(f) = &focus {
                places.push(f.clone());
            }
        }
        for (etype, (ts, te, rule)) in by_type {
            let (date, precision, date_end) = date_for(ctx, ms, ts);
            let modality = modality(ctx, ms, s.start, s.end, ts);
            out.push(Event {
                id: String::new(),
                etype: etype.clone(),
                date: date.clone(),
                date_precision: precision,
                date_end,
                modality,
                actors: actors.clone(),
                places: places.clone(),
                counts: counts.clone(),
                sources: vec![Source {
                    doc: ctx.doc.to_string(),
                    sentence: si,
                    start: s.start,
                    end: s.end,
                    text: ctx.text[s.start..s.end].to_string(),
                    date,
                    lang: lang.to_string(),
                    trigger: Span { start: ts, end: te },
                }],
                merge: Vec::new(),
                rule: ctx
                    .options
                    .explain
                    .then(|| format!("event:data/{}/events.toml#{rule}", ctx.rules.code)),
            });
        }
    }
    out
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
                .by_id
                .get(id)
                .is_some_and(|&e| ctx.lexicon.entities.entries[e].kind == EntryKind::Country);
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

/// The date of an event: the dated time mention of its sentence nearest the
/// trigger (one before it wins a tie).
fn date_for(
    ctx: &Ctx,
    ms: &[&Mention],
    trigger: usize,
) -> (Option<String>, Option<String>, Option<String>) {
    let mut best: Option<(usize, &str, Option<&String>)> = None;
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
            let dist = if m.end <= trigger {
                (trigger - m.end) * 2
            } else {
                m.start.saturating_sub(trigger) * 2 + 1
            };
            if best.is_none_or(|(d, _, _)| dist < d) {
                best = Some((dist, v.as_str(), end_value.as_ref()));
            }
        }
    }
    match best {
        Some((_, v, end)) => {
            let day = v.get(..10).unwrap_or(v);
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

/// Modality from cues around the trigger: negation just before it, a
/// future or conditional auxiliary before it, reported speech anywhere.
fn modality(ctx: &Ctx, ms: &[&Mention], s: usize, e: usize, trigger: usize) -> String {
    // Time expressions are no cues ("on May 9" is not "may").
    let mut raw = ctx.text[s..trigger.max(s)].to_string();
    for m in ms
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Time { .. }))
    {
        if m.start >= s && m.end <= trigger {
            raw.replace_range(m.start - s..m.end - s, &" ".repeat(m.end - m.start));
        }
    }
    let before = crate::text::fold_str(&raw);
    let window: String = {
        let words: Vec<&str> = before.split_whitespace().collect();
        let k = words.len().saturating_sub(5);
        words[k..].join(" ")
    };
    let r = ctx.rules;
    if r.negation.is_match(&window) {
        return "negated".into();
    }
    if r.hypothetical.is_match(&window) {
        return "hypothetical".into();
    }
    let sentence = crate::text::fold_str(&ctx.text[s..e]);
    if r.reported.is_match(&sentence) {
        return "reported".into();
    }
    "asserted".into()
}
