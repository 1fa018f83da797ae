//! Semantic comparison of two timelines (`kazcrisis diff`): documents by
//! id, events by id and then by type, date and overlapping sources,
//! mentions by document, span and kind. Order of records and of list
//! fields, and the formatting of numbers, never make a difference.
//!
//! Compared: documents' lang, lang_confidence, dct, dct_source,
//! dct_confidence, encoding and sentences (not `path`, which depends on how
//! the corpus was named); events' id, type, date, date_precision, date_end,
//! modality, actors, places, counts and sources (not `merge` notes or
//! `rule`); mentions' text and kind fields (not `sentence` or `rule`).
//! Floats are equal within a relative 1e-9.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::Result;
use crate::timeline::{Document, Event, Mention, MentionKind, Timeline};

/// The mention kinds, in report order.
pub const KINDS: &[&str] = &["actor", "place", "quantity", "time"];

/// Which parts of the timelines to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// Compare document records.
    pub documents: bool,
    /// Compare events.
    pub events: bool,
    /// Compare mentions.
    pub mentions: bool,
}

/// Read a timeline file (`-` for standard input) as the query subcommands
/// do: errors name the file and the JSON path, newer schemas are refused.
pub fn read_timeline(path: &Path) -> Result<Timeline> {
    crate::query::read_timeline(path)
}

/// What happened to a record between the old and the new timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Only in the new timeline.
    Added,
    /// Only in the old timeline.
    Removed,
    /// In both, with fields that differ.
    Changed,
}

impl Status {
    /// The sign the text output starts its line with.
    pub fn sign(self) -> char {
        match self {
            Status::Added => '+',
            Status::Removed => '-',
            Status::Changed => '~',
        }
    }
}

/// One field that differs, with its old and new values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field's name in the timeline.
    pub field: String,
    /// Its old value (lists sorted).
    pub old: Value,
    /// Its new value (lists sorted).
    pub new: Value,
}

/// A document added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocChange {
    /// Document id.
    pub doc: String,
    /// What happened.
    pub status: Status,
    /// The fields that differ (changed documents only).
    pub fields: Vec<FieldChange>,
}

/// An event added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventChange {
    /// The document of its first source (where the text output lists it).
    pub doc: String,
    /// What happened.
    pub status: Status,
    /// Its id (the new one when it changed).
    pub id: String,
    /// How an old and a new event were paired: "id", "type+date+sources"
    /// or "type+sources" (changed events only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_by: Option<&'static str>,
    /// Its type (the new one when it changed).
    #[serde(rename = "type")]
    pub etype: String,
    /// Its date (the new one when it changed).
    pub date: Option<String>,
    /// The sentence of its first source.
    pub text: String,
    /// The fields that differ (changed events only).
    pub fields: Vec<FieldChange>,
}

/// A mention added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionChange {
    /// What happened.
    pub status: Status,
    /// Mention kind.
    pub kind: String,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// Its text (the new one when it changed).
    pub text: String,
    /// Its kind-specific fields (the new ones when it changed).
    pub value: Value,
    /// The fields that differ (changed mentions only).
    pub fields: Vec<FieldChange>,
}

/// Added, removed and changed counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Records only in the new timeline.
    pub added: usize,
    /// Records only in the old timeline.
    pub removed: usize,
    /// Records in both that differ.
    pub changed: usize,
}

impl Counts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Added => self.added += 1,
            Status::Removed => self.removed += 1,
            Status::Changed => self.changed += 1,
        }
    }
    fn is_zero(&self) -> bool {
        self.added + self.removed + self.changed == 0
    }
}

/// Every difference between two timelines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// What was compared.
    pub scope: Scope,
    /// Document changes, by id.
    pub documents: Vec<DocChange>,
    /// Event changes, by document then position.
    pub events: Vec<EventChange>,
    /// Mention changes per document, by position.
    pub mentions: BTreeMap<String, Vec<MentionChange>>,
}

impl Default for Scope {
    fn default() -> Scope {
        Scope::all()
    }
}

