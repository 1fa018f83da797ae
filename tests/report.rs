//! Integration tests for `kazcrisis report`: drive the built binary on the
//! fixtures' timeline and on a crafted timeline full of markup, and read
//! the page back (the embedded JSON parsed, references to the network and
//! injected markup looked for).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::{json, Value};

mod common;
use common::bin;

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn ok(args: &[&str]) {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn fixtures_timeline(dir: &Path) -> PathBuf {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let path = dir.join("timeline.json");
    ok(&["extract", s(&corpus), "-o", s(&path)]);
    path
}

/// The JSON blob the page embeds, parsed back.
fn embedded(html: &str) -> Value {
    let open = "<script id=\"kz-data\" type=\"application/json\">";
    let start = html.find(open).expect("data script") + open.len();
    let len = html[start..].find("</script>").expect("data script closed");
    serde_json::from_str(&html[start..start + len]).expect("embedded JSON parses")
}

/// Attribute values and CSS that would make a browser fetch something.
fn network_references(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for attr in ["src=", "href=", "action=", "srcset=", "poster=", "url("] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let at = from + i + attr.len();
            let value = lower[at..].trim_start_matches([' ', '"', '\'']);
            if value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//")
            {
                found.push(html[from + i..(at + 60).min(html.len())].to_string());
            }
            from = at;
        }
    }
    if lower.contains("@import") {
        found.push("@import".to_string());
    }
    found
}

#[test]
fn fixtures_report_is_written_self_contained_with_every_event() {
    let dir = tempfile::tempdir().expect("temp dir");
    let timeline = fixtures_timeline(dir.path());
    let report = dir.path().join("report.html");
    ok(&["report", s(&timeline), "-o", s(&report)]);
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        network_references(&html).is_empty(),
        "network references: {:?}",
        network_references(&html)
    );
    // Outside the data (article text may quote a web address), the only
    // URL is the SVG namespace, an identifier that is never fetched.
    let open = html.find("<script id=\"kz-data\"").expect("data script");
    let close = open + html[open..].find("</script>").expect("closed");
    let page = format!("{}{}", &html[..open], &html[close..]);
    let page = page.replace("\"http://www.w3.org/2000/svg\"", "");
    assert!(!page.contains("http://") && !page.contains("https://"));
    let t: Value =
        serde_json::from_str(&std::fs::read_to_string(&timeline).expect("timeline")).expect("json");
    let events = t["events"].as_array().expect("events");
    assert!(!events.is_empty());
    let data = embedded(&html);
    let ids: Vec<&str> = data["events"]
        .as_array()
        .expect("report events")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids.len(), events.len());
    for e in events {
        let id = e["id"].as_str().expect("id");
        assert!(html.contains(id), "{id} missing from the report");
        assert!(ids.contains(&id), "{id} missing from the report's data");
    }
    // Every section has something to draw on the fixtures.
    assert!(!data["toll"].as_array().expect("toll").is_empty());
    assert!(!data["places"].as_array().expect("places").is_empty());
    assert!(!data["pairs"].as_array().expect("pairs").is_empty());
    assert!(!data["segments"].as_array().expect("segments").is_empty());

    // The same timeline gives the same page, also from standard input.
    let mut child = bin()
        .args(["report", "-", "-o", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let bytes = std::fs::read(&timeline).expect("timeline bytes");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&bytes)
        .expect("stdin written");
    let out = child.wait_with_output().expect("binary runs");
    assert!(out.status.success());
    let piped = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(embedded(&piped)["source"], json!("<stdin>"));
    assert_eq!(embedded(&piped)["events"], data["events"]);
}

const EVIL: &str =
    "</script><script>alert(1)</script><img src=x onerror=alert(2)> <!-- & </SCRIPT >";

fn crafted() -> Value {
    let text = format!("Police fired on protesters {EVIL} in Almaty.");
    let trigger = text.find("fired").expect("trigger");
    json!({
        "schema_version": "1.0",
        "documents": [{
            "id": format!("doc{EVIL}"), "path": "x.txt", "lang": "en", "lang_confidence": 1.0,
            "dct": "2022-01-05", "dct_source": "flag", "encoding": "utf-8",
            "sentences": [{"start": 0, "end": text.len()}]
        }],
        "mentions": [
            {"doc": format!("doc{EVIL}"), "sentence": 0, "start": 0, "end": 6, "text": "Police",
             "kind": "actor", "id": format!("police{EVIL}"), "known": false},
            {"doc": format!("doc{EVIL}"), "sentence": 0, "start": 0, "end": 6, "text": EVIL,
             "kind": "place", "id": format!("place{EVIL}"), "lat": 43.25, "lon": 76.9},
            {"doc": format!("doc{EVIL}"), "sentence": 0, "start": 0, "end": 6, "text": EVIL,
             "kind": "quantity", "category": "killed", "group": "protesters",
             "min": 3, "max": 3, "approximate": false}
        ],
        "events": [{
            "id": format!("ev-{EVIL}"), "type": format!("riot{EVIL}"), "date": "2022-01-05",
            "date_precision": "day", "modality": "asserted",
            "actors": [format!("police{EVIL}")], "places": [format!("place{EVIL}")],
            "counts": [{"category": "killed", "group": "protesters", "min": 3, "max": 3, "approximate": false}],
            "sources": [{
                "doc": format!("doc{EVIL}"), "sentence": 0, "start": 0, "end": text.len(),
                "text": text, "date": "2022-01-05", "lang": "en",
                "trigger": {"start": trigger, "end": trigger + 5}
            }]
        }]
    })
}

#[test]
fn markup_in_a_timeline_is_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let timeline = dir.path().join("evil.json");
    std::fs::write(&timeline, crafted().to_string()).expect("timeline written");
    let report = dir.path().join("report.html");
    ok(&["report", s(&timeline), "-o", s(&report)]);
    let html = std::fs::read_to_string(&report).expect("report written");
    let template = include_str!("../src/report.html");
    let lower = html.to_ascii_lowercase();
    // Only the template's own script elements close, and no injected element opens.
    assert_eq!(
        lower.matches("</script").count(),
        template.to_ascii_lowercase().matches("</script").count()
    );
    assert_eq!(
        lower.matches("<script").count(),
        template.to_ascii_lowercase().matches("<script").count()
    );
    assert!(!lower.contains("<img"));
    assert_eq!(
        html.matches("<!--").count(),
        template.matches("<!--").count()
    );
    // The text itself survives, as data.
    let data = embedded(&html);
    let first = &data["events"][0];
    assert_eq!(first["id"], json!(format!("ev-{EVIL}")));
    let sentence: String = first["sources"][0]["pieces"]
        .as_array()
        .expect("pieces")
        .iter()
        .filter_map(|p| p[0].as_str())
        .collect();
    assert!(sentence.contains(EVIL));
    assert_eq!(data["places"][0]["id"], json!(format!("place{EVIL}")));
}

#[test]
fn bad_input_exits_2_naming_the_file_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.html");
    let missing = dir.path().join("no-such-timeline.json");
    let out = run(&["report", s(&missing), "-o", s(&report)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-timeline.json"));

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"schema_version\": \"1.0\", \"documents\": [").expect("written");
    let out = run(&["report", s(&broken), "-o", s(&report)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.json"));

    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, "{\"schema_version\": \"2.0\"}").expect("written");
    let out = run(&["report", s(&newer), "-o", s(&report)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer.json"));

    assert!(!report.exists(), "no report is written from bad input");
    let out = run(&["report", s(&broken)]);
    assert_eq!(out.status.code(), Some(2), "-o is required");
}
