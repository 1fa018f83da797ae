//! Lexicons and rules as data: the embedded files under `data/` (one folder
//! per language plus the shared entity lists), user `--lexicon` files, all
//! loaded once and compiled into matchers before any document is read.

pub mod entities;
pub mod rules;
pub mod rx;

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
pub use entities::{EntityLexicon, Entry, EntryKind, Origin};
pub use rules::LangRules;

/// The embedded curated actors and places.
pub const ENTITIES_TOML: &str = include_str!("../../data/entities.toml");
/// The embedded world gazetteer (GeoNames, CC BY 4.0).
pub const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");

/// Embedded per-language rule files, by language code and file name.
pub const LANG_FILES: &[(&str, &str, &str)] = &[
    ("en", "lang.toml", include_str!("../../data/en/lang.toml")),
    ("en", "time.toml", include_str!("../../data/en/time.toml")),
    (
        "en",
        "numbers.toml",
        include_str!("../../data/en/numbers.toml"),
    ),
    (
        "en",
        "quantity.toml",
        include_str!("../../data/en/quantity.toml"),
    ),
    (
        "en",
        "events.toml",
        include_str!("../../data/en/events.toml"),
    ),
    ("fr", "lang.toml", include_str!("../../data/fr/lang.toml")),
    ("fr", "time.toml", include_str!("../../data/fr/time.toml")),
    (
        "fr",
        "numbers.toml",
        include_str!("../../data/fr/numbers.toml"),
    ),
    (
        "fr",
        "quantity.toml",
        include_str!("../../data/fr/quantity.toml"),
    ),
    (
        "fr",
        "events.toml",
        include_str!("../../data/fr/events.toml"),
    ),
];

/// Bytes embedded 4-aligned: a full DFA is read in place as `u32`s.
#[repr(C, align(4))]
struct Aligned<B: ?Sized>(B);

static EN_TIME_DFA: &Aligned<[u8]> = &Aligned(*include_bytes!("../../data/en/time.dfa"));
static FR_TIME_DFA: &Aligned<[u8]> = &Aligned(*include_bytes!("../../data/fr/time.dfa"));
static EN_TRIGGERS_DFA: &Aligned<[u8]> = &Aligned(*include_bytes!("../../data/en/triggers.dfa"));
static FR_TRIGGERS_DFA: &Aligned<[u8]> = &Aligned(*include_bytes!("../../data/fr/triggers.dfa"));

/// The embedded full-DFA file of one of a language's rule sets (built
/// ahead of time from its rule file by `tests/automata.rs`, which fails
/// when it is stale), if there is one.
pub fn embedded_dfa(code: &str, which: rules::SetKind) -> Option<&'static [u8]> {
    use rules::SetKind::{Time, Triggers};
    match (code, which) {
        ("en", Time) => Some(&EN_TIME_DFA.0),
        ("fr", Time) => Some(&FR_TIME_DFA.0),
        ("en", Triggers) => Some(&EN_TRIGGERS_DFA.0),
        ("fr", Triggers) => Some(&FR_TRIGGERS_DFA.0),
        _ => None,
    }
}

/// Everything the extractor knows, compiled.
#[derive(Debug)]
pub struct Lexicon {
    /// Actors and places.
    pub entities: Deferred<EntityLexicon>,
    /// The languages, by code.
    pub langs: BTreeMap<String, Language>,
    /// Where each loaded source came from (see [`Lexicon::sources`]).
    sources: Vec<Source>,
    /// How long each loading step took, in milliseconds (for `--timings`).
    pub timings: Vec<(&'static str, f64)>,
}

/// One language: its function words, read at load for language detection,
/// and its rules, compiled on first use (a run over English articles never
/// builds the French rules; tests/rules.rs builds and checks both).
#[derive(Debug)]
pub struct Language {
    /// Function words (folded), for language detection.
    pub stopwords: crate::lang::WordSet,
    code: &'static str,
    rules: std::sync::OnceLock<LangRules>,
}

impl Language {
    fn embedded(code: &'static str) -> Result<Language> {
        let lang = LANG_FILES
            .iter()
            .find(|(l, n, _)| *l == code && *n == "lang.toml")
            .map(|(_, _, s)| *s)
            .unwrap_or_default();
        Ok(Language {
            stopwords: rules::stopwords(&format!("data/{code}/lang.toml"), lang)?,
            code,
            rules: std::sync::OnceLock::new(),
        })
    }

