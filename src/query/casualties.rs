//! Casualty and other tolls from quantity mentions: every figure reported
//! for a (category, group), reconciled into a range, the lowest and the
//! latest figure, a headline chosen by policy, and the series of figures by
//! publication date.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::query::events::CATEGORIES;
use crate::query::format::Records;
use crate::query::read::SentenceTexts;
use crate::timeline::{MentionKind, Timeline};

/// One figure as one document reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Document id.
    pub doc: String,
    /// The document's publication date.
    pub dct: Option<String>,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence, when the timeline or the document still gives it.
    pub sentence_text: Option<String>,
    /// The figure as written.
    pub text: String,
    /// Byte offset of the figure.
    pub start: usize,
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
    /// Vague or bounded.
    pub approximate: bool,
}

impl Figure {
    /// The number it stands for: its lower bound, else its upper bound.
    pub fn value(&self) -> Option<u64> {
        self.min.or(self.max)
    }
    fn top(&self) -> Option<u64> {
        self.max.or(self.min)
    }
}

/// Which figure a headline gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// The lowest figure reported.
    Conservative,
    /// The lowest to the highest figure reported.
    Range,
    /// The figure of the latest publication date.
    Latest,
}

impl Policy {
    /// The policy named `conservative`, `range` or `latest`.
    pub fn from_name(name: &str) -> Option<Policy> {
        match name {
            "conservative" => Some(Policy::Conservative),
            "range" => Some(Policy::Range),
            "latest" => Some(Policy::Latest),
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Policy::Conservative => "conservative",
            Policy::Range => "range",
            Policy::Latest => "latest",
        }
    }
}

/// Every figure for one (category, group), reconciled.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Quantity category.
    pub category: String,
    /// Quantity group.
    pub group: String,
    /// Every figure, by publication date (undated last) then document and offset.
    pub figures: Vec<Figure>,
    /// The lowest figure reported (lower bounds, or upper bounds when open below).
    pub range_min: Option<u64>,
    /// The highest figure reported (upper bounds, or lower bounds when open above).
    pub range_max: Option<u64>,
    /// Index of the lowest figure (ties: the earliest).
    pub lowest: Option<usize>,
    /// Index of the latest figure by DCT (ties: the higher figure); dated figures only.
    pub latest: Option<usize>,
}

impl Tally {
    /// The headline under a policy, as text (`164`, `26-225`).
    pub fn headline(&self, policy: Policy) -> Option<String> {
        let pick = |i: Option<usize>| {
            self.figures
                .get(i?)
                .and_then(Figure::value)
                .map(|v| v.to_string())
        };
        match policy {
            Policy::Conservative => pick(self.lowest),
            Policy::Latest => pick(self.latest),
            Policy::Range => match (self.range_min, self.range_max) {
                (Some(a), Some(b)) if a == b => Some(a.to_string()),
                (Some(a), Some(b)) => Some(format!("{a}-{b}")),
                _ => None,
            },
        }
    }
}

/// Tallies from the timeline's quantity mentions of the contract's
/// categories (not `other`), keeping those `keep(category, group, doc)`
/// accepts; ordered by category (contract order) then group.
pub fn casualties(t: &Timeline, keep: impl Fn(&str, &str, &str) -> bool) -> Vec<Tally> {
    let dct: BTreeMap<&str, Option<&str>> = t
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.dct.as_deref()))
        .collect();
    let mut texts = SentenceTexts::new(t);
    let mut by: BTreeMap<(usize, String, String), Vec<Figure>> = BTreeMap::new();
    for m in &t.mentions {
        let MentionKind::Quantity {
            category,
            group,
            min,
            max,
            approximate,
        } = &m.kind
        else {
            continue;
        };
        let Some(rank) = CATEGORIES.iter().position(|c| c == category) else {
            continue;
        };
        if (min.is_none() && max.is_none()) || !keep(category, group, &m.doc) {
            continue;
        }
        by.entry((rank, category.clone(), group.clone()))
            .or_default()
            .push(Figure {
                doc: m.doc.clone(),
                dct: dct
                    .get(m.doc.as_str())
                    .copied()
                    .flatten()
                    .map(str::to_string),
                sentence: m.sentence,
                sentence_text: texts.of(m),
                text: m.text.clone(),
                start: m.start,
                min: *min,
                max: *max,
                approximate: *approximate,
            });
    }
    by.into_iter()
        .map(|((_, category, group), mut figures)| {
            figures.sort_by(|a, b| {
                (a.dct.is_none(), &a.dct, &a.doc, a.start).cmp(&(
                    b.dct.is_none(),
                    &b.dct,
                    &b.doc,
                    b.start,
                ))
            });
            let range_min = figures.iter().filter_map(Figure::value).min();
            let range_max = figures.iter().filter_map(Figure::top).max();
            let lowest = figures
                .iter()
                .enumerate()
                .filter_map(|(i, f)| Some((f.value()?, i)))
                .min()
                .map(|(_, i)| i);
            let latest = figures
                .iter()
                .enumerate()
                .filter_map(|(i, f)| Some(((f.dct.as_deref()?, f.value()?), i)))
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .map(|(_, i)| i);
            Tally {
                category,
                group,
                figures,
                range_min,
                range_max,
                lowest,
                latest,
            }
        })
        .collect()
}

