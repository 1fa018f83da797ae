//! The embedded world gazetteer: places anywhere, with coordinates, and
//! countries as actors, with no lexicon file; guarded against common words,
//! person names and ambiguous names.

use std::process::Command;

use serde_json::Value;

/// `kazcrisis extract ARGS...`, which must succeed: its timeline.
fn extract(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_kazcrisis"))
        .arg("extract")
        .args(args)
        .output()
        .expect("binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// `extract` of a corpus of these `(file name, text)` (DCT 2022-07-10).
fn extract_text(files: &[(&str, &str)]) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let corpus = dir.path().to_str().expect("utf-8 path");
    extract(&[corpus, "--dct", "2022-07-10"])
}

/// `extract` of `corpus` with the GeoNames dump `dump` (DCT 2023-08-01).
fn extract_with_dump(corpus: &std::path::Path, dump: &std::path::Path) -> Value {
    let (corpus, dump) = (corpus.to_str().expect("p"), dump.to_str().expect("p"));
    extract(&[corpus, "--gazetteer", dump, "--dct", "2023-08-01"])
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

/// Document `doc` of `v` has a place mention with this id.
fn assert_place(v: &Value, doc: &str, id: &str) {
    let places = ids(v, doc, "place");
    assert!(
        places.iter().any(|p| p == id),
        "{doc}: {id} not in {places:?}"
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
    assert_place(&v, "a", "tripoli_lb");
    assert_place(&v, "b", "tripoli");
}

#[test]
fn a_region_whose_bare_name_is_a_city_elsewhere_goes_to_the_named_country() {
    // Ontario is also a city in California, Virginia one in South Africa:
    // bare, they stay those cities unless the document names the region's
    // country (and not the city's).
    let v = extract_text(&[
        (
            "a.txt",
            "Truckers blocked a bridge in Ontario on Monday. Canada's police said 12 people were arrested.",
        ),
        (
            "b.txt",
            "Protesters gathered outside the state capitol in Virginia, the United States, on Monday.",
        ),
        ("c.txt", "A warehouse fire in Ontario killed two workers."),
        (
            "d.txt",
            "Police in New York, the largest city of the United States, arrested 40 people.",
        ),
    ]);
    assert_place(&v, "a", "ontario_ca");
    assert_place(&v, "b", "virginia_us");
    assert_eq!(ids(&v, "c", "place"), vec!["ontario".to_string()]);
    // The city is in the named country: it stays the city.
    assert_place(&v, "d", "new_york_city");
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
    let v = extract_with_dump(&corpus, &dump);
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

fn actor_texts(v: &Value, doc: &str) -> Vec<(String, String)> {
    v["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| m["doc"] == doc && m["kind"] == "actor")
        .map(|m| {
            (
                m["id"].as_str().unwrap_or("").to_string(),
                m["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn one_edit_folding_does_not_collide_with_other_names_or_words() {
    let v = extract_text(&[
        (
            "pos.txt",
            "President Tonkaïev spoke. Later Tokaiev and Nazarbaïev met.",
        ),
        ("zak.txt", "General Zakharov inspected the troops."),
        ("tok.txt", "Dmitry Tokarev arrived. Yelena Tokayeva left."),
        ("mas.txt", "Massimo Rossi smiled."),
        (
            "bli.txt",
            "Blinked lights flashed. He saw a Blinker outside.",
        ),
    ]);
    let pos = ids(&v, "pos", "actor");
    assert!(pos.contains(&"tokayev".to_string()), "{pos:?}");
    assert!(
        actor_texts(&v, "pos")
            .iter()
            .any(|(i, t)| i == "tokayev" && t == "Tonkaïev"),
        "{:?}",
        actor_texts(&v, "pos")
    );
    for (doc, wrong) in [
        ("zak", "zakharova"),
        ("tok", "tokayev"),
        ("mas", "massimov"),
        ("bli", "blinken"),
    ] {
        let a = ids(&v, doc, "actor");
        assert!(!a.contains(&wrong.to_string()), "{doc}: {a:?}");
    }
}

#[test]
fn capitals_after_a_locative_are_places_and_govern_only_as_subjects() {
    let v = extract_text(&[
        (
            "loc.txt",
            "Protesters in New York and in Washington clashed with police.",
        ),
        (
            "gov.txt",
            "Washington decided to send aid. Moscow said it would respond.",
        ),
        ("geo.txt", "George Washington was a president."),
        ("list.txt", "Troops reached Nur-Sultan, Astana and the airport."),
        ("fr.txt", "Paris a condamné la répression."),
        (
            "en.txt",
            "Berlin condemned the crackdown. Tokyo called for restraint. Warsaw summoned the ambassador.",
        ),
        ("dateline.txt", "ABUJA, Aug. 11 - Leaders met in the capital."),
    ]);
    assert_eq!(ids(&v, "loc", "place"), vec!["new_york_city", "washington"]);
    assert!(!ids(&v, "loc", "actor").contains(&"united_states".to_string()));
    let gov = ids(&v, "gov", "actor");
    assert!(
        gov.contains(&"united_states".to_string()) && gov.contains(&"russia".to_string()),
        "{gov:?}"
    );
    assert!(
        ids(&v, "geo", "place").is_empty(),
        "{:?}",
        ids(&v, "geo", "place")
    );
    assert!(
        ids(&v, "geo", "actor").is_empty(),
        "{:?}",
        ids(&v, "geo", "actor")
    );
    assert!(!ids(&v, "list", "actor").contains(&"kazakhstan".to_string()));
    assert_eq!(ids(&v, "list", "place"), vec!["astana"]);
    assert!(ids(&v, "fr", "actor").contains(&"france".to_string()));
    assert!(ids(&v, "fr", "place").contains(&"paris".to_string()));
    let en = ids(&v, "en", "actor");
    for c in ["germany", "japan", "poland"] {
        assert!(en.contains(&c.to_string()), "{en:?}");
    }
    assert!(!ids(&v, "dateline", "actor").contains(&"nigeria".to_string()));
    assert!(ids(&v, "dateline", "place").contains(&"abuja".to_string()));
}

#[test]
fn countries_that_are_common_words_act_when_supported() {
    let v = extract_text(&[
        ("jo.txt", "Jordan condemned the attacks."),
        ("td.txt", "The Chad government said it would respond."),
        ("ge.txt", "Thousands rallied in Georgia on Sunday."),
        (
            "neg.txt",
            "Michael Jordan played well. Chad Smith drummed. Michael Jordan said he was tired. Georgia is a name.",
        ),
    ]);
    assert!(ids(&v, "jo", "actor").contains(&"jordan".to_string()));
    assert!(ids(&v, "td", "actor").contains(&"chad".to_string()));
    assert!(ids(&v, "ge", "place").contains(&"georgia".to_string()));
    assert!(
        ids(&v, "neg", "actor").is_empty(),
        "{:?}",
        ids(&v, "neg", "actor")
    );
    assert!(
        ids(&v, "neg", "place").is_empty(),
        "{:?}",
        ids(&v, "neg", "place")
    );
}

#[test]
fn open_vocabulary_names_stay_in_their_sentence_and_organisations_keep_their_name() {
    let v = extract_text(&[
        (
            "en.txt",
            "The strike continued, according to government spokesman Abdou Karim Fofana.\n\nThe African Union called for calm. Amnesty International said 20 died. According to the Sahel Rights Network, 30 were held. His brother resigned as prime minister on May 9.",
        ),
        (
            "fr.txt",
            "Selon l'ONG Viasna, des arrestations. Le porte-parole du gouvernement Abdou Karim Fofana a parlé. Le ministre de l'Intérieur, Antoine Félix Diome, a parlé. Deux morts, selon des sources hospitalières. La veille, des jeunes avaient manifesté.",
        ),
        (
            "orgs.txt",
            "ECOWAS and NATO met. The United Nations and Human Rights Watch spoke. La CEDEAO, l'OTAN, l'ONU et l'Union africaine.",
        ),
    ]);
    let en = actor_texts(&v, "en");
    assert!(
        en.iter()
            .any(|(i, t)| i == "fofana" && t == "Abdou Karim Fofana"),
        "{en:?}"
    );
    assert!(en.iter().all(|(_, t)| !t.contains('\n')), "{en:?}");
    let en_ids = ids(&v, "en", "actor");
    for id in [
        "african_union",
        "amnesty_international",
        "sahel_rights_network",
    ] {
        assert!(en_ids.contains(&id.to_string()), "{en_ids:?}");
    }
    assert!(!en_ids.contains(&"international".to_string()));
    assert!(!en_ids.contains(&"may".to_string()), "{en_ids:?}");
    let fr = ids(&v, "fr", "actor");
    for id in ["viasna", "fofana", "diome"] {
        assert!(fr.contains(&id.to_string()), "{fr:?}");
    }
    // "selon des sources hospitalières." ends with its sentence: "La" of
    // the next is no one.
    assert!(!fr.contains(&"la".to_string()), "{fr:?}");
    let orgs = ids(&v, "orgs", "actor");
    for id in [
        "ecowas",
        "nato",
        "united_nations",
        "human_rights_watch",
        "african_union",
    ] {
        assert!(orgs.contains(&id.to_string()), "{orgs:?}");
    }
}

#[test]
fn a_given_name_opening_a_sentence_blocks_a_place_but_a_place_modifier_does_not() {
    let v = extract_text(&[
        ("name.txt", "Lloyd Austin said troops were ready."),
        (
            "modifier.txt",
            "Central Kyiv was quiet on Sunday and the streets were empty. Downtown Beirut was calm after the night of protests.",
        ),
    ]);
    assert!(
        ids(&v, "name", "place").is_empty(),
        "{:?}",
        ids(&v, "name", "place")
    );
    assert_eq!(ids(&v, "modifier", "place"), vec!["beirut", "kyiv"]);
}

#[test]
fn a_title_complement_ends_at_a_comma_and_media_are_organisations() {
    let v = extract_text(&[(
        "a.txt",
        "The president of the Transitional Council, Mahamat Idriss Deby, spoke on Monday. According to the New York Times, police fired.",
    )]);
    let a = ids(&v, "a", "actor");
    assert!(a.contains(&"deby".to_string()), "{a:?}");
    assert!(a.contains(&"new_york_times".to_string()), "{a:?}");
    assert!(!a.contains(&"times".to_string()), "{a:?}");
}

#[test]
fn titles_on_one_enormous_line_stay_linear() {
    // 1.3 MB without a newline and a title every 26 bytes: reading the name
    // after each title must not scan to the end of the line.
    let text = "President Tonkaïev spoke. ".repeat(50_000);
    let t0 = std::time::Instant::now();
    let v = extract_text(&[("big.txt", &text)]);
    let secs = t0.elapsed().as_secs_f64();
    assert!(ids(&v, "big", "actor").contains(&"tokayev".to_string()));
    assert!(secs < 10.0, "{secs} s");
}

fn actors_and_places(v: &Value, doc: &str) -> (Vec<String>, Vec<String>) {
    (ids(v, doc, "actor"), ids(v, doc, "place"))
}

#[test]
fn an_apposition_picks_the_city_of_that_name_in_its_region() {
    let v = extract_text(&[
        (
            "moscow.txt",
            "Police in Moscow, Idaho, arrested a suspect on Monday. Moscow police said the man was held.",
        ),
        ("paris.txt", "A tornado hit Paris, Texas, on Monday."),
        ("paren.txt", "A tornado hit Paris (Texas) on Monday."),
        (
            "seattle.txt",
            "Students marched in Seattle, Washington, and in Atlanta, Georgia, on Friday.",
        ),
    ]);
    let (actors, places) = actors_and_places(&v, "moscow");
    assert_eq!(places, vec!["idaho", "moscow_us"]);
    assert!(!actors.contains(&"russia".to_string()), "{actors:?}");
    for doc in ["paris", "paren"] {
        let (actors, places) = actors_and_places(&v, doc);
        assert_eq!(places, vec!["paris_us", "texas"], "{doc}");
        assert!(!actors.contains(&"france".to_string()), "{doc}: {actors:?}");
    }
    let (actors, places) = actors_and_places(&v, "seattle");
    assert_eq!(
        places,
        vec!["atlanta", "georgia_us", "seattle", "washington_us"]
    );
    assert!(!actors.contains(&"georgia".to_string()), "{actors:?}");
}

#[test]
fn a_french_apposition_picks_the_city_of_that_name_in_its_region() {
    let v = extract_text(&[
        ("au.txt", "Une tornade a frappé Paris, au Texas, lundi soir."),
        ("paren.txt", "Une tornade a frappé Paris (Texas) lundi soir."),
        (
            "moscou.txt",
            "La police de Moscou (Idaho) a arrêté un suspect lundi. Des pompiers sont intervenus à Moscou, dans l'Idaho.",
        ),
    ]);
    for doc in ["au", "paren"] {
        let (actors, places) = actors_and_places(&v, doc);
        assert_eq!(places, vec!["paris_us", "texas"], "{doc}");
        assert!(!actors.contains(&"france".to_string()), "{doc}: {actors:?}");
    }
    let (actors, places) = actors_and_places(&v, "moscou");
    assert_eq!(places, vec!["idaho", "moscow_us"]);
    assert!(!actors.contains(&"russia".to_string()), "{actors:?}");
}

#[test]
fn an_agreeing_qualifier_a_list_or_a_lowercase_word_changes_nothing() {
    let v = extract_text(&[
        ("france.txt", "Talks were held in Paris, France, on Monday."),
        (
            "russia.txt",
            "Protesters were detained in Moscow, Russia, on Sunday.",
        ),
        (
            "list.txt",
            "Officials in Moscow, Kyiv and Minsk traded accusations.",
        ),
        (
            "countries.txt",
            "Protests spread to Moscow, Ukraine and Belarus on Sunday.",
        ),
        (
            "police.txt",
            "Crowds gathered in Almaty, police said. Troops landed in Almaty, Kazakhstan.",
        ),
        (
            "fr.txt",
            "Des manifestations ont eu lieu à Moscou, en Ukraine et en Biélorussie.",
        ),
    ]);
    assert!(ids(&v, "france", "place").contains(&"paris".to_string()));
    assert!(!ids(&v, "france", "place").contains(&"paris_us".to_string()));
    assert!(ids(&v, "russia", "place").contains(&"moscow".to_string()));
    assert_eq!(ids(&v, "list", "place"), vec!["kyiv", "minsk", "moscow"]);
    for doc in ["countries", "fr"] {
        let (actors, places) = actors_and_places(&v, doc);
        assert!(places.contains(&"moscow".to_string()), "{doc}: {places:?}");
        assert!(
            actors.contains(&"ukraine".to_string()) || places.contains(&"ukraine".to_string()),
            "{doc}: {actors:?} {places:?}"
        );
    }
    assert!(ids(&v, "police", "place").contains(&"almaty".to_string()));
    assert!(ids(&v, "police", "place").contains(&"kazakhstan".to_string()));
}

#[test]
fn a_qualifier_with_no_town_of_that_name_drops_the_wrong_city() {
    let v = extract_text(&[
        (
            "en.txt",
            "A tornado hit Paris, Kentucky, overnight. Paris firefighters helped.",
        ),
        (
            "fr.txt",
            "Une tornade a frappé Paris, au Kentucky, dans la nuit.",
        ),
    ]);
    for doc in ["en", "fr"] {
        let (actors, places) = actors_and_places(&v, doc);
        assert_eq!(places, vec!["kentucky"], "{doc}");
        assert!(!actors.contains(&"france".to_string()), "{doc}: {actors:?}");
    }
}

#[test]
fn homonyms_and_regions_named_like_countries_are_never_read_by_name_alone() {
    let v = extract_text(&[
        (
            "us.txt",
            "The United States warned Moscow. Protesters marched in Paris on Sunday.",
        ),
        ("ge.txt", "Thousands rallied in Georgia and in Washington."),
    ]);
    assert_eq!(
        ids(&v, "us", "place"),
        vec!["moscow", "paris", "united_states"]
    );
    assert_eq!(ids(&v, "ge", "place"), vec!["georgia", "washington"]);
}

#[test]
fn a_geonames_dump_with_both_towns_resolves_the_apposition() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = dir.path().join("cities.txt");
    // geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 a2 a3 a4 population ...
    let rows = [
        "9999001\tZyxborough\tZyxborough\t\t12.5\t-3.25\tP\tPPL\tNE\t\t08\t\t\t\t52000\t\t300\tAfrica/Niamey\t2023-01-01",
        "9999002\tZyxborough\tZyxborough\t\t46.7\t-117.0\tP\tPPL\tUS\t\tID\t\t\t\t1200\t\t700\tAmerica/Los_Angeles\t2023-01-01",
        "9999003\tZyxborough\tZyxborough\t\t36.3\t-88.3\tP\tPPL\tUS\t\tTN\t\t\t\t900\t\t150\tAmerica/Chicago\t2023-01-01",
    ];
    std::fs::write(&dump, rows.join("\n") + "\n").expect("write");
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).expect("mkdir");
    for (name, text) in [
        (
            "bare.txt",
            "Soldiers were deployed in Zyxborough on Monday.",
        ),
        ("id.txt", "Police in Zyxborough, Idaho, arrested a man."),
        (
            "tn.txt",
            "Une tornade a frappé Zyxborough (Tennessee) lundi.",
        ),
        ("tx.txt", "A storm hit Zyxborough, Texas, overnight."),
    ] {
        std::fs::write(corpus.join(name), text).expect("write");
    }
    let v = extract_with_dump(&corpus, &dump);
    assert_eq!(ids(&v, "bare", "place"), vec!["zyxborough_ne"]);
    assert_eq!(ids(&v, "id", "place"), vec!["idaho", "zyxborough_us"]);
    assert_eq!(
        ids(&v, "tn", "place"),
        vec!["tennessee", "zyxborough_us_tn"]
    );
    assert_eq!(ids(&v, "tx", "place"), vec!["texas"]);
}

#[test]
fn the_deferred_homonym_rows_of_the_embedded_gazetteer_parse() {
    use kazcrisis::lexicon::entities::{parse_gazetteer, parse_gazetteer_homonyms};
    use kazcrisis::lexicon::GAZETTEER_TSV;
    let homonyms =
        parse_gazetteer_homonyms("data/gazetteer.tsv", GAZETTEER_TSV).expect("homonyms parse");
    assert!(homonyms.len() > 500, "{}", homonyms.len());
    assert!(homonyms.iter().all(|e| e.homonym));
    let moscow = homonyms
        .iter()
        .find(|e| e.id == "moscow_us")
        .expect("Moscow, Idaho");
    assert_eq!(
        (moscow.country.as_deref(), moscow.admin1.as_deref()),
        (Some("US"), Some("ID"))
    );
    let rest = parse_gazetteer("data/gazetteer.tsv", GAZETTEER_TSV).expect("gazetteer parses");
    // Regions named like a country or a city are read at start-up (few).
    assert!(rest
        .iter()
        .all(|e| !e.homonym || e.kind == kazcrisis::lexicon::EntryKind::Region));
    assert!(rest.iter().any(|e| e.homonym && e.id == "georgia_us"));
    let texas = rest.iter().find(|e| e.id == "texas").expect("Texas");
    assert_eq!(texas.admin1.as_deref(), Some("TX"));
    let out = Command::new(env!("CARGO_BIN_EXE_kazcrisis"))
        .args(["lexicon", "list", "--kind", "city"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\nmoscow_us\tcity\tMoscow\t"));
}
