//! Selecting events (filters combined with AND, sorted by date then id,
//! undated last) and flattening them into rows, CSV columns and GeoJSON.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use regex::Regex;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::query::dates::{date_range, event_range};
use crate::query::format::Records;
use crate::timeline::{Count, Event, MentionKind, Timeline};

/// The contract's count categories, in column order.
pub const CATEGORIES: &[&str] = &[
    "killed",
    "injured",
    "hospitalized",
    "arrested",
    "participants",
    "deployed",
];

/// The contract's modalities.
pub const MODALITIES: &[&str] = &["asserted", "reported", "negated", "hypothetical"];

/// What `events` (and `export`) keep; every set field must hold.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Any of these types (all when empty).
    pub types: Vec<String>,
    /// This actor id among the event's actors.
    pub actor: Option<String>,
    /// This place id among the event's places.
    pub place: Option<String>,
    /// First day of the window (an event overlapping it is kept).
    pub from: Option<NaiveDate>,
    /// Last day of the window, inclusive.
    pub to: Option<NaiveDate>,
    /// A source in this language.
    pub lang: Option<String>,
    /// A source from this document.
    pub doc: Option<String>,
    /// At least this many distinct source documents.
    pub min_sources: Option<usize>,
    /// Any of these modalities (all when empty).
    pub modalities: Vec<String>,
    /// A source sentence matching this.
    pub text: Option<Regex>,
    /// Drop undated events.
    pub dated: bool,
}

impl EventFilter {
    /// Whether the event passes every filter set. With `from` or `to` set,
    /// undated events never pass (they cannot be placed in the window).
    pub fn matches(&self, e: &Event) -> bool {
        if !self.types.is_empty() && !self.types.contains(&e.etype) {
            return false;
        }
        if !self.modalities.is_empty() && !self.modalities.contains(&e.modality) {
            return false;
        }
        if self.actor.as_ref().is_some_and(|a| !e.actors.contains(a)) {
            return false;
        }
        if self.place.as_ref().is_some_and(|p| !e.places.contains(p)) {
            return false;
        }
        let range = event_range(e);
        if (self.dated || self.from.is_some() || self.to.is_some()) && range.is_none() {
            return false;
        }
        if let Some((start, end)) = range {
            if self.from.is_some_and(|f| end < f) || self.to.is_some_and(|t| start > t) {
                return false;
            }
        }
        if let Some(l) = &self.lang {
            if !e.sources.iter().any(|s| &s.lang == l) {
                return false;
            }
        }
        if let Some(d) = &self.doc {
            if !e.sources.iter().any(|s| &s.doc == d) {
                return false;
            }
        }
        if self.min_sources.is_some_and(|n| document_count(e) < n) {
            return false;
        }
        if let Some(re) = &self.text {
            if !e.sources.iter().any(|s| re.is_match(&s.text)) {
                return false;
            }
        }
        true
    }
}

fn document_count(e: &Event) -> usize {
    e.sources
        .iter()
        .map(|s| &s.doc)
        .collect::<BTreeSet<_>>()
        .len()
}

/// The events passing `filter`, sorted by date (first day, then the date
/// as written, so `2022-01` precedes `2022-01-01`) then id, undated last.
pub fn select_events<'t>(t: &'t Timeline, filter: &EventFilter) -> Vec<&'t Event> {
    let mut out: Vec<&Event> = t.events.iter().filter(|e| filter.matches(e)).collect();
    out.sort_by_cached_key(|e| {
        let start = e.date.as_deref().and_then(date_range).map(|r| r.0);
        (start.is_none(), start, e.date.clone(), e.id.clone())
    });
    out
}

/// One category's figure for an event: the `unspecified` group's count
/// when there is one (the total as reported), else the sum over groups (a
/// max stays open if any group's is).
fn category_figure(counts: &[Count], category: &str) -> Option<(Option<u64>, Option<u64>)> {
    let of: Vec<&Count> = counts.iter().filter(|c| c.category == category).collect();
    if of.is_empty() {
        return None;
    }
    if let Some(u) = of
        .iter()
        .filter(|c| c.group == "unspecified")
        .max_by_key(|c| c.min.or(c.max))
    {
        return Some((u.min, u.max));
    }
    let min = of.iter().map(|c| c.min.unwrap_or(0)).sum();
    let max = of
        .iter()
        .map(|c| c.max)
        .try_fold(0u64, |acc, m| m.map(|m| acc + m));
    Some((Some(min), max))
}

