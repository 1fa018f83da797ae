//! The reduce step: sentence-level events from every document merged into
//! one timeline. Blocking by (type, date) keeps it O(n log n); within a
//! block, events from different documents that share an actor, a place or a
//! count merge, and each merged event records why.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::timeline::{Count, Event, MergeNote, ReportedCount, Source};

/// Merge sentence events into timeline events with stable ids, sorted by
/// date (undated last), then first source.
///
/// The result does not depend on the order of `events`: they are sorted
/// first by a total order (first source, type, then the whole record).
pub fn merge(mut events: Vec<Event>) -> Vec<Event> {
    // The whole record breaks ties only: it is serialised for the rare
    // pairs whose cheap keys are equal, not for every event.
    events.sort_by(|a, b| {
        (first_ref(a), a.etype.as_str())
            .cmp(&(first_ref(b), b.etype.as_str()))
            .then_with(|| canonical(a).cmp(&canonical(b)))
    });
    let mut blocks: BTreeMap<(String, Option<String>), Block> = BTreeMap::new();
    for e in events {
        // Block by type and year: dates within a block may still nest
        // (2022-01 contains 2022-01-06), never more.
        let key = (
            e.etype.clone(),
            e.date
                .as_ref()
                .map(|d| d.chars().take(4).collect::<String>()),
        );
        blocks.entry(key).or_default().add(e);
    }
    let mut out: Vec<Event> = blocks.into_values().flat_map(|b| b.events).collect();
    for e in &mut out {
        reconcile(e);
        e.id = event_id(e);
    }
    out.sort_by(|a, b| {
        (
            a.date.as_deref().unwrap_or("\u{10ffff}"),
            first_ref(a),
            a.etype.as_str(),
        )
            .cmp(&(
                b.date.as_deref().unwrap_or("\u{10ffff}"),
                first_ref(b),
                b.etype.as_str(),
            ))
            .then_with(|| canonical(a).cmp(&canonical(b)))
    });
    out
}

/// The merged events of one (type, year) block, with indexes that find the
/// first compatible event without scanning the block: events by modality
/// class and date, and the documents each event already has a source from.
/// The result is exactly that of a linear scan for the first compatible
/// event (candidates are tried in block order).
#[derive(Default)]
struct Block {
    events: Vec<Event>,
    side: Vec<Side>,
    by_date: BTreeMap<(&'static str, Option<String>), Vec<usize>>,
}

impl Block {
    fn add(&mut self, e: Event) {
        let class = modality_bucket(&e.modality);
        let mut cands: Vec<usize> = Vec::new();
        match &e.date {
            None => {
                if let Some(v) = self.by_date.get(&(class, None)) {
                    cands.extend(v);
                }
            }
            Some(d) => {
                // The same date, the coarser dates containing it, the finer
                // dates it contains.
                for (i, b) in d.bytes().enumerate() {
                    if b == b'-' {
                        if let Some(v) = self.by_date.get(&(class, Some(d[..i].to_string()))) {
                            cands.extend(v);
                        }
                    }
                }
                let lo = (class, Some(d.clone()));
                let hi = (class, Some(format!("{d}.")));
                for ((_, k), v) in self.by_date.range(lo..hi) {
                    if k.as_deref()
                        .is_some_and(|k| dates_compatible(Some(k), Some(d)))
                    {
                        cands.extend(v);
                    }
                }
            }
        }
        cands.sort_unstable();
        let target = cands
            .into_iter()
            .find(|&i| compatible(&self.events[i], &self.side[i], &e));
        match target {
            Some(i) => {
                let old = self.events[i].date.clone();
                absorb(&mut self.events[i], &mut self.side[i], e);
                if self.events[i].date != old {
                    let class = modality_bucket(&self.events[i].modality);
                    if let Some(v) = self.by_date.get_mut(&(class, old)) {
                        v.retain(|&j| j != i);
                    }
                    let v = self
                        .by_date
                        .entry((class, self.events[i].date.clone()))
                        .or_default();
                    let at = v.partition_point(|&j| j < i);
                    v.insert(at, i);
                }
            }
            None => {
                let i = self.events.len();
                let mut side = Side::default();
                side.note(&e.sources, &e.counts);
                self.side.push(side);
                self.by_date
                    .entry((class, e.date.clone()))
                    .or_default()
                    .push(i);
                self.events.push(e);
            }
        }
    }
}

/// The whole record as JSON: the last tie-break of a total order.
fn canonical(e: &Event) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

fn first_key(e: &Event) -> (String, usize) {
    let (d, s) = first_ref(e);
    (d.to_string(), s)
}

fn first_ref(e: &Event) -> (&str, usize) {
    e.sources
        .first()
        .map(|s| (s.doc.as_str(), s.trigger.start))
        .unwrap_or(("", 0))
}

/// Asserted and reported events may merge; negated and hypothetical ones
/// only with their own kind.
fn modality_class(m: &str) -> &str {
    match m {
        "asserted" | "reported" => "asserted",
        other => other,
    }
}

/// The index bucket of a modality: its class, every unknown one in one
/// bucket (`compatible` tells them apart).
fn modality_bucket(m: &str) -> &'static str {
    match modality_class(m) {
        "asserted" => "asserted",
        "negated" => "negated",
        "hypothetical" => "hypothetical",
        _ => "other",
    }
}

