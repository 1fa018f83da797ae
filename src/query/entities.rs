//! Actors and places seen in a timeline: display names from the lexicon,
//! how often and where they are mentioned, and when.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::lexicon::entities::EntityLexicon;
use crate::query::dates::{date_range, event_range};
use crate::query::format::Records;
use crate::timeline::{MentionKind, Timeline};

/// Which side of the vocabulary to summarise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRole {
    /// Actor mentions and event actors.
    Actor,
    /// Place mentions and event places.
    Place,
}

/// One actor or place as the timeline shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntitySummary {
    /// Id (slug).
    pub id: String,
    /// Display name from the lexicon, else the id.
    pub name: String,
    /// Lexicon kind (person, organisation, group, country, city, region), else `unknown`.
    pub kind: String,
    /// Mentions of it.
    pub mentions: usize,
    /// Documents mentioning it.
    pub documents: usize,
    /// Events listing it.
    pub events: usize,
    /// Earliest date seen (as written): an event's date or a mentioning document's DCT.
    pub first_seen: Option<String>,
    /// Latest date seen (as written), likewise.
    pub last_seen: Option<String>,
    /// Latitude (places: first mention's, else the lexicon's).
    pub lat: Option<f64>,
    /// Longitude, likewise.
    pub lon: Option<f64>,
}

#[derive(Default)]
struct Acc<'t> {
    mentions: usize,
    docs: BTreeSet<&'t str>,
    events: usize,
    dates: Vec<&'t str>,
    coords: Option<(f64, f64)>,
    /// The first mention's text (the name of an id no lexicon knows).
    text: Option<&'t str>,
}

/// Every actor (or place) id in mentions or events, most mentioned first,
/// then by id. First and last seen span the dates of the events listing it
/// and the DCTs of the documents mentioning it, by the days they cover.
pub fn entity_summaries(
    t: &Timeline,
    role: EntityRole,
    lexicon: &EntityLexicon,
) -> Vec<EntitySummary> {
    let dct: BTreeMap<&str, &str> = t
        .documents
        .iter()
        .filter_map(|d| Some((d.id.as_str(), d.dct.as_deref()?)))
        .collect();
    let mut acc: BTreeMap<&str, Acc> = BTreeMap::new();
    for m in &t.mentions {
        let (id, coords) = match (&m.kind, role) {
            (MentionKind::Actor { id, .. }, EntityRole::Actor) => (id, None),
            (MentionKind::Place { id, lat, lon }, EntityRole::Place) => (id, Some((*lat, *lon))),
            _ => continue,
        };
        let a = acc.entry(id.as_str()).or_default();
        a.mentions += 1;
        a.docs.insert(m.doc.as_str());
        if let Some(d) = dct.get(m.doc.as_str()) {
            a.dates.push(d);
        }
        if a.coords.is_none() {
            a.coords = coords;
        }
        if a.text.is_none() {
            a.text = Some(m.text.as_str());
        }
    }
    for e in &t.events {
        let ids = match role {
            EntityRole::Actor => &e.actors,
            EntityRole::Place => &e.places,
        };
        for id in ids {
            let a = acc.entry(id.as_str()).or_default();
            a.events += 1;
            if let (Some(d), Some(_)) = (e.date.as_deref(), event_range(e)) {
                a.dates.push(d);
            }
        }
    }
    let mut out: Vec<EntitySummary> = acc
        .into_iter()
        .map(|(id, a)| {
            let entry = lexicon.get(id);
            let first_seen = a
                .dates
                .iter()
                .filter_map(|d| Some((date_range(d)?.0, *d)))
                .min()
                .map(|(_, d)| d.to_string());
            let last_seen = a
                .dates
                .iter()
                .filter_map(|d| Some((date_range(d)?.1, *d)))
                .max()
                .map(|(_, d)| d.to_string());
            let coords = a.coords.or_else(|| {
                let e = entry?;
                Some((e.lat?, e.lon?))
            });
            let is_place = role == EntityRole::Place;
            EntitySummary {
                id: id.to_string(),
                name: entry
                    .map(|e| e.display_name())
                    .or(a.text)
                    .unwrap_or(id)
                    .to_string(),
                kind: entry.map_or("unknown", |e| e.kind.as_str()).to_string(),
                mentions: a.mentions,
                documents: a.docs.len(),
                events: a.events,
                first_seen,
                last_seen,
                lat: coords.filter(|_| is_place).map(|c| c.0),
                lon: coords.filter(|_| is_place).map(|c| c.1),
            }
        })
        .collect();
    out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Summaries as records; places carry `lat` and `lon` columns.
pub fn entity_records(list: &[EntitySummary], role: EntityRole) -> Records {
    let mut columns = vec![
        "id",
        "name",
        "kind",
        "mentions",
        "documents",
        "events",
        "first_seen",
        "last_seen",
    ];
    if role == EntityRole::Place {
        columns.extend(["lat", "lon"]);
    }
    let objects: Vec<Map<String, Value>> = list
        .iter()
        .map(|s| {
            let mut o = Map::new();
            o.insert("id".into(), json!(s.id));
            o.insert("name".into(), json!(s.name));
            o.insert("kind".into(), json!(s.kind));
            o.insert("mentions".into(), json!(s.mentions));
            o.insert("documents".into(), json!(s.documents));
            o.insert("events".into(), json!(s.events));
            o.insert("first_seen".into(), json!(s.first_seen));
            o.insert("last_seen".into(), json!(s.last_seen));
            if role == EntityRole::Place {
                o.insert("lat".into(), json!(s.lat));
                o.insert("lon".into(), json!(s.lon));
            }
            o
        })
        .collect();
    Records::from_objects(&columns, objects)
}