    /// The language's rules, compiled now if they are not yet.
    pub fn rules(&self) -> &LangRules {
        self.rules.get_or_init(|| {
            let files: Vec<(&str, &str)> = LANG_FILES
                .iter()
                .filter(|(l, _, _)| *l == self.code)
                .map(|(_, n, s)| (*n, *s))
                .collect();
            match LangRules::build(self.code, &files) {
                Ok(r) => rules::SetKind::ALL.into_iter().fold(r, |r, which| {
                    match embedded_dfa(self.code, which) {
                        Some(dfa) => r.with_full_dfa(which, dfa),
                        None => r,
                    }
                }),
                Err(e) => unreachable!("embedded rules are built by tests/rules.rs: {e}"),
            }
        })
    }
}

/// A line of `lexicon list`'s sources.
#[derive(Debug)]
enum Source {
    Text(String),
    /// The embedded gazetteer: its rows are counted only when listed.
    EmbeddedGazetteer,
    /// The embedded curated entities: counted only when listed.
    EmbeddedEntities,
}

/// The sources line of the embedded curated entities, `n` of them.
fn entities_line(n: usize) -> String {
    format!("data/entities.toml ({n} entries)")
}

/// The embedded curated entities.
fn curated() -> Result<Vec<Entry>> {
    entities::parse_entity_file("data/entities.toml", ENTITIES_TOML, Origin::Curated)
}

/// The sources line of the embedded gazetteer with `n` rows.
fn gazetteer_line(n: usize) -> String {
    format!(
        "data/gazetteer.tsv ({n} entries, and homonyms read on first use; GeoNames, https://www.geonames.org, CC BY 4.0)"
    )
}

/// How many rows of gazetteer `src` are read at start-up: its data lines
/// less the homonym towns (`kind` city, `common_word` 2), which are read on
/// first use. (Counted only for `lexicon list`.)
fn gazetteer_rows(src: &str) -> usize {
    src.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter(|l| {
            let mut cols = l.split('\t');
            let kind = cols.nth(1);
            let common_word = cols.nth(5);
            !(kind == Some("city") && common_word == Some("2"))
        })
        .count()
}

/// A value being built on another thread, waited for on first use.
pub struct Deferred<T> {
    cell: std::sync::OnceLock<T>,
    pending: std::sync::Mutex<Option<std::thread::JoinHandle<T>>>,
}

impl<T: Send + Default + 'static> Deferred<T> {
    /// Start building the value on a new thread (built here if no thread
    /// can be started).
    pub fn spawn(build: impl FnOnce() -> T + Send + 'static) -> Deferred<T> {
        type Job<T> = Box<dyn FnOnce() -> T + Send>;
        let (tx, rx) = std::sync::mpsc::channel::<Job<T>>();
        let handle = std::thread::Builder::new()
            .name("lexicon".into())
            .spawn(move || rx.recv().map(|f| f()).unwrap_or_default());
        let job: Job<T> = Box::new(build);
        let Ok(handle) = handle else {
            return Deferred::ready(job());
        };
        match tx.send(job) {
            Ok(()) => Deferred {
                cell: std::sync::OnceLock::new(),
                pending: std::sync::Mutex::new(Some(handle)),
            },
            Err(std::sync::mpsc::SendError(job)) => Deferred::ready(job()),
        }
    }
}

impl<T> Deferred<T> {
    /// Whether using it now would not wait.
    pub fn is_ready(&self) -> bool {
        self.cell.get().is_some()
            || match self.pending.lock() {
                Ok(p) => p.as_ref().is_none_or(|h| h.is_finished()),
                Err(_) => true,
            }
    }

    /// A value that is already built.
    pub fn ready(value: T) -> Deferred<T> {
        let cell = std::sync::OnceLock::new();
        let _ = cell.set(value);
        Deferred {
            cell,
            pending: std::sync::Mutex::new(None),
        }
    }
}

