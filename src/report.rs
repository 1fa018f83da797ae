//! `kazcrisis report`: one self-contained HTML page (inline CSS, JS and
//! SVG; nothing fetched from the network) showing a timeline to people.
//!
//! The data is prepared here, from the timeline alone, with the query
//! engine (`crate::query`): events in `events` order with their source
//! sentences cut into marked pieces, the day axis cut into segments where
//! nothing happens for a while, the tolls as reported, places with
//! coordinates, actors and the pairs that share events. It is embedded in
//! the page as one JSON blob, escaped so that no text from an article can
//! close the `<script>` element; the page's script (`src/report.html`)
//! draws everything with `textContent` and SVG elements, never HTML strings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::lexicon::entities::EntityLexicon;
use crate::query::{
    casualties, entity_summaries, event_range, event_row, select_events, source_pieces, EntityRole,
    EventFilter, Figure, Tally,
};
use crate::timeline::{Mention, Timeline};

/// The page: markup, style and script, with `{{DATA}}` where the JSON goes.
const TEMPLATE: &str = include_str!("report.html");

/// Days without events after which the timeline's axis is broken.
pub const AXIS_GAP_DAYS: i64 = 14;

/// How many actors the actors panel ranks, and how many pairs it lists.
pub const TOP_ACTORS: usize = 15;

/// How many actor pairs sharing events the actors panel lists.
pub const TOP_PAIRS: usize = 20;

/// The whole page for a timeline; `name` (the timeline's file name as
/// given) is shown in its header.
pub fn report_html(t: Timeline, lexicon: &EntityLexicon, name: &str) -> Result<String> {
    let data = report_data(t, lexicon, name);
    let blob = script_json(&data)?;
    Ok(TEMPLATE.replacen("{{DATA}}", &blob, 1))
}

/// JSON that is safe inside a `<script>` element: `<`, `>` and `&` (only
/// ever inside strings in JSON) and the line separators U+2028 and U+2029
/// are written as `\uXXXX` escapes, so neither `</script` nor `<!--` can
/// appear; `JSON.parse` reads the same values back.
pub fn script_json(v: &Value) -> Result<String> {
    let text = serde_json::to_string(v).map_err(|e| Error::output("<report>", e.to_string()))?;
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Days since 1970-01-01 (what the page's script turns back into dates).
fn day_number(d: NaiveDate) -> i64 {
    d.signed_duration_since(NaiveDate::default()).num_days()
}

/// The data the page draws, as one JSON object (see the module comment).
/// Figures' sentences come from the timeline only, never from the files
/// its documents were read from.
pub fn report_data(mut t: Timeline, lexicon: &EntityLexicon, name: &str) -> Value {
    // The query engine looks sentences up in the original files when the
    // timeline lacks them; a report is made from the timeline alone.
    for d in &mut t.documents {
        d.path.clear();
    }
    let t = &t;
    let events = select_events(t, &EventFilter::default());

    // Mentions by document, for marking each source sentence.
    let mut by_doc: BTreeMap<&str, Vec<&Mention>> = BTreeMap::new();
    for m in &t.mentions {
        by_doc.entry(m.doc.as_str()).or_default().push(m);
    }

    // The day axis: first days of dated events, cut where nothing starts
    // for more than AXIS_GAP_DAYS.
    let ranges: Vec<Option<(NaiveDate, NaiveDate)>> =
        events.iter().map(|e| event_range(e)).collect();
    let days: BTreeSet<NaiveDate> = ranges.iter().flatten().map(|r| r.0).collect();
    let mut segments: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in days {
        match segments.last_mut() {
            Some(s) if day_number(d) - day_number(s.1) <= AXIS_GAP_DAYS => s.1 = d,
            _ => segments.push((d, d)),
        }
    }

    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    let mut langs: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &t.documents {
        *langs.entry(d.lang.as_str()).or_default() += 1;
    }
    let mut event_values = Vec::with_capacity(events.len());
    for (e, range) in events.iter().zip(&ranges) {
        *types.entry(e.etype.as_str()).or_default() += 1;
        let row = event_row(e);
        let (day, end_day, segment) = match range {
            Some((a, b)) => (
                Some(day_number(*a)),
                Some(day_number(*b)),
                segments.iter().position(|s| s.0 <= *a && *a <= s.1),
            ),
            None => (None, None, None),
        };
        let sources: Vec<Value> = e
            .sources
            .iter()
            .map(|s| {
                let doc_mentions = by_doc.get(s.doc.as_str());
                let pieces: Vec<Value> =
                    source_pieces(e, s, doc_mentions.into_iter().flatten().copied())
                        .into_iter()
                        .map(|(text, labels)| json!([text, labels]))
                        .collect();
                json!({
                    "doc": s.doc,
                    "sentence": s.sentence,
                    "lang": s.lang,
                    "date": s.date,
                    "pieces": pieces,
                })
            })
            .collect();
        let langs: BTreeSet<&str> = e.sources.iter().map(|s| s.lang.as_str()).collect();
        event_values.push(json!({
            "id": e.id,
            "type": e.etype,
            "date": e.date,
            "precision": e.date_precision,
            "date_end": e.date_end,
            "day": day,
            "end_day": end_day,
            "segment": segment,
            "modality": e.modality,
            "actors": e.actors,
            "places": e.places,
            "counts": row.get("counts").cloned().unwrap_or(Value::Null),
            "documents": row.get("documents").cloned().unwrap_or(Value::Null),
            "langs": langs,
            "sources": sources,
        }));
    }
    let mut type_list: Vec<(&str, usize)> = types.into_iter().collect();
    type_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));

    let actors = entity_summaries(t, EntityRole::Actor, lexicon);
    let places = entity_summaries(t, EntityRole::Place, lexicon);
    let names = |list: &[crate::query::EntitySummary]| -> Map<String, Value> {
        list.iter().map(|s| (s.id.clone(), json!(s.name))).collect()
    };

    json!({
        "source": name,
        "summary": {
            "documents": t.documents.len(),
            "mentions": t.mentions.len(),
            "events": events.len(),
            "undated": ranges.iter().filter(|r| r.is_none()).count(),
            "languages": langs,
            "skipped": t.skipped.len(),
            "first": segments.first().map(|s| s.0.to_string()),
            "last": segments.last().map(|s| s.1.to_string()),
        },
        "types": type_list.iter().map(|(t, n)| json!({"type": t, "events": n})).collect::<Vec<_>>(),
        "segments": segments.iter().map(|(a, b)| json!({
            "start": a.to_string(),
            "end": b.to_string(),
            "from": day_number(*a),
            "to": day_number(*b),
        })).collect::<Vec<_>>(),
        "events": event_values,
        "actor_names": names(&actors),
        "place_names": names(&places),
        "actors": actors.iter().take(TOP_ACTORS).map(|a| json!({
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "mentions": a.mentions,
            "documents": a.documents,
            "events": a.events,
        })).collect::<Vec<_>>(),
        "pairs": actor_pairs(&events),
        "places": places.iter().filter_map(|p| {
            let (lat, lon) = (p.lat?, p.lon?);
            (lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0)
                .then(|| json!({
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "lat": lat,
                    "lon": lon,
                    "events": p.events,
                    "mentions": p.mentions,
                }))
        }).collect::<Vec<_>>(),
        "toll": toll(&casualties(t, |_, _, _| true)),
    })
}

