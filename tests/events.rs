//! Sentence-level events: modality from the trigger's clause, negation
//! scope, the paragraph's narrative date, clause-bound dates and counts,
//! datelines, and the same reading in both languages.

use chrono::NaiveDate;
use kazcrisis::extract::{process, DctPolicy, Options};
use kazcrisis::{Event, Lexicon};

fn events(lang: &'static str, text: &str, dct: &str) -> Vec<Event> {
    let lex = Lexicon::load(&Vec::<std::path::PathBuf>::new(), None).expect("embedded lexicon");
    let dct = NaiveDate::parse_from_str(dct, "%Y-%m-%d").expect("dct");
    process(
        &lex,
        "t",
        "t",
        text,
        "utf-8",
        DctPolicy::Flag(dct),
        Options {
            explain: false,
            lang: Some(lang),
        },
    )
    .events
}

/// The one event of `etype` in the text.
fn one(lang: &'static str, text: &str, dct: &str, etype: &str) -> Event {
    let evs = events(lang, text, dct);
    let mut of: Vec<Event> = evs.iter().filter(|e| e.etype == etype).cloned().collect();
    assert_eq!(
        of.len(),
        1,
        "{text:?}: want one {etype}, got {:?}",
        evs.iter()
            .map(|e| (&e.etype, &e.modality, &e.date))
            .collect::<Vec<_>>()
    );
    of.remove(0)
}

fn modality(lang: &'static str, text: &str, etype: &str) -> String {
    one(lang, text, "2023-06-10", etype).modality
}

#[test]
fn hypothetical_cues_in_the_trigger_clause() {
    for (lang, text, etype) in [
        (
            "en",
            "Russian troops will be deployed if the unrest continues.",
            "deployment",
        ),
        (
            "en",
            "In the event that talks fail, troops will be deployed.",
            "deployment",
        ),
        (
            "en",
            "If talks fail, troops will be sent to the capital.",
            "deployment",
        ),
        (
            "en",
            "Troops could be deployed to the capital.",
            "deployment",
        ),
        (
            "en",
            "The curfew will be lifted on Friday.",
            "emergency_measure",
        ),
        (
            "fr",
            "Une force sera déployée dans le pays voisin.",
            "deployment",
        ),
        (
            "fr",
            "Des troupes pourraient être déployées dans la capitale.",
            "deployment",
        ),
        (
            "fr",
            "Si les négociations échouent, une force régionale sera envoyée.",
            "deployment",
        ),
        // A protest called for is yet to come.
        (
            "fr",
            "Une plateforme de partis d'opposition appelle à une grève générale.",
            "protest",
        ),
        (
            "en",
            "Opposition parties called for a general strike across the country.",
            "protest",
        ),
    ] {
        assert_eq!(modality(lang, text, etype), "hypothetical", "{text}");
    }
}

#[test]
fn hypothetical_wins_over_reported_and_statements_are_made() {
    let t = "The bloc said the force would be deployed if talks failed.";
    assert_eq!(modality("en", t, "deployment"), "hypothetical");
    let evs = events("en", t, "2023-06-10");
    assert!(evs
        .iter()
        .filter(|e| e.etype == "statement")
        .all(|e| e.modality != "hypothetical"));
    assert_eq!(
        modality(
            "en",
            "Troops arrived in the capital on Monday, officials said.",
            "deployment"
        ),
        "reported"
    );
}

#[test]
fn cues_of_another_clause_do_not_leak() {
    assert_eq!(
        modality(
            "en",
            "Police did not comment, but protesters marched in the capital on Monday.",
            "protest"
        ),
        "asserted"
    );
    assert_eq!(
        modality(
            "en",
            "Soldiers opened fire on protesters, who will bury their dead on Friday.",
            "armed_clash"
        ),
        "asserted"
    );
}

#[test]
fn negation_scope() {
    for (lang, text, etype) in [
        (
            "en",
            "Police did not open fire on protesters in the capital.",
            "armed_clash",
        ),
        (
            "en",
            "No protests were reported in the capital on Sunday.",
            "protest",
        ),
        (
            "en",
            "Russia does not believe in a lasting presence of its troops in Belarus.",
            "deployment",
        ),
        (
            "fr",
            "La police n'a pas ouvert le feu sur les manifestants.",
            "armed_clash",
        ),
        (
            "fr",
            "Aucune manifestation n'a eu lieu dans la capitale dimanche.",
            "protest",
        ),
        (
            "fr",
            "La Russie ne croit pas à une présence durable de ses troupes au Bélarus.",
            "deployment",
        ),
    ] {
        assert_eq!(modality(lang, text, etype), "negated", "{text}");
    }
}

