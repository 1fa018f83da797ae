//! The reduce step: sentence-level events from every document merged into
//! one timeline. Blocking by (type, date) keeps it O(n log n); within a
//! block, events that share an actor, a place or a count merge (more
//! strictly within one document), and each merged event records why.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::lexicon::{EntryKind, Lexicon};
use crate::timeline::{Count, Event, MergeNote, ReportedCount};

/// What the merge needs to know of the lexicon: which actors are generic
/// groups (police, protesters: every crisis has them, so sharing one says
/// nothing about being the same event) and which country each place is in
/// (Almaty and Kazakhstan can be one event's places; Dakar and Minsk
/// cannot).
#[derive(Debug, Clone, Copy, Default)]
pub struct MergeContext<'a> {
    lex: Option<&'a crate::lexicon::EntityLexicon>,
}

impl<'a> MergeContext<'a> {
    /// What the merge reads of a lexicon (nothing is copied: the few ids a
    /// timeline holds are looked up when the merge is planned).
    pub fn new(lexicon: &'a Lexicon) -> MergeContext<'a> {
        MergeContext {
            lex: Some(&*lexicon.entities),
        }
    }

    /// The lexicon entry of an id (deferred homonym towns are not read).
    fn entry(&self, id: &str) -> Option<&'a crate::lexicon::Entry> {
        let lex = self.lex?;
        lex.index_of(id).and_then(|i| lex.entries.get(i))
    }

    /// Whether an actor id is a generic group (police, protesters).
    fn is_generic(&self, id: &str) -> bool {
        self.entry(id).is_some_and(|e| e.kind == EntryKind::Group)
    }

    /// The country a place is in (a country is in itself); unknown places
    /// are their own country.
    fn country_of<'b>(&self, place: &'b str) -> &'b str
    where
        'a: 'b,
    {
        let country = self.lex.and_then(|lex| {
            let e = self.entry(place).filter(|e| e.kind.is_place())?;
            lex.entries.get(lex.country_of(e)?)
        });
        country.map_or(place, |c| c.id.as_str())
    }
}

/// Merge sentence events into timeline events with stable ids, sorted by
/// date (undated last), then first source.
///
/// The result does not depend on the order of `events`: they are sorted
/// first by a total order (first source, type, then the whole record).
pub fn merge(events: Vec<Event>, ctx: &MergeContext) -> Vec<Event> {
    let mut planner = Planner::default();
    for e in &events {
        planner.add(e);
    }
    let groups = planner.plan(
        ctx,
        |i| Ok::<_, std::convert::Infallible>(canonical(&events[i as usize])),
        |g| Ok(materialize(g.iter().map(|&i| events[i as usize].clone()))),
    );
    // Plain vectors cannot fail to read.
    let Ok(groups) = groups;
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    groups
        .iter()
        .filter_map(|g| materialize(g.iter().filter_map(|&i| slots[i as usize].take())))
        .collect()
}

/// Build one merged event from its sentence events, in merge order.
pub fn materialize(mut events: impl Iterator<Item = Event>) -> Option<Event> {
    let mut cand = Candidate::new(events.next()?);
    for e in events {
        absorb(&mut cand, e);
    }
    let mut e = cand.event;
    reconcile(&mut e);
    e.id = event_id(&e);
    Some(e)
}

/// Interned strings: the merge compares ids, not their text.
#[derive(Debug, Default)]
struct Symbols {
    names: Vec<String>,
    ids: FxHashMap<String, u32>,
}

impl Symbols {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", String::as_str)
    }
}

/// The fields of one sentence-level event that decide what it merges with
/// and where it sorts: a few dozen bytes where the event is a kilobyte.
#[derive(Debug)]
struct Key {
    etype: u32,
    year: Option<u32>,
    date: Option<Box<str>>,
    modality: u32,
    actors: Box<[u32]>,
    places: Box<[u32]>,
    /// (category, min) of each count.
    counts: Box<[(u32, Option<u64>)]>,
    docs: Box<[u32]>,
    /// The first source's document and trigger start.
    first: (u32, usize),
}

/// Decides the merge from [`Key`]s alone, so that the events themselves
/// can wait elsewhere (a spool) until each merged event is written.
#[derive(Debug, Default)]
pub struct Planner {
    syms: Symbols,
    keys: Vec<Key>,
}

