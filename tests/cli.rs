//! Integration tests driving the built binary on fixtures/ and
//! ../shared/seeds: the contract's shape, offsets, determinism, schema,
//! errors and exit codes, eval agreement with the reference scorer.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::{bin, root, tmpdir};

fn seeds() -> PathBuf {
    root().join("../shared/seeds")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn extract(corpus: &Path, extra: &[&str]) -> (String, Value) {
    let mut args = vec!["extract", corpus.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        out.status.success(),
        "extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    (text, v)
}

#[test]
fn fixtures_and_seeds_follow_the_contract() {
    for corpus in [root().join("fixtures"), seeds()] {
        let (_, v) = extract(&corpus, &[]);
        assert_eq!(v["schema_version"], "1.0");
        let docs = v["documents"].as_array().expect("documents");
        assert!(docs.len() >= 5);
        for d in docs {
            assert!(matches!(d["lang"].as_str(), Some("en" | "fr" | "und")));
            assert!(d["sentences"].as_array().is_some_and(|s| !s.is_empty()));
        }
        let ms = v["mentions"].as_array().expect("mentions");
        for kind in ["actor", "place", "time", "quantity"] {
            assert!(
                ms.iter().any(|m| m["kind"] == kind),
                "no {kind} mention in {}",
                corpus.display()
            );
        }
        assert!(!v["events"].as_array().expect("events").is_empty());
    }
}

#[test]
fn every_mention_text_is_its_byte_slice() {
    for corpus in [root().join("fixtures"), seeds()] {
        let (_, v) = extract(&corpus, &[]);
        for m in v["mentions"].as_array().expect("mentions") {
            let doc = m["doc"].as_str().expect("doc");
            let bytes =
                std::fs::read(corpus.join(format!("{doc}.txt"))).expect("document readable");
            let (s, e) = (
                m["start"].as_u64().expect("start") as usize,
                m["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(
                &bytes[s..e],
                m["text"].as_str().expect("text").as_bytes(),
                "{doc} {s}..{e}"
            );
        }
    }
}

#[test]
fn output_is_deterministic_across_runs_and_threads() {
    let f = root().join("fixtures");
    let (a, _) = extract(&f, &["--threads", "1"]);
    let (b, _) = extract(&f, &["--threads", "2"]);
    let (c, _) = extract(&f, &[]);
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn output_is_one_record_per_line() {
    let (text, v) = extract(&seeds(), &[]);
    let actor_lines = text
        .lines()
        .filter(|l| l.contains("\"kind\":\"actor\""))
        .count();
    let actors = v["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| m["kind"] == "actor")
        .count();
    assert_eq!(actor_lines, actors);
}

#[test]
fn output_validates_against_the_schema() {
    let out = run(&["schema"]);
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    let compiled = jsonschema::JSONSchema::compile(&schema).expect("schema compiles");
    for corpus in [root().join("fixtures"), seeds()] {
        let (_, v) = extract(&corpus, &["--explain"]);
        let msgs: Vec<String> = match compiled.validate(&v) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .map(|e| format!("{e} at {}", e.instance_path))
                .take(5)
                .collect(),
        };
        assert!(msgs.is_empty(), "timeline does not validate: {msgs:?}");
    }
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tmpdir();
    let out = dir.path().join("t.json");
    std::fs::write(&out, "previous").expect("write");
    // A failing run leaves the previous file untouched and no temp file.
    let r = run(&[
        "extract",
        "/nonexistent/corpus",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "previous");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    let r = run(&[
        "extract",
        seeds().to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(r.status.success());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("json");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(5));
}

#[test]
fn missing_path_is_an_error_naming_it() {
    let r = run(&["extract", "/no/such/dir"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("/no/such/dir"));
}

#[test]
fn binary_file_is_an_error_and_skip_bad_lists_it() {
    let dir = tmpdir();
    std::fs::write(
        dir.path().join("good.txt"),
        "Police arrested 12 protesters in Almaty on Monday.",
    )
    .expect("write");
    std::fs::write(dir.path().join("bad.txt"), b"\x00\x01\x02binary\xff").expect("write");
    let d = dir.path().to_str().expect("path");
    let r = run(&["extract", d]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("bad.txt") && err.contains("not text"), "{err}");
    let r = run(&["extract", d, "--skip-bad"]);
    assert!(r.status.success());
    let v: Value = serde_json::from_slice(&r.stdout).expect("json");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    assert!(v["skipped"][0]["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("bad.txt")));
    assert!(String::from_utf8_lossy(&r.stderr).contains("bad.txt"));
}

#[test]
fn encodings_are_decoded_and_named() {
    let dir = tmpdir();
    std::fs::write(
        dir.path().join("a.txt"),
        b"\xEF\xBB\xBFLa police a arr\xC3\xAAt\xC3\xA9 douze manifestants.",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.txt"),
        b"La police a arr\xEAt\xE9 douze manifestants \xE0 Almaty.",
    )
    .expect("write");
    let mut u16 = vec![0xFF, 0xFE];
    for c in "Police arrested twelve protesters.".encode_utf16() {
        u16.extend_from_slice(&c.to_le_bytes());
    }
    std::fs::write(dir.path().join("c.txt"), u16).expect("write");
    let (_, v) = extract(dir.path(), &[]);
    let enc: Vec<&str> = v["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| d["encoding"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(enc, vec!["utf-8-bom", "windows-1252", "utf-16le"]);
}

#[test]
fn empty_file_is_a_document_without_sentences() {
    let dir = tmpdir();
    std::fs::write(dir.path().join("empty.txt"), "").expect("write");
    let (_, v) = extract(dir.path(), &[]);
    assert_eq!(
        v["documents"][0]["sentences"].as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn manifest_errors_name_file_and_line() {
    let dir = tmpdir();
    std::fs::write(dir.path().join("a.txt"), "Protests began on Sunday.").expect("write");
    std::fs::write(
        dir.path().join("manifest.csv"),
        "file,published\na.txt,2022-13-45\n",
    )
    .expect("write");
    let r = run(&["extract", dir.path().to_str().expect("path")]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("manifest.csv") && err.contains("line 2"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("manifest.csv"),
        "file,published\n../x.txt,2022-01-05\n",
    )
    .expect("write");
    let r = run(&["extract", dir.path().to_str().expect("path")]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("outside the corpus root"));
}

#[test]
fn dct_comes_from_manifest_flag_or_text() {
    let dir = tmpdir();
    std::fs::write(
        dir.path().join("a.txt"),
        "ALMATY, 6 January 2022 – Protests began on Sunday.",
    )
    .expect("write");
    let (_, v) = extract(dir.path(), &[]);
    assert_eq!(v["documents"][0]["dct_source"], "inferred");
    assert_eq!(v["documents"][0]["dct"], "2022-01-06");
    let sunday = v["mentions"]
        .as_array()
        .expect("m")
        .iter()
        .find(|m| m["text"].as_str().is_some_and(|t| t.contains("Sunday")))
        .cloned();
    assert_eq!(sunday.expect("a Sunday mention")["value"], "2022-01-02");
    let (_, v) = extract(dir.path(), &["--dct", "2022-01-10"]);
    assert_eq!(v["documents"][0]["dct_source"], "flag");
    std::fs::write(dir.path().join("b.txt"), "Protests began on Sunday.").expect("write");
    let (_, v) = extract(dir.path(), &[]);
    assert_eq!(v["documents"][1]["dct"], Value::Null);
    let m = v["mentions"]
        .as_array()
        .expect("m")
        .iter()
        .find(|m| m["doc"] == "b" && m["kind"] == "time")
        .cloned();
    assert_eq!(m.expect("a time mention")["value"], Value::Null);
}

#[test]
fn user_lexicon_adds_actors_and_bad_lexicons_are_named() {
    let dir = tmpdir();
    let lex = dir.path().join("lex.toml");
    std::fs::write(&lex, "[[entry]]\nid = \"ecowas\"\nkind = \"organisation\"\nnames = [\"Economic Community of West African States\"]\nacronyms = [\"ECOWAS\", \"CEDEAO\"]\n").expect("write");
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(
        corpus.join("a.txt"),
        "ECOWAS threatened to send troops to Niamey.",
    )
    .expect("write");
    let (_, v) = extract(&corpus, &["--lexicon", lex.to_str().expect("path")]);
    assert!(v["mentions"]
        .as_array()
        .expect("m")
        .iter()
        .any(|m| m["id"] == "ecowas"));
    assert!(v["mentions"]
        .as_array()
        .expect("m")
        .iter()
        .any(|m| m["id"] == "niamey" && m["kind"] == "place"));
    std::fs::write(
        &lex,
        "[[entry]]\nid = \"x\"\nkind = \"city\"\nnames = [\"X\"]\nlat = 200.0\nlon = 0.0\n",
    )
    .expect("write");
    let r = run(&["lexicon", "check", lex.to_str().expect("path")]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("lex.toml") && err.contains("line 2") && err.contains("coordinates"),
        "{err}"
    );
    std::fs::write(&lex, "[[entry]]\nid = \"x\"\nkind = \"city\"\nbogus = 1\n").expect("write");
    let r = run(&["lexicon", "check", lex.to_str().expect("path")]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("bogus"));
}

#[test]
fn lexicon_list_credits_geonames() {
    let r = run(&["lexicon", "list", "--kind", "country"]);
    assert!(r.status.success());
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.contains("GeoNames") && out.contains("CC BY 4.0"));
    assert!(out.lines().any(|l| l.starts_with("kazakhstan\tcountry")));
}

/// Runs the reference scorer and compares every slot with `eval --format json`.
fn agrees_with_score_py(gold: &Path, corpus: &Path) {
    let dir = tmpdir();
    let t = dir.path().join("t.json");
    let r = run(&[
        "extract",
        corpus.to_str().expect("path"),
        "-o",
        t.to_str().expect("path"),
    ]);
    assert!(r.status.success());
    let ours = run(&[
        "eval",
        t.to_str().expect("p"),
        "--gold",
        gold.to_str().expect("p"),
        "--corpus",
        corpus.to_str().expect("p"),
        "--format",
        "json",
    ]);
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let ours: Value = serde_json::from_slice(&ours.stdout).expect("json");
    let py = Command::new("python3")
        .arg(root().join("../shared/tools/score.py"))
        .args([gold.as_os_str(), t.as_os_str(), corpus.as_os_str()])
        .arg("--json")
        .output()
        .expect("python3 must be installed to check eval against score.py");
    assert!(
        py.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&py.stderr)
    );
    let py: Value = serde_json::from_slice(&py.stdout).expect("score.py json");
    for slot in [
        "lang",
        "actors",
        "places",
        "times.detect",
        "times.resolve",
        "quantities.detect",
        "quantities.full",
        "events.type",
        "events.type+date",
    ] {
        for k in ["p", "r", "f1"] {
            let a = ours["slots"][slot][k].as_f64().expect("ours");
            let b = py[slot][k].as_f64().expect("theirs");
            assert!(
                (a - b).abs() < 0.005,
                "{slot}.{k}: eval {a} vs score.py {b}"
            );
        }
    }
    let (a, b) = (
        ours["headline_f1"].as_f64().expect("h"),
        py["headline_f1"].as_f64().expect("h"),
    );
    assert!((a - b).abs() < 0.005);
}

#[test]
fn eval_agrees_with_score_py_on_seeds() {
    agrees_with_score_py(&root().join("../shared/gold/seeds.gold.json"), &seeds());
}

#[test]
fn eval_agrees_with_score_py_on_fixtures() {
    agrees_with_score_py(&root().join("fixtures/gold.json"), &root().join("fixtures"));
}

#[test]
fn eval_gates_exit_1_and_bad_gold_exits_2() {
    let dir = tmpdir();
    let t = dir.path().join("t.json");
    let r = run(&[
        "extract",
        seeds().to_str().expect("p"),
        "-o",
        t.to_str().expect("p"),
    ]);
    assert!(r.status.success());
    let gold = root().join("../shared/gold/seeds.gold.json");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "eval",
            t.to_str().expect("p"),
            "--gold",
            gold.to_str().expect("p"),
            "--corpus",
            seeds().to_str().expect("p"),
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let r = bin()
        .args(args(&["--min-f1", "0.99"]))
        .output()
        .expect("runs");
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("headline"));
    let r = bin()
        .args(args(&["--min", "lang=0.5"]))
        .output()
        .expect("runs");
    assert_eq!(r.status.code(), Some(0));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"documents":{"000_93ebb480833e9cbc":{"lang":"en","quantities":[{"text":"Dozens of deaths","category":"zombies","group":"unspecified"}]}}}"#).expect("write");
    let r = run(&[
        "eval",
        t.to_str().expect("p"),
        "--gold",
        bad.to_str().expect("p"),
        "--corpus",
        seeds().to_str().expect("p"),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("zombies"));
}

/// Sentences of the same shape about different cities must not become one
/// event because they share only generic actors (police, protesters);
/// a city and its country may.
#[test]
fn merge_keeps_events_in_different_places_apart() {
    let dir = tmpdir();
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).expect("write article");
    };
    write(
        "a.txt",
        "Police fired tear gas at protesters in Dakar on 2 June 2023.\n",
    );
    write(
        "b.txt",
        "Police fired tear gas at protesters in Minsk on 2 June 2023.\n",
    );
    write(
        "c.txt",
        "La police a tiré des gaz lacrymogènes sur les manifestants à Dakar le 2 juin 2023.\n",
    );
    let (_, t) = extract(dir.path(), &[]);
    let clashes: Vec<&Value> = t["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["type"] == "armed_clash")
        .collect();
    let docs = |e: &Value| -> Vec<String> {
        let mut d: Vec<String> = e["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .map(|s| s["doc"].as_str().expect("doc").to_string())
            .collect();
        d.sort();
        d
    };
    let mut all: Vec<Vec<String>> = clashes.iter().map(|e| docs(e)).collect();
    all.sort();
    assert_eq!(
        all,
        vec![
            vec!["a".to_string(), "c".to_string()],
            vec!["b".to_string()]
        ],
        "{clashes:#?}"
    );
}

/// `-o` through a symbolic link replaces the file it points to and keeps
/// the link; a new file gets 0666 less the umask, a replaced file keeps its
/// mode; a FIFO (like /dev/null, not a regular file) is written into,
/// never replaced by a file.
#[cfg(unix)]
#[test]
fn output_follows_links_keeps_modes_and_writes_into_special_files() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tmpdir();
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("a.txt"), "Protests spread to Almaty.\n").expect("write");
    let c = corpus.to_str().expect("path");

    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").expect("write");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let r = run(&["extract", c, "-q", "-o", link.to_str().expect("path")]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let lm = std::fs::symlink_metadata(&link).expect("link meta");
    assert!(lm.file_type().is_symlink(), "the link was replaced");
    let body = std::fs::read_to_string(&real).expect("read");
    assert!(body.contains("\"schema_version\""), "{body}");
    let mode = std::fs::metadata(&real).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "a replaced file keeps its mode");

    // A new file: the mode a plain `touch` gets here (0666 less the umask).
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "").expect("write");
    let want = std::fs::metadata(&probe)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    let fresh = dir.path().join("fresh.json");
    let r = run(&["extract", c, "-q", "-o", fresh.to_str().expect("path")]);
    assert!(r.status.success());
    let got = std::fs::metadata(&fresh)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(got, want, "new output files get the umask's mode, not 0600");

    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = Command::new("cat")
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("cat runs");
    let r = run(&["extract", c, "-q", "-o", fifo.to_str().expect("path")]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let got = reader.wait_with_output().expect("cat ends");
    assert!(String::from_utf8_lossy(&got.stdout).contains("\"schema_version\""));
    let ft = std::fs::symlink_metadata(&fifo)
        .expect("fifo meta")
        .file_type();
    assert!(ft.is_fifo(), "the FIFO was replaced by a file");
}

/// Without `--corpus`, eval reads the documents where the timeline says
/// they were (the seeds' gold lives in another folder than the seeds).
#[test]
fn eval_finds_the_corpus_from_the_timeline_paths() {
    let dir = tmpdir();
    let t = dir.path().join("t.json");
    let seeds = seeds();
    let r = run(&[
        "extract",
        seeds.to_str().expect("path"),
        "-q",
        "-o",
        t.to_str().expect("path"),
    ]);
    assert!(r.status.success());
    let gold = root().join("../shared/gold/seeds.gold.json");
    let r = run(&[
        "eval",
        t.to_str().expect("p"),
        "--gold",
        gold.to_str().expect("p"),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(String::from_utf8_lossy(&r.stdout).contains("headline F1"));
}

#[test]
fn dct_flag_takes_only_full_dates() {
    let fx = root().join("fixtures");
    for bad in ["2022-1-6", "2022-02-30", "06/01/2022"] {
        let r = run(&["extract", fx.to_str().expect("path"), "--dct", bad]);
        assert_eq!(r.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&r.stderr).contains("YYYY-MM-DD"),
            "{bad}"
        );
    }
}