/// Two dates are compatible when equal (both null included) or when one is
/// coarser and contains the other (2022-01 and 2022-01-06).
pub fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            x == y
                || (x.len() < y.len()
                    && y.starts_with(x)
                    && y.as_bytes().get(x.len()) == Some(&b'-'))
                || (y.len() < x.len()
                    && x.starts_with(y)
                    && x.as_bytes().get(y.len()) == Some(&b'-'))
        }
        _ => false,
    }
}

/// Same type, compatible dates; never two sources of one document; a
/// shared actor, place or count.
/// What a merged event holds, indexed: the documents of its sources, its
/// counts' (category, lower bound) pairs, and the bounds of the first count
/// of each (category, group).
#[derive(Default)]
struct Side {
    docs: HashSet<String>,
    count_mins: HashSet<(String, Option<u64>)>,
    first_count: HashMap<(String, String), (Option<u64>, Option<u64>)>,
}

impl Side {
    /// Index what `e` adds to the merged event.
    fn note(&mut self, sources: &[Source], counts: &[Count]) {
        self.docs.extend(sources.iter().map(|s| s.doc.clone()));
        for x in counts {
            self.count_mins.insert((x.category.clone(), x.min));
            self.first_count
                .entry((x.category.clone(), x.group.clone()))
                .or_insert((x.min, x.max));
        }
    }
}

/// `side` indexes `c`.
fn compatible(c: &Event, side: &Side, e: &Event) -> bool {
    if !dates_compatible(c.date.as_deref(), e.date.as_deref())
        || modality_class(&c.modality) != modality_class(&e.modality)
    {
        return false;
    }
    let docs_overlap = e.sources.iter().any(|s| side.docs.contains(&s.doc));
    if docs_overlap {
        return false;
    }
    let shared_actor = e.actors.iter().any(|a| c.actors.contains(a));
    let shared_place = e.places.iter().any(|p| c.places.contains(p));
    let shared_count = e
        .counts
        .iter()
        .any(|x| side.count_mins.contains(&(x.category.clone(), x.min)));
    shared_actor || shared_place || shared_count
}

fn absorb(c: &mut Event, side: &mut Side, e: Event) {
    let mut agreed = vec!["type".to_string()];
    let mut conflicts = Vec::new();
    if c.date == e.date {
        agreed.push("date".into());
    } else {
        conflicts.push("date_precision".into());
        // The finer date wins; the coarser one contains it.
        if e.date.as_ref().map(String::len) > c.date.as_ref().map(String::len) {
            c.date = e.date.clone();
            c.date_precision = e.date_precision.clone();
        }
    }
    if e.actors.iter().any(|a| c.actors.contains(a)) {
        agreed.push("actors".into());
    }
    if e.places.iter().any(|p| c.places.contains(p)) {
        agreed.push("places".into());
    }
    for x in &e.counts {
        if let Some(&(min, max)) = side.first_count.get(&(x.category.clone(), x.group.clone())) {
            if min == x.min && max == x.max {
                agreed.push(format!("counts.{}", x.category));
            } else {
                conflicts.push(format!("counts.{}", x.category));
            }
        }
    }
    if c.modality != e.modality {
        conflicts.push("modality".into());
    }
    agreed.dedup();
    conflicts.dedup();
    for a in e.actors {
        if !c.actors.contains(&a) {
            c.actors.push(a);
        }
    }
    for p in e.places {
        if !c.places.contains(&p) {
            c.places.push(p);
        }
    }
    if c.modality != "asserted" && e.modality == "asserted" {
        c.modality = e.modality.clone();
    }
    side.note(&e.sources, &e.counts);
    c.counts.extend(e.counts);
    let base = c.sources.len();
    c.sources.extend(e.sources);
    c.merge.push(MergeNote {
        source: base,
        agreed,
        conflicts,
    });
}

