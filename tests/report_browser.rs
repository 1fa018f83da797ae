//! The report in a real browser: headless Chromium loads the fixtures'
//! report and a crafted one, and the DOM it ends up with is checked (no
//! console message, one timeline mark and one card per event, a filter in
//! the address hides cards, injected markup stays text). A screenshot is
//! saved to `target/report-fixtures.png`.
//!
//! Chromium is looked up as `$KAZCRISIS_CHROMIUM`, `chromium`,
//! `chromium-browser` or `google-chrome`. Without one the test says so and
//! passes, unless `KAZCRISIS_BROWSER_TESTS` is set (as `.ci/run` does,
//! after installing Debian's `chromium`), where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn kazcrisis(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_kazcrisis"))
        .args(args)
        .output()
        .expect("binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn chromium() -> Option<PathBuf> {
    let candidates = std::env::var("KAZCRISIS_CHROMIUM")
        .ok()
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(String::from));
    for c in candidates {
        let p = PathBuf::from(&c);
        if p.is_absolute() && p.is_file() {
            return Some(p);
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        if let Some(found) = std::env::split_paths(&path)
            .map(|d| d.join(&c))
            .find(|f| f.is_file())
        {
            return Some(found);
        }
    }
    None
}

/// Run headless Chromium on a page with `extra` flags; stdout and the
/// console messages it logged.
fn browse(chrome: &Path, url: &str, extra: &[&str]) -> (String, Vec<String>) {
    // Output goes to files: a page's DOM would fill a pipe nobody reads yet.
    let profile = tempfile::tempdir().expect("profile dir");
    let out_path = profile.path().join("stdout");
    let err_path = profile.path().join("stderr");
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::from(
            std::fs::File::create(&out_path).expect("stdout file"),
        ))
        .stderr(Stdio::from(
            std::fs::File::create(&err_path).expect("stderr file"),
        ))
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("chromium waits").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish in 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let stdout = std::fs::read(&out_path).expect("stdout read");
    let stderr = std::fs::read(&err_path).expect("stderr read");
    let console = String::from_utf8_lossy(&stderr)
        .lines()
        .filter(|l| l.contains("CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&stdout).into_owned(), console)
}

/// Opening tags of `tag` in a DOM dump.
fn tags<'a>(dom: &'a str, tag: &str) -> Vec<&'a str> {
    dom.match_indices(&format!("<{tag} "))
        .filter_map(|(i, _)| dom[i..].find('>').map(|j| &dom[i..i + j]))
        .collect()
}

fn cards(dom: &str) -> (usize, usize) {
    let all: Vec<&str> = tags(dom, "article")
        .into_iter()
        .filter(|t| t.contains("class=\"card"))
        .collect();
    let visible = all.iter().filter(|t| !t.contains(" hidden")).count();
    (all.len(), visible)
}

#[test]
fn report_renders_in_a_browser() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("KAZCRISIS_BROWSER_TESTS").is_none(),
            "KAZCRISIS_BROWSER_TESTS is set but no chromium was found"
        );
        eprintln!("report_renders_in_a_browser: no chromium found, not run");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let timeline = dir.path().join("timeline.json");
    let report = dir.path().join("report.html");
    let s = |p: &Path| p.to_str().expect("utf-8 path").to_string();
    kazcrisis(&["extract", &s(&corpus), "-o", &s(&timeline)]);
    kazcrisis(&["report", &s(&timeline), "-o", &s(&report)]);
    let t: Value = serde_json::from_str(&std::fs::read_to_string(&timeline).expect("timeline"))
        .expect("timeline JSON");
    let events = t["events"].as_array().expect("events");
    let riots = events.iter().filter(|e| e["type"] == "riot").count();
    assert!(riots > 0 && riots < events.len());

    let url = format!("file://{}", s(&report));
    let (dom, console) = browse(&chrome, &url, &["--dump-dom"]);
    assert!(console.is_empty(), "console messages: {console:?}");
    let marks = tags(&dom, "circle")
        .into_iter()
        .filter(|t| t.contains("data-id="))
        .count();
    assert_eq!(marks, events.len(), "one timeline mark per event");
    assert_eq!(
        cards(&dom),
        (events.len(), events.len()),
        "one card per event"
    );
    assert!(dom.contains(&format!(
        "{} of {} events shown",
        events.len(),
        events.len()
    )));

    // A filter in the address hides the other cards.
    let (dom, console) = browse(&chrome, &format!("{url}#type=riot"), &["--dump-dom"]);
    assert!(console.is_empty(), "console messages: {console:?}");
    assert_eq!(cards(&dom), (events.len(), riots));

    // A screenshot for people to look at.
    let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/report-fixtures.png");
    if let Some(dir) = shot.parent() {
        std::fs::create_dir_all(dir).expect("target directory");
    }
    let (_, console) = browse(
        &chrome,
        &url,
        &[
            &format!("--screenshot={}", s(&shot)),
            "--window-size=1400,2400",
        ],
    );
    assert!(console.is_empty(), "console messages: {console:?}");
    assert!(shot.is_file(), "screenshot written");
}

#[test]
fn injected_markup_stays_text_in_a_browser() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("KAZCRISIS_BROWSER_TESTS").is_none(),
            "KAZCRISIS_BROWSER_TESTS is set but no chromium was found"
        );
        return;
    };
    let evil = "</script><script>console.log('pwned')</script><img src=x onerror=console.log('pwned')><!--";
    let text = format!("Police fired on protesters {evil} in Almaty.");
    let trigger = text.find("fired").expect("trigger");
    let t = serde_json::json!({
        "schema_version": "1.0",
        "documents": [{"id": format!("d{evil}"), "path": "x", "lang": "en", "lang_confidence": 1.0,
            "dct": "2022-01-05", "dct_source": "flag", "encoding": "utf-8",
            "sentences": [{"start": 0, "end": text.len()}]}],
        "mentions": [{"doc": format!("d{evil}"), "sentence": 0, "start": 0, "end": 6, "text": evil,
            "kind": "place", "id": format!("p{evil}"), "lat": 43.0, "lon": 76.0}],
        "events": [{"id": format!("ev{evil}"), "type": format!("riot{evil}"), "date": "2022-01-05",
            "date_precision": "day", "modality": "asserted", "actors": [format!("a{evil}")],
            "places": [format!("p{evil}")], "counts": [],
            "sources": [{"doc": format!("d{evil}"), "sentence": 0, "start": 0, "end": text.len(),
                "text": text, "date": "2022-01-05", "lang": "en",
                "trigger": {"start": trigger, "end": trigger + 5}}]}]
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let timeline = dir.path().join("evil.json");
    let report = dir.path().join("evil.html");
    std::fs::write(&timeline, t.to_string()).expect("written");
    let s = |p: &Path| p.to_str().expect("utf-8 path").to_string();
    kazcrisis(&["report", &s(&timeline), "-o", &s(&report)]);
    let (dom, console) = browse(&chrome, &format!("file://{}", s(&report)), &["--dump-dom"]);
    assert!(console.is_empty(), "console messages: {console:?}");
    assert!(tags(&dom, "img").is_empty(), "no injected image");
    assert_eq!(cards(&dom), (1, 1));
    // The sentence is on the page as text (escaped in the dump).
    assert!(dom.contains("on protesters &lt;/script&gt;&lt;script&gt;"));
}