/// Pairs of actors listed together on events, most shared events first.
fn actor_pairs(events: &[&crate::timeline::Event]) -> Vec<Value> {
    let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for e in events {
        let ids: BTreeSet<&str> = e.actors.iter().map(String::as_str).collect();
        let ids: Vec<&str> = ids.into_iter().collect();
        for (i, a) in ids.iter().enumerate() {
            for b in ids.iter().skip(i + 1) {
                *pairs.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut list: Vec<((&str, &str), usize)> = pairs.into_iter().collect();
    list.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    list.into_iter()
        .take(TOP_PAIRS)
        .map(|((a, b), n)| json!({"a": a, "b": b, "events": n}))
        .collect()
}

/// The tolls by category (contract order), each with its groups: every
/// figure, the highest figure per publication date (the steps), and which
/// figures are the conservative (lowest) and the latest.
fn toll(tallies: &[Tally]) -> Vec<Value> {
    let mut by_cat: Vec<(String, Vec<Value>)> = Vec::new();
    for t in tallies {
        let mut steps: BTreeMap<&str, u64> = BTreeMap::new();
        for f in &t.figures {
            if let (Some(d), Some(v)) = (f.dct.as_deref(), f.value()) {
                let s = steps.entry(d).or_insert(v);
                *s = (*s).max(v);
            }
        }
        let figure = |f: &Figure| {
            json!({
                "dct": f.dct,
                "value": f.value(),
                "min": f.min,
                "max": f.max,
                "approximate": f.approximate,
                "doc": f.doc,
                "text": f.text,
                "sentence": f.sentence_text,
            })
        };
        let group = json!({
            "group": t.group,
            "figures": t.figures.iter().map(figure).collect::<Vec<_>>(),
            "steps": steps.iter().map(|(d, v)| json!({"date": d, "value": v})).collect::<Vec<_>>(),
            "lowest": t.lowest,
            "latest": t.latest,
            "range_min": t.range_min,
            "range_max": t.range_max,
        });
        match by_cat.last_mut() {
            Some((c, groups)) if *c == t.category => groups.push(group),
            _ => by_cat.push((t.category.clone(), vec![group])),
        }
    }
    by_cat
        .into_iter()
        .map(|(category, groups)| json!({"category": category, "groups": groups}))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = json!({"t": "</script><!-- <img src=x onerror=alert(1)> & \u{2028}"});
        let s = script_json(&v).expect("serialises");
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v);
    }

    #[test]
    fn template_has_one_placeholder_and_no_network() {
        assert_eq!(TEMPLATE.matches("{{DATA}}").count(), 1);
        // The SVG namespace is an identifier, not something fetched.
        let t = TEMPLATE.replace("\"http://www.w3.org/2000/svg\"", "");
        assert!(!t.contains("http://") && !t.contains("https://"));
        assert!(!t.contains("@import") && !t.contains("fetch(") && !t.contains("XMLHttpRequest"));
    }
}
