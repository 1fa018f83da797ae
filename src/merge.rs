//! The reduce step: sentence-level events from every document merged into
//! one timeline. Blocking by (type, date) keeps it O(n log n); within a
//! block, events from different documents that share an actor, a place or a
//! count merge, and each merged event records why.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::lexicon::{EntryKind, Lexicon};
use crate::timeline::{Count, Event, MergeNote, ReportedCount};

/// What the merge needs to know of the lexicon: which actors are generic
/// groups (police, protesters: every crisis has them, so sharing one says
/// nothing about being the same event) and which country each place is in
/// (Almaty and Kazakhstan can be one event's places; Dakar and Minsk
/// cannot).
#[derive(Debug, Clone, Default)]
pub struct MergeContext {
    generic: HashSet<String>,
    country: HashMap<String, String>,
}

impl MergeContext {
    /// Read the groups and the places' countries from a lexicon.
    pub fn new(lexicon: &Lexicon) -> MergeContext {
        let lex = &lexicon.entities;
        let mut ctx = MergeContext::default();
        for e in &lex.entries {
            if e.kind == EntryKind::Group {
                ctx.generic.insert(e.id.clone());
            } else if e.kind.is_place() {
                if let Some(c) = lex.country_of(e).and_then(|i| lex.entries.get(i)) {
                    ctx.country.insert(e.id.clone(), c.id.clone());
                }
            }
        }
        ctx
    }

    /// The country a place is in (a country is in itself); unknown places
    /// are their own country.
    fn country_of<'a>(&'a self, place: &'a str) -> &'a str {
        self.country.get(place).map_or(place, String::as_str)
    }

    /// Whether two places can be where one event happened: the same place,
    /// or one is the country the other is in.
    fn places_agree(&self, a: &str, b: &str) -> bool {
        a == b || self.country_of(a) == b || self.country_of(b) == a
    }
}

/// Merge sentence events into timeline events with stable ids, sorted by
/// date (undated last), then first source.
///
/// The result does not depend on the order of `events`: they are sorted
/// first by a total order (first source, type, then the whole record).
pub fn merge(mut events: Vec<Event>, ctx: &MergeContext) -> Vec<Event> {
    // Cheap keys first; the whole record (serialised) only breaks their
    // rare ties, so the sort does not serialise every event.
    events.sort_by(|a, b| {
        first_key(a)
            .cmp(&first_key(b))
            .then_with(|| a.etype.cmp(&b.etype))
            .then_with(|| canonical(a).cmp(&canonical(b)))
    });
    let mut blocks: BTreeMap<(String, Option<String>), Vec<Candidate>> = BTreeMap::new();
    for e in events {
        // Block by type and year: dates within a block may still nest
        // (2022-01 contains 2022-01-06), never more.
        let key = (
            e.etype.clone(),
            e.date
                .as_ref()
                .map(|d| d.chars().take(4).collect::<String>()),
        );
        let block = blocks.entry(key).or_default();
        let target = block.iter_mut().find(|c| compatible(c, &e, ctx));
        match target {
            Some(c) => absorb(c, e),
            None => block.push(Candidate::new(e)),
        }
    }
    let mut out: Vec<Event> = blocks.into_values().flatten().map(|c| c.event).collect();
    for e in &mut out {
        reconcile(e);
        e.id = event_id(e);
    }
    let undated = "\u{10ffff}";
    out.sort_by(|a, b| {
        a.date
            .as_deref()
            .unwrap_or(undated)
            .cmp(b.date.as_deref().unwrap_or(undated))
            .then_with(|| first_key(a).cmp(&first_key(b)))
            .then_with(|| a.etype.cmp(&b.etype))
            .then_with(|| canonical(a).cmp(&canonical(b)))
    });
    out
}

/// The whole record as JSON: the last tie-break of a total order.
fn canonical(e: &Event) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

/// The first source's document and trigger start, borrowed.
fn first_key(e: &Event) -> (&str, usize) {
    e.sources
        .first()
        .map(|s| (s.doc.as_str(), s.trigger.start))
        .unwrap_or_default()
}

