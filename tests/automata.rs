//! The full DFAs built ahead of time (`data/<code>/time.dfa`,
//! `data/<code>/triggers.dfa`): each must have been built from the rules as
//! they are now, and must say what the automaton compiled at run time says
//! (the time rules' exactly; the triggers' prefix filter at least
//! whenever the compiled set matches).
//!
//! After changing a `time.toml` or `events.toml` (or a placeholder table),
//! regenerate them: `KAZCRISIS_WRITE_DFA=1 cargo test --release --test
//! automata`, then rebuild.

use kazcrisis::lexicon::rules::{fingerprint, SetKind};
use kazcrisis::lexicon::rx::RxSet;
use kazcrisis::lexicon::{embedded_dfa, LangRules, Lexicon};
use kazcrisis::text::fold_str;

fn lexicon() -> Lexicon {
    Lexicon::load(&[] as &[&str], None).expect("embedded lexicon")
}

fn dfa_path(code: &str, which: SetKind) -> String {
    format!(
        "{}/data/{code}/{}.dfa",
        env!("CARGO_MANIFEST_DIR"),
        which.name()
    )
}

fn writing() -> bool {
    std::env::var_os("KAZCRISIS_WRITE_DFA").is_some()
}

fn set(rules: &LangRules, which: SetKind) -> &RxSet {
    match which {
        SetKind::Time => rules.time_set(),
        SetKind::Triggers => rules.trigger_set(),
    }
}

#[test]
fn the_embedded_dfas_are_built_from_the_current_rules() {
    let lex = lexicon();
    for code in ["en", "fr"] {
        let rules = lex.rules(code);
        for which in SetKind::ALL {
            let path = dfa_path(code, which);
            if writing() {
                let bytes = rules.full_dfa(which).expect("determinize");
                std::fs::write(&path, &bytes).expect("write the DFA file");
                eprintln!("wrote {path} ({} bytes)", bytes.len());
                continue;
            }
            let file = std::fs::read(&path).expect("read the DFA file");
            let fp = fingerprint(rules.set_patterns(which).into_iter());
            assert!(
                file.len() > 16 && file[8..16] == fp.to_le_bytes(),
                "{path} is stale (its rules changed): regenerate it with \
                 KAZCRISIS_WRITE_DFA=1 cargo test --release --test automata"
            );
            assert_eq!(
                embedded_dfa(code, which),
                Some(&file[..]),
                "the binary embeds another {path} than the one on disk: rebuild"
            );
            assert!(
                set(rules, which).is_full(),
                "{code}: the embedded {} DFA was not used",
                which.name()
            );
        }
    }
}

/// Every line of the fixtures and the seeds, and the rules' own examples.
fn texts(rules: &LangRules) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<String> = Vec::new();
    for dir in [root.join("fixtures"), root.join("../shared/seeds")] {
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "txt") {
                    if let Ok(t) = std::fs::read_to_string(&p) {
                        texts.extend(t.lines().map(fold_str));
                    }
                }
            }
        }
    }
    for r in &rules.time_rules {
        texts.extend(r.examples.iter().map(|e| fold_str(&e.text)));
    }
    for t in &rules.triggers {
        texts.extend(t.examples.iter().map(|e| fold_str(e)));
    }
    texts
}

#[test]
fn the_full_dfas_and_the_compiled_sets_agree() {
    if writing() {
        return;
    }
    let lex = lexicon();
    for code in ["en", "fr"] {
        let rules = lex.rules(code);
        let texts = texts(rules);
        assert!(texts.len() > 100, "fixtures not found");
        for which in SetKind::ALL {
            let full = set(rules, which);
            assert!(full.is_full(), "{code}: no full {} DFA", which.name());
            let compiled = RxSet::new(&rules.set_patterns(which)).expect("compile the set");
            let (mut matched, mut passed, mut pairs) = (0, 0, 0);
            for t in &texts {
                let a: Vec<usize> = full.matches(t).iter().collect();
                let b: Vec<usize> = compiled.matches(t).iter().collect();
                match which {
                    SetKind::Time => assert_eq!(a, b, "{code}: {t:?}"),
                    SetKind::Triggers => {
                        for i in &b {
                            assert!(a.contains(i), "{code}: trigger {i} filtered out of {t:?}");
                        }
                    }
                }
                matched += b.len();
                passed += a.len();
                pairs += full.len();
            }
            assert!(
                matched > 50,
                "{code} {}: only {matched} matches",
                which.name()
            );
            // The filter lets through much less than every rule on every text.
            assert!(
                passed * 2 < pairs,
                "{code} {}: {passed} of {pairs} pass",
                which.name()
            );
        }
    }
}
