//! `diff` driven through the binary: equal timelines (whatever their order
//! and number formatting) diff clean with exit 0; each kind of change is
//! reported in text and JSON with exit 1; a bad file is exit 2 naming it.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::{bin, root};

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// Extract fixtures/ into `dir/name`.
fn extract(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec!["extract", "fixtures", "-o", s(&out)];
    args.extend_from_slice(extra);
    let o = bin()
        .current_dir(root())
        .args(&args)
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn load(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).expect("read")).expect("json")
}

fn save(p: &Path, v: &Value) {
    std::fs::write(p, serde_json::to_string(v).expect("serialize")).expect("write");
}

fn diff_json(old: &Path, new: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["diff", s(old), s(new), "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(&args);
    let v = serde_json::from_slice(&o.stdout).expect("diff --format json is JSON");
    (o.status.code(), v)
}

#[test]
fn two_extract_runs_diff_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &["--threads", "1"]);
    let b = extract(dir.path(), "b.json", &["--pretty"]);
    let o = run(&["diff", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "", "nothing reported");
    let (code, v) = diff_json(&a, &b, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(v["equal"], true);
    assert_eq!(v["events"], Value::Array(vec![]));
    assert_eq!(v["mentions"], Value::Array(vec![]));
}

#[test]
fn order_and_float_formatting_make_no_difference() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &[]);
    let mut v = load(&a);
    for key in ["documents", "mentions", "events"] {
        v[key].as_array_mut().expect("array").reverse();
    }
    for e in v["events"].as_array_mut().expect("events") {
        for key in ["actors", "places", "sources", "counts"] {
            e[key].as_array_mut().expect("list").reverse();
        }
    }
    // Write every latitude with a trailing zero and an exponent: 43.25 -> 43.250e0.
    let text = serde_json::to_string(&v).expect("serialize");
    let mut out = String::new();
    let mut rest = text.as_str();
    let mut n = 0;
    while let Some(i) = rest.find("\"lat\":") {
        let (head, tail) = rest.split_at(i + 6);
        let end = tail.find([',', '}']).expect("number ends");
        let num = &tail[..end];
        out.push_str(head);
        out.push_str(num);
        if num.contains('.') {
            out.push('0');
        }
        out.push_str("e0");
        n += 1;
        rest = &tail[end..];
    }
    out.push_str(rest);
    assert!(n > 0, "fixtures have places");
    let b = dir.path().join("b.json");
    std::fs::write(&b, out).expect("write");
    assert_ne!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let o = run(&["diff", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
}

/// A changed copy of `a`: one event's date edited, one event removed, one
/// time mention's value changed. Returns (ids edited, removed; mention start).
fn changed_copy(a: &Path, b: &Path) -> (String, String, u64) {
    let mut v = load(a);
    let events = v["events"].as_array_mut().expect("events");
    let edited = events[0]["id"].as_str().expect("id").to_string();
    events[0]["date"] = Value::from("1999-12-31");
    let removed = events.remove(1)["id"].as_str().expect("id").to_string();
    let m = v["mentions"]
        .as_array_mut()
        .expect("mentions")
        .iter_mut()
        .find(|m| m["kind"] == "time" && m["value"].is_string())
        .expect("a resolved time mention");
    m["value"] = Value::from("1999-01-01");
    let start = m["start"].as_u64().expect("start");
    save(b, &v);
    (edited, removed, start)
}

#[test]
fn each_change_is_reported_in_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &[]);
    let b = dir.path().join("b.json");
    let (edited, removed, start) = changed_copy(&a, &b);
    let o = run(&["diff", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let line = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix:?} in:\n{text}"))
            .to_string()
    };
    assert!(line(&format!("~ event {edited} ")).contains("-> \"1999-12-31\""));
    line(&format!("- event {removed} "));
    assert!(line(&format!("~ time {start}..")).contains("value"));
    assert!(
        text.lines().any(|l| l.starts_with("== ")),
        "grouped by document"
    );
    assert!(text.contains("time +0 -0 ~1"), "per-kind summary:\n{text}");
    // Three changes, no more.
    let changes = text
        .lines()
        .filter(|l| l.starts_with(['+', '-', '~']))
        .count();
    assert_eq!(changes, 3, "{text}");

    let o = run(&["diff", s(&a), s(&b), "--summary"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("events: 0 added, 1 removed, 1 changed"),
        "{text}"
    );
    assert!(
        text.contains("mentions time: 0 added, 0 removed, 1 changed"),
        "{text}"
    );
}