/// A merged event being planned: what `compatible` reads of a candidate.
struct Plan {
    date: Option<Box<str>>,
    modality: u32,
    docs: FxHashSet<u32>,
    actors: Vec<u32>,
    places: Vec<u32>,
    count_mins: FxHashSet<(u32, Option<u64>)>,
    members: Vec<u32>,
}

impl Planner {
    /// Note one sentence-level event (they are numbered in the order added).
    pub fn add(&mut self, e: &Event) {
        let s = &mut self.syms;
        let first = e
            .sources
            .first()
            .map(|x| (x.doc.as_str(), x.trigger.start))
            .unwrap_or_default();
        let key = Key {
            etype: s.id(&e.etype),
            year: e
                .date
                .as_ref()
                .map(|d| s.id(&d.chars().take(4).collect::<String>())),
            date: e.date.as_deref().map(Box::from),
            modality: s.id(&e.modality),
            actors: e.actors.iter().map(|a| s.id(a)).collect(),
            places: e.places.iter().map(|p| s.id(p)).collect(),
            counts: e
                .counts
                .iter()
                .map(|c| (s.id(&c.category), c.min))
                .collect(),
            docs: e.sources.iter().map(|x| s.id(&x.doc)).collect(),
            first: (s.id(first.0), first.1),
        };
        self.keys.push(key);
    }

