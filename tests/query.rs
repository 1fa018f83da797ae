//! Integration tests for the query commands (`events`, `actors`, `places`,
//! `casualties`, `show`, `export`): each drives the built binary on the
//! fixtures' timeline or on a small crafted timeline whose answers are
//! known, and parses the output back (JSON, JSON Lines, CSV, GeoJSON).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::{json, Value};

mod common;
use common::{bin, tmpdir};

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("stdin written");
    child.wait_with_output().expect("binary runs")
}

/// Stdout of a successful run.
fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_string())
        .collect()
}

/// The fixtures' timeline, freshly extracted into `dir`.
fn fixtures_timeline(dir: &Path) -> (PathBuf, Value) {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let path = dir.join("timeline.json");
    ok(&[
        "extract",
        corpus.to_str().expect("utf-8 path"),
        "-o",
        path.to_str().expect("utf-8 path"),
    ]);
    let v = serde_json::from_str(&std::fs::read_to_string(&path).expect("timeline written"))
        .expect("timeline JSON");
    (path, v)
}

/// Byte span of `needle` in `text`.
fn span(text: &str, needle: &str) -> (usize, usize) {
    let s = text.find(needle).expect("needle in text");
    (s, s + needle.len())
}

fn mention(doc: &str, text: &str, needle: &str, kind: Value) -> Value {
    let (start, end) = span(text, needle);
    let mut m = json!({"doc": doc, "sentence": 0, "start": start, "end": end, "text": needle});
    if let (Value::Object(m), Value::Object(k)) = (&mut m, kind) {
        m.extend(k);
    }
    m
}

fn source(doc: &str, lang: &str, text: &str, trigger: &str, date: Value) -> Value {
    let (ts, te) = span(text, trigger);
    json!({"doc": doc, "sentence": 0, "start": 0, "end": text.len(), "text": text,
           "date": date, "lang": lang, "trigger": {"start": ts, "end": te}})
}

fn event(id: &str, etype: &str, date: Value, modality: &str, sources: Vec<Value>) -> Value {
    json!({"id": id, "type": etype, "date": date, "date_precision": null,
           "modality": modality, "actors": [], "places": [], "counts": [], "sources": sources})
}

const A: &str = "Police fired on protesters in Almaty on Wednesday, killing 26 people.";
const B: &str = "Le bilan s'élève à 164 morts à Zhanaozen, selon Tokaïev.";
const C: &str =
    "=HYPERLINK(\"http://x\") 225 people died, at least 200 of them in Lima, said Evil.";