/// Counts in a short human form: `killed/protesters ≥14; injured/unspecified 40`.
fn counts_summary(counts: &[Count]) -> String {
    counts
        .iter()
        .map(|c| {
            let n = match (c.min, c.max) {
                (Some(a), Some(b)) if a == b => format!("{a}"),
                (Some(a), Some(b)) => format!("{a}-{b}"),
                (Some(a), None) => format!("≥{a}"),
                (None, Some(b)) => format!("≤{b}"),
                (None, None) => "?".to_string(),
            };
            let approx = if c.approximate { "~" } else { "" };
            format!("{}/{} {approx}{n}", c.category, c.group)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The export row of an event: id, date, date_precision, date_end, type,
/// modality, actors, places, counts (summary), `<category>_min` and
/// `_max` per contract category, sources (sentences), documents
/// (distinct), first source's doc and sentence.
pub fn event_row(e: &Event) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("id".into(), json!(e.id));
    o.insert("date".into(), json!(e.date));
    o.insert("date_precision".into(), json!(e.date_precision));
    o.insert("date_end".into(), json!(e.date_end));
    o.insert("type".into(), json!(e.etype));
    o.insert("modality".into(), json!(e.modality));
    o.insert("actors".into(), json!(e.actors));
    o.insert("places".into(), json!(e.places));
    o.insert("counts".into(), json!(counts_summary(&e.counts)));
    for cat in CATEGORIES {
        let (min, max) = category_figure(&e.counts, cat).unwrap_or((None, None));
        o.insert(format!("{cat}_min"), json!(min));
        o.insert(format!("{cat}_max"), json!(max));
    }
    o.insert("sources".into(), json!(e.sources.len()));
    o.insert("documents".into(), json!(document_count(e)));
    let first = e.sources.first();
    o.insert("first_doc".into(), json!(first.map(|s| &s.doc)));
    o.insert("first_sentence".into(), json!(first.map(|s| &s.text)));
    o
}

fn row_columns() -> Vec<String> {
    let mut cols: Vec<String> = [
        "id",
        "date",
        "date_precision",
        "date_end",
        "type",
        "modality",
        "actors",
        "places",
        "counts",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for cat in CATEGORIES {
        cols.push(format!("{cat}_min"));
        cols.push(format!("{cat}_max"));
    }
    for c in ["sources", "documents", "first_doc", "first_sentence"] {
        cols.push(c.to_string());
    }
    cols
}

fn flat(rows: &[Map<String, Value>], columns: &[String]) -> Vec<Vec<Value>> {
    rows.iter()
        .map(|o| {
            columns
                .iter()
                .map(|c| o.get(c).cloned().unwrap_or(Value::Null))
                .collect()
        })
        .collect()
}

/// `events` results: export rows for CSV, a narrower table, and the full
/// event objects (as in the timeline) for JSON and JSON Lines.
pub fn events_records(events: &[&Event]) -> Result<Records> {
    let columns = row_columns();
    let rows: Vec<Map<String, Value>> = events.iter().map(|e| event_row(e)).collect();
    let shown = [
        "id",
        "date",
        "type",
        "modality",
        "actors",
        "places",
        "counts",
        "documents",
        "first_sentence",
    ];
    let table_columns = shown
        .iter()
        .filter_map(|s| columns.iter().position(|c| c == s))
        .collect();
    let objects = events
        .iter()
        .map(|e| serde_json::to_value(e).map_err(|err| Error::output(&e.id, err.to_string())))
        .collect::<Result<Vec<_>>>()?;
    Ok(Records {
        rows: flat(&rows, &columns),
        objects,
        columns,
        table_columns,
    })
}

/// `export` rows: the export row of each event, in every format.
pub fn export_records(events: &[&Event]) -> Records {
    let columns = row_columns();
    let rows: Vec<Map<String, Value>> = events.iter().map(|e| event_row(e)).collect();
    Records {
        rows: flat(&rows, &columns),
        objects: rows.into_iter().map(Value::Object).collect(),
        columns,
        table_columns: Vec::new(),
    }
}

/// A GeoJSON FeatureCollection with one Point per (event, place) whose
/// coordinates a place mention in the timeline gives (`[lon, lat]`);
/// places with none are left out and returned by id.
pub fn geojson(t: &Timeline, events: &[&Event]) -> (Value, BTreeSet<String>) {
    let mut coords: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for m in &t.mentions {
        if let MentionKind::Place { id, lat, lon } = &m.kind {
            if lat.is_finite() && lon.is_finite() {
                coords.entry(id.as_str()).or_insert((*lat, *lon));
            }
        }
    }
    let mut missing = BTreeSet::new();
    let mut features = Vec::new();
    for e in events {
        for p in &e.places {
            let Some((lat, lon)) = coords.get(p.as_str()) else {
                missing.insert(p.clone());
                continue;
            };
            let counts: Vec<Value> = e
                .counts
                .iter()
                .map(|c| json!({"category": c.category, "group": c.group, "min": c.min, "max": c.max, "approximate": c.approximate}))
                .collect();
            features.push(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "event": e.id,
                    "type": e.etype,
                    "date": e.date,
                    "modality": e.modality,
                    "place": p,
                    "actors": e.actors,
                    "counts": counts,
                    "sources": e.sources.len(),
                },
            }));
        }
    }
    (
        json!({"type": "FeatureCollection", "features": features}),
        missing,
    )
}