    /// How many events were added.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The merged events, each as the numbers of its sentence events in
    /// merge order, in timeline order. `event_json(i)` is event `i` as JSON
    /// and `build(group)` the merged event: both are asked only to break
    /// the rare ties of the cheap keys.
    pub fn plan<E>(
        self,
        ctx: &MergeContext,
        event_json: impl Fn(u32) -> std::result::Result<String, E>,
        build: impl Fn(&[u32]) -> std::result::Result<Option<Event>, E>,
    ) -> std::result::Result<Vec<Vec<u32>>, E> {
        let Planner { syms, keys } = self;
        let name = |i: u32| syms.name(i);
        // Cheap keys first; the whole record only breaks their rare ties.
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        let cheap = |a: &Key, b: &Key| {
            name(a.first.0)
                .cmp(name(b.first.0))
                .then(a.first.1.cmp(&b.first.1))
                .then_with(|| name(a.etype).cmp(name(b.etype)))
        };
        order.sort_by(|&a, &b| cheap(&keys[a as usize], &keys[b as usize]));
        break_ties(
            &mut order,
            |a, b| cheap(&keys[a as usize], &keys[b as usize]),
            &event_json,
        )?;
        let generic: FxHashSet<u32> = syms
            .ids
            .iter()
            .filter(|(n, _)| ctx.is_generic(n))
            .map(|(_, &i)| i)
            .collect();
        // Each id's country, looked up once: places agree when they are the
        // same, or one is the country the other is in.
        let country: FxHashMap<u32, &str> = syms
            .ids
            .iter()
            .map(|(n, &i)| (i, ctx.country_of(n)))
            .collect();
        let country_of = |p: u32| country.get(&p).copied().unwrap_or(name(p));
        let asserted = syms.ids.get("asserted").copied();
        let class = |m: u32| -> &str { modality_class(name(m)) };
        let agree = |p: u32, q: u32| p == q || country_of(p) == name(q) || country_of(q) == name(p);
        let mut blocks: FxHashMap<(u32, Option<u32>), Vec<Plan>> = FxHashMap::default();
        // The plans the current document has made or joined (its keys are
        // consecutive in `order`): where an undated mention of an event
        // finds the dated one it restates, across blocks.
        let mut doc_plans: Vec<((u32, Option<u32>), usize)> = Vec::new();
        let mut doc = None;
        for i in order {
            let k = &keys[i as usize];
            if doc != Some(k.first.0) {
                doc = Some(k.first.0);
                doc_plans.clear();
            }
            // Whether `k` may join `c`, dates aside; `loose`: a shared
            // actor or country is enough (else a shared place within a
            // country, or a shared figure, is needed).
            let joins = |c: &Plan, loose: bool| {
                if c.members.is_empty() || class(c.modality) != class(k.modality) {
                    return false;
                }
                let same_doc = k.docs.iter().any(|d| c.docs.contains(d));
                let shared_place = k.places.iter().any(|&p| {
                    c.places
                        .iter()
                        .any(|&q| if same_doc { p == q } else { agree(p, q) })
                });
                if !shared_place && !k.places.is_empty() && !c.places.is_empty() {
                    return false;
                }
                // Within one article, two statements are one only when the
                // same actor speaks first in both (its speaker).
                if same_doc
                    && name(k.etype) == "statement"
                    && (k.actors.is_empty() || k.actors.first() != c.actors.first())
                {
                    return false;
                }
                let shared_count = k.counts.iter().any(|x| c.count_mins.contains(x));
                if same_doc && !shared_count && !k.counts.is_empty() && !c.count_mins.is_empty() {
                    return false;
                }
                let shared_actor = k
                    .actors
                    .iter()
                    .any(|a| !generic.contains(a) && c.actors.contains(a));
                let shared_town = k
                    .places
                    .iter()
                    .any(|&p| country_of(p) != name(p) && c.places.contains(&p));
                (loose && (shared_actor || shared_place)) || shared_town || shared_count
            };
            // Block by type and year: dates within a block may still nest
            // (2022-01 contains 2022-01-06), never more.
            let own = (k.etype, k.year);
            let block = blocks.entry(own).or_default();
            let mut at = block
                .iter()
                .position(|c| {
                    dates_compatible(c.date.as_deref(), k.date.as_deref()) && joins(c, true)
                })
                .map(|p| (own, p));
            // Within one article, a mention with no date (a headline, "the
            // protests") is the dated event of the same type it restates:
            // the first plan of this article it may join, whichever is
            // dated. An undated plan of this article alone that a dated
            // mention joins moves to the dated block.
            if at.is_none() {
                at = doc_plans
                    .iter()
                    .copied()
                    .filter(|&(b, _)| b.0 == k.etype && (b.1.is_none() != k.year.is_none()))
                    .filter(|&(b, p)| {
                        blocks.get(&b).and_then(|v| v.get(p)).is_some_and(|c| {
                            let alone =
                                c.docs.len() == 1 && k.docs.iter().all(|d| c.docs.contains(d));
                            (k.date.is_none() || alone) && joins(c, false)
                        })
                    })
                    .min_by_key(|&(b, p)| {
                        blocks.get(&b).and_then(|v| v.get(p)).map(|c| c.members[0])
                    });
                if let Some((b, p)) = at.filter(|&(b, _)| b.1.is_none() && k.year.is_some()) {
                    let moved = blocks.get_mut(&b).map(|v| {
                        std::mem::replace(
                            &mut v[p],
                            Plan {
                                date: None,
                                modality: 0,
                                docs: FxHashSet::default(),
                                actors: Vec::new(),
                                places: Vec::new(),
                                count_mins: FxHashSet::default(),
                                members: Vec::new(),
                            },
                        )
                    });
                    let block = blocks.entry(own).or_default();
                    let moved_at = moved.map(|m| {
                        block.push(m);
                        (own, block.len() - 1)
                    });
                    doc_plans.retain(|&x| x != (b, p));
                    at = moved_at;
                }
            }
            match at.and_then(|(b, p)| Some((b, p, blocks.get_mut(&b)?.get_mut(p)?))) {
                Some((b, p, c)) => {
                    // What `absorb_event` does to the fields `compatible` reads.
                    if c.date != k.date
                        && k.date.as_ref().map(|d| d.len()) > c.date.as_ref().map(|d| d.len())
                    {
                        c.date = k.date.clone();
                    }
                    for &a in k.actors.iter() {
                        if !c.actors.contains(&a) {
                            c.actors.push(a);
                        }
                    }
                    for &p in k.places.iter() {
                        if !c.places.contains(&p) {
                            c.places.push(p);
                        }
                    }
                    if Some(c.modality) != asserted && Some(k.modality) == asserted {
                        c.modality = k.modality;
                    }
                    c.docs.extend(k.docs.iter().copied());
                    c.count_mins.extend(k.counts.iter().copied());
                    c.members.push(i);
                    if !doc_plans.contains(&(b, p)) {
                        doc_plans.push((b, p));
                    }
                }
                None => {
                    let block = blocks.entry(own).or_default();
                    block.push(Plan {
                        date: k.date.clone(),
                        modality: k.modality,
                        docs: k.docs.iter().copied().collect(),
                        actors: k.actors.to_vec(),
                        places: k.places.to_vec(),
                        count_mins: k.counts.iter().copied().collect(),
                        members: vec![i],
                    });
                    doc_plans.push((own, block.len() - 1));
                }
            }
        }
        let mut plans: Vec<Plan> = blocks
            .into_values()
            .flatten()
            .filter(|p| !p.members.is_empty())
            .collect();
        // Timeline order: date (undated last), first source, type, then
        // the whole merged record.
        let undated = "\u{10ffff}";
        let final_key = |p: &Plan, q: &Plan| {
            let (a, b) = (&keys[p.members[0] as usize], &keys[q.members[0] as usize]);
            p.date
                .as_deref()
                .unwrap_or(undated)
                .cmp(q.date.as_deref().unwrap_or(undated))
                .then_with(|| cheap(a, b))
        };
        plans.sort_by(final_key);
        let mut idx: Vec<u32> = (0..plans.len() as u32).collect();
        break_ties(
            &mut idx,
            |a, b| final_key(&plans[a as usize], &plans[b as usize]),
            |i| {
                Ok(build(&plans[i as usize].members)?
                    .map(|e| canonical(&e))
                    .unwrap_or_default())
            },
        )?;
        let mut slots: Vec<Option<Vec<u32>>> = plans.into_iter().map(|p| Some(p.members)).collect();
        Ok(idx
            .into_iter()
            .filter_map(|i| slots[i as usize].take())
            .collect())
    }
}

