//! Every rule in data/ carries its examples; this runs them all, with
//! Duckling's strictness: a positive example must yield exactly one mention
//! over its expression, with the expected value, from that very rule; a
//! negative example must yield nothing there.

use chrono::NaiveDate;
use kazcrisis::extract::{process, DctPolicy, Options};
use kazcrisis::{Lexicon, MentionKind, Partial};

fn lexicon() -> Lexicon {
    Lexicon::load(&Vec::<std::path::PathBuf>::new(), None).expect("embedded lexicon loads")
}

fn run(lex: &Lexicon, lang: &'static str, text: &str, dct: Option<&str>) -> Partial {
    let dct = NaiveDate::parse_from_str(dct.unwrap_or("2022-01-06"), "%Y-%m-%d")
        .expect("example dct is a date");
    process(
        lex,
        "example",
        "example",
        text,
        "utf-8",
        DctPolicy::Flag(dct),
        Options {
            explain: true,
            lang: Some(lang),
        },
    )
}

fn span(text: &str, expr: Option<&str>) -> (usize, usize) {
    match expr {
        Some(e) => {
            let i = text
                .find(e)
                .unwrap_or_else(|| panic!("expr {e:?} not in {text:?}"));
            (i, i + e.len())
        }
        None => (0, text.len()),
    }
}