#[test]
fn each_change_is_reported_in_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &[]);
    let b = dir.path().join("b.json");
    let (edited, removed, start) = changed_copy(&a, &b);
    let (code, v) = diff_json(&a, &b, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(v["equal"], false);
    let events = v["events"].as_array().expect("events");
    assert_eq!(events.len(), 2);
    let ch = events
        .iter()
        .find(|e| e["status"] == "changed")
        .expect("changed event");
    assert_eq!(ch["id"], edited.as_str());
    assert_eq!(ch["matched_by"], "id");
    assert_eq!(ch["fields"][0]["field"], "date");
    assert_eq!(ch["fields"][0]["new"], "1999-12-31");
    assert_eq!(ch["fields"].as_array().expect("fields").len(), 1);
    let rm = events
        .iter()
        .find(|e| e["status"] == "removed")
        .expect("removed event");
    assert_eq!(rm["id"], removed.as_str());
    let docs = v["mentions"].as_array().expect("mentions");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["kinds"]["time"]["changed"], 1);
    let m = &docs[0]["changes"][0];
    assert_eq!(
        (m["status"].clone(), m["start"].clone()),
        ("changed".into(), start.into())
    );
    assert_eq!(m["fields"][0]["field"], "value");
    assert_eq!(m["fields"][0]["new"], "1999-01-01");
    assert_eq!(v["summary"]["events"]["removed"], 1);
    assert_eq!(v["summary"]["mentions"]["time"]["changed"], 1);
    assert_eq!(v["summary"]["mentions"]["actor"]["changed"], 0);

    // --summary: counts only; --only restricts what is compared.
    let (_, sv) = diff_json(&a, &b, &["--summary"]);
    assert!(sv.get("events").is_none() && sv["summary"]["events"]["changed"] == 1);
    let (code, ev) = diff_json(&a, &b, &["--only", "events"]);
    assert_eq!(code, Some(1));
    assert!(ev.get("mentions").is_none() && ev["summary"].get("mentions").is_none());
    let (code, mv) = diff_json(&a, &b, &["--only", "mentions"]);
    assert_eq!(code, Some(1));
    assert!(mv.get("events").is_none());
}

#[test]
fn only_events_ignores_mention_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &[]);
    let mut v = load(&a);
    let m = v["mentions"]
        .as_array_mut()
        .expect("mentions")
        .iter_mut()
        .find(|m| m["kind"] == "quantity")
        .expect("a quantity");
    let was = m["min"].clone();
    m["min"] = Value::from(123_456);
    let b = dir.path().join("b.json");
    save(&b, &v);
    assert_eq!(
        run(&["diff", s(&a), s(&b), "--only", "events"])
            .status
            .code(),
        Some(0)
    );
    let o = run(&["diff", s(&a), s(&b), "--only", "mentions"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("min {was} -> 123456")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_event_whose_id_changed_with_its_date_is_matched_by_its_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &[]);
    let mut v = load(&a);
    let e = &mut v["events"][2];
    let old_id = e["id"].as_str().expect("id").to_string();
    e["date"] = Value::from("2030-01-01");
    e["id"] = Value::from("ev-000000000000");
    e["actors"]
        .as_array_mut()
        .expect("actors")
        .push(Value::from("csto"));
    let b = dir.path().join("b.json");
    save(&b, &v);
    let (code, d) = diff_json(&a, &b, &["--only", "events"]);
    assert_eq!(code, Some(1));
    let events = d["events"].as_array().expect("events");
    assert_eq!(events.len(), 1, "{d:#}");
    assert_eq!(events[0]["status"], "changed");
    assert_eq!(events[0]["matched_by"], "type+sources");
    let fields: Vec<&str> = events[0]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("name"))
        .collect();
    assert_eq!(fields, ["id", "date", "actors"]);
    assert_eq!(events[0]["fields"][0]["old"], old_id.as_str());
}

#[test]
fn added_documents_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &[]);
    let mut v = load(&a);
    v["documents"].as_array_mut().expect("documents").remove(0);
    let b = dir.path().join("b.json");
    save(&b, &v);
    let o = run(&["diff", s(&b), s(&a)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).lines().any(|l| l.starts_with("+ document ")),
        "{}",
        stdout(&o)
    );
    let (_, d) = diff_json(&b, &a, &["--summary"]);
    assert_eq!(d["summary"]["documents"]["added"], 1);
}

#[test]
fn bad_file_is_exit_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = extract(dir.path(), "a.json", &[]);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"schema_version\": \"1.0\", ").expect("write");
    let not_timeline = dir.path().join("other.json");
    std::fs::write(&not_timeline, "{\"slots\": {}}").expect("write");
    let missing = dir.path().join("missing.json");
    for (old, new, named) in [
        (&a, &broken, "broken.json"),
        (&not_timeline, &a, "other.json"),
        (&a, &missing, "missing.json"),
    ] {
        let o = run(&["diff", s(old), s(new)]);
        assert_eq!(o.status.code(), Some(2), "{named}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(named), "{named}: {err}");
        assert_eq!(stdout(&o), "");
    }
}

#[test]
fn a_newer_schema_major_is_refused_not_compared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = extract(dir.path(), "old.json", &[]);
    let mut v = load(&old);
    v["schema_version"] = serde_json::json!("2.0");
    let new = dir.path().join("new.json");
    save(&new, &v);
    let o = run(&["diff", s(&old), s(&new)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("new.json") && err.contains("newer"), "{err}");
}