/// How much of an [`EventStore`] stays in memory before it moves to a
/// temporary file.
pub const STORE_MEMORY: usize = 16 << 20;

/// Sentence-level events waiting for the merge: kept as binary records (`codec`, in memory,
/// then in an anonymous temporary file) with only their merge keys in
/// memory, and read back one merged event at a time as it is written.
#[derive(Debug, Default)]
pub struct EventStore {
    planner: Planner,
    data: Store,
    offsets: Vec<(u64, u32)>,
    /// Bytes kept in memory before the store moves to a file.
    limit: usize,
}

#[derive(Debug)]
enum Store {
    Memory(Vec<u8>),
    File {
        file: std::sync::Mutex<std::fs::File>,
        len: u64,
        buf: Vec<u8>,
    },
}

impl Default for Store {
    fn default() -> Store {
        Store::Memory(Vec::new())
    }
}

impl Store {
    fn len(&self) -> u64 {
        match self {
            Store::Memory(v) => v.len() as u64,
            Store::File { len, buf, .. } => *len + buf.len() as u64,
        }
    }

    fn append(&mut self, bytes: &[u8], limit: usize) -> std::io::Result<()> {
        use std::io::Write;
        match self {
            Store::Memory(v) => {
                v.extend_from_slice(bytes);
                if v.len() > limit {
                    let mut file = tempfile::tempfile()?;
                    file.write_all(v)?;
                    *self = Store::File {
                        len: v.len() as u64,
                        file: std::sync::Mutex::new(file),
                        buf: Vec::with_capacity(1 << 20),
                    };
                }
            }
            Store::File { buf, .. } => {
                buf.extend_from_slice(bytes);
                if buf.len() >= 1 << 20 {
                    self.flush()?;
                }
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        if let Store::File { file, len, buf } = self {
            let f = file
                .get_mut()
                .map_err(|_| std::io::Error::other("event store lock"))?;
            f.write_all(buf)?;
            *len += buf.len() as u64;
            buf.clear();
        }
        Ok(())
    }

    fn read(&self, offset: u64, n: u32) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        use std::io::{Read, Seek, SeekFrom};
        match self {
            Store::Memory(v) => v
                .get(offset as usize..offset as usize + n as usize)
                .map(std::borrow::Cow::Borrowed)
                .ok_or_else(|| std::io::Error::other("event store: offset out of range")),
            Store::File { file, .. } => {
                let mut f = file
                    .lock()
                    .map_err(|_| std::io::Error::other("event store lock"))?;
                f.seek(SeekFrom::Start(offset))?;
                let mut out = vec![0; n as usize];
                f.read_exact(&mut out)?;
                Ok(std::borrow::Cow::Owned(out))
            }
        }
    }
}

impl EventStore {
    /// An empty store.
    pub fn new() -> EventStore {
        EventStore::with_memory(STORE_MEMORY)
    }