/// A small timeline whose answers are known: three documents (one
/// sentence each), events of several types, dates and modalities, a toll
/// that rises 26 -> 164 -> 225 across publication dates, a place with a
/// negative longitude, an unknown actor id and formula-looking text.
fn crafted() -> Value {
    let doc = |id: &str, lang: &str, dct: &str, text: &str| {
        json!({"id": id, "path": format!("/nonexistent/{id}.txt"), "lang": lang,
               "lang_confidence": 1.0, "dct": dct, "dct_source": "manifest",
               "encoding": "utf-8", "sentences": [{"start": 0, "end": text.len()}]})
    };
    let q = |min: u64, max: Value| {
        json!({"kind": "quantity", "category": "killed", "group": "unspecified",
               "min": min, "max": max, "approximate": false})
    };
    let place =
        |id: &str, lat: f64, lon: f64| json!({"kind": "place", "id": id, "lat": lat, "lon": lon});
    let actor = |id: &str| json!({"kind": "actor", "id": id});
    let mentions = vec![
        mention("a", A, "Police", actor("security_forces")),
        mention("a", A, "protesters", actor("protesters")),
        mention("a", A, "Almaty", place("almaty", 43.25, 76.9167)),
        mention(
            "a",
            A,
            "on Wednesday",
            json!({"kind": "time", "value": "2022-01-05", "type": "date"}),
        ),
        mention("a", A, "26 people", q(26, json!(26))),
        mention("b", B, "164", q(164, json!(164))),
        mention("b", B, "Zhanaozen", place("zhanaozen", 43.3412, 52.8619)),
        mention("b", B, "Tokaïev", actor("tokayev")),
        mention("c", C, "225 people", q(225, json!(225))),
        mention("c", C, "at least 200", q(200, Value::Null)),
        mention("c", C, "Lima", place("lima", -12.05, -77.04)),
        mention("c", C, "Evil", actor("@evil")),
    ];
    let sa = || source("a", "en", A, "fired on", json!("2022-01-05"));
    let sb = || source("b", "fr", B, "bilan", Value::Null);
    let sc = || source("c", "en", C, "died", Value::Null);
    let mut riot1 = event(
        "ev-riot1",
        "riot",
        json!("2022-01-05"),
        "asserted",
        vec![sa()],
    );
    riot1["actors"] = json!(["security_forces", "protesters"]);
    riot1["places"] = json!(["almaty"]);
    riot1["counts"] = json!([{"category": "killed", "group": "unspecified", "min": 26, "max": 26, "approximate": false}]);
    let mut riot0 = event(
        "ev-riot0",
        "riot",
        json!("2022-01-05"),
        "asserted",
        vec![sa()],
    );
    riot0["places"] = json!(["almaty"]);
    let mut month = event(
        "ev-month",
        "protest",
        json!("2022-01"),
        "reported",
        vec![sb()],
    );
    month["places"] = json!(["zhanaozen"]);
    let mut stmt = event(
        "ev-stmt",
        "statement",
        json!("2022-02-10"),
        "asserted",
        vec![sc()],
    );
    stmt["actors"] = json!(["tokayev", "@evil"]);
    let mut undated = event(
        "ev-undated",
        "riot",
        Value::Null,
        "asserted",
        vec![sa(), sc()],
    );
    undated["places"] = json!(["lima"]);
    undated["counts"] = json!([
        {"category": "killed", "group": "protesters", "min": 20, "max": 30, "approximate": true},
        {"category": "killed", "group": "security_forces", "min": 5, "max": null, "approximate": true}
    ]);
    json!({
        "schema_version": "1.0",
        "documents": [doc("a", "en", "2022-01-06", A), doc("b", "fr", "2022-01-10", B), doc("c", "en", "2022-01-16", C)],
        "mentions": mentions,
        "events": [
            riot1, riot0, month, stmt, undated,
            event("ev-old", "protest", json!("2021"), "asserted", vec![sa()]),
            event("ev-neg", "deployment", json!("2022-01-06"), "negated", vec![sa()]),
            event("ev-hyp", "deployment", json!("2022-01-07"), "hypothetical", vec![sa()]),
        ],
    })
}

fn write_crafted(dir: &Path) -> String {
    let p = dir.join("crafted.json");
    std::fs::write(&p, serde_json::to_string(&crafted()).expect("JSON")).expect("written");
    p.to_str().expect("utf-8 path").to_string()
}

/// `events` ids for these extra arguments, as JSON Lines.
fn event_ids(t: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["events", t, "--format", "jsonl"];
    args.extend_from_slice(extra);
    ids(&jsonl(&ok(&args)))
}

#[test]
fn events_on_the_fixtures_filter_by_type_and_keep_whole_events() {
    let dir = tmpdir();
    let (path, tl) = fixtures_timeline(dir.path());
    let t = path.to_str().expect("utf-8 path");
    let all = tl["events"].as_array().expect("events");
    let shown = |e: &&Value| matches!(e["modality"].as_str(), Some("asserted" | "reported"));
    for ty in ["protest", "casualty_report"] {
        let expected: BTreeSet<String> = all
            .iter()
            .filter(shown)
            .filter(|e| e["type"] == ty)
            .map(|e| e["id"].as_str().expect("id").to_string())
            .collect();
        assert!(!expected.is_empty(), "the fixtures have a {ty} event");
        let got = jsonl(&ok(&["events", t, "--type", ty, "--format", "jsonl"]));
        assert!(got.iter().all(|e| e["type"] == ty));
        assert_eq!(ids(&got).into_iter().collect::<BTreeSet<_>>(), expected);
        // JSON Lines carry the event exactly as the timeline has it.
        for e in &got {
            assert!(all.contains(e), "{} differs from the timeline", e["id"]);
        }
    }
    let json: Value =
        serde_json::from_str(&ok(&["events", t, "--format", "json"])).expect("one JSON array");
    assert_eq!(
        json.as_array().expect("array").len(),
        all.iter().filter(shown).count()
    );
}

