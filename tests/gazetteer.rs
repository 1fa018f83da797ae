//! The embedded world gazetteer: places anywhere, with coordinates, and
//! countries as actors, with no lexicon file; guarded against common words,
//! person names and ambiguous names.

use std::process::Command;

use serde_json::Value;

fn extract_text(files: &[(&str, &str)]) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kazcrisis"))
        .args([
            "extract",
            dir.path().to_str().expect("utf-8 path"),
            "--dct",
            "2022-07-10",
        ])
        .output()
        .expect("binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn ids(v: &Value, doc: &str, kind: &str) -> Vec<String> {
    let mut ids: Vec<String> = v["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| m["doc"] == doc && m["kind"] == kind)
        .filter_map(|m| m["id"].as_str().map(String::from))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn other_crisis_fixtures_get_places_and_country_actors_without_a_lexicon() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let out = Command::new(env!("CARGO_BIN_EXE_kazcrisis"))
        .args(["extract", root.to_str().expect("path")])
        .output()
        .expect("binary runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let colombo = v["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .find(|m| m["doc"] == "en/lk-colombo-0710" && m["id"] == "colombo")
        .expect("Colombo is found");
    let (lat, lon) = (
        colombo["lat"].as_f64().expect("lat"),
        colombo["lon"].as_f64().expect("lon"),
    );
    assert!(
        (lat - 6.93).abs() < 0.2 && (lon - 79.85).abs() < 0.2,
        "{lat},{lon}"
    );
    assert!(ids(&v, "en/lk-colombo-0710", "actor").contains(&"sri_lanka".to_string()));
    assert!(ids(&v, "fr/ne-niamey-0731", "place").contains(&"niamey".to_string()));
    assert!(ids(&v, "fr/ne-niamey-0731", "actor").contains(&"niger".to_string()));
}

#[test]
fn french_exonyms_and_demonyms() {
    let v = extract_text(&[(
        "a.txt",
        "Des manifestants ont défilé à Pékin et à Londres, selon les autorités britanniques.",
    )]);
    let places = ids(&v, "a", "place");
    assert!(
        places.contains(&"beijing".to_string()) && places.contains(&"london".to_string()),
        "{places:?}"
    );
    assert!(ids(&v, "a", "actor").contains(&"united_kingdom".to_string()));
}

#[test]
fn common_words_need_a_locative() {
    let v = extract_text(&[
        ("a.txt", "Nice weather drew crowds. Protesters used mobile phones. A split decision divided the council."),
        ("b.txt", "Thousands of protesters marched in Nice on Saturday."),
    ]);
    assert!(
        ids(&v, "a", "place").is_empty(),
        "{:?}",
        ids(&v, "a", "place")
    );
    assert_eq!(ids(&v, "b", "place"), vec!["nice".to_string()]);
}

#[test]
fn person_names_win_over_places() {
    let v = extract_text(&[("a.txt", "Students of George Washington University gathered on campus. Sergeant Lima Santos was injured.")]);
    let places = ids(&v, "a", "place");
    assert!(
        !places.contains(&"george".to_string()) && !places.contains(&"lima".to_string()),
        "{places:?}"
    );
}

#[test]
fn ambiguous_names_prefer_a_country_the_document_names() {
    let v = extract_text(&[
        (
            "a.txt",
            "Clashes broke out in Tripoli, in northern Lebanon, after the currency collapsed.",
        ),
        (
            "b.txt",
            "Clashes broke out in Tripoli, the Libyan capital, on Friday.",
        ),
    ]);
    assert!(
        ids(&v, "a", "place").contains(&"tripoli_lb".to_string()),
        "{:?}",
        ids(&v, "a", "place")
    );
    assert!(
        ids(&v, "b", "place").contains(&"tripoli".to_string()),
        "{:?}",
        ids(&v, "b", "place")
    );
}

#[test]
fn capitals_standing_for_governments_are_actors() {
    let v = extract_text(&[(
        "a.txt",
        "Moscow decided to send troops. The delegation flew to Moscow.",
    )]);
    assert!(ids(&v, "a", "actor").contains(&"russia".to_string()));
    assert!(ids(&v, "a", "place").contains(&"moscow".to_string()));
}

#[test]
fn a_geonames_dump_adds_places_and_bad_rows_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = dir.path().join("cities.txt");
    // geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 a1 a2 a3 a4 population elevation dem tz date
    std::fs::write(&dump, "9999001\tZyxborough\tZyxborough\t\t12.5\t-3.25\tP\tPPL\tNE\t\t\t\t\t\t1200\t\t300\tAfrica/Niamey\t2023-01-01\n").expect("write");
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(
        corpus.join("a.txt"),
        "Soldiers were deployed in Zyxborough on Monday.",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_kazcrisis"))
        .args([
            "extract",
            corpus.to_str().expect("p"),
            "--gazetteer",
            dump.to_str().expect("p"),
            "--dct",
            "2023-08-01",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let m = v["mentions"]
        .as_array()
        .expect("m")
        .iter()
        .find(|m| m["kind"] == "place")
        .cloned()
        .expect("a place");
    assert_eq!(m["id"], "zyxborough_ne");
    assert_eq!(m["lat"], 12.5);
    std::fs::write(&dump, "9999001\tZyxborough\tZyxborough\t\tnorth\t-3.25\tP\tPPL\tNE\t\t\t\t\t\t1200\t\t300\tAfrica/Niamey\t2023-01-01\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_kazcrisis"))
        .args([
            "extract",
            corpus.to_str().expect("p"),
            "--gazetteer",
            dump.to_str().expect("p"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cities.txt") && err.contains("line 1") && err.contains("latitude"),
        "{err}"
    );
}