    /// An empty store that moves to a file past `limit` bytes.
    pub fn with_memory(limit: usize) -> EventStore {
        EventStore {
            limit,
            ..EventStore::default()
        }
    }

    /// Keep one sentence-level event.
    pub fn push(&mut self, e: &Event) -> std::io::Result<()> {
        self.push_rendered(e, &EventStore::encode(e))
    }

    /// An event as the store keeps it: the binary record of
    /// [`crate::codec`] (which [`crate::codec::encode_into`] appends to a
    /// buffer).
    pub fn encode(e: &Event) -> Vec<u8> {
        let mut out = Vec::new();
        crate::codec::encode_into(&mut out, e);
        out
    }

    /// Keep one sentence-level event given as [`EventStore::encode`] made
    /// it (so that worker threads can encode it).
    pub fn push_rendered(&mut self, e: &Event, bytes: &[u8]) -> std::io::Result<()> {
        self.planner.add(e);
        let n = u32::try_from(bytes.len()).map_err(|_| std::io::Error::other("event too large"))?;
        self.offsets.push((self.data.len(), n));
        self.data.append(bytes, self.limit)
    }

    /// How many events it holds.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    fn raw(&self, i: u32) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        let &(offset, n) = self
            .offsets
            .get(i as usize)
            .ok_or_else(|| std::io::Error::other("event store: no such event"))?;
        self.data.read(offset, n)
    }

    fn get(&self, i: u32) -> std::io::Result<Event> {
        crate::codec::decode(&self.raw(i)?)
    }

    fn build(&self, group: &[u32]) -> std::io::Result<Option<Event>> {
        let events = group
            .iter()
            .map(|&i| self.get(i))
            .collect::<std::io::Result<Vec<Event>>>()?;
        Ok(materialize(events.into_iter()))
    }

    /// Decide the merge (the events stay where they are).
    pub fn merge(mut self, ctx: &MergeContext) -> std::io::Result<MergedEvents> {
        self.data.flush()?;
        let planner = std::mem::take(&mut self.planner);
        let groups = planner.plan(
            ctx,
            |i| Ok(serde_json::to_string(&self.get(i)?)?),
            |g| self.build(g),
        )?;
        Ok(MergedEvents {
            store: self,
            groups,
        })
    }
}

/// Merged events, in timeline order, built from an [`EventStore`] as they
/// are asked for.
#[derive(Debug)]
pub struct MergedEvents {
    store: EventStore,
    groups: Vec<Vec<u32>>,
}

impl MergedEvents {
    /// How many merged events.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Hand each merged event to `f`, in order; they are built in parallel,
    /// a few thousand at a time.
    pub fn for_each(&self, mut f: impl FnMut(Event) -> std::io::Result<()>) -> std::io::Result<()> {
        use rayon::prelude::*;
        for chunk in self.groups.chunks(4096) {
            let built: Vec<std::io::Result<Option<Event>>> =
                chunk.par_iter().map(|g| self.store.build(g)).collect();
            for e in built {
                if let Some(e) = e? {
                    f(e)?;
                }
            }
        }
        Ok(())
    }