#[test]
fn events_type_actor_place_lang_doc_sources_and_text_filters() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    assert_eq!(
        event_ids(&t, &["--type", "riot"]),
        ["ev-riot0", "ev-riot1", "ev-undated"]
    );
    assert_eq!(
        event_ids(&t, &["--type", "riot", "--type", "statement"]),
        ["ev-riot0", "ev-riot1", "ev-stmt", "ev-undated"]
    );
    assert_eq!(event_ids(&t, &["--actor", "tokayev"]), ["ev-stmt"]);
    assert_eq!(
        event_ids(&t, &["--place", "almaty"]),
        ["ev-riot0", "ev-riot1"]
    );
    assert_eq!(event_ids(&t, &["--lang", "fr"]), ["ev-month"]);
    assert_eq!(event_ids(&t, &["--doc", "c"]), ["ev-stmt", "ev-undated"]);
    assert_eq!(event_ids(&t, &["--min-sources", "2"]), ["ev-undated"]);
    assert_eq!(
        event_ids(&t, &["--text", "(?i)hyperlink"]),
        ["ev-stmt", "ev-undated"]
    );
    assert_eq!(
        event_ids(
            &t,
            &["--type", "riot", "--place", "almaty", "--text", "Wednesday"]
        ),
        ["ev-riot0", "ev-riot1"]
    );
    assert!(event_ids(&t, &["--type", "arrest"]).is_empty());
}

#[test]
fn events_sorted_by_date_then_id_undated_last_or_hidden() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    assert_eq!(
        event_ids(&t, &[]),
        [
            "ev-old",
            "ev-month",
            "ev-riot0",
            "ev-riot1",
            "ev-stmt",
            "ev-undated"
        ]
    );
    assert_eq!(
        event_ids(&t, &["--dated"]),
        ["ev-old", "ev-month", "ev-riot0", "ev-riot1", "ev-stmt"]
    );
}

#[test]
fn events_from_to_are_inclusive_and_coarse_dates_overlap() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    // 2022-01 (the month) overlaps a window starting on the 5th; 2021 and
    // February do not, nor does the undated event.
    assert_eq!(
        event_ids(&t, &["--from", "2022-01-05", "--to", "2022-01-31"]),
        ["ev-month", "ev-riot0", "ev-riot1"]
    );
    assert_eq!(
        event_ids(&t, &["--from", "2022-01-06", "--to", "2022-02-10"]),
        ["ev-month", "ev-stmt"]
    );
    assert_eq!(event_ids(&t, &["--to", "2021-12-31"]), ["ev-old"]);
    assert_eq!(
        event_ids(&t, &["--from", "2021-06", "--to", "2021-06"]),
        ["ev-old"]
    );
    assert_eq!(
        event_ids(&t, &["--from", "2022-02-11"]),
        Vec::<String>::new()
    );
}

#[test]
fn events_modality_defaults_to_asserted_and_reported() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let default = event_ids(&t, &[]);
    assert!(!default.iter().any(|i| i == "ev-neg" || i == "ev-hyp"));
    assert_eq!(event_ids(&t, &["--modality", "negated"]), ["ev-neg"]);
    assert_eq!(
        event_ids(&t, &["--modality", "negated", "--modality", "hypothetical"]),
        ["ev-neg", "ev-hyp"]
    );
    assert_eq!(event_ids(&t, &["--modality", "reported"]), ["ev-month"]);
    assert_eq!(event_ids(&t, &["--modality", "all"]).len(), 8);
}

#[test]
fn csv_neutralises_formula_cells_unless_raw() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let (h, rows) = csv_rows(&ok(&[
        "events",
        &t,
        "--format",
        "csv",
        "--type",
        "statement",
    ]));
    assert_eq!(rows.len(), 1);
    assert!(rows[0][col(&h, "first_sentence")].starts_with("'=HYPERLINK("));
    assert_eq!(rows[0][col(&h, "actors")], "tokayev;'@evil");
    let (h, rows) = csv_rows(&ok(&[
        "events",
        &t,
        "--format",
        "csv",
        "--type",
        "statement",
        "--raw-csv",
    ]));
    assert!(rows[0][col(&h, "first_sentence")].starts_with("=HYPERLINK(\"http://x\")"));
    assert_eq!(rows[0][col(&h, "actors")], "tokayev;@evil");
    // Numbers are not text: a negative longitude stays a number.
    let (h, rows) = csv_rows(&ok(&["places", &t, "--format", "csv"]));
    let lima = rows
        .iter()
        .find(|r| r[col(&h, "id")] == "lima")
        .expect("lima listed");
    assert_eq!(lima[col(&h, "lon")], "-77.04");
    assert_eq!(lima[col(&h, "lat")], "-12.05");
    let (h, rows) = csv_rows(&ok(&["actors", &t, "--format", "csv"]));
    assert!(rows.iter().any(|r| r[col(&h, "id")] == "'@evil"));
}

