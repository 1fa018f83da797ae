//! The terminal comforts (issue 12), through the binary: the summary line
//! and `--quiet`, warnings on stderr while stdout stays pure JSON, no
//! progress bar when stderr is not a terminal, shell completions and man
//! pages.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;

mod common;
use common::bin;

const GOOD: &str = "Police arrested 12 protesters in Almaty on 5 January 2022.";

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A corpus of `n` small English documents and, with `bad`, one binary file.
fn corpus(dir: &Path, n: usize, bad: bool) -> PathBuf {
    let c = dir.join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    for i in 0..n {
        std::fs::write(c.join(format!("d{i:03}.txt")), format!("{GOOD} {GOOD}")).expect("write");
    }
    if bad {
        std::fs::write(c.join("bad.txt"), [0u8, 1, 2, 0, 0, 0, 3, 0]).expect("write");
    }
    c
}

#[test]
fn extract_ends_with_a_summary_line_unless_quiet() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("t.json");
    let r = run(&["extract", s(&fixtures()), "-o", s(&out)]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(r.stdout.is_empty(), "stdout with -o must be empty");
    let t: Value =
        serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("valid JSON");
    let docs = t["documents"].as_array().expect("documents");
    let ms = t["mentions"].as_array().expect("mentions");
    let evs = t["events"].as_array().expect("events");
    // The summary groups thousands ("1,061 mentions").
    let grouped = |n: usize| {
        let d = n.to_string();
        let mut out = String::new();
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (d.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let count = |lang: &str| grouped(docs.iter().filter(|d| d["lang"] == lang).count());
    let kind = |k: &str| grouped(ms.iter().filter(|m| m["kind"] == k).count());
    let err = stderr(&r);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    let line = lines[0];
    let want = format!(
        "kazcrisis: {} documents ({} en, {} fr), {} mentions ({} time, {} quantity, {} actor, {} place), {} events, 0 skipped, ",
        grouped(docs.len()),
        count("en"),
        count("fr"),
        grouped(ms.len()),
        kind("time"),
        kind("quantity"),
        kind("actor"),
        kind("place"),
        grouped(evs.len())
    );
    assert!(line.starts_with(&want), "{line}\nwanted {want}");
    let secs = line[want.len()..]
        .strip_suffix(" s")
        .expect("ends in seconds");
    assert!(secs.parse::<f64>().is_ok_and(|x| x >= 0.0), "{line}");

    // --quiet, -q, before or after the subcommand: nothing on stderr.
    for args in [
        vec!["extract", s(&fixtures()), "-o", s(&out), "--quiet"],
        vec!["extract", "-q", s(&fixtures()), "-o", s(&out)],
        vec!["-q", "extract", s(&fixtures()), "-o", s(&out)],
    ] {
        let r = run(&args);
        assert!(r.status.success(), "{args:?}: {}", stderr(&r));
        assert!(r.stderr.is_empty(), "{args:?}: {}", stderr(&r));
    }
}

#[test]
fn summary_counts_skipped_and_undetermined_languages() {
    let dir = tempfile::tempdir().expect("tmp");
    let c = corpus(dir.path(), 3, true);
    std::fs::write(c.join("und.txt"), "12345 67890 .. !!").expect("write");
    let r = run(&["extract", s(&c), "--skip-bad"]);
    assert!(r.status.success(), "{}", stderr(&r));
    let t: Value = serde_json::from_slice(&r.stdout).expect("stdout is pure JSON");
    assert_eq!(t["skipped"].as_array().map(Vec::len), Some(1));
    let err = stderr(&r);
    assert!(err.contains("warning") && err.contains("bad.txt"), "{err}");
    let last = err.lines().last().expect("summary");
    assert!(
        last.starts_with("kazcrisis: 4 documents (3 en, 1 und), "),
        "{last}"
    );
    assert!(last.contains(", 1 skipped, "), "{last}");
}

#[test]
fn stdout_stays_pure_json_with_warnings_and_quiet_silences_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let c = corpus(dir.path(), 2, true);
    std::fs::write(
        c.join("manifest.csv"),
        "file,published\nd000.txt,2022-01-05\nbad.txt,2022-01-05\n",
    )
    .expect("manifest");
    let r = run(&["extract", s(&c), "--skip-bad"]);
    assert!(r.status.success(), "{}", stderr(&r));
    let text = String::from_utf8(r.stdout.clone()).expect("utf-8");
    let t: Value = serde_json::from_str(&text).expect("stdout is pure JSON");
    assert!(text.starts_with('{') && text.ends_with("}\n"));
    assert_eq!(t["documents"].as_array().map(Vec::len), Some(2));
    let err = stderr(&r);
    // The binary file and the document missing from the manifest.
    assert_eq!(err.matches("kazcrisis: warning: ").count(), 2, "{err}");
    assert!(err.contains("not in manifest"), "{err}");

    let q = run(&["extract", s(&c), "--skip-bad", "-q"]);
    assert!(q.status.success());
    assert_eq!(q.stdout, r.stdout, "--quiet changes nothing on stdout");
    assert!(q.stderr.is_empty(), "{}", stderr(&q));

    // map and corpus-jsonl print the same warnings, and --quiet hides them.
    for cmd in ["map", "corpus-jsonl"] {
        let r = run(&[cmd, s(&c), "--skip-bad"]);
        assert!(r.status.success(), "{cmd}: {}", stderr(&r));
        for line in String::from_utf8_lossy(&r.stdout).lines() {
            serde_json::from_str::<Value>(line).expect("every stdout line is JSON");
        }
        assert!(stderr(&r).contains("kazcrisis: warning: "), "{cmd}");
        let q = run(&[cmd, s(&c), "--skip-bad", "--quiet"]);
        assert!(q.status.success());
        assert_eq!(q.stdout, r.stdout, "{cmd}");
        assert!(q.stderr.is_empty(), "{cmd}: {}", stderr(&q));
    }

    // Errors still print under --quiet.
    let e = run(&["extract", s(&c), "-q"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(e.stdout.is_empty());
    assert!(stderr(&e).contains("bad.txt"), "{}", stderr(&e));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("tmp");
    // Well over the 20 documents from which a terminal gets a bar.
    let c = corpus(dir.path(), 60, false);
    for cmd in ["extract", "map"] {
        let r = run(&[cmd, s(&c)]);
        assert!(r.status.success(), "{cmd}: {}", stderr(&r));
        assert!(!r.stderr.contains(&0x1b), "{cmd}: escape codes on a pipe");
        assert!(
            !r.stderr.contains(&b'\r'),
            "{cmd}: carriage return on a pipe"
        );
        assert!(!r.stdout.contains(&0x1b), "{cmd}: escape codes on stdout");
        let err = stderr(&r);
        let want = if cmd == "extract" { 1 } else { 0 };
        assert_eq!(err.lines().count(), want, "{cmd}: {err}");
    }
}

#[test]
fn progress_does_not_change_the_output() {
    let dir = tempfile::tempdir().expect("tmp");
    let c = corpus(dir.path(), 40, false);
    let a = run(&["extract", s(&c), "--threads", "1", "-q"]);
    let b = run(&["extract", s(&c), "--threads", "2"]);
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(&["completions", shell]);
        assert!(r.status.success(), "{shell}: {}", stderr(&r));
        assert!(r.stderr.is_empty(), "{shell}: {}", stderr(&r));
        let text = String::from_utf8(r.stdout).expect("utf-8");
        assert!(text.len() > 1000, "{shell}: {} bytes", text.len());
        for sub in ["extract", "events", "corpus-jsonl", "completions", "man"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(text.contains("skip-bad"), "{shell}: no extract flags");
    }
    let r = run(&["completions", "tcsh"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(r.stdout.is_empty());
}

#[test]
fn man_prints_a_roff_page() {
    let r = run(&["man"]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(r.stderr.is_empty());
    let text = String::from_utf8(r.stdout).expect("utf-8");
    let head: Vec<&str> = text.lines().take(5).collect();
    assert!(
        head.iter().any(|l| l.starts_with(".TH kazcrisis 1")),
        "{head:?}"
    );
    assert!(text.contains(".SH NAME") && text.contains(".SH SYNOPSIS"));
    assert!(text.contains("extract") && text.contains("Example"));
}

#[test]
fn man_dir_gets_one_page_per_subcommand() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("man1");
    let r = run(&["man", "-o", s(&out)]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(r.stdout.is_empty(), "nothing on stdout with -o");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("directory made")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for want in [
        "kazcrisis.1",
        "kazcrisis-extract.1",
        "kazcrisis-map.1",
        "kazcrisis-merge.1",
        "kazcrisis-corpus-jsonl.1",
        "kazcrisis-lexicon.1",
        "kazcrisis-lexicon-check.1",
        "kazcrisis-lexicon-list.1",
        "kazcrisis-completions.1",
        "kazcrisis-man.1",
        "kazcrisis-report.1",
    ] {
        assert!(names.iter().any(|n| n == want), "no {want} in {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with('.')),
        "temporary files left: {names:?}"
    );
    for n in &names {
        let text = std::fs::read_to_string(out.join(n)).expect("page");
        let stem = n.trim_end_matches(".1");
        assert!(
            text.lines()
                .take(5)
                .any(|l| l.starts_with(&format!(".TH {stem} 1"))),
            "{n}"
        );
        assert!(text.contains("Example"), "{n} has no example");
    }
    // Again over existing pages, quietly: nothing at all on stderr.
    let r = run(&["man", "-o", s(&out), "-q"]);
    assert!(r.status.success() && r.stderr.is_empty(), "{}", stderr(&r));
}