    /// Hand the merged events to `f` in order, a few thousand at a time,
    /// each rendered by `render`: building and rendering run on the
    /// worker threads, only the writing is left to the caller.
    pub fn rendered_chunks(
        &self,
        render: impl Fn(&Event) -> std::io::Result<Vec<u8>> + Sync,
        mut f: impl FnMut(Vec<Vec<u8>>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        use rayon::prelude::*;
        for chunk in self.groups.chunks(4096) {
            let built: Vec<Option<Vec<u8>>> = chunk
                .par_iter()
                .map(|g| self.store.build(g)?.as_ref().map(&render).transpose())
                .collect::<std::io::Result<_>>()?;
            f(built.into_iter().flatten().collect())?;
        }
        Ok(())
    }
}

/// Sort each run of `order` that `cmp` finds equal by `canonical`.
fn break_ties<E>(
    order: &mut [u32],
    cmp: impl Fn(u32, u32) -> std::cmp::Ordering,
    canonical: impl Fn(u32) -> std::result::Result<String, E>,
) -> std::result::Result<(), E> {
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && cmp(order[start], order[end]).is_eq() {
            end += 1;
        }
        if end - start > 1 {
            let mut run: Vec<(String, u32)> = Vec::with_capacity(end - start);
            for &i in &order[start..end] {
                run.push((canonical(i)?, i));
            }
            run.sort();
            for (slot, (_, i)) in order[start..end].iter_mut().zip(run) {
                *slot = i;
            }
        }
        start = end;
    }
    Ok(())
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

/// A merged event being built (the plan has decided its members), with
/// the first count of each (category, group) that the merge notes compare
/// later counts with.
struct Candidate {
    event: Event,
    /// (min, max) of its first count of each (category, group).
    first_count: FirstCounts,
}

/// (min, max) of the first count of each (category, group).
type FirstCounts = HashMap<(String, String), (Option<u64>, Option<u64>)>;

impl Candidate {
    fn new(event: Event) -> Candidate {
        let mut c = Candidate {
            first_count: HashMap::new(),
            event,
        };
        index_counts(&mut c.first_count, &c.event.counts);
        c
    }
}

fn index_counts(first: &mut FirstCounts, counts: &[Count]) {
    for x in counts {
        first
            .entry((x.category.clone(), x.group.clone()))
            .or_insert((x.min, x.max));
    }
}

fn absorb(cand: &mut Candidate, e: Event) {
    let counts = e.counts.clone();
    // Compared with the counts it had before this event, as before.
    absorb_event(&mut cand.event, e, &cand.first_count);
    index_counts(&mut cand.first_count, &counts);
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
        assert_eq!(merge(shuffled.clone(), &ctx), forward);
        // The store merges the same, in memory or in a file.
        for limit in [STORE_MEMORY, 0, 4096] {
            let mut store = EventStore::with_memory(limit);
            for e in &shuffled {
                store.push(e).expect("push");
            }
            assert_eq!(store.len(), shuffled.len());
            let merged = store.merge(&ctx).expect("merge");
            assert_eq!(merged.len(), forward.len());
            let mut out = Vec::new();
            merged
                .for_each(|e| {
                    out.push(e);
                    Ok(())
                })
                .expect("read back");
            assert_eq!(out, forward, "store with limit {limit}");
        }
    }

    /// A one-source event for the within-document tests.
    fn sentence_event(
        doc: &str,
        start: usize,
        etype: &str,
        actors: &[&str],
        places: &[&str],
        killed: Option<u64>,
    ) -> Event {
        Event {
            id: String::new(),
            etype: etype.into(),
            date: Some("2022-01-05".into()),
            date_precision: Some("day".into()),
            date_end: None,
            modality: "asserted".into(),
            actors: actors.iter().map(|a| a.to_string()).collect(),
            places: places.iter().map(|p| p.to_string()).collect(),
            counts: killed
                .map(|n| Count {
                    category: "killed".into(),
                    group: "unspecified".into(),
                    min: Some(n),
                    max: Some(n),
                    approximate: false,
                    reported: None,
                })
                .into_iter()
                .collect(),
            sources: vec![crate::timeline::Source {
                doc: doc.into(),
                sentence: start,
                start,
                end: start + 1,
                text: "x".into(),
                date: Some("2022-01-05".into()),
                lang: "en".into(),
                trigger: crate::timeline::Span {
                    start,
                    end: start + 1,
                },
            }],
            merge: Vec::new(),
            rule: None,
        }
    }