impl<T: Default> std::ops::Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.cell.get_or_init(|| {
            let handle = match self.pending.lock() {
                Ok(mut p) => p.take(),
                Err(poisoned) => poisoned.into_inner().take(),
            };
            handle.and_then(|h| h.join().ok()).unwrap_or_default()
        })
    }
}

impl<T: std::fmt::Debug + Default> std::fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::ops::Deref::deref(self).fmt(f)
    }
}

impl Lexicon {
    /// Load the embedded data plus user lexicon files (later files override
    /// entries with the same id) and an optional GeoNames dump.
    pub fn load(user_files: &[impl AsRef<Path>], gazetteer: Option<&Path>) -> Result<Lexicon> {
        let mut lists = Vec::new();
        let mut sources = Vec::new();
        let mut timings = Vec::new();
        let mut clock = std::time::Instant::now();
        let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
            let now = std::time::Instant::now();
            timings.push((name, (now - clock).as_secs_f64() * 1e3));
            clock = now;
        };
        let entities = if user_files.is_empty() && gazetteer.is_none() {
            // Only embedded data (tests/rules.rs checks that it parses and
            // builds): it is parsed and indexed on another thread while the
            // first documents are read, segmented and searched for times
            // and counts.
            sources.push(Source::EmbeddedGazetteer);
            sources.push(Source::EmbeddedEntities);
            lap("lexicon files", &mut timings);
            Deferred::spawn(move || {
                entities::parse_gazetteer("data/gazetteer.tsv", GAZETTEER_TSV)
                    .and_then(|gaz| EntityLexicon::build(vec![gaz, curated()?]))
                    .unwrap_or_default()
                    .with_deferred_homonyms("data/gazetteer.tsv", GAZETTEER_TSV)
            })
        } else {
            let gaz = entities::parse_gazetteer("data/gazetteer.tsv", GAZETTEER_TSV)?;
            sources.push(Source::Text(gazetteer_line(gaz.len())));
            lists.push(gaz);
            lap("gazetteer", &mut timings);
            if let Some(g) = gazetteer {
                let list = crate::geonames::read_dump(g)?;
                sources.push(Source::Text(format!(
                    "{} ({} entries, GeoNames dump)",
                    g.display(),
                    list.len()
                )));
                lists.push(list);
            }
            let curated = curated()?;
            sources.push(Source::Text(entities_line(curated.len())));
            lists.push(curated);
            for f in user_files {
                let p = f.as_ref();
                let shown = p.display().to_string();
                let src = std::fs::read_to_string(p)
                    .map_err(|e| Error::lexicon(&shown, format!("cannot read: {e}")))?;
                let list = entities::parse_entity_file(&shown, &src, Origin::User)?;
                sources.push(Source::Text(format!("{shown} ({} entries)", list.len())));
                lists.push(list);
            }
            lap("lexicon files", &mut timings);
            Deferred::ready(
                EntityLexicon::build(lists)?
                    .with_deferred_homonyms("data/gazetteer.tsv", GAZETTEER_TSV),
            )
        };
        lap("entity index", &mut timings);
        let mut langs = BTreeMap::new();
        for code in ["en", "fr"] {
            langs.insert(code.to_string(), Language::embedded(code)?);
            sources.push(Source::Text(format!("data/{code}/*.toml")));
        }
        lap("rules", &mut timings);
        Ok(Lexicon {
            entities,
            langs,
            sources,
            timings,
        })
    }

    /// The rules for a language code (English when unknown), compiled on
    /// first use.
    pub fn rules(&self, code: &str) -> &LangRules {
        self.langs
            .get(code)
            .or_else(|| self.langs.get("en"))
            .unwrap_or_else(|| unreachable!("the English rules are always loaded"))
            .rules()
    }

    /// Where each loaded source came from, for `lexicon list`.
    pub fn sources(&self) -> Vec<String> {
        self.sources
            .iter()
            .map(|s| match s {
                Source::Text(t) => t.clone(),
                Source::EmbeddedGazetteer => gazetteer_line(gazetteer_rows(GAZETTEER_TSV)),
                Source::EmbeddedEntities => entities_line(curated().map_or(0, |c| c.len())),
            })
            .collect()
    }
}