#[test]
fn paragraph_narrative_date() {
    let t = "On 3 March 2023, thousands of people gathered in the capital. Police fired tear gas at the crowd. Dozens were arrested.\n\nPolice fired tear gas at students.";
    let evs = events("en", t, "2023-06-10");
    let dated: Vec<_> = evs
        .iter()
        .map(|e| (e.etype.as_str(), e.sources[0].sentence, e.date.as_deref()))
        .collect();
    assert!(
        dated.contains(&("armed_clash", 1, Some("2023-03-03"))),
        "{dated:?}"
    );
    assert!(
        dated.contains(&("arrest", 2, Some("2023-03-03"))),
        "{dated:?}"
    );
    // A new paragraph starts undated; the DCT is never the narrative date.
    assert!(dated.contains(&("armed_clash", 3, None)), "{dated:?}");
    let arrest = evs.iter().find(|e| e.etype == "arrest").expect("arrest");
    assert_eq!(arrest.date_precision.as_deref(), Some("day"));
    assert_eq!(arrest.sources[0].date.as_deref(), Some("2023-03-03"));
    let fr = "Le 3 mars 2023, des milliers de personnes ont manifesté dans la capitale. La police a tiré des gaz lacrymogènes.";
    let clash = one("fr", fr, "2023-06-10", "armed_clash");
    assert_eq!(clash.date.as_deref(), Some("2023-03-03"));
    // A relative day ("on Thursday") is no narrative date.
    let rel = "Protests began on Thursday in the capital. Police fired tear gas at the crowd.";
    assert_eq!(one("en", rel, "2023-06-10", "armed_clash").date, None);
}

#[test]
fn the_date_of_the_trigger_clause_wins() {
    let t = "The president resigned in 2019 and protests erupted on 5 March 2023.";
    assert_eq!(
        one("en", t, "2023-06-10", "protest").date.as_deref(),
        Some("2023-03-05")
    );
    assert_eq!(
        one("en", t, "2023-06-10", "resignation").date.as_deref(),
        Some("2019")
    );
    let fr = "Le président a démissionné en 2019 et des manifestations ont éclaté le 5 mars 2023.";
    assert_eq!(
        one("fr", fr, "2023-06-10", "protest").date.as_deref(),
        Some("2023-03-05")
    );
}

#[test]
fn a_dateline_yields_to_the_sentence_date() {
    let t = "DAKAR, June 3 (Reuters) - Protests erupted in the capital on Thursday.";
    assert_eq!(
        one("en", t, "2023-06-10", "protest").date.as_deref(),
        Some("2023-06-08")
    );
    // Alone, the dateline still dates the sentence.
    let t = "DAKAR, June 3 (Reuters) - Protests erupted in the capital.";
    assert_eq!(
        one("en", t, "2023-06-10", "protest").date.as_deref(),
        Some("2023-06-03")
    );
}

fn counts(e: &Event) -> Vec<(String, Option<u64>)> {
    e.counts
        .iter()
        .map(|c| (c.category.clone(), c.min))
        .collect()
}

#[test]
fn counts_and_dates_stay_with_their_event() {
    let t = "Rioters torched 20 buses and police arrested 40 rioters on Friday.";
    assert!(counts(&one("en", t, "2023-06-10", "riot")).is_empty());
    assert_eq!(
        counts(&one("en", t, "2023-06-10", "arrest")),
        vec![("arrested".into(), Some(40))]
    );
    let t = "Police arrested 30 protesters on Monday, a day after protests began on Sunday.";
    let protest = one("en", t, "2023-06-10", "protest");
    let arrest = one("en", t, "2023-06-10", "arrest");
    assert!(counts(&protest).is_empty());
    assert!(protest.actors.is_empty(), "{:?}", protest.actors);
    assert!(arrest.actors.contains(&"security_forces".to_string()));
    // A shared subject: the second act of "police fired … and arrested …".
    let t = "Police fired tear gas at the crowd and arrested 30 people in the capital.";
    assert!(one("en", t, "2023-06-10", "arrest")
        .actors
        .contains(&"security_forces".to_string()));
    assert_eq!(protest.date.as_deref(), Some("2023-06-04"));
    assert_eq!(counts(&arrest), vec![("arrested".into(), Some(30))]);
    assert_eq!(arrest.date.as_deref(), Some("2023-06-05"));
    let fr = "Des émeutiers ont incendié 20 bus et la police a arrêté 40 émeutiers vendredi.";
    assert!(counts(&one("fr", fr, "2023-06-10", "riot")).is_empty());
    assert_eq!(
        counts(&one("fr", fr, "2023-06-10", "arrest")),
        vec![("arrested".into(), Some(40))]
    );
}

#[test]
fn killed_in_clashes_is_the_clash_in_both_languages() {
    for (lang, text) in [
        (
            "en",
            "Nine people were killed in clashes with police in the capital on Thursday.",
        ),
        (
            "fr",
            "Neuf personnes ont été tuées lors d'affrontements avec la police jeudi.",
        ),
    ] {
        let evs = events(lang, text, "2023-06-10");
        assert!(!evs.iter().any(|e| e.etype == "casualty_report"), "{text}");
        let clash = one(lang, text, "2023-06-10", "armed_clash");
        assert_eq!(counts(&clash), vec![("killed".into(), Some(9))], "{text}");
    }
    // A toll during riots stays a casualty report: riots are its setting.
    let t = "Two people were killed during the riots in the capital.";
    assert!(events("en", t, "2023-06-10")
        .iter()
        .all(|e| e.etype != "riot"));
    one("en", t, "2023-06-10", "casualty_report");
}

#[test]
fn a_future_event_on_a_bare_weekday_is_the_coming_one() {
    // 2023-06-10 is a Saturday.
    let d = |lang, t| one(lang, t, "2023-06-10", "emergency_measure").date;
    assert_eq!(
        d("en", "The curfew will be lifted on Friday."),
        Some("2023-06-16".into())
    );
    assert_eq!(
        d("en", "The curfew was lifted on Friday."),
        Some("2023-06-09".into())
    );
    assert_eq!(
        d("fr", "Le couvre-feu sera levé vendredi."),
        Some("2023-06-16".into())
    );
}