    #[test]
    fn within_a_document_the_merge_is_stricter() {
        let lexicon = crate::Lexicon::load(&[] as &[&str], None).expect("embedded lexicon");
        let ctx = MergeContext::new(&lexicon);
        let sizes = |events: Vec<Event>| -> Vec<usize> {
            merge(events, &ctx)
                .iter()
                .map(|e| e.sources.len())
                .collect()
        };
        // A headline and the body restating one deployment: one event.
        let restated = vec![
            sentence_event("a", 0, "deployment", &["russia"], &[], None),
            sentence_event(
                "a",
                50,
                "deployment",
                &["russia", "csto"],
                &["almaty"],
                None,
            ),
        ];
        assert_eq!(sizes(restated), vec![2]);
        // Protests in two cities the same day: two events in one article,
        // though Almaty and Kazakhstan would agree across articles.
        let two_cities = vec![
            sentence_event("a", 0, "protest", &[], &["zhanaozen"], None),
            sentence_event("a", 50, "protest", &[], &["almaty"], None),
            sentence_event("a", 90, "protest", &[], &["kazakhstan"], None),
        ];
        assert_eq!(sizes(two_cities), vec![1, 1, 1]);
        let across = vec![
            sentence_event("a", 0, "protest", &[], &["almaty"], None),
            sentence_event("b", 0, "protest", &[], &["kazakhstan"], None),
        ];
        assert_eq!(sizes(across), vec![2]);
        // Two tolls in one article are two reports; the same toll twice
        // is one, and across articles different tolls reconcile.
        let tolls = vec![
            sentence_event("a", 0, "casualty_report", &[], &["almaty"], Some(17)),
            sentence_event("a", 50, "casualty_report", &[], &["almaty"], Some(164)),
            sentence_event("a", 90, "casualty_report", &[], &["almaty"], Some(164)),
        ];
        assert_eq!(sizes(tolls), vec![1, 2]);
        let tolls_across = vec![
            sentence_event("a", 0, "casualty_report", &[], &["almaty"], Some(17)),
            sentence_event("b", 0, "casualty_report", &[], &["almaty"], Some(164)),
        ];
        assert_eq!(sizes(tolls_across), vec![2]);
        // Statements: the same speaker restated is one; another speaker,
        // or none named, is another statement.
        let statements = vec![
            sentence_event("a", 0, "statement", &["tokayev", "csto"], &[], None),
            sentence_event("a", 50, "statement", &["tokayev"], &[], None),
            sentence_event("a", 90, "statement", &["china", "kazakhstan"], &[], None),
            sentence_event("a", 120, "statement", &["kremlin", "csto"], &[], None),
        ];
        assert_eq!(sizes(statements), vec![2, 1, 1]);
    }

    #[test]
    fn an_undated_mention_joins_the_dated_event_it_restates_in_its_article() {
        let lexicon = crate::Lexicon::load(&[] as &[&str], None).expect("embedded lexicon");
        let ctx = MergeContext::new(&lexicon);
        let undated = |doc: &str, start: usize, places: &[&str], killed: Option<u64>| {
            let mut e = sentence_event(doc, start, "protest", &["protesters"], places, killed);
            e.date = None;
            e.date_precision = None;
            e.sources[0].date = None;
            e
        };
        let dated = |doc: &str, start: usize, places: &[&str], killed: Option<u64>| {
            sentence_event(doc, start, "protest", &["protesters"], places, killed)
        };
        let shape = |events: Vec<Event>| -> Vec<(Option<String>, usize)> {
            merge(events, &ctx)
                .iter()
                .map(|e| (e.date.clone(), e.sources.len()))
                .collect()
        };
        let day = Some("2022-01-05".to_string());
        // An undated headline, then the dated lede of the same city: one
        // dated event; and the other way round.
        let headline_first = vec![
            undated("a", 0, &["almaty"], None),
            dated("a", 50, &["almaty"], None),
        ];
        assert_eq!(shape(headline_first), vec![(day.clone(), 2)]);
        let dated_first = vec![
            dated("a", 0, &["almaty"], None),
            undated("a", 50, &["almaty"], None),
        ];
        assert_eq!(shape(dated_first), vec![(day.clone(), 2)]);
        // The same figure is enough, with no place.
        let figure = vec![
            undated("a", 0, &[], Some(12)),
            dated("a", 50, &[], Some(12)),
        ];
        assert_eq!(shape(figure), vec![(day.clone(), 2)]);
        // The crisis country, or an actor, alone is not: most events of
        // an article share them.
        let country = vec![
            undated("a", 0, &["kazakhstan"], None),
            dated("a", 50, &["kazakhstan"], None),
        ];
        assert_eq!(shape(country), vec![(day.clone(), 1), (None, 1)]);
        // Across articles an undated mention stays apart.
        let across = vec![
            undated("a", 0, &["almaty"], None),
            dated("b", 0, &["almaty"], None),
        ];
        assert_eq!(shape(across), vec![(day, 1), (None, 1)]);
    }
}
