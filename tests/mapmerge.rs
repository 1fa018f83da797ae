//! `map`, `merge` and `corpus-jsonl` driven through the binary: the
//! invariant that `extract CORPUS` and `map CORPUS | merge -` write
//! byte-identical timelines, whatever the split and order of the partials.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;

mod common;
use common::{bin, root};

fn corpora() -> [PathBuf; 2] {
    [root().join("fixtures"), root().join("../shared/seeds")]
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut si = child.stdin.take().expect("stdin");
    si.write_all(stdin).expect("write stdin");
    drop(si);
    child.wait_with_output().expect("binary finishes")
}

fn ok(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let out = run(args, stdin);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn lines(b: &[u8]) -> Vec<String> {
    String::from_utf8(b.to_vec())
        .expect("utf-8")
        .lines()
        .map(String::from)
        .collect()
}

/// A deterministic permutation (a fixed linear congruential generator).
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut x = seed;
    for i in (1..v.len()).rev() {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (x >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
}

#[test]
fn map_then_merge_is_extract() {
    for corpus in corpora() {
        let extracted = ok(&["extract", s(&corpus)], b"");
        let parts = ok(&["map", s(&corpus)], b"");
        let docs = lines(&parts);
        assert!(docs.len() >= 5, "one partial per document");
        for l in &docs {
            let v: Value = serde_json::from_str(l).expect("a partial is one JSON line");
            assert!(v["document"]["id"].is_string());
            assert!(v["mentions"].is_array() && v["events"].is_array());
        }
        let merged = ok(&["merge", "-"], &parts);
        assert!(
            merged == extracted,
            "map | merge differs from extract on {}",
            corpus.display()
        );
    }
}

#[test]
fn merge_ignores_split_and_order_of_partials() {
    for corpus in corpora() {
        let extracted = ok(&["extract", s(&corpus)], b"");
        let mut parts = lines(&ok(&["map", s(&corpus)], b""));
        for (seed, n_files) in [(1u64, 3usize), (7, 2), (42, 4)] {
            shuffle(&mut parts, seed);
            let dir = tempfile::tempdir().expect("temp dir");
            let mut files = Vec::new();
            for k in 0..n_files {
                let p = dir.path().join(format!("part-{k}.jsonl"));
                let mut chunk: Vec<&str> = parts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % n_files == k)
                    .map(|(_, l)| l.as_str())
                    .collect();
                chunk.reverse();
                std::fs::write(&p, chunk.join("\n") + "\n").expect("write part");
                files.push(p);
            }
            files.reverse();
            let mut args = vec!["merge"];
            args.extend(files.iter().map(|p| s(p)));
            assert!(
                ok(&args, b"") == extracted,
                "split {n_files} ways (seed {seed}) differs on {}",
                corpus.display()
            );
            // A folder of parts, written with -o.
            let out = dir.path().join("out").join("timeline.json");
            std::fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
            ok(&["merge", s(dir.path()), "-o", s(&out)], b"");
            assert!(std::fs::read(&out).expect("merged file") == extracted);
        }
    }
}

#[test]
fn corpus_jsonl_then_map_on_stdin_is_extract() {
    for corpus in corpora() {
        let extracted = ok(&["extract", s(&corpus)], b"");
        let jsonl = ok(&["corpus-jsonl", s(&corpus)], b"");
        let first: Value = serde_json::from_str(&lines(&jsonl)[0]).expect("a corpus line is JSON");
        assert!(first["id"].is_string() && first["text"].is_string());
        assert!(first["published"].is_string(), "manifest date carried");
        let parts = ok(&["map"], &jsonl);
        assert!(ok(&["merge", "-"], &parts) == extracted);
    }
}

#[test]
fn map_reads_minimal_document_lines() {
    let input = concat!(
        r#"{"id":"a","text":"Protesters stormed the mayor's office in Almaty on Wednesday.","published":"2022-01-06"}"#,
        "\n\n",
        r#"{"id":"b","text":"Des manifestants ont pris la mairie d'Almaty.","lang":"fr"}"#,
        "\n"
    );
    let out = lines(&ok(&["map"], input.as_bytes()));
    assert_eq!(out.len(), 2);
    let a: Value = serde_json::from_str(&out[0]).expect("json");
    let b: Value = serde_json::from_str(&out[1]).expect("json");
    assert_eq!(a["document"]["id"], "a");
    assert_eq!(a["document"]["path"], "a");
    assert_eq!(a["document"]["dct"], "2022-01-06");
    assert_eq!(a["document"]["dct_source"], "manifest");
    assert_eq!(a["document"]["encoding"], "utf-8");
    assert!(a["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .any(|m| m["kind"] == "place" && m["id"] == "almaty"));
    assert_eq!(b["document"]["lang"], "fr");
    assert_eq!(b["document"]["lang_confidence"], 1.0);
}

#[test]
fn bad_line_is_an_error_naming_its_number_or_skipped() {
    let input = concat!(
        r#"{"id":"a","text":"Protests in Almaty."}"#,
        "\n",
        r#"{"id":"b","text":"x","published":"yesterday"}"#,
        "\n",
        "not json\n",
        r#"{"id":"c","text":"Protests in Aktau."}"#,
        "\n"
    );
    let out = run(&["map"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2") && err.contains("published"), "{err}");

    let out = run(&["map", "--skip-bad"], input.as_bytes());
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2") && err.contains("line 3"), "{err}");
    let parts = out.stdout;
    let ids: Vec<Value> = lines(&parts)
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).expect("json"))
        .map(|v| v["document"]["id"].clone())
        .collect();
    assert_eq!(
        ids,
        [Value::from("a"), Value::Null, Value::Null, Value::from("c")]
    );
    let t: Value = serde_json::from_slice(&ok(&["merge", "-"], &parts)).expect("timeline");
    assert_eq!(t["documents"].as_array().expect("documents").len(), 2);
    let skipped: Vec<&str> = t["skipped"]
        .as_array()
        .expect("skipped listed")
        .iter()
        .map(|s| s["path"].as_str().expect("path"))
        .collect();
    assert_eq!(skipped, ["-:2", "-:3"]);
}

#[test]
fn skip_bad_corpus_maps_and_merges_like_extract() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["en/kz-almaty-0106.txt", "fr/kz-otsc-0106.txt"] {
        let to = dir.path().join(f);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root().join("fixtures").join(f), &to).expect("copy");
    }
    std::fs::write(dir.path().join("en/broken.txt"), b"ab\x00\x00cd").expect("write");
    let corpus = s(dir.path());
    assert_eq!(run(&["map", corpus], b"").status.code(), Some(2));
    let extracted = ok(&["extract", corpus, "--skip-bad"], b"");
    let parts = ok(&["map", corpus, "--skip-bad"], b"");
    assert!(ok(&["merge", "-"], &parts) == extracted);
    let t: Value = serde_json::from_slice(&extracted).expect("timeline");
    assert_eq!(t["skipped"].as_array().expect("skipped").len(), 1);
}

#[test]
fn merge_refuses_bad_or_duplicate_partials() {
    let parts = ok(&["map", s(&root().join("fixtures"))], b"");
    let first = lines(&parts)[0].clone();
    let twice = format!("{first}\n{first}\n");
    let out = run(&["merge", "-"], twice.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2") && err.contains("already read"),
        "{err}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, format!("{first}\n{{\"mentions\": []}}\n")).expect("write");
    let out = run(&["merge", s(&bad)], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl") && err.contains("line 2"), "{err}");
}