#[test]
fn stdin_dash_reads_the_timeline() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let bytes = std::fs::read(&t).expect("crafted timeline");
    let out = run_stdin(
        &["events", "-", "--type", "riot", "--format", "json"],
        &bytes,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_stdin: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let from_file: Value =
        serde_json::from_str(&ok(&["events", &t, "--type", "riot", "--format", "json"]))
            .expect("JSON");
    assert_eq!(from_stdin, from_file);
    assert_eq!(from_stdin.as_array().expect("array").len(), 3);
}

#[test]
fn bad_files_and_arguments_exit_2_naming_them() {
    let dir = tmpdir();
    let missing = dir.path().join("missing.json");
    let missing = missing.to_str().expect("utf-8 path");
    for cmd in ["events", "actors", "places", "casualties", "export"] {
        let out = run(&[cmd, missing]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(missing),
            "{cmd}"
        );
    }
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema_version\": \"1.0\", \"documents\": 3}").expect("written");
    let out = run(&["events", bad.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json") && err.contains("not a kazcrisis timeline"),
        "{err}"
    );
    let t = write_crafted(dir.path());
    for args in [
        vec!["events", &t, "--from", "2022-13"],
        vec!["events", &t, "--text", "("],
        vec!["events", &t, "--modality", "sometimes"],
        vec!["events", &t, "--type", "riots"],
        vec!["export", &t, "--type", "bogus"],
        vec!["show", &t, "ev-nope"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let out = run(&["show", &t, "ev-nope"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("ev-nope"));
    // A mistyped event type is an error, not an empty result.
    let out = run(&["events", &t, "--type", "riots"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an event type"));
}

#[test]
fn newer_schema_major_is_refused_clearly() {
    let dir = tmpdir();
    // Same shape but a newer major, and a newer major whose shape differs.
    let mut same = crafted();
    same["schema_version"] = json!("2.0");
    let other = json!({"schema_version": "3.1", "records": []});
    for (name, v) in [("same.json", same), ("other.json", other)] {
        let p = dir.path().join(name);
        std::fs::write(&p, v.to_string()).expect("written");
        let out = run(&["events", p.to_str().expect("utf-8 path")]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains("newer"), "{err}");
    }
    let mut minor = crafted();
    minor["schema_version"] = json!("1.7");
    let p = dir.path().join("minor.json");
    std::fs::write(&p, minor.to_string()).expect("written");
    ok(&["events", p.to_str().expect("utf-8 path")]);
}

#[test]
fn empty_results_succeed_in_every_format() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let none = ["events", &t, "--type", "arrest", "--format"];
    let mut args = none.to_vec();
    args.push("jsonl");
    assert_eq!(ok(&args), "");
    args.pop();
    args.push("json");
    assert_eq!(
        serde_json::from_str::<Value>(&ok(&args)).expect("JSON"),
        json!([])
    );
    args.pop();
    args.push("csv");
    let (h, rows) = csv_rows(&ok(&args));
    assert!(h.contains(&"id".to_string()) && rows.is_empty());
    args.pop();
    args.push("table");
    assert_eq!(ok(&args).lines().count(), 1);
}

#[test]
fn actors_and_places_count_mentions_and_name_known_ids() {
    let dir = tmpdir();
    let (path, tl) = fixtures_timeline(dir.path());
    let t = path.to_str().expect("utf-8 path");
    let mentions = tl["mentions"].as_array().expect("mentions");
    let actors = jsonl(&ok(&["actors", t]));
    assert!(!actors.is_empty());
    for a in &actors {
        let n = mentions
            .iter()
            .filter(|m| m["kind"] == "actor" && m["id"] == a["id"])
            .count();
        assert_eq!(a["mentions"], n, "{}", a["id"]);
    }
    let tokayev = actors
        .iter()
        .find(|a| a["id"] == "tokayev")
        .expect("tokayev");
    assert_eq!(tokayev["kind"], "person");
    assert!(tokayev["name"]
        .as_str()
        .is_some_and(|n| n.contains("Tokayev") && n != "tokayev"));
    let places = jsonl(&ok(&["places", t, "--format", "jsonl"]));
    let almaty = places.iter().find(|p| p["id"] == "almaty").expect("almaty");
    let m = mentions
        .iter()
        .find(|m| m["kind"] == "place" && m["id"] == "almaty")
        .expect("almaty mention");
    assert_eq!((&almaty["lat"], &almaty["lon"]), (&m["lat"], &m["lon"]));
    assert!(almaty["first_seen"].is_string() && almaty["last_seen"].is_string());

    // On the crafted timeline the dates are known; an id no lexicon knows
    // is named by its first mention's text.
    let c = write_crafted(dir.path());
    let actors = jsonl(&ok(&["actors", &c]));
    let evil = actors.iter().find(|a| a["id"] == "@evil").expect("@evil");
    assert_eq!(
        (&evil["name"], &evil["kind"]),
        (&json!("Evil"), &json!("unknown"))
    );
    assert_eq!((&evil["mentions"], &evil["events"]), (&json!(1), &json!(1)));
    // tokayev: mentioned in b (DCT 2022-01-10), listed by the event of 2022-02-10.
    let tok = actors
        .iter()
        .find(|a| a["id"] == "tokayev")
        .expect("tokayev");
    assert_eq!(
        (&tok["first_seen"], &tok["last_seen"]),
        (&json!("2022-01-10"), &json!("2022-02-10"))
    );
    let places = jsonl(&ok(&["places", &c]));
    let zh = places
        .iter()
        .find(|p| p["id"] == "zhanaozen")
        .expect("zhanaozen");
    // The month 2022-01 starts before the DCT 2022-01-10 and ends after it.
    assert_eq!(
        (&zh["first_seen"], &zh["last_seen"]),
        (&json!("2022-01"), &json!("2022-01"))
    );
}

#[test]
fn casualties_reconcile_figures_and_follow_the_policy() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let rows = jsonl(&ok(&["casualties", &t]));
    assert_eq!(rows.len(), 1, "one (category, group): killed/unspecified");
    let r = &rows[0];
    assert_eq!(
        (&r["category"], &r["group"]),
        (&json!("killed"), &json!("unspecified"))
    );
    assert_eq!(r["reports"], 4);
    assert_eq!(
        (&r["range_min"], &r["range_max"]),
        (&json!(26), &json!(225))
    );
    assert_eq!((&r["lowest"], &r["latest"]), (&json!(26), &json!(225)));
    assert_eq!(r["latest_dct"], "2022-01-16");
    assert_eq!(r["headline"], "26");
    let figures = r["figures"].as_array().expect("figures");
    assert!(figures.iter().all(|f| f["sentence_text"].is_string()));
    assert_eq!(figures[0]["doc"], "a");
    assert_eq!(figures[0]["sentence_text"], A);
    for (policy, headline) in [
        ("conservative", "26"),
        ("range", "26-225"),
        ("latest", "225"),
    ] {
        let rows = jsonl(&ok(&["casualties", &t, "--policy", policy]));
        assert_eq!(rows[0]["headline"], headline, "{policy}");
    }
    let series = jsonl(&ok(&["casualties", &t, "--by-date"]));
    let figs: Vec<(&Value, &Value)> = series.iter().map(|s| (&s["date"], &s["figure"])).collect();
    assert_eq!(
        figs,
        [
            (&json!("2022-01-06"), &json!(26)),
            (&json!("2022-01-10"), &json!(164)),
            (&json!("2022-01-16"), &json!(225)),
        ]
    );
    assert_eq!(series[2]["change"], 61);
    let each = jsonl(&ok(&["casualties", &t, "--figures"]));
    assert_eq!(each.len(), 4);
    assert!(jsonl(&ok(&["casualties", &t, "--category", "injured"])).is_empty());
    assert_eq!(
        jsonl(&ok(&[
            "casualties",
            &t,
            "--place",
            "zhanaozen",
            "--figures"
        ]))
        .len(),
        1
    );
    let (h, rows) = csv_rows(&ok(&["casualties", &t, "--format", "csv"]));
    assert_eq!(rows[0][col(&h, "figures")], "26@a;164@b;225@c;200@c");
}

#[test]
fn show_marks_trigger_and_arguments() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let out = ok(&["show", &t, "ev-riot1"]);
    assert!(out.contains("type        riot"), "{out}");
    assert!(
        out.contains(
            "[Police|actor] [[fired on]] [protesters|actor] in [Almaty|place] \
         [on Wednesday|time], killing [26 people|count]."
        ),
        "{out}"
    );
    assert!(!out.contains('\x1b'));
    // ev-riot0 has no actors: they are not marked.
    let out = ok(&["show", &t, "ev-riot0"]);
    assert!(
        out.contains("Police [[fired on]] protesters in [Almaty|place]"),
        "{out}"
    );
    let coloured = ok(&["show", &t, "ev-riot1", "--color", "always"]);
    assert!(coloured.contains("\x1b[1;31mfired on\x1b[0m"));
    let json: Value =
        serde_json::from_str(&ok(&["show", &t, "ev-riot1", "--format", "json"])).expect("JSON");
    assert_eq!(json[0]["id"], "ev-riot1");

    // Every fixtures event shows its trigger marked in every source.
    let (path, tl) = fixtures_timeline(dir.path());
    for e in tl["events"].as_array().expect("events") {
        let id = e["id"].as_str().expect("id");
        let out = ok(&["show", path.to_str().expect("utf-8 path"), id]);
        let sources = e["sources"].as_array().expect("sources");
        assert_eq!(out.matches("[[").count(), sources.len(), "{out}");
    }
}

#[test]
fn export_csv_jsonl_and_geojson() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let file = dir.path().join("events.csv");
    let f = file.to_str().expect("utf-8 path");
    assert_eq!(ok(&["export", &t, "--format", "csv", "-o", f]), "");
    let (h, rows) = csv_rows(&std::fs::read_to_string(&file).expect("written"));
    for c in [
        "id",
        "date",
        "date_precision",
        "type",
        "modality",
        "actors",
        "places",
        "killed_min",
        "killed_max",
        "deployed_min",
        "sources",
        "first_doc",
        "first_sentence",
    ] {
        col(&h, c);
    }
    assert_eq!(rows.len(), 6);
    let undated = rows
        .iter()
        .find(|r| r[col(&h, "id")] == "ev-undated")
        .expect("ev-undated");
    // No unspecified count: groups add up, and an open max stays open.
    assert_eq!(undated[col(&h, "killed_min")], "25");
    assert_eq!(undated[col(&h, "killed_max")], "");
    assert_eq!(undated[col(&h, "sources")], "2");
    assert_eq!(undated[col(&h, "first_doc")], "a");
    let riot = rows
        .iter()
        .find(|r| r[col(&h, "id")] == "ev-riot1")
        .expect("ev-riot1");
    assert_eq!(
        (
            riot[col(&h, "killed_min")].as_str(),
            riot[col(&h, "killed_max")].as_str()
        ),
        ("26", "26")
    );

    let lines = jsonl(&ok(&["export", &t, "--format", "jsonl", "--type", "riot"]));
    assert_eq!(ids(&lines), ["ev-riot0", "ev-riot1", "ev-undated"]);
    assert_eq!(lines[1]["killed_min"], 26);

    let geo: Value =
        serde_json::from_str(&ok(&["export", &t, "--format", "geojson"])).expect("GeoJSON");
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().expect("features");
    // riot1, riot0 (almaty), month (zhanaozen), undated (lima).
    assert_eq!(features.len(), 4);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
    }
    let lima = features
        .iter()
        .find(|f| f["properties"]["place"] == "lima")
        .expect("lima");
    assert_eq!(lima["geometry"]["coordinates"], json!([-77.04, -12.05]));
    assert_eq!(lima["properties"]["event"], "ev-undated");
    assert_eq!(
        lima["properties"]["counts"]
            .as_array()
            .expect("counts")
            .len(),
        2
    );

    // The fixtures: every feature's coordinates are those of its place's mentions.
    let (path, tl) = fixtures_timeline(dir.path());
    let geo: Value = serde_json::from_str(&ok(&[
        "export",
        path.to_str().expect("utf-8 path"),
        "--format",
        "geojson",
    ]))
    .expect("GeoJSON");
    let features = geo["features"].as_array().expect("features");
    assert!(!features.is_empty());
    let mentions = tl["mentions"].as_array().expect("mentions");
    for f in features {
        let m = mentions
            .iter()
            .find(|m| m["kind"] == "place" && m["id"] == f["properties"]["place"])
            .expect("a place mention");
        assert_eq!(f["geometry"]["coordinates"], json!([m["lon"], m["lat"]]));
    }
}

#[test]
fn table_is_aligned_with_a_header() {
    let dir = tmpdir();
    let t = write_crafted(dir.path());
    let out = ok(&["events", &t, "--format", "table", "--type", "riot"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("id "));
    let at = lines[0].find("date").expect("date column");
    assert_eq!(&lines[1][at..at + 10], "2022-01-05");
}