/// Asserted and reported events may merge; negated and hypothetical ones
/// only with their own kind.
fn modality_class(m: &str) -> &str {
    match m {
        "asserted" | "reported" => "asserted",
        other => other,
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

/// An event being merged, with indexes over its growing lists (sources'
/// documents, counts) so that checking and absorbing one more event does
/// not rescan them: 100,000 documents reporting one event stay linear.
struct Candidate {
    event: Event,
    /// Documents of its sources.
    docs: HashSet<String>,
    /// (category, min) of its counts.
    count_mins: HashSet<(String, Option<u64>)>,
    /// (min, max) of its first count of each (category, group).
    first_count: FirstCounts,
}

/// (min, max) of the first count of each (category, group).
type FirstCounts = HashMap<(String, String), (Option<u64>, Option<u64>)>;

impl Candidate {
    fn new(event: Event) -> Candidate {
        let mut c = Candidate {
            docs: event.sources.iter().map(|s| s.doc.clone()).collect(),
            count_mins: HashSet::new(),
            first_count: HashMap::new(),
            event,
        };
        let counts: Vec<_> = c
            .event
            .counts
            .iter()
            .map(|x| (x.category.clone(), x.group.clone(), x.min, x.max))
            .collect();
        for (category, group, min, max) in counts {
            c.index_count(category, group, min, max);
        }
        c
    }

    fn index_count(&mut self, category: String, group: String, min: Option<u64>, max: Option<u64>) {
        self.count_mins.insert((category.clone(), min));
        self.first_count
            .entry((category, group))
            .or_insert((min, max));
    }
}

/// Same type, compatible dates; never two sources of one document; places
/// that agree where both have some; and a shared place, specific actor (not
/// a generic group) or count.
fn compatible(cand: &Candidate, e: &Event, ctx: &MergeContext) -> bool {
    let c = &cand.event;
    if !dates_compatible(c.date.as_deref(), e.date.as_deref())
        || modality_class(&c.modality) != modality_class(&e.modality)
    {
        return false;
    }
    if e.sources.iter().any(|s| cand.docs.contains(&s.doc)) {
        return false;
    }
    let shared_place = e
        .places
        .iter()
        .any(|p| c.places.iter().any(|q| ctx.places_agree(p, q)));
    if !shared_place && !e.places.is_empty() && !c.places.is_empty() {
        return false;
    }
    let shared_actor = e
        .actors
        .iter()
        .any(|a| !ctx.generic.contains(a) && c.actors.contains(a));
    let shared_count = e
        .counts
        .iter()
        .any(|x| cand.count_mins.contains(&(x.category.clone(), x.min)));
    shared_actor || shared_place || shared_count
}

fn absorb(cand: &mut Candidate, e: Event) {
    cand.docs.extend(e.sources.iter().map(|s| s.doc.clone()));
    let counts: Vec<_> = e
        .counts
        .iter()
        .map(|x| (x.category.clone(), x.group.clone(), x.min, x.max))
        .collect();
    // Compared with the counts it had before this event, as before.
    absorb_event(&mut cand.event, e, &cand.first_count);
    for (category, group, min, max) in counts {
        cand.index_count(category, group, min, max);
    }
}

fn absorb_event(c: &mut Event, e: Event, first_count: &FirstCounts) {
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
        if let Some(&(min, max)) = first_count.get(&(x.category.clone(), x.group.clone())) {
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
        let ctx = MergeContext::new(&lexicon);
        let forward = merge(events.clone(), &ctx);
        assert!(
            forward.iter().any(|e| e.sources.len() > 1),
            "nothing merged"
        );
        events.reverse();
        assert_eq!(merge(events.clone(), &ctx), forward);
        // Interleave: odd positions first, then even ones.
        let (odd, even): (Vec<_>, Vec<_>) = events
            .into_iter()
            .enumerate()
            .partition(|(i, _)| i % 2 == 1);
        let shuffled: Vec<Event> = odd.into_iter().chain(even).map(|(_, e)| e).collect();
        assert_eq!(merge(shuffled, &ctx), forward);
    }
}
