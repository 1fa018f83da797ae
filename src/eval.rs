//! Scoring a timeline against gold annotations, exactly as
//! ../shared/gold/README.md and ../shared/tools/score.py define it:
//! per slot, micro-averaged, one-to-one maximal matching, optional gold
//! items (with a "note") counting on neither side.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// The slots, in score.py's order.
pub const SLOTS: &[&str] = &[
    "lang",
    "actors",
    "places",
    "times.detect",
    "times.resolve",
    "quantities.detect",
    "quantities.full",
    "events.type",
    "events.type+date",
];

/// The slots whose F1 the headline averages.
pub const HEADLINE: &[&str] = &[
    "actors",
    "places",
    "times.resolve",
    "quantities.full",
    "events.type+date",
];

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Tally {
    /// Matched.
    pub tp: usize,
    /// Found but not in gold.
    pub fp: usize,
    /// In gold but not found.
    pub fn_: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    /// Precision, recall, F1 (1, 1, 1 when nothing to find and nothing found).
    pub fn prf(&self) -> (f64, f64, f64) {
        let (tp, fp, fnn) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        if self.tp + self.fp + self.fn_ == 0 {
            return (1.0, 1.0, 1.0);
        }
        let p = if self.tp + self.fp > 0 {
            tp / (tp + fp)
        } else {
            0.0
        };
        let r = if self.tp + self.fn_ > 0 {
            tp / (tp + fnn)
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// One scoring error, for `--errors`.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Document id.
    pub doc: String,
    /// Slot.
    pub slot: String,
    /// "fp" or "fn".
    pub kind: String,
    /// The text concerned.
    pub text: String,
    /// What the item was.
    pub detail: String,
}

/// A full report.
#[derive(Debug, Clone)]
pub struct Report {
    /// Totals per slot.
    pub slots: BTreeMap<String, Tally>,
    /// Per document, per slot.
    pub by_doc: BTreeMap<String, BTreeMap<String, Tally>>,
    /// The mean F1 of the headline slots.
    pub headline_f1: f64,
    /// Mentions whose text is not their byte slice.
    pub bad_offsets: usize,
    /// Gold documents absent from the timeline.
    pub missing_docs: Vec<String>,
    /// Every false positive and false negative.
    pub misses: Vec<Miss>,
}

const CATEGORIES: &[&str] = &[
    "killed",
    "injured",
    "hospitalized",
    "arrested",
    "participants",
    "deployed",
];
const GROUPS: &[&str] = &["security_forces", "protesters", "civilians", "unspecified"];
const TYPES: &[&str] = crate::timeline::EVENT_TYPES;

fn doc_key(v: &str) -> String {
    v.strip_suffix(".txt").unwrap_or(v).to_string()
}

fn read_doc(corpus: &Path, id: &str) -> Option<String> {
    for ext in [".txt", ""] {
        let p = corpus.join(format!("{id}{ext}"));
        if p.is_file() {
            let raw = std::fs::read(&p).ok()?;
            let raw = raw
                .strip_prefix(&[0xEF, 0xBB, 0xBF])
                .unwrap_or(&raw)
                .to_vec();
            return Some(match String::from_utf8(raw.clone()) {
                Ok(s) => s,
                Err(_) => encoding_rs::WINDOWS_1252.decode(&raw).0.into_owned(),
            });
        }
    }
    None
}

/// Byte spans of every occurrence of `needle` in `text`, case-insensitive
/// when lowercasing keeps byte lengths (as score.py does).
fn spans_of(text: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return vec![];
    }
    let (hay, pat) = {
        let (h, p) = (text.to_lowercase(), needle.to_lowercase());
        if h.len() != text.len() {
            (text.to_string(), needle.to_string())
        } else {
            (h, p)
        }
    };
    let (hb, pb) = (hay.as_bytes(), pat.as_bytes());
    let mut out = Vec::new();
    if pb.len() > hb.len() {
        return out;
    }
    for i in 0..=hb.len() - pb.len() {
        if &hb[i..i + pb.len()] == pb {
            out.push((i, i + pb.len()));
        }
    }
    out
}

fn int(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

fn overlaps(a: (Option<i64>, Option<i64>), b: (usize, usize)) -> bool {
    match a {
        (Some(s), Some(e)) => s < b.1 as i64 && (b.0 as i64) < e,
        _ => false,
    }
}

/// Maximum bipartite matching of gold items to unused system items.
fn max_matching(
    ng: &[usize],
    ns: usize,
    ok: &dyn Fn(usize, usize) -> bool,
    used: &mut [bool],
) -> (usize, Vec<bool>) {
    let mut owner: Vec<Option<usize>> = vec![None; ns];
    fn augment(
        gi: usize,
        ns: usize,
        ok: &dyn Fn(usize, usize) -> bool,
        used: &[bool],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for si in 0..ns {
            if used[si] || seen[si] || !ok(gi, si) {
                continue;
            }
            seen[si] = true;
            let free = match owner[si] {
                None => true,
                Some(o) => augment(o, ns, ok, used, seen, owner),
            };
            if free {
                owner[si] = Some(gi);
                return true;
            }
        }
        false
    }
    let mut matched_gold = vec![false; ng.len()];
    let mut n = 0;
    for (k, &gi) in ng.iter().enumerate() {
        let mut seen = vec![false; ns];
        if augment(gi, ns, ok, used, &mut seen, &mut owner) {
            n += 1;
            matched_gold[k] = true;
        }
    }
    // Recompute which gold items ended up matched (augmenting paths may reassign).
    let mut final_gold = vec![false; ng.len()];
    for (si, o) in owner.iter().enumerate() {
        if let Some(g) = o {
            used[si] = true;
            if let Some(k) = ng.iter().position(|x| x == g) {
                final_gold[k] = true;
            }
        }
    }
    let _ = matched_gold;
    (n, final_gold)
}

/// One-to-one matching: (tally, unmatched required gold indices, unused system indices).
fn match_items(
    gold: &[Value],
    ns: usize,
    ok: &dyn Fn(usize, usize) -> bool,
    detect: &dyn Fn(usize, usize) -> bool,
) -> (Tally, Vec<usize>, Vec<usize>) {
    let required: Vec<usize> = (0..gold.len())
        .filter(|&i| gold[i].get("note").is_none())
        .collect();
    let optional: Vec<usize> = (0..gold.len())
        .filter(|&i| gold[i].get("note").is_some())
        .collect();
    let mut used = vec![false; ns];
    let (tp, got) = max_matching(&required, ns, ok, &mut used);
    max_matching(&optional, ns, detect, &mut used);
    let unmatched: Vec<usize> = required
        .iter()
        .zip(&got)
        .filter(|(_, g)| !**g)
        .map(|(i, _)| *i)
        .collect();
    let unused: Vec<usize> = (0..ns).filter(|&i| !used[i]).collect();
    let fp = unused.len();
    (
        Tally {
            tp,
            fp,
            fn_: required.len() - tp,
        },
        unmatched,
        unused,
    )
}

/// Whether a system quantity's values agree with gold's (README rules).
pub fn value_ok(g: &Value, s: &Value) -> bool {
    let (gmin, gmax) = (int(g, "min"), int(g, "max"));
    let gapx = g
        .get("approximate")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (smin, smax) = (int(s, "min"), int(s, "max"));
    if !gapx {
        return smin == gmin && smax == gmax;
    }
    if gmax.is_none() {
        return smin == gmin && smax.is_none();
    }
    if gmin.is_none() {
        return smax == gmax && matches!(smin, None | Some(0));
    }
    if !s
        .get("approximate")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        return false;
    }
    let lo = smin.unwrap_or(0);
    let hi = smax.unwrap_or(i64::MAX);
    lo <= gmax.unwrap_or(i64::MAX) && gmin.unwrap_or(0) <= hi
}

/// Validate a gold file: known slots, vocabularies, texts present in the documents.
pub fn validate_gold(gold: &Value, corpus: &Path, path: &str) -> Result<()> {
    let docs = gold
        .get("documents")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::timeline(path, "gold has no \"documents\" object"))?;
    for (id, d) in docs {
        let obj = d
            .as_object()
            .ok_or_else(|| Error::timeline(path, format!("document {id}: not an object")))?;
        for k in obj.keys() {
            if !matches!(
                k.as_str(),
                "lang" | "dct" | "actors" | "places" | "times" | "quantities" | "events" | "note"
            ) {
                return Err(Error::timeline(
                    path,
                    format!("document {id}: unknown slot {k:?}"),
                ));
            }
        }
        let text = read_doc(corpus, id).ok_or_else(|| {
            Error::timeline(
                path,
                format!("document {id}: not found in {}", corpus.display()),
            )
        })?;
        for slot in ["times", "quantities", "events"] {
            for it in d.get(slot).and_then(Value::as_array).into_iter().flatten() {
                let t = it.get("text").and_then(Value::as_str).unwrap_or("");
                if spans_of(&text, t).is_empty() {
                    return Err(Error::timeline(
                        path,
                        format!("document {id}: {slot} text {t:?} is not in the document"),
                    ));
                }
                if slot == "quantities" {
                    let c = it.get("category").and_then(Value::as_str).unwrap_or("");
                    if !CATEGORIES.contains(&c) {
                        return Err(Error::timeline(
                            path,
                            format!("document {id}: bad category {c:?}"),
                        ));
                    }
                    let g = it
                        .get("group")
                        .and_then(Value::as_str)
                        .unwrap_or("unspecified");
                    if !GROUPS.contains(&g) {
                        return Err(Error::timeline(
                            path,
                            format!("document {id}: bad group {g:?}"),
                        ));
                    }
                }
                if slot == "events" {
                    let ty = it.get("type").and_then(Value::as_str).unwrap_or("");
                    if !TYPES.contains(&ty) {
                        return Err(Error::timeline(
                            path,
                            format!("document {id}: bad event type {ty:?}"),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Score `tl` against `gold`, reading document texts from `corpus`.
pub fn score(gold: &Value, tl: &Value, corpus: &Path) -> Report {
    let empty = vec![];
    let mut docs: BTreeMap<String, &Value> = BTreeMap::new();
    for d in tl
        .get("documents")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
    {
        let id = d
            .get("id")
            .or_else(|| d.get("path"))
            .and_then(Value::as_str)
            .unwrap_or("");
        docs.insert(doc_key(id), d);
    }
    let mut mentions: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for m in tl
        .get("mentions")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
    {
        mentions
            .entry(doc_key(m.get("doc").and_then(Value::as_str).unwrap_or("")))
            .or_default()
            .push(m);
    }
    let mut events: BTreeMap<String, Vec<(&Value, Vec<&Value>)>> = BTreeMap::new();
    for e in tl.get("events").and_then(Value::as_array).unwrap_or(&empty) {
        let mut by: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for s in e.get("sources").and_then(Value::as_array).unwrap_or(&empty) {
            by.entry(doc_key(s.get("doc").and_then(Value::as_str).unwrap_or("")))
                .or_default()
                .push(s);
        }
        for (k, srcs) in by {
            events.entry(k).or_default().push((e, srcs));
        }
    }
    let mut slots: BTreeMap<String, Tally> = SLOTS
        .iter()
        .map(|s| (s.to_string(), Tally::default()))
        .collect();
    let mut by_doc = BTreeMap::new();
    let mut bad_offsets = 0;
    let mut missing = Vec::new();
    let mut misses = Vec::new();
    let gdocs = gold
        .get("documents")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (id, g) in &gdocs {
        let text = read_doc(corpus, id);
        let mut t: BTreeMap<String, Tally> = SLOTS
            .iter()
            .map(|s| (s.to_string(), Tally::default()))
            .collect();
        let d = docs.get(id);
        if d.is_none() {
            missing.push(id.clone());
        }
        let lang_ok = d.is_some_and(|d| d.get("lang") == g.get("lang"));
        let lang_tally = if lang_ok {
            Tally {
                tp: 1,
                fp: 0,
                fn_: 0,
            }
        } else {
            Tally {
                tp: 0,
                fp: usize::from(d.is_some()),
                fn_: 1,
            }
        };
        if let Some(x) = t.get_mut("lang") {
            x.add(lang_tally);
        }
        let ms: Vec<&Value> = mentions.get(id).cloned().unwrap_or_default();
        if let Some(text) = &text {
            let raw = text.as_bytes();
            for m in &ms {
                let ok = match (int(m, "start"), int(m, "end")) {
                    (Some(s), Some(e)) if s >= 0 && e >= s && (e as usize) <= raw.len() => {
                        String::from_utf8_lossy(&raw[s as usize..e as usize])
                            == m.get("text").and_then(Value::as_str).unwrap_or("\u{0}")
                    }
                    _ => false,
                };
                if !ok {
                    bad_offsets += 1;
                }
            }
        }
        for (slot, kind) in [("actors", "actor"), ("places", "place")] {
            let sys: std::collections::BTreeSet<&str> = ms
                .iter()
                .filter(|m| m.get("kind").and_then(Value::as_str) == Some(kind))
                .filter_map(|m| m.get("id").and_then(Value::as_str))
                .collect();
            let entries = g
                .get(slot)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let required: std::collections::BTreeSet<&str> =
                entries.iter().filter_map(Value::as_str).collect();
            let optional: std::collections::BTreeSet<&str> = entries
                .iter()
                .filter_map(|e| e.get("id").and_then(Value::as_str))
                .collect();
            let tp = sys.intersection(&required).count();
            let extra: Vec<&&str> = sys
                .iter()
                .filter(|x| !required.contains(**x) && !optional.contains(**x))
                .collect();
            let fnl: Vec<&&str> = required.iter().filter(|x| !sys.contains(**x)).collect();
            for x in &extra {
                misses.push(Miss {
                    doc: id.clone(),
                    slot: slot.into(),
                    kind: "fp".into(),
                    text: x.to_string(),
                    detail: String::new(),
                });
            }
            for x in &fnl {
                misses.push(Miss {
                    doc: id.clone(),
                    slot: slot.into(),
                    kind: "fn".into(),
                    text: x.to_string(),
                    detail: String::new(),
                });
            }
            if let Some(x) = t.get_mut(slot) {
                x.add(Tally {
                    tp,
                    fp: extra.len(),
                    fn_: fnl.len(),
                });
            }
        }
        let text_s = text.clone().unwrap_or_default();
        let span_ok = |gi: &Value, m: &Value| {
            let sp = (int(m, "start"), int(m, "end"));
            spans_of(
                &text_s,
                gi.get("text").and_then(Value::as_str).unwrap_or(""),
            )
            .iter()
            .any(|&gs| overlaps(sp, gs))
        };
        let mut slot_match = |name: &str,
                              detect_name: Option<&str>,
                              gold_items: &Vec<Value>,
                              sys: &[&Value],
                              ok: &dyn Fn(usize, usize) -> bool,
                              det: &dyn Fn(usize, usize) -> bool,
                              describe: &dyn Fn(&Value) -> String| {
            let (tally, unmatched, unused) = match_items(gold_items, sys.len(), ok, det);
            if let Some(x) = t.get_mut(name) {
                x.add(tally);
            }
            let _ = detect_name;
            for gi in unmatched {
                misses.push(Miss {
                    doc: id.clone(),
                    slot: name.into(),
                    kind: "fn".into(),
                    text: gold_items[gi]
                        .get("text")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .into(),
                    detail: describe(&gold_items[gi]),
                });
            }
            for si in unused {
                misses.push(Miss {
                    doc: id.clone(),
                    slot: name.into(),
                    kind: "fp".into(),
                    text: sys[si]
                        .get("text")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .chars()
                        .take(120)
                        .collect(),
                    detail: describe(sys[si]),
                });
            }
        };
        let gt = g
            .get("times")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let times: Vec<&Value> = ms
            .iter()
            .copied()
            .filter(|m| m.get("kind").and_then(Value::as_str) == Some("time"))
            .collect();
        let describe_time = |v: &Value| {
            format!(
                "value {}",
                v.get("value").map(Value::to_string).unwrap_or_default()
            )
        };
        slot_match(
            "times.detect",
            None,
            &gt,
            &times,
            &|gi, si| span_ok(&gt[gi], times[si]),
            &|gi, si| span_ok(&gt[gi], times[si]),
            &describe_time,
        );
        slot_match(
            "times.resolve",
            None,
            &gt,
            &times,
            &|gi, si| {
                span_ok(&gt[gi], times[si])
                    && times[si].get("value") == Some(gt[gi].get("value").unwrap_or(&Value::Null))
            },
            &|gi, si| span_ok(&gt[gi], times[si]),
            &describe_time,
        );
        let gq = g
            .get("quantities")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let qs: Vec<&Value> = ms
            .iter()
            .copied()
            .filter(|m| {
                m.get("kind").and_then(Value::as_str) == Some("quantity")
                    && !matches!(
                        m.get("category").and_then(Value::as_str),
                        None | Some("other")
                    )
            })
            .collect();
        let q_detect = |gi: usize, si: usize| {
            span_ok(&gq[gi], qs[si]) && qs[si].get("category") == gq[gi].get("category")
        };
        let q_full = |gi: usize, si: usize| {
            if !q_detect(gi, si) {
                return false;
            }
            let gg = gq[gi]
                .get("group")
                .and_then(Value::as_str)
                .unwrap_or("unspecified");
            if gg != "unspecified" && qs[si].get("group").and_then(Value::as_str) != Some(gg) {
                return false;
            }
            value_ok(&gq[gi], qs[si])
        };
        let describe_q = |v: &Value| {
            format!(
                "{} {} {}..{} approx {}",
                v.get("category").map(Value::to_string).unwrap_or_default(),
                v.get("group").map(Value::to_string).unwrap_or_default(),
                v.get("min").map(Value::to_string).unwrap_or_default(),
                v.get("max").map(Value::to_string).unwrap_or_default(),
                v.get("approximate")
                    .map(Value::to_string)
                    .unwrap_or_default()
            )
        };
        slot_match(
            "quantities.detect",
            None,
            &gq,
            &qs,
            &q_detect,
            &q_detect,
            &describe_q,
        );
        slot_match(
            "quantities.full",
            None,
            &gq,
            &qs,
            &q_full,
            &q_detect,
            &describe_q,
        );
        let ge = g
            .get("events")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let evs: Vec<(&Value, Vec<&Value>)> = events.get(id).cloned().unwrap_or_default();
        let e_type = |gi: usize, si: usize| {
            let (e, srcs) = &evs[si];
            e.get("type") == ge[gi].get("type") && srcs.iter().any(|s| span_ok(&ge[gi], s))
        };
        let norm = |v: Option<&Value>| -> Option<String> {
            v.and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        let e_date = |gi: usize, si: usize| {
            let (e, srcs) = &evs[si];
            let want = norm(ge[gi].get("date"));
            e_type(gi, si)
                && (norm(e.get("date")) == want
                    || srcs
                        .iter()
                        .any(|s| s.get("date").is_some() && norm(s.get("date")) == want))
        };
        // Events are described by their first source in this document.
        let ev_values: Vec<Value> = evs
            .iter()
            .map(|(e, srcs)| {
                let mut v = serde_json::json!({"type": e.get("type"), "date": e.get("date")});
                v["text"] = srcs
                    .first()
                    .and_then(|s| s.get("text"))
                    .cloned()
                    .unwrap_or(Value::Null);
                v
            })
            .collect();
        let ev_refs: Vec<&Value> = ev_values.iter().collect();
        let describe_e = |v: &Value| {
            format!(
                "{} date {}",
                v.get("type").map(Value::to_string).unwrap_or_default(),
                v.get("date").map(Value::to_string).unwrap_or_default()
            )
        };
        slot_match(
            "events.type",
            None,
            &ge,
            &ev_refs,
            &e_type,
            &e_type,
            &describe_e,
        );
        slot_match(
            "events.type+date",
            None,
            &ge,
            &ev_refs,
            &e_date,
            &e_type,
            &describe_e,
        );
        for (k, v) in &t {
            if let Some(x) = slots.get_mut(k) {
                x.add(*v);
            }
        }
        by_doc.insert(id.clone(), t);
    }
    let headline_f1 = HEADLINE
        .iter()
        .map(|s| slots.get(*s).map(|t| t.prf().2).unwrap_or(0.0))
        .sum::<f64>()
        / HEADLINE.len() as f64;
    Report {
        slots,
        by_doc,
        headline_f1,
        bad_offsets,
        missing_docs: missing,
        misses,
    }
}