impl Report {
    /// True when nothing in scope differs.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.events.is_empty() && self.mentions.is_empty()
    }

    /// Per-kind mention counts of one document's changes.
    pub fn mention_counts(changes: &[MentionChange]) -> BTreeMap<String, Counts> {
        let mut by: BTreeMap<String, Counts> = BTreeMap::new();
        for c in changes {
            by.entry(c.kind.clone()).or_default().add(c.status);
        }
        by
    }

    /// Totals: documents, events, and mentions per kind.
    pub fn summary(&self) -> Value {
        let mut docs = Counts::default();
        for d in &self.documents {
            docs.add(d.status);
        }
        let mut events = Counts::default();
        for e in &self.events {
            events.add(e.status);
        }
        let mut kinds: BTreeMap<String, Counts> = KINDS
            .iter()
            .map(|k| (k.to_string(), Counts::default()))
            .collect();
        for cs in self.mentions.values() {
            for c in cs {
                kinds.entry(c.kind.clone()).or_default().add(c.status);
            }
        }
        let mut s = serde_json::Map::new();
        if self.scope.documents {
            s.insert("documents".into(), json!(docs));
        }
        if self.scope.events {
            s.insert("events".into(), json!(events));
        }
        if self.scope.mentions {
            s.insert("mentions".into(), json!(kinds));
        }
        Value::Object(s)
    }

    /// The JSON report (shape documented in the README); `summary_only`
    /// leaves out the lists of changes.
    pub fn to_json(&self, summary_only: bool) -> Value {
        let mut out = json!({ "equal": self.is_empty(), "summary": self.summary() });
        if summary_only {
            return out;
        }
        if self.scope.documents {
            out["documents"] = json!(self.documents);
        }
        if self.scope.events {
            out["events"] = json!(self.events);
        }
        if self.scope.mentions {
            let by: Vec<Value> = self
                .mentions
                .iter()
                .map(|(doc, cs)| json!({"doc": doc, "kinds": Report::mention_counts(cs), "changes": cs}))
                .collect();
            out["mentions"] = Value::Array(by);
        }
        out
    }

    /// Counts only, one line per part (and per mention kind).
    pub fn summary_text(&self) -> String {
        let s = self.summary();
        let line = |name: &str, c: &Value| {
            format!(
                "{name}: {} added, {} removed, {} changed\n",
                c["added"], c["removed"], c["changed"]
            )
        };
        let mut out = String::new();
        if let Some(c) = s.get("documents") {
            out.push_str(&line("documents", c));
        }
        if let Some(c) = s.get("events") {
            out.push_str(&line("events", c));
        }
        if let Some(Value::Object(kinds)) = s.get("mentions") {
            for (k, c) in kinds {
                out.push_str(&line(&format!("mentions {k}"), c));
            }
        }
        out
    }

    /// One line per change, grouped by document (`== DOC` opens a group):
    /// `+` added, `-` removed, `~` changed; each document's mention changes
    /// open with a per-kind summary line.
    pub fn text(&self) -> String {
        let mut docs: BTreeSet<&str> = BTreeSet::new();
        docs.extend(self.documents.iter().map(|d| d.doc.as_str()));
        docs.extend(self.events.iter().map(|e| e.doc.as_str()));
        docs.extend(self.mentions.keys().map(String::as_str));
        let mut out = String::new();
        for doc in docs {
            out.push_str(&format!("== {doc}\n"));
            for d in self.documents.iter().filter(|d| d.doc == doc) {
                out.push_str(&format!("{} document {doc}", d.status.sign()));
                push_fields(&mut out, &d.fields);
                out.push('\n');
            }
            for e in self.events.iter().filter(|e| e.doc == doc) {
                out.push_str(&format!(
                    "{} event {} {} {}",
                    e.status.sign(),
                    e.id,
                    e.etype,
                    e.date.as_deref().unwrap_or("undated")
                ));
                if e.status == Status::Changed {
                    push_fields(&mut out, &e.fields);
                } else {
                    out.push_str(&format!(" {}", quote(&e.text)));
                }
                out.push('\n');
            }
            if let Some(cs) = self.mentions.get(doc) {
                let kinds: Vec<String> = Report::mention_counts(cs)
                    .iter()
                    .filter(|(_, c)| !c.is_zero())
                    .map(|(k, c)| format!("{k} +{} -{} ~{}", c.added, c.removed, c.changed))
                    .collect();
                out.push_str(&format!("mentions: {}\n", kinds.join(", ")));
                for m in cs {
                    out.push_str(&format!(
                        "{} {} {}..{} {}",
                        m.status.sign(),
                        m.kind,
                        m.start,
                        m.end,
                        quote(&m.text)
                    ));
                    if m.status == Status::Changed {
                        push_fields(&mut out, &m.fields);
                    } else {
                        out.push_str(&format!(" {}", m.value));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }
}

impl Scope {
    /// Everything.
    pub fn all() -> Scope {
        Scope {
            documents: true,
            events: true,
            mentions: true,
        }
    }
}

fn quote(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = if one_line.chars().count() > 80 {
        let mut t: String = one_line.chars().take(77).collect();
        t.push_str("...");
        t
    } else {
        one_line
    };
    Value::String(short).to_string()
}

/// `: field old -> new; field -removed +added` (lists show their difference).
fn push_fields(out: &mut String, fields: &[FieldChange]) {
    let parts: Vec<String> = fields.iter().map(describe).collect();
    if !parts.is_empty() {
        out.push_str(": ");
        out.push_str(&parts.join("; "));
    }
}

fn describe(f: &FieldChange) -> String {
    match (&f.old, &f.new) {
        (Value::Array(a), Value::Array(b)) if f.field == "sentences" => {
            let first = a.iter().zip(b).position(|(x, y)| x != y);
            match first {
                Some(i) => format!(
                    "sentences {} -> {}, first difference at {i}: {} -> {}",
                    a.len(),
                    b.len(),
                    a[i],
                    b[i]
                ),
                None => format!("sentences {} -> {}", a.len(), b.len()),
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let mut items: Vec<String> = a
                .iter()
                .filter(|x| !b.contains(x))
                .map(|x| format!("-{}", brief(x)))
                .collect();
            items.extend(
                b.iter()
                    .filter(|x| !a.contains(x))
                    .map(|x| format!("+{}", brief(x))),
            );
            format!("{} {}", f.field, items.join(" "))
        }
        (a, b) => format!("{} {a} -> {b}", f.field),
    }
}

/// A list item for the text output: strings bare, objects without `text`.
fn brief(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => {
            let mut m = m.clone();
            m.remove("text");
            Value::Object(m).to_string()
        }
        v => v.to_string(),
    }
}

/// Compare two timelines.
pub fn diff(old: &Timeline, new: &Timeline, scope: Scope) -> Report {
    let mut r = Report {
        scope,
        ..Report::default()
    };
    if scope.documents {
        r.documents = diff_documents(&old.documents, &new.documents);
    }
    if scope.events {
        r.events = diff_events(&old.events, &new.events);
    }
    if scope.mentions {
        r.mentions = diff_mentions(&old.mentions, &new.mentions);
    }
    r
}

fn floats_equal(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn opt_floats_equal(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => floats_equal(x, y),
        (None, None) => true,
        _ => false,
    }
}

fn field<T: Serialize>(out: &mut Vec<FieldChange>, name: &str, old: &T, new: &T, same: bool) {
    if !same {
        out.push(FieldChange {
            field: name.to_string(),
            old: json!(old),
            new: json!(new),
        });
    }
}

fn diff_documents(old: &[Document], new: &[Document]) -> Vec<DocChange> {
    let o: BTreeMap<&str, &Document> = old.iter().map(|d| (d.id.as_str(), d)).collect();
    let n: BTreeMap<&str, &Document> = new.iter().map(|d| (d.id.as_str(), d)).collect();
    let ids: BTreeSet<&str> = o.keys().chain(n.keys()).copied().collect();
    let mut out = Vec::new();
    for id in ids {
        let (status, fields) = match (o.get(id), n.get(id)) {
            (Some(_), None) => (Status::Removed, Vec::new()),
            (None, Some(_)) => (Status::Added, Vec::new()),
            (Some(a), Some(b)) => {
                let mut f = Vec::new();
                field(&mut f, "lang", &a.lang, &b.lang, a.lang == b.lang);
                field(
                    &mut f,
                    "lang_confidence",
                    &a.lang_confidence,
                    &b.lang_confidence,
                    floats_equal(a.lang_confidence, b.lang_confidence),
                );
                field(&mut f, "dct", &a.dct, &b.dct, a.dct == b.dct);
                field(
                    &mut f,
                    "dct_source",
                    &a.dct_source,
                    &b.dct_source,
                    a.dct_source == b.dct_source,
                );
                field(
                    &mut f,
                    "dct_confidence",
                    &a.dct_confidence,
                    &b.dct_confidence,
                    opt_floats_equal(a.dct_confidence, b.dct_confidence),
                );
                field(
                    &mut f,
                    "encoding",
                    &a.encoding,
                    &b.encoding,
                    a.encoding == b.encoding,
                );
                let spans = |d: &Document| {
                    let mut s: Vec<(usize, usize)> =
                        d.sentences.iter().map(|s| (s.start, s.end)).collect();
                    s.sort_unstable();
                    s
                };
                let (sa, sb) = (spans(a), spans(b));
                field(&mut f, "sentences", &sa, &sb, sa == sb);
                if f.is_empty() {
                    continue;
                }
                (Status::Changed, f)
            }
            (None, None) => continue,
        };
        out.push(DocChange {
            doc: id.to_string(),
            status,
            fields,
        });
    }
    out
}

/// An event with its list fields in a canonical order.
struct Canon<'a> {
    e: &'a Event,
    actors: Vec<&'a str>,
    places: Vec<&'a str>,
    counts: Vec<Value>,
    sources: Vec<Value>,
    first: (String, usize, usize),
}

impl<'a> Canon<'a> {
    fn new(e: &'a Event) -> Canon<'a> {
        let mut actors: Vec<&str> = e.actors.iter().map(String::as_str).collect();
        actors.sort_unstable();
        actors.dedup();
        let mut places: Vec<&str> = e.places.iter().map(String::as_str).collect();
        places.sort_unstable();
        places.dedup();
        let mut counts: Vec<Value> = e
            .counts
            .iter()
            .map(|c| {
                let mut c = c.clone();
                if let Some(r) = &mut c.reported {
                    r.sort_by(|a, b| {
                        (&a.doc, a.start, a.min, a.max).cmp(&(&b.doc, b.start, b.min, b.max))
                    });
                }
                json!(c)
            })
            .collect();
        counts.sort_by_key(|v| v.to_string());
        let mut srcs: Vec<&crate::timeline::Source> = e.sources.iter().collect();
        srcs.sort_by(|a, b| {
            (&a.doc, a.start, a.end, a.trigger.start, a.trigger.end).cmp(&(
                &b.doc,
                b.start,
                b.end,
                b.trigger.start,
                b.trigger.end,
            ))
        });
        let first = srcs
            .first()
            .map(|s| (s.doc.clone(), s.start, s.trigger.start))
            .unwrap_or_default();
        let mut sources: Vec<Value> = srcs.iter().map(|s| json!(s)).collect();
        // Equal sort keys: fall back on the whole record.
        sources.sort_by(|a, b| {
            let k = |v: &Value| {
                (
                    v["doc"].as_str().map(String::from),
                    v["start"].as_u64(),
                    v["end"].as_u64(),
                    v["trigger"]["start"].as_u64(),
                    v["trigger"]["end"].as_u64(),
                )
            };
            k(a).cmp(&k(b))
                .then_with(|| a.to_string().cmp(&b.to_string()))
        });
        Canon {
            e,
            actors,
            places,
            counts,
            sources,
            first,
        }
    }

    fn doc(&self) -> String {
        self.first.0.clone()
    }

    fn text(&self) -> String {
        self.sources
            .first()
            .and_then(|s| s["text"].as_str())
            .unwrap_or("")
            .to_string()
    }

    /// Same document and overlapping byte span in some pair of sources.
    fn overlaps(&self, other: &Canon<'_>) -> bool {
        self.e.sources.iter().any(|s| {
            other.e.sources.iter().any(|t| {
                s.doc == t.doc
                    && ((s.start < t.end && t.start < s.end)
                        || (s.start, s.end) == (t.start, t.end))
            })
        })
    }

    fn order_key(&self) -> (Option<&str>, &(String, usize, usize), &str, &str) {
        (
            self.e.date.as_deref(),
            &self.first,
            self.e.etype.as_str(),
            self.e.id.as_str(),
        )
    }
}

fn event_fields(a: &Canon<'_>, b: &Canon<'_>) -> Vec<FieldChange> {
    let (x, y) = (a.e, b.e);
    let mut f = Vec::new();
    field(&mut f, "id", &x.id, &y.id, x.id == y.id);
    field(&mut f, "type", &x.etype, &y.etype, x.etype == y.etype);
    field(&mut f, "date", &x.date, &y.date, x.date == y.date);
    field(
        &mut f,
        "date_precision",
        &x.date_precision,
        &y.date_precision,
        x.date_precision == y.date_precision,
    );
    field(
        &mut f,
        "date_end",
        &x.date_end,
        &y.date_end,
        x.date_end == y.date_end,
    );
    field(
        &mut f,
        "modality",
        &x.modality,
        &y.modality,
        x.modality == y.modality,
    );
    field(&mut f, "actors", &a.actors, &b.actors, a.actors == b.actors);
    field(&mut f, "places", &a.places, &b.places, a.places == b.places);
    field(&mut f, "counts", &a.counts, &b.counts, a.counts == b.counts);
    field(
        &mut f,
        "sources",
        &a.sources,
        &b.sources,
        a.sources == b.sources,
    );
    f
}

fn diff_events(old: &[Event], new: &[Event]) -> Vec<EventChange> {
    let mut o: Vec<Canon<'_>> = old.iter().map(Canon::new).collect();
    let mut n: Vec<Canon<'_>> = new.iter().map(Canon::new).collect();
    // A canonical order, so the input's order never changes a pairing.
    o.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    n.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    let mut pairs: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut o_used = vec![false; o.len()];
    let mut n_used = vec![false; n.len()];
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (j, c) in n.iter().enumerate() {
        by_id.entry(c.e.id.as_str()).or_default().push(j);
    }
    for (i, c) in o.iter().enumerate() {
        if let Some(js) = by_id.get_mut(c.e.id.as_str()) {
            if !js.is_empty() {
                let j = js.remove(0);
                pairs.push((i, j, "id"));
                o_used[i] = true;
                n_used[j] = true;
            }
        }
    }
    type Rule = fn(&Canon<'_>, &Canon<'_>) -> bool;
    let passes: [(&'static str, Rule); 2] = [
        ("type+date+sources", |a, b| {
            a.e.etype == b.e.etype && a.e.date == b.e.date && a.overlaps(b)
        }),
        ("type+sources", |a, b| {
            a.e.etype == b.e.etype && a.overlaps(b)
        }),
    ];
    for (name, rule) in passes {
        for i in 0..o.len() {
            if o_used[i] {
                continue;
            }
            if let Some(j) = (0..n.len()).find(|&j| !n_used[j] && rule(&o[i], &n[j])) {
                pairs.push((i, j, name));
                o_used[i] = true;
                n_used[j] = true;
            }
        }
    }
    let mut out = Vec::new();
    let change = |c: &Canon<'_>, status, matched_by, fields| EventChange {
        doc: c.doc(),
        status,
        id: c.e.id.clone(),
        matched_by,
        etype: c.e.etype.clone(),
        date: c.e.date.clone(),
        text: c.text(),
        fields,
    };
    let mut keyed = Vec::new();
    for (i, j, how) in pairs {
        let fields = event_fields(&o[i], &n[j]);
        if !fields.is_empty() {
            keyed.push((
                n[j].first.clone(),
                change(&n[j], Status::Changed, Some(how), fields),
            ));
        }
    }
    for (i, c) in o.iter().enumerate() {
        if !o_used[i] {
            keyed.push((
                c.first.clone(),
                change(c, Status::Removed, None, Vec::new()),
            ));
        }
    }
    for (j, c) in n.iter().enumerate() {
        if !n_used[j] {
            keyed.push((c.first.clone(), change(c, Status::Added, None, Vec::new())));
        }
    }
    keyed.sort_by(|(ka, a), (kb, b)| {
        ka.cmp(kb)
            .then(a.status.cmp(&b.status))
            .then_with(|| a.id.cmp(&b.id))
    });
    out.extend(keyed.into_iter().map(|(_, c)| c));
    out
}

fn kind_name(k: &MentionKind) -> &'static str {
    match k {
        MentionKind::Actor { .. } => "actor",
        MentionKind::Place { .. } => "place",
        MentionKind::Quantity { .. } => "quantity",
        MentionKind::Time { .. } => "time",
    }
}

/// The kind-specific fields as a JSON object (without `kind`).
fn kind_value(k: &MentionKind) -> Value {
    let mut v = json!(k);
    if let Value::Object(m) = &mut v {
        m.remove("kind");
    }
    v
}

fn mention_fields(a: &Mention, b: &Mention) -> Vec<FieldChange> {
    let mut f = Vec::new();
    field(&mut f, "text", &a.text, &b.text, a.text == b.text);
    let (va, vb) = (kind_value(&a.kind), kind_value(&b.kind));
    let keys: BTreeSet<&String> = match (&va, &vb) {
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).collect(),
        _ => BTreeSet::new(),
    };
    for k in keys {
        let (x, y) = (&va[k.as_str()], &vb[k.as_str()]);
        let same = match (x.as_f64(), y.as_f64()) {
            (Some(p), Some(q)) if x.is_f64() || y.is_f64() => floats_equal(p, q),
            _ => x == y,
        };
        field(&mut f, k, x, y, same);
    }
    f
}

type MentionKey<'a> = (&'a str, usize, usize, &'static str);

fn group_mentions(ms: &[Mention]) -> BTreeMap<MentionKey<'_>, Vec<&Mention>> {
    let mut g: BTreeMap<MentionKey<'_>, Vec<&Mention>> = BTreeMap::new();
    for m in ms {
        g.entry((m.doc.as_str(), m.start, m.end, kind_name(&m.kind)))
            .or_default()
            .push(m);
    }
    for v in g.values_mut() {
        v.sort_by_key(|m| kind_value(&m.kind).to_string());
    }
    g
}