#[test]
fn time_rule_examples() {
    let lex = lexicon();
    let mut failures = Vec::new();
    let mut count = 0;
    for (code, rules) in lex.langs.iter().map(|(c, l)| (c, l.rules())) {
        let lang: &'static str = if code == "fr" { "fr" } else { "en" };
        for r in &rules.time_rules {
            for ex in &r.examples {
                count += 1;
                let p = run(&lex, lang, &ex.text, ex.dct.as_deref());
                let (s, e) = span(&ex.text, ex.expr.as_deref());
                let hits: Vec<_> = p
                    .mentions
                    .iter()
                    .filter(|m| {
                        matches!(m.kind, MentionKind::Time { .. }) && m.start < e && s < m.end
                    })
                    .collect();
                let ok = hits.len() == 1
                    && matches!(&hits[0].kind, MentionKind::Time { value, .. } if value.as_deref() == ex.expect.as_deref())
                    && hits[0].rule.as_deref().is_some_and(|x| {
                        x.contains(&format!("#{}", r.name)) || x.ends_with(&format!("+{}", r.name))
                    });
                if !ok {
                    failures.push(format!(
                        "{code}/{}: {:?} expected {:?}, got {:?}",
                        r.name,
                        ex.text,
                        ex.expect,
                        hits.iter()
                            .map(|m| (&m.text, &m.kind, &m.rule))
                            .collect::<Vec<_>>()
                    ));
                }
            }
            for ex in &r.negative {
                let p = run(&lex, lang, &ex.text, ex.dct.as_deref());
                let hits: Vec<_> = p
                    .mentions
                    .iter()
                    .filter(|m| matches!(m.kind, MentionKind::Time { .. }))
                    .collect();
                if !hits.is_empty() {
                    failures.push(format!(
                        "{code}/{} negative: {:?} gave {:?}",
                        r.name,
                        ex.text,
                        hits.iter().map(|m| &m.text).collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} time examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// time.toml `[dct]`: with no DCT given, each example must infer its date
/// (`dct_source: "inferred"`), each negative none.
#[test]
fn dct_inference_examples() {
    let lex = lexicon();
    let mut failures = Vec::new();
    let mut count = 0;
    for (code, rules) in lex.langs.iter().map(|(c, l)| (c, l.rules())) {
        let lang: &'static str = if code == "fr" { "fr" } else { "en" };
        let cases = rules.dct.examples.iter().map(|e| (e, e.expect.as_deref()));
        let negs = rules.dct.negative.iter().map(|e| (e, None));
        for (ex, want) in cases.chain(negs) {
            count += 1;
            let p = process(
                &lex,
                "example",
                "example",
                &ex.text,
                "utf-8",
                DctPolicy::Manifest(None),
                Options {
                    explain: false,
                    lang: Some(lang),
                },
            );
            let got = p.document.dct.as_deref();
            let source_ok = want.is_none() || p.document.dct_source.as_deref() == Some("inferred");
            if got != want || !source_ok {
                failures.push(format!(
                    "{code}: {:?} expected {want:?}, got {got:?}",
                    ex.text
                ));
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn quantity_examples() {
    let lex = lexicon();
    let mut failures = Vec::new();
    let mut count = 0;
    for (code, rules) in lex.langs.iter().map(|(c, l)| (c, l.rules())) {
        let lang: &'static str = if code == "fr" { "fr" } else { "en" };
        for ex in &rules.quantity_examples {
            count += 1;
            let p = run(&lex, lang, &ex.text, ex.dct.as_deref());
            let (s, e) = span(&ex.text, ex.expr.as_deref());
            let hits: Vec<_> = p
                .mentions
                .iter()
                .filter(|m| {
                    matches!(&m.kind, MentionKind::Quantity { category, .. } if category != "other")
                        && m.start < e
                        && s < m.end
                })
                .collect();
            let ok = hits.len() == 1
                && matches!(&hits[0].kind, MentionKind::Quantity { category, group, min, max, approximate }
                    if Some(category) == ex.category.as_ref()
                    && Some(group) == ex.group.as_ref()
                    && *min == ex.min && *max == ex.max
                    && Some(*approximate) == ex.approximate)
                && (!ex.exact || ex.expr.as_deref() == Some(hits[0].text.as_str()));
            if !ok {
                failures.push(format!(
                    "{code}: {:?} [{:?}] expected {:?}/{:?} {:?}-{:?} approx {:?}, got {:?}",
                    ex.text,
                    ex.expr,
                    ex.category,
                    ex.group,
                    ex.min,
                    ex.max,
                    ex.approximate,
                    hits.iter().map(|m| (&m.text, &m.kind)).collect::<Vec<_>>()
                ));
            }
        }
        for ex in &rules.quantity_negative {
            let p = run(&lex, lang, &ex.text, ex.dct.as_deref());
            let (s, e) = span(&ex.text, ex.expr.as_deref());
            let hits: Vec<_> = p
                .mentions
                .iter()
                .filter(|m| {
                    matches!(&m.kind, MentionKind::Quantity { category, .. } if category != "other")
                        && m.start < e
                        && s < m.end
                })
                .collect();
            if !hits.is_empty() {
                failures.push(format!(
                    "{code} negative: {:?} [{:?}] gave {:?}",
                    ex.text,
                    ex.expr,
                    hits.iter().map(|m| (&m.text, &m.kind)).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} quantity examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn event_trigger_examples() {
    let lex = lexicon();
    let mut failures = Vec::new();
    let mut count = 0;
    for (code, rules) in lex.langs.iter().map(|(c, l)| (c, l.rules())) {
        let lang: &'static str = if code == "fr" { "fr" } else { "en" };
        for t in &rules.triggers {
            for ex in &t.examples {
                count += 1;
                let p = run(&lex, lang, ex, None);
                if !p.events.iter().any(|e| e.etype == t.etype) {
                    failures.push(format!(
                        "{code}/{} ({}): no event in {ex:?}; got {:?}",
                        t.name,
                        t.etype,
                        p.events.iter().map(|e| &e.etype).collect::<Vec<_>>()
                    ));
                }
            }
            for ex in &t.negative {
                let p = run(&lex, lang, ex, None);
                if p.events.iter().any(|e| e.etype == t.etype) {
                    failures.push(format!(
                        "{code}/{} ({}) negative: event found in {ex:?}",
                        t.name, t.etype
                    ));
                }
            }
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} trigger examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rule_names_are_unique_and_exemplified() {
    let lex = lexicon();
    for (code, rules) in lex.langs.iter().map(|(c, l)| (c, l.rules())) {
        let mut names = std::collections::BTreeSet::new();
        for r in &rules.time_rules {
            assert!(
                names.insert(r.name.clone()),
                "{code}: duplicate time rule {}",
                r.name
            );
            assert!(
                !r.examples.is_empty() || !r.negative.is_empty(),
                "{code}: time rule {} has no example",
                r.name
            );
        }
        let mut names = std::collections::BTreeSet::new();
        for t in &rules.triggers {
            assert!(
                names.insert(t.name.clone()),
                "{code}: duplicate trigger {}",
                t.name
            );
            assert!(
                !t.examples.is_empty(),
                "{code}: trigger {} has no example",
                t.name
            );
        }
    }
}

#[test]
fn every_embedded_regex_builds() {
    // Rules compile on first use; this builds each one now, so a bad
    // pattern in data/ fails here rather than matching nothing at run time.
    let lex = lexicon();
    for code in ["en", "fr"] {
        if let Err(e) = lex.rules(code).check() {
            panic!("{code}: {e}");
        }
    }
}

#[test]
fn a_bad_pattern_is_reported_by_check_with_its_rule() {
    let files: Vec<(&str, String)> = kazcrisis::lexicon::LANG_FILES
        .iter()
        .filter(|(l, _, _)| *l == "en")
        .map(|(_, n, s)| {
            let s = if *n == "events.toml" {
                s.replacen("pattern = \"", "pattern = \"(unclosed|", 1)
            } else {
                s.to_string()
            };
            (*n, s)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, s)| (*n, s.as_str())).collect();
    let rules = kazcrisis::lexicon::LangRules::build("en", &refs).expect("files parse");
    let err = rules.check().expect_err("an unclosed group cannot build");
    let msg = err.to_string();
    assert!(
        msg.contains("data/en/events.toml") && msg.contains("bad pattern"),
        "{msg}"
    );
}

#[test]
fn the_embedded_entities_built_in_the_background_are_the_whole_lexicon() {
    // Without user files the entity index is built on another thread; it
    // must be exactly what the synchronous build of the same data gives,
    // and `lexicon list` must count the gazetteer's rows right.
    let deferred = lexicon();
    let gaz = kazcrisis::lexicon::entities::parse_gazetteer(
        "data/gazetteer.tsv",
        kazcrisis::lexicon::GAZETTEER_TSV,
    )
    .expect("gazetteer parses");
    let curated = kazcrisis::lexicon::entities::parse_entity_file(
        "data/entities.toml",
        kazcrisis::lexicon::ENTITIES_TOML,
        kazcrisis::lexicon::Origin::Curated,
    )
    .expect("curated entities parse");
    let rows = gaz.len();
    let sync = kazcrisis::lexicon::EntityLexicon::build(vec![gaz, curated])
        .expect("builds")
        .with_deferred_homonyms("data/gazetteer.tsv", kazcrisis::lexicon::GAZETTEER_TSV);
    assert!(sync.entries.len() > 6000);
    // (Debug prints every entry and index: compared, not shown.)
    assert!(
        format!("{:?}", *deferred.entities) == format!("{sync:?}"),
        "the background build differs from the synchronous one"
    );
    assert!(
        deferred.sources()[0].contains(&format!("({rows} entries,")),
        "{}",
        deferred.sources()[0]
    );
}

/// found over a negative's.
#[test]
fn apposition_examples() {
    let lex = lexicon();
    let mut failures = Vec::new();
    let mut count = 0;
    for (code, rules) in lex.langs.iter().map(|(c, l)| (c, l.rules())) {
        let lang: &'static str = if code == "fr" { "fr" } else { "en" };
        let cases = rules.apposition.examples.iter().map(|e| (e, true));
        let negs = rules.apposition.negative.iter().map(|e| (e, false));
        for (ex, positive) in cases.chain(negs) {
            count += 1;
            let p = run(&lex, lang, &ex.text, ex.dct.as_deref());
            let (s, e) = span(&ex.text, ex.expr.as_deref());
            let got: Vec<&str> = p
                .mentions
                .iter()
                .filter(|m| m.start < e && s < m.end)
                .filter_map(|m| match &m.kind {
                    MentionKind::Place { id, .. } => Some(id.as_str()),
                    _ => None,
                })
                .collect();
            let want: Vec<&str> = if positive {
                ex.expect.as_deref().into_iter().collect()
            } else {
                vec![]
            };
            if got != want {
                failures.push(format!(
                    "{code}: {:?} [{:?}] expected {want:?}, got {got:?}",
                    ex.text, ex.expr
                ));
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rule_sets_and_rules_match_as_the_regex_crate_would() {
    // The rules run on regex-automata engines configured for them
    // (src/lexicon/rx.rs); on every fixture text, line by line and whole,
    // the sets must say what regex::RegexSet says (the triggers' filter: at
    // least that) and each rule must find what regex::Regex finds.
    let lex = lexicon();
    let root = env!("CARGO_MANIFEST_DIR");
    for code in ["en", "fr"] {
        let rules = lex.rules(code);
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(format!("{root}/fixtures/{code}")).expect("fixtures") {
            let path = entry.expect("fixture entry").path();
            let text = std::fs::read_to_string(&path).expect("fixture text");
            let folded = kazcrisis::text::fold_str(&text);
            texts.extend(folded.lines().map(String::from));
            texts.push(folded);
        }
        assert!(texts.len() > 20, "{code}: fixture texts");
        let families: [(&str, &kazcrisis::lexicon::rx::RxSet, Vec<_>); 2] = [
            (
                "time",
                rules.time_set(),
                rules.time_rules.iter().map(|r| &r.regex).collect(),
            ),
            (
                "triggers",
                rules.trigger_set(),
                rules.triggers.iter().map(|r| &r.regex).collect(),
            ),
        ];
        for (family, ours, members) in families {
            let patterns: Vec<&str> = members.iter().map(|r| r.pattern()).collect();
            let theirs = regex::RegexSet::new(&patterns).expect("set builds");
            let singles: Vec<regex::Regex> = patterns
                .iter()
                .map(|p| regex::Regex::new(p).expect("rule builds"))
                .collect();
            let mut hits = 0;
            let mut bounded = 0;
            for t in &texts {
                let a: Vec<usize> = ours.matches(t).iter().collect();
                let b: Vec<usize> = theirs.matches(t).iter().collect();
                if family == "time" {
                    assert_eq!(a, b, "{code} {family}: {t:?}");
                } else {
                    // The triggers' set is a prefix filter built ahead of
                    // time (tests/automata.rs): it may pass more, never less.
                    for i in &b {
                        assert!(a.contains(i), "{code} {family} {i} filtered out: {t:?}");
                    }
                }
                hits += a.len();
                // The events stage searches a trigger from its reach before
                // the set's earliest match end: it must find what a search
                // from the start finds.
                let ends = ours.first_ends(t);
                let flagged: Vec<usize> = (0..ends.len()).filter(|&i| ends[i].is_some()).collect();
                assert_eq!(
                    flagged, a,
                    "{code} {family}: first ends and matches agree: {t:?}"
                );
                for i in a {
                    let x: Vec<_> = members[i].find_iter(t).map(|m| m.range()).collect();
                    let y: Vec<_> = singles[i].find_iter(t).map(|m| m.range()).collect();
                    assert_eq!(x, y, "{code} {family} rule {i}: {t:?}");
                    if family == "triggers" {
                        let end = ends[i].unwrap_or(0);
                        let from = rules.trigger_reach(i).map_or(0, |n| end.saturating_sub(n));
                        let z: Vec<_> = members[i]
                            .find_iter_in(t, from..t.len())
                            .map(|m| m.range())
                            .collect();
                        assert_eq!(z, y, "{code} trigger {i} searched from {from}: {t:?}");
                        bounded += usize::from(from > 0);
                    }
                }
            }
            assert!(hits > 10, "{code} {family}: the fixtures exercise the set");
            assert!(
                family == "time" || bounded > 10,
                "{code}: the fixtures exercise the triggers' search bound"
            );
        }
    }
}