/// Counts: one per (category, group), keeping every reported figure and
/// reconciling to the lowest lower bound and the highest upper bound.
fn reconcile(e: &mut Event) {
    if e.sources.len() < 2 {
        return;
    }
    let mut by: BTreeMap<(String, String), Vec<Count>> = BTreeMap::new();
    for c in e.counts.drain(..) {
        by.entry((c.category.clone(), c.group.clone()))
            .or_default()
            .push(c);
    }
    for ((category, group), cs) in by {
        let min = cs.iter().filter_map(|c| c.min).min();
        let max = if cs.iter().any(|c| c.max.is_none()) {
            None
        } else {
            cs.iter().filter_map(|c| c.max).max()
        };
        let approximate =
            cs.iter().any(|c| c.approximate) || cs.windows(2).any(|w| w[0].min != w[1].min);
        let reported: Vec<ReportedCount> = cs
            .iter()
            .flat_map(|c| c.reported.clone().unwrap_or_default())
            .collect();
        e.counts.push(Count {
            category,
            group,
            min,
            max,
            approximate,
            reported: Some(reported),
        });
    }
}

/// A stable id from type, date and the earliest source.
pub fn event_id(e: &Event) -> String {
    let (doc, start) = first_key(e);
    let key = format!(
        "{}|{}|{}|{}",
        e.etype,
        e.date.as_deref().unwrap_or(""),
        doc,
        start
    );
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("ev-{:012x}", h & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_dates_are_compatible() {
        assert!(dates_compatible(Some("2022-01"), Some("2022-01-06")));
        assert!(dates_compatible(Some("2022"), Some("2022-01-06")));
        assert!(dates_compatible(None, None));
        assert!(!dates_compatible(Some("2022-01-05"), Some("2022-01-06")));
        assert!(!dates_compatible(Some("2022-01-0"), Some("2022-01-06")));
        assert!(!dates_compatible(None, Some("2022-01-06")));
    }

    #[test]
    fn merge_does_not_depend_on_input_order() {
        let lexicon = crate::Lexicon::load(&[] as &[&str], None).expect("embedded lexicon");
        let mut events = Vec::new();
        for lang in ["en", "fr"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(lang);
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("fixtures")
                .map(|e| e.expect("entry").path())
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f).expect("fixture text");
                let id = format!("{lang}/{}", f.file_stem().expect("stem").to_string_lossy());
                let p = crate::extract::process(
                    &lexicon,
                    &id,
                    &id,
                    &text,
                    "utf-8",
                    crate::DctPolicy::Manifest(None),
                    crate::Options::default(),
                );
                events.extend(p.events);
            }
        }
        assert!(events.len() > 10);
        // A twin with the same trigger, type and date: only the whole
        // record tells the two apart.
        let mut twin = events[0].clone();
        twin.modality = if twin.modality == "negated" {
            "asserted"
        } else {
            "negated"
        }
        .into();
        events.push(twin);
        let forward = merge(events.clone());
        assert!(
            forward.iter().any(|e| e.sources.len() > 1),
            "nothing merged"
        );
        events.reverse();
        assert_eq!(merge(events.clone()), forward);
        // Interleave: odd positions first, then even ones.
        let (odd, even): (Vec<_>, Vec<_>) = events
            .into_iter()
            .enumerate()
            .partition(|(i, _)| i % 2 == 1);
        let shuffled: Vec<Event> = odd.into_iter().chain(even).map(|(_, e)| e).collect();
        assert_eq!(merge(shuffled), forward);
    }
}