fn diff_mentions(old: &[Mention], new: &[Mention]) -> BTreeMap<String, Vec<MentionChange>> {
    let group = group_mentions;
    let (go, gn) = (group(old), group(new));
    let keys: BTreeSet<&MentionKey<'_>> = go.keys().chain(gn.keys()).collect();
    let mut out: BTreeMap<String, Vec<MentionChange>> = BTreeMap::new();
    let empty = Vec::new();
    for key in keys {
        let mut a: Vec<&Mention> = go.get(key).unwrap_or(&empty).clone();
        let mut b: Vec<&Mention> = gn.get(key).unwrap_or(&empty).clone();
        // Equal mentions first, then pair what is left in order.
        a.retain(
            |x| match b.iter().position(|y| mention_fields(x, y).is_empty()) {
                Some(j) => {
                    b.remove(j);
                    false
                }
                None => true,
            },
        );
        let (doc, start, end, kind) = *key;
        let mut push = |status, m: &Mention, fields| {
            out.entry(doc.to_string()).or_default().push(MentionChange {
                status,
                kind: kind.to_string(),
                start,
                end,
                text: m.text.clone(),
                value: kind_value(&m.kind),
                fields,
            });
        };
        let paired = a.len().min(b.len());
        for (x, y) in a.iter().zip(&b) {
            push(Status::Changed, y, mention_fields(x, y));
        }
        for x in &a[paired..] {
            push(Status::Removed, x, Vec::new());
        }
        for y in &b[paired..] {
            push(Status::Added, y, Vec::new());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_compare_within_tolerance() {
        assert!(floats_equal(43.25, 43.25 + 1e-12));
        assert!(floats_equal(0.1 + 0.2, 0.3));
        assert!(!floats_equal(43.25, 43.26));
    }

    #[test]
    fn list_fields_show_their_difference() {
        let f = FieldChange {
            field: "actors".into(),
            old: json!(["csto", "russia"]),
            new: json!(["russia", "tokayev"]),
        };
        assert_eq!(describe(&f), "actors -csto +tokayev");
        let f = FieldChange {
            field: "date".into(),
            old: json!("2022-01-05"),
            new: Value::Null,
        };
        assert_eq!(describe(&f), "date \"2022-01-05\" -> null");
    }
}