/// The ids of documents with a mention of this place.
pub fn documents_mentioning(t: &Timeline, place: &str) -> BTreeSet<String> {
    t.mentions
        .iter()
        .filter(|m| matches!(&m.kind, MentionKind::Place { id, .. } if id == place))
        .map(|m| m.doc.clone())
        .collect()
}

fn figure_json(f: &Figure) -> Value {
    json!({
        "doc": f.doc,
        "dct": f.dct,
        "sentence": f.sentence,
        "text": f.text,
        "min": f.min,
        "max": f.max,
        "approximate": f.approximate,
        "sentence_text": f.sentence_text,
    })
}

/// One row per (category, group): reports, lowest, latest (and its DCT),
/// range, the headline under `policy`, the figures (JSON: every figure
/// with its source; table and CSV: `value@doc` joined by `;`). With
/// `each`, one row per figure instead, with its sentence.
pub fn casualty_records(tallies: &[Tally], policy: Policy, each: bool) -> Records {
    if each {
        let columns = [
            "category",
            "group",
            "min",
            "max",
            "approximate",
            "text",
            "doc",
            "dct",
            "sentence",
            "sentence_text",
        ];
        let objects = tallies
            .iter()
            .flat_map(|t| {
                t.figures.iter().map(move |f| {
                    let mut o = Map::new();
                    o.insert("category".into(), json!(t.category));
                    o.insert("group".into(), json!(t.group));
                    if let Value::Object(fo) = figure_json(f) {
                        o.extend(fo);
                    }
                    o
                })
            })
            .collect();
        return Records::from_objects(&columns, objects);
    }
    let columns = [
        "category",
        "group",
        "headline",
        "policy",
        "reports",
        "lowest",
        "latest",
        "latest_dct",
        "range_min",
        "range_max",
        "figures",
    ];
    let objects = tallies
        .iter()
        .map(|t| {
            let at = |i: Option<usize>| i.and_then(|i| t.figures.get(i));
            let mut o = Map::new();
            o.insert("category".into(), json!(t.category));
            o.insert("group".into(), json!(t.group));
            o.insert("headline".into(), json!(t.headline(policy)));
            o.insert("policy".into(), json!(policy.name()));
            o.insert("reports".into(), json!(t.figures.len()));
            o.insert("lowest".into(), json!(at(t.lowest).and_then(Figure::value)));
            o.insert("latest".into(), json!(at(t.latest).and_then(Figure::value)));
            o.insert(
                "latest_dct".into(),
                json!(at(t.latest).and_then(|f| f.dct.clone())),
            );
            o.insert("range_min".into(), json!(t.range_min));
            o.insert("range_max".into(), json!(t.range_max));
            o.insert(
                "figures".into(),
                Value::Array(t.figures.iter().map(figure_json).collect()),
            );
            o
        })
        .collect();
    let mut r = Records::from_objects(&columns, objects);
    // Flat views list figures briefly; JSON keeps them whole.
    let fig = columns.len() - 1;
    for (row, t) in r.rows.iter_mut().zip(tallies) {
        row[fig] = Value::Array(
            t.figures
                .iter()
                .map(|f| {
                    let v = f.value().map_or("?".to_string(), |v| v.to_string());
                    json!(format!("{v}@{}", f.doc))
                })
                .collect(),
        );
    }
    r
}

/// How each toll evolved by publication date: per (category, group, DCT)
/// the highest figure reported that day, the number of reports and the
/// change from the previous date. Undated documents are left out.
pub fn series_records(tallies: &[Tally]) -> Records {
    let columns = [
        "category",
        "group",
        "date",
        "figure",
        "change",
        "reports",
        "documents",
    ];
    let mut objects = Vec::new();
    for t in tallies {
        let mut days: BTreeMap<&str, Vec<&Figure>> = BTreeMap::new();
        for f in &t.figures {
            if let (Some(d), Some(_)) = (f.dct.as_deref(), f.value()) {
                days.entry(d).or_default().push(f);
            }
        }
        let mut prev: Option<u64> = None;
        for (day, figs) in days {
            let figure = figs.iter().filter_map(|f| f.value()).max();
            let mut docs: Vec<&str> = figs.iter().map(|f| f.doc.as_str()).collect();
            docs.dedup();
            let signed = |v: Option<u64>| v.and_then(|v| i64::try_from(v).ok());
            let change = signed(prev)
                .zip(signed(figure))
                .map(|(p, f)| f.saturating_sub(p));
            let mut o = Map::new();
            o.insert("category".into(), json!(t.category));
            o.insert("group".into(), json!(t.group));
            o.insert("date".into(), json!(day));
            o.insert("figure".into(), json!(figure));
            o.insert("change".into(), json!(change));
            o.insert("reports".into(), json!(figs.len()));
            o.insert("documents".into(), json!(docs));
            objects.push(o);
            prev = figure.or(prev);
        }
    }
    Records::from_objects(&columns, objects)
}
