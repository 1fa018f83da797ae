//! Per-language rule files (`data/<lang>/*.toml`): words, time rules,
//! number words, vague-count ranges, bound words, category and group cues,
//! event triggers and modality cues. Each rule has a name and carries its
//! own examples; everything is compiled here once.

use std::collections::BTreeMap;

use super::rx::{self, BuildError, Rx, RxSet};
use regex_syntax::hir::Hir;
use serde::Deserialize;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::text::fold_str;

/// A rule example: a text, optionally the expression it is about, a DCT,
/// and what the rule must produce.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The text (a sentence or two).
    pub text: String,
    /// The expression within the text the expectation is about.
    #[serde(default)]
    pub expr: Option<String>,
    /// The document date to resolve against.
    #[serde(default)]
    pub dct: Option<String>,
    /// Expected value (time value, or event type).
    #[serde(default)]
    pub expect: Option<String>,
    /// Expected quantity category.
    #[serde(default)]
    pub category: Option<String>,
    /// Expected quantity group.
    #[serde(default)]
    pub group: Option<String>,
    /// Expected lower bound.
    #[serde(default)]
    pub min: Option<u64>,
    /// Expected upper bound.
    #[serde(default)]
    pub max: Option<u64>,
    /// Expected vagueness.
    #[serde(default)]
    pub approximate: Option<bool>,
    /// The mention's text must be `expr` exactly, not only overlap it.
    #[serde(default)]
    pub exact: bool,
}

/// The function words of lang.toml alone (language detection reads them
/// before a language's rules are built).
#[derive(Debug, Deserialize)]
struct StopwordsOnly {
    stopwords: Vec<String>,
}

/// A language's function words (folded), read from its lang.toml alone.
pub fn stopwords(path: &str, src: &str) -> Result<crate::lang::WordSet> {
    let f: StopwordsOnly = parse(path, src)?;
    Ok(f.stopwords.iter().map(|s| fold_str(s)).collect())
}

/// lang.toml: segmentation and entity-context words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangFile {
    abbreviations: Vec<String>,
    locatives: Vec<String>,
    country_locatives: Vec<String>,
    prepositions: Vec<String>,
    agent_nouns: Vec<String>,
    articles: Vec<String>,
    stopwords: Vec<String>,
    titles: Vec<String>,
    governs: String,
    organisation_words: Vec<String>,
    place_modifiers: Vec<String>,
    since: String,
    setting: String,
    demand: String,
    clause: String,
    modality: ModalityFile,
    apposition: AppositionFile,
}

/// lang.toml `[apposition]`: "Moscow, Idaho", "Paris, au Texas".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AppositionFile {
    links: Vec<String>,
    list_words: Vec<String>,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    negative: Vec<Example>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModalityFile {
    negation: String,
    negative_determiner: String,
    hypothetical: String,
    conditional: String,
    reported: String,
}

/// time.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeFile {
    months: BTreeMap<String, u32>,
    weekdays: BTreeMap<String, u32>,
    units: BTreeMap<String, String>,
    relative: BTreeMap<String, i64>,
    vague: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    narrative: Vec<String>,
    #[serde(default)]
    pm: Vec<String>,
    rule: Vec<TimeRuleFile>,
    dct: DctFile,
}

/// time.toml `[dct]`: cues for inferring a document's date from its text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DctFile {
    dateline_end: String,
    future: String,
    past: String,
    clause_end: String,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    negative: Vec<Example>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeRuleFile {
    name: String,
    pattern: String,
    action: String,
    #[serde(default)]
    offset: Option<i64>,
    #[serde(default)]
    accent: Option<String>,
    #[serde(default)]
    unless_next: Option<String>,
    #[serde(default)]
    if_next: Option<String>,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    negative: Vec<Example>,
}

/// numbers.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersFile {
    units: BTreeMap<String, u64>,
    tens: BTreeMap<String, u64>,
    multipliers: BTreeMap<String, u64>,
    connectors: Vec<String>,
    articles: Vec<String>,
    #[serde(default)]
    elisions: Vec<String>,
    approx_nouns: BTreeMap<String, u64>,
    vague: Vec<VagueFile>,
    bound: Vec<BoundFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VagueFile {
    name: String,
    pattern: String,
    min: u64,
    max: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundFile {
    name: String,
    pattern: String,
    kind: String,
}

/// quantity.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityFile {
    exclude_after: String,
    exclude_before: String,
    of: String,
    noun_stop: String,
    among: String,
    of_them: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    label_after: String,
    #[serde(default)]
    object_start: String,
    category: Vec<CueFile>,
    group: Vec<CueFile>,
    #[serde(default)]
    example: Vec<Example>,
    #[serde(default)]
    negative: Vec<Example>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    name: String,
    #[serde(default)]
    noun: Option<String>,
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    not_nouns: Option<String>,
}

/// events.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    trigger: Vec<TriggerFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerFile {
    name: String,
    #[serde(rename = "type")]
    etype: String,
    pattern: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    negative: Vec<String>,
}

/// A compiled time rule.
#[derive(Debug)]
pub struct TimeRule {
    /// Rule name (unique per language).
    pub name: String,
    /// The pattern as compiled (placeholders expanded).
    pub regex: LazyRegex,
    /// What the rule computes.
    pub action: String,
    /// A fixed offset the action uses (days, weeks, …).
    pub offset: Option<i64>,
    /// Text the original (unfolded) match must contain, accents included
    /// ("là", which folding makes "la").
    pub accent: Option<String>,
    /// Text right after the match that drops it ("the day before" + "the
    /// vote": another event's eve, not the anchor's), anchored at its start.
    pub unless_next: Option<LazyRegex>,
    /// Text that must follow the match, else it is dropped ("trois jours"
    /// + "d'émeutes": a duration), anchored at its start.
    pub if_next: Option<LazyRegex>,
    /// Examples, run as tests.
    pub examples: Vec<Example>,
    /// Texts that must yield no time mention from this rule.
    pub negative: Vec<Example>,
}

/// Cues for inferring a DCT from the text (time.toml `[dct]`).
#[derive(Debug)]
pub struct DctCues {
    /// What follows the date of a dateline ("(Reuters) -"), anchored at its end.
    pub dateline_end: LazyRegex,
    /// Words that make a date scheduled or future (will, auront lieu).
    pub future: LazyRegex,
    /// Words that report a date as past (was, began, ont).
    pub past: LazyRegex,
    /// Where a clause after a date ends (a comma, "and").
    pub clause_end: LazyRegex,
    /// Texts and the DCT they must yield with no DCT given.
    pub examples: Vec<Example>,
    /// Texts that must yield no DCT.
    pub negative: Vec<Example>,
}

/// How a place's qualifier is written after it (lang.toml `[apposition]`).
#[derive(Debug)]
pub struct Apposition {
    /// Words between the comma and the qualifier, folded, longest first ("dans l'", "au").
    pub links: Vec<String>,
    /// Words after a qualifier that make it an item of a list, folded ("and", "et").
    pub list_words: Vec<String>,
    /// Texts whose place over `expr` must be `expect`.
    pub examples: Vec<Example>,
    /// Texts with no place over `expr`.
    pub negative: Vec<Example>,
}

/// A compiled vague-count phrase.
#[derive(Debug)]
pub struct Vague {
    /// Name.
    pub name: String,
    /// Pattern on folded text.
    pub regex: LazyRegex,
    /// Range.
    pub min: u64,
    /// Range.
    pub max: u64,
}

/// A compiled bound phrase.
#[derive(Debug)]
pub struct Bound {
    /// Name.
    pub name: String,
    /// Pattern (anchored at the end of the text before the number).
    pub regex: LazyRegex,
    /// "min" (more than), "max" (up to), "approx" (about).
    pub kind: String,
}

/// A category or group cue.
#[derive(Debug)]
pub struct Cue {
    /// Category or group name.
    pub name: String,
    /// The counted noun itself names it ("morts", "deaths").
    pub noun: Option<LazyRegex>,
    /// A phrase after the number in the clause names it ("were killed").
    pub after: Option<LazyRegex>,
    /// A phrase before the number names it ("killing").
    pub before: Option<LazyRegex>,
    /// For groups: a pattern in the counted phrase.
    pub pattern: Option<LazyRegex>,
    /// Counted nouns it never counts, whatever the cue ("residents
    /// arrived" are not troops deployed).
    pub not_nouns: Option<LazyRegex>,
}

/// A compiled event trigger.
#[derive(Debug)]
pub struct Trigger {
    /// Rule name.
    pub name: String,
    /// Event type.
    pub etype: String,
    /// Pattern on folded text.
    pub regex: LazyRegex,
    /// Sentences that must yield this type.
    pub examples: Vec<String>,
    /// Sentences that must not.
    pub negative: Vec<String>,
    /// [`LangRules::trigger_reach`], worked out on first use.
    reach: OnceLock<Option<usize>>,
}

/// Everything one language's rules hold, compiled.
#[derive(Debug)]
pub struct LangRules {
    /// Language code.
    pub code: String,
    /// Abbreviations, lowercase, without final period.
    pub abbreviations: Vec<String>,
    /// Locative prepositions (folded).
    pub locatives: Vec<String>,
    /// Locative prepositions before a country (French: en, au; "à l'Espagne" is a dative).
    pub country_locatives: Vec<String>,
    /// Prepositions after which a gazetteer country is not an agent.
    pub prepositions: Vec<String>,
    /// Nouns after a demonym that make it an agent (troops, government).
    pub agent_nouns: Vec<String>,
    /// Articles skipped when looking at the word before a name ("l'", "the").
    pub articles: Vec<String>,
    /// Function words that tell this language from the other on short texts.
    pub stopwords: rustc_hash::FxHashSet<String>,
    /// Titles that introduce an unknown person or body.
    pub titles: LazyRegex,
    /// Verbs (anchored at the text's start) after which a capital or a country acts: "decided", "a condamné".
    pub governs: LazyRegex,
    /// Words that make an unknown name an organisation (International, Watch): its id is the whole name's slug.
    pub organisation_words: Vec<String>,
    /// Capitalised words that open a sentence before a place name without being a given name (Central Kyiv, Downtown Beirut).
    pub place_modifiers: Vec<String>,
    /// Apposition cues ("Moscow, Idaho", "Paris, au Texas").
    pub apposition: Apposition,
    /// "since"/"depuis": a time after the trigger behind one of these is a reference point, not the event's date.
    pub since: LazyRegex,
    /// Words before an act noun that make it a setting ("during the riots"), not an event.
    pub setting: LazyRegex,
    /// Words before an event's trigger that make it a demand ("calling for his resignation"), not a fact.
    pub demand: LazyRegex,
    /// Clause boundaries: punctuation and conjunctions that end one clause and open the next.
    pub clause: LazyRegex,
    /// Negation cue.
    pub negation: LazyRegex,
    /// A determiner right before a trigger noun that negates it ("no protests").
    pub negative_determiner: LazyRegex,
    /// A clause opener that makes its clause and the neighbouring ones conditional ("if").
    pub conditional: LazyRegex,
    /// Hypothetical / future cue.
    pub hypothetical: LazyRegex,
    /// Reported-speech cue.
    pub reported: LazyRegex,
    /// Month names (folded) to numbers.
    pub months: BTreeMap<String, u32>,
    /// Weekday names (folded) to ISO numbers.
    pub weekdays: BTreeMap<String, u32>,
    /// Unit words to unit codes.
    pub units: BTreeMap<String, String>,
    /// Relative words (last, next, dernier) to a direction.
    pub relative: BTreeMap<String, i64>,
    /// Vague count words for durations (several, plusieurs).
    pub vague_words: Vec<String>,
    /// Words that, just before a bare weekday or month, make it a name.
    pub not_before: Vec<String>,
    /// Words that, opening a sentence before a bare clock time, carry on
    /// the previous sentence's date ("Then, at 9 p.m.").
    pub narrative: Vec<String>,
    /// time.toml `pm`: what a clock rule's `ampm` group may say that puts
    /// the hour after noon ("p.m.", "du soir"); anything else it says
    /// keeps the hour before noon.
    pub pm: Vec<String>,
    /// Time rules in priority order.
    pub time_rules: Vec<TimeRule>,
    /// All time rules in one set: one pass tells which rules can match a text.
    pub time_set: LazySet,
    /// Cues for inferring a DCT.
    pub dct: DctCues,
    /// Number words: units.
    pub num_units: BTreeMap<String, u64>,
    /// Number words: tens.
    pub num_tens: BTreeMap<String, u64>,
    /// Number words: multipliers.
    pub num_multipliers: BTreeMap<String, u64>,
    /// Connectors inside number phrases ("and", "et").
    pub num_connectors: Vec<String>,
    /// Articles that mean one before a multiplier ("a hundred").
    pub num_articles: Vec<String>,
    /// Elided words glued to the word after them ("d'", "qu'"): a number
    /// word may follow ("d'un mort").
    pub num_elisions: Vec<String>,
    /// Approximate nouns ("dozen", "dizaine") and their value.
    pub approx_nouns: BTreeMap<String, u64>,
    /// Every word that can begin a number in words (see
    /// [`LangRules::may_start_number`]).
    num_starts: rustc_hash::FxHashSet<String>,
    /// Vague count phrases.
    pub vague: Vec<Vague>,
    /// All vague count phrases in one set: one pass tells which can match.
    pub vague_set: LazySet,
    /// Bound phrases.
    pub bounds: Vec<Bound>,
    /// Nouns after a number that make it no count of people.
    pub exclude_after: LazyRegex,
    /// Words before a number that make it no count (article 272, flight).
    pub exclude_before: LazyRegex,
    /// The "of" linking a vague word or approx noun to its noun.
    pub of: LazyRegex,
    /// Words that end the counted noun phrase ("were", "ont", "qui").
    pub noun_stop: LazyRegex,
    /// "among", "parmi", "dans les rangs de": a group phrase follows.
    pub among: LazyRegex,
    /// "of them", "d'entre eux" in a count's phrase or right after it: it
    /// counts part of the figure before it, whose group it takes.
    pub of_them: LazyRegex,
    /// Nouns for people at the start of a phrase, which a lone article may
    /// count ("une personne", "a man").
    pub person: LazyRegex,
    /// What follows a number that labels a capitalised name (Group 4 and).
    pub label_after: LazyRegex,
    /// Words that open a direct object after a verb (a tué un manifestant).
    pub object_start: LazyRegex,
    /// Category cues.
    pub categories: Vec<Cue>,
    /// The categories' `after` cues in one set (in category order, those
    /// with none left out).
    after_set: LazySet,
    /// Group cues.
    pub groups: Vec<Cue>,
    /// Quantity examples.
    pub quantity_examples: Vec<Example>,
    /// Quantity negative examples.
    pub quantity_negative: Vec<Example>,
    /// Event triggers.
    pub triggers: Vec<Trigger>,
    /// All triggers in one set: one pass per sentence tells which can match.
    pub trigger_set: LazySet,
}

fn parse<T: for<'de> Deserialize<'de>>(path: &str, src: &str) -> Result<T> {
    toml::from_str(src).map_err(|e| {
        let line = e
            .span()
            .map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1)
            .map(|l| format!("line {l}: "))
            .unwrap_or_default();
        Error::lexicon(path, format!("{line}{}", e.message()))
    })
}

/// A regex compiled on first use: a run over one short article compiles
/// only the rules its sentences can match. The rules are embedded data;
/// `LangRules::check` (run by tests/rules.rs) builds every one of them.
#[derive(Debug)]
pub struct LazyRegex {
    /// Where the pattern comes from: its file and rule name.
    origin: (String, String),
    pattern: String,
    /// The parsed pattern (shared by its set and the rule itself).
    hir: OnceLock<Option<Hir>>,
    cell: OnceLock<Rx>,
}

impl LazyRegex {
    /// The pattern as compiled (folded, placeholders expanded).
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The parsed pattern (parsed now if not yet; `None` if it does not
    /// parse, which `check` reports).
    fn hir(&self) -> Option<&Hir> {
        self.hir
            .get_or_init(|| rx::parse(&self.pattern).ok())
            .as_ref()
    }

    /// Build the automaton now, saying which rule fails if it does.
    pub fn check(&self) -> Result<()> {
        Rx::new(&self.pattern).map(|_| ()).map_err(|e| {
            Error::lexicon(
                &self.origin.0,
                format!("rule {:?}: bad pattern: {e}", self.origin.1),
            )
        })
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Rx;
    fn deref(&self) -> &Rx {
        self.cell.get_or_init(|| {
            let built = match self.hir() {
                Some(h) => Rx::from_hir(h),
                None => Rx::new(&self.pattern),
            };
            build_or_never(built, Rx::new)
        })
    }
}

/// A set of rules compiled into one automaton on first use (from the
/// rules' parsed patterns, which the rules then reuse), or read from a full
/// DFA built ahead of time when one is attached and was built from these
/// very patterns.
#[derive(Debug, Default)]
pub struct LazySet {
    cell: OnceLock<RxSet>,
    /// A full-DFA file's bytes (header included), if one is attached.
    full: Option<&'static [u8]>,
}

/// The header of a full-DFA file (`data/*/time.dfa`): this magic, then the
/// [`fingerprint`] of the patterns it was built from (u64, little-endian),
/// then the DFA as `RxSet::full_dfa_bytes` serializes it. 16 bytes keep
/// the DFA as aligned as the file.
const FULL_DFA_MAGIC: &[u8; 8] = b"KZDFA\x01\0\0";

/// The two rule sets that may be built ahead of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// The time rules (`time.toml`), determinized whole.
    Time,
    /// The event triggers (`events.toml`), as prefix filters.
    Triggers,
}

impl SetKind {
    /// Both, in file order.
    pub const ALL: [SetKind; 2] = [SetKind::Time, SetKind::Triggers];

    /// The set's name, also its DFA file's stem (`data/en/time.dfa`).
    pub fn name(self) -> &'static str {
        match self {
            SetKind::Time => "time",
            SetKind::Triggers => "triggers",
        }
    }

    /// The rule file its patterns come from.
    pub fn rule_file(self) -> &'static str {
        match self {
            SetKind::Time => "time.toml",
            SetKind::Triggers => "events.toml",
        }
    }
}

/// A set's patterns, hashed (FNV-1a, 64 bits): whether a full DFA file was
/// built from exactly these patterns, in this order.
pub fn fingerprint<'a>(patterns: impl Iterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for p in patterns {
        p.bytes().for_each(&mut eat);
        eat(0xff);
    }
    h
}

/// The DFA part of a full-DFA file, if the file is one and was built from
/// patterns with this fingerprint.
fn full_dfa_for(file: &'static [u8], fp: u64) -> Option<&'static [u8]> {
    let (head, dfa) = (file.get(..16)?, file.get(16..)?);
    let built_from = u64::from_le_bytes(head[8..16].try_into().ok()?);
    (&head[..8] == FULL_DFA_MAGIC && built_from == fp).then_some(dfa)
}

impl LazySet {
    /// A set that reads this full-DFA file if it matches the rules (else
    /// it is compiled as usual).
    pub fn with_full_dfa(file: &'static [u8]) -> LazySet {
        LazySet {
            cell: OnceLock::new(),
            full: Some(file),
        }
    }

    /// Whether the set is compiled already (using it would not build it).
    pub fn is_built(&self) -> bool {
        self.cell.get().is_some()
    }

    /// The set of these rules (the same rules on every call), built now if
    /// it is not yet.
    fn get<'a>(&self, rules: impl Iterator<Item = &'a LazyRegex> + Clone) -> &RxSet {
        self.cell.get_or_init(|| {
            let fp = || fingerprint(rules.clone().map(LazyRegex::pattern));
            if let Some(set) = self
                .full
                .and_then(|f| full_dfa_for(f, fp()))
                .and_then(|dfa| RxSet::from_full_dfa(dfa).ok())
            {
                return set;
            }
            let hirs: Option<Vec<&Hir>> = rules.map(LazyRegex::hir).collect();
            let built = match hirs {
                Some(h) => RxSet::from_hirs(&h),
                None => RxSet::new(&[r"[^\s\S]"]),
            };
            build_or_never(built, |_| RxSet::new(&[r"[^\s\S]"]))
        })
    }
}

/// The built matcher, or, if building fails, one that matches nothing
/// (`tests/rules.rs` builds every embedded rule, so this never happens).
fn build_or_never<T>(
    built: std::result::Result<T, BuildError>,
    never: impl Fn(&str) -> std::result::Result<T, BuildError>,
) -> T {
    match built {
        Ok(r) => r,
        Err(_) => match never(r"[^\s\S]") {
            Ok(r) => r,
            Err(e) => unreachable!("the empty class always compiles: {e}"),
        },
    }
}

/// Prepare a data pattern; patterns are folded like the text they run on
/// (lowercase, accents removed), so data may be written with accents.
///
/// The folded text is ASCII for the most part, so word boundaries and
/// classes are ASCII ones: they compile fast and keep the regex engine on
/// its lazy DFA even where a non-ASCII character remains.
fn compile(path: &str, name: &str, pattern: &str) -> Result<LazyRegex> {
    let p = fold_str(pattern)
        .replace("(?p<", "(?P<")
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\w", r"(?-u:\w)")
        .replace(r"\s", r"(?-u:\s)")
        .replace(r"\d", "[0-9]");
    Ok(LazyRegex {
        origin: (path.to_string(), name.to_string()),
        pattern: p,
        hir: OnceLock::new(),
        cell: OnceLock::new(),
    })
}

/// A pattern, or one that matches nothing when the data leaves it empty.
fn or_never(p: &str) -> &str {
    if p.trim().is_empty() {
        "[a&&b]"
    } else {
        p
    }
}

/// An alternation of words, longest first, regex-escaped, folded.
fn alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut ws: Vec<String> = words.map(|w| regex::escape(&fold_str(w))).collect();
    ws.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    ws.dedup();
    ws.join("|")
}

impl LangRules {
    /// Build every regex of the language now (they are otherwise built on
    /// first use): the first bad pattern is an error naming its rule.
    pub fn check(&self) -> Result<()> {
        let mut all: Vec<&LazyRegex> = vec![
            &self.titles,
            &self.governs,
            &self.since,
            &self.setting,
            &self.demand,
            &self.clause,
            &self.negation,
            &self.negative_determiner,
            &self.conditional,
            &self.hypothetical,
            &self.reported,
            &self.exclude_after,
            &self.exclude_before,
            &self.of,
            &self.noun_stop,
            &self.among,
            &self.of_them,
            &self.dct.dateline_end,
            &self.dct.future,
            &self.dct.past,
            &self.dct.clause_end,
            &self.person,
            &self.label_after,
            &self.object_start,
        ];
        all.extend(self.time_rules.iter().map(|r| &r.regex));
        all.extend(
            self.time_rules
                .iter()
                .filter_map(|r| r.unless_next.as_ref()),
        );
        all.extend(self.time_rules.iter().filter_map(|r| r.if_next.as_ref()));
        all.extend(self.vague.iter().map(|r| &r.regex));
        all.extend(self.bounds.iter().map(|r| &r.regex));
        all.extend(self.triggers.iter().map(|r| &r.regex));
        for c in self.categories.iter().chain(&self.groups) {
            all.extend(
                [&c.noun, &c.after, &c.before, &c.pattern, &c.not_nouns]
                    .into_iter()
                    .flatten(),
            );
        }
        for r in all {
            r.check()?;
        }
        let time: Vec<&str> = self.time_rules.iter().map(|r| r.regex.pattern()).collect();
        let triggers: Vec<&str> = self.triggers.iter().map(|r| r.regex.pattern()).collect();
        for s in [&time, &triggers] {
            RxSet::new(s).map_err(|e| {
                Error::lexicon(
                    format!("data/{}", self.code),
                    format!("cannot combine rules: {e}"),
                )
            })?;
        }
        Ok(())
    }

    /// Read a set from this full-DFA file (the bytes that
    /// [`LangRules::full_dfa`] wrote) when it was built from these rules;
    /// a stale or foreign file is ignored and the set compiled.
    pub fn with_full_dfa(mut self, which: SetKind, file: &'static [u8]) -> LangRules {
        match which {
            SetKind::Time => self.time_set = LazySet::with_full_dfa(file),
            SetKind::Triggers => self.trigger_set = LazySet::with_full_dfa(file),
        }
        self
    }

    /// The patterns of a set, in order.
    pub fn set_patterns(&self, which: SetKind) -> Vec<&str> {
        match which {
            SetKind::Time => self.time_rules.iter().map(|r| r.regex.pattern()).collect(),
            SetKind::Triggers => self.triggers.iter().map(|r| r.regex.pattern()).collect(),
        }
    }

    /// A set determinized into a full DFA, as the bytes of a full-DFA file
    /// (`data/<code>/<set>.dfa`; slow: done ahead of time). The time rules
    /// go in whole; the event triggers, whose word gaps would take
    /// gigabytes, as [`rx::prefix_filter`]s (a sentence that passes is then
    /// matched by the trigger itself).
    pub fn full_dfa(&self, which: SetKind) -> Result<Vec<u8>> {
        let patterns = self.set_patterns(which);
        let hirs = patterns
            .iter()
            .map(|p| {
                rx::parse(p).map(|h| match which {
                    SetKind::Time => h,
                    SetKind::Triggers => rx::prefix_filter(&h),
                })
            })
            .collect::<std::result::Result<Vec<_>, _>>();
        let dfa = hirs.and_then(|h| RxSet::full_dfa_bytes(&h)).map_err(|e| {
            Error::lexicon(
                format!("data/{}/{}", self.code, which.rule_file()),
                format!("cannot determinize the {} set: {e}", which.name()),
            )
        })?;
        let fp = fingerprint(patterns.into_iter());
        let mut out = Vec::with_capacity(16 + dfa.len());
        out.extend_from_slice(FULL_DFA_MAGIC);
        out.extend_from_slice(&fp.to_le_bytes());
        out.extend_from_slice(&dfa);
        Ok(out)
    }

    /// All time rules in one automaton: which can match a text.
    pub fn time_set(&self) -> &RxSet {
        self.time_set.get(self.time_rules.iter().map(|r| &r.regex))
    }

    /// Which categories' `after` cues match in `text` (by category index),
    /// in one pass: the cues of the others need not be searched.
    pub fn after_cues(&self, text: &str) -> Vec<bool> {
        let cues = self.categories.iter().filter_map(|q| q.after.as_ref());
        let set = self.after_set.get(cues).matches(text);
        let mut k = 0;
        self.categories
            .iter()
            .map(|q| {
                q.after.is_some() && {
                    k += 1;
                    set.matched(k - 1)
                }
            })
            .collect()
    }

    /// All vague count phrases in one automaton: which can match a text.
    pub fn vague_set(&self) -> &RxSet {
        self.vague_set.get(self.vague.iter().map(|r| &r.regex))
    }

    /// All event triggers in one automaton: which can match a sentence.
    pub fn trigger_set(&self) -> &RxSet {
        self.trigger_set.get(self.triggers.iter().map(|r| &r.regex))
    }

    /// The longest text the [`LangRules::trigger_set`] matches for trigger
    /// `ti` (`None`: unbounded or unknown): a trigger's match starts where a
    /// set match does, so it starts no earlier than that many bytes before
    /// the set's earliest match end, and its search can begin there. The
    /// set built ahead of time holds the triggers' prefixes
    /// ([`rx::prefix_filter`]), one compiled at run time the whole patterns.
    pub fn trigger_reach(&self, ti: usize) -> Option<usize> {
        let t = self.triggers.get(ti)?;
        *t.reach.get_or_init(|| {
            let h = t.regex.hir()?;
            if self.trigger_set().is_full() {
                rx::prefix_filter(h).properties().maximum_len()
            } else {
                h.properties().maximum_len()
            }
        })
    }

    /// Compile one language's files (`(file name, contents)` pairs).
    pub fn build(code: &str, files: &[(&str, &str)]) -> Result<LangRules> {
        let get = |name: &str| -> Result<(String, &str)> {
            let path = format!("data/{code}/{name}");
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| (path.clone(), *s))
                .ok_or_else(|| Error::lexicon(&path, "missing rule file"))
        };
        let (lp, ls) = get("lang.toml")?;
        let lang: LangFile = parse(&lp, ls)?;
        let (tp, ts) = get("time.toml")?;
        let time: TimeFile = parse(&tp, ts)?;
        let (np, ns) = get("numbers.toml")?;
        let nums: NumbersFile = parse(&np, ns)?;
        let (qp, qs) = get("quantity.toml")?;
        let quant: QuantityFile = parse(&qp, qs)?;
        let (ep, es) = get("events.toml")?;
        let events: EventsFile = parse(&ep, es)?;

        let fold_map = |m: BTreeMap<String, u32>| {
            m.into_iter()
                .map(|(k, v)| (fold_str(&k), v))
                .collect::<BTreeMap<_, _>>()
        };
        let months = fold_map(time.months);
        let weekdays = fold_map(time.weekdays);
        let units: BTreeMap<String, String> = time
            .units
            .into_iter()
            .map(|(k, v)| (fold_str(&k), v))
            .collect();
        let relative: BTreeMap<String, i64> = time
            .relative
            .into_iter()
            .map(|(k, v)| (fold_str(&k), v))
            .collect();
        let num_units: BTreeMap<String, u64> = nums
            .units
            .into_iter()
            .map(|(k, v)| (fold_str(&k), v))
            .collect();
        let num_tens: BTreeMap<String, u64> = nums
            .tens
            .into_iter()
            .map(|(k, v)| (fold_str(&k), v))
            .collect();
        let num_multipliers: BTreeMap<String, u64> = nums
            .multipliers
            .into_iter()
            .map(|(k, v)| (fold_str(&k), v))
            .collect();

        // Placeholders shared by every time rule of the language.
        let month_alt = alternation(months.keys());
        let wd_alt = alternation(weekdays.keys());
        let unit_alt = alternation(units.keys());
        let rel_alt = alternation(relative.keys());
        let numword_alt = alternation(num_units.keys().chain(num_tens.keys()));
        let vague_alt = alternation(time.vague.iter());
        let num =
            format!(r"(?:\d+|(?:{numword_alt})(?:[- ](?:et[- ])?(?:{numword_alt}))*|{vague_alt})");
        let expand = |p: &str| -> String {
            p.replace("{month}", &format!("(?:{month_alt})"))
                .replace("{weekday}", &format!("(?:{wd_alt})"))
                .replace("{unit}", &format!("(?:{unit_alt})"))
                .replace("{rel}", &format!("(?:{rel_alt})"))
                .replace("{num}", &num)
                .replace("{day}", r"(?:[12]\d|3[01]|0?[1-9])")
                .replace("{year}", r"(?:1[5-9]\d\d|20\d\d)")
        };
        let mut time_rules = Vec::new();
        for r in time.rule {
            let pat = format!(r"\b(?:{})", expand(&r.pattern));
            let unless_next = r
                .unless_next
                .as_ref()
                .map(|u| compile(&tp, &r.name, &format!("^(?:{u})")))
                .transpose()?;
            let if_next = r
                .if_next
                .as_ref()
                .map(|u| compile(&tp, &r.name, &format!("^(?:{u})")))
                .transpose()?;
            time_rules.push(TimeRule {
                regex: compile(&tp, &r.name, &pat)?,
                unless_next,
                if_next,
                name: r.name,
                action: r.action,
                offset: r.offset,
                accent: r.accent.map(|a| a.to_lowercase()),
                examples: r.examples,
                negative: r.negative,
            });
        }
        let word_re =
            |path: &str, name: &str, p: &str| compile(path, name, &format!(r"\b(?:{p})\b"));
        let dct = DctCues {
            dateline_end: compile(
                &tp,
                "dct.dateline_end",
                &format!("^(?:{})", time.dct.dateline_end),
            )?,
            future: word_re(&tp, "dct.future", &time.dct.future)?,
            past: word_re(&tp, "dct.past", &time.dct.past)?,
            clause_end: compile(&tp, "dct.clause_end", &time.dct.clause_end)?,
            examples: time.dct.examples,
            negative: time.dct.negative,
        };
        let vague = nums
            .vague
            .into_iter()
            .map(|v| {
                Ok(Vague {
                    regex: word_re(&np, &v.name, &v.pattern)?,
                    name: v.name,
                    min: v.min,
                    max: v.max,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let bounds = nums
            .bound
            .into_iter()
            .map(|b| {
                if !matches!(b.kind.as_str(), "min" | "max" | "approx") {
                    return Err(Error::lexicon(
                        &np,
                        format!("bound {:?}: kind must be min, max or approx", b.name),
                    ));
                }
                Ok(Bound {
                    regex: compile(&np, &b.name, &format!(r"\b(?:{})\s*$", b.pattern))?,
                    name: b.name,
                    kind: b.kind,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let cue = |c: CueFile| -> Result<Cue> {
            let opt = |p: Option<String>, what: &str| -> Result<Option<LazyRegex>> {
                p.map(|p| word_re(&qp, &format!("{}.{what}", c.name), &p))
                    .transpose()
            };
            Ok(Cue {
                noun: opt(c.noun.clone(), "noun")?,
                after: opt(c.after.clone(), "after")?,
                before: opt(c.before.clone(), "before")?,
                pattern: opt(c.pattern.clone(), "pattern")?,
                not_nouns: opt(c.not_nouns.clone(), "not_nouns")?,
                name: c.name,
            })
        };
        let categories = quant
            .category
            .into_iter()
            .map(cue)
            .collect::<Result<Vec<_>>>()?;
        let groups = quant
            .group
            .into_iter()
            .map(cue)
            .collect::<Result<Vec<_>>>()?;
        let triggers = events
            .trigger
            .into_iter()
            .map(|t| {
                Ok(Trigger {
                    regex: word_re(&ep, &t.name, &t.pattern)?,
                    name: t.name,
                    etype: t.etype,
                    examples: t.examples,
                    negative: t.negative,
                    reach: OnceLock::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let rules = LangRules {
            code: code.to_string(),
            abbreviations: lang
                .abbreviations
                .iter()
                .map(|a| a.trim_end_matches('.').to_lowercase())
                .collect(),
            locatives: lang.locatives.iter().map(|s| fold_str(s)).collect(),
            country_locatives: lang.country_locatives.iter().map(|s| fold_str(s)).collect(),
            prepositions: lang.prepositions.iter().map(|s| fold_str(s)).collect(),
            agent_nouns: lang.agent_nouns.iter().map(|s| fold_str(s)).collect(),
            articles: lang.articles.iter().map(|s| fold_str(s)).collect(),
            stopwords: lang.stopwords.iter().map(|s| fold_str(s)).collect(),
            titles: word_re(&lp, "titles", &alternation(lang.titles.iter()))?,
            governs: compile(&lp, "governs", &format!(r"^\s*(?:{})\b", lang.governs))?,
            organisation_words: lang
                .organisation_words
                .iter()
                .map(|s| fold_str(s))
                .collect(),
            place_modifiers: lang.place_modifiers.iter().map(|s| fold_str(s)).collect(),
            apposition: {
                let folded = |ws: &[String]| {
                    let mut out: Vec<String> = ws.iter().map(|w| fold_str(w)).collect();
                    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                    out
                };
                Apposition {
                    links: folded(&lang.apposition.links),
                    list_words: folded(&lang.apposition.list_words),
                    examples: lang.apposition.examples,
                    negative: lang.apposition.negative,
                }
            },
            since: word_re(&lp, "since", &lang.since)?,
            setting: compile(&lp, "setting", &format!(r"\b(?:{})\s*$", lang.setting))?,
            demand: compile(
                &lp,
                "demand",
                &format!(r"\b(?:{})\s+(?:[\w'-]+\s+){{0,3}}(?:\w+')?$", lang.demand),
            )?,
            clause: compile(&lp, "clause", &lang.clause)?,
            negation: word_re(&lp, "negation", &lang.modality.negation)?,
            negative_determiner: compile(
                &lp,
                "negative_determiner",
                &format!(r"\b(?:{})\s*$", lang.modality.negative_determiner),
            )?,
            conditional: word_re(&lp, "conditional", &lang.modality.conditional)?,
            hypothetical: word_re(&lp, "hypothetical", &lang.modality.hypothetical)?,
            reported: word_re(&lp, "reported", &lang.modality.reported)?,
            months,
            weekdays,
            units,
            relative,
            vague_words: time.vague.iter().map(|s| fold_str(s)).collect(),
            not_before: time.not_before.iter().map(|s| fold_str(s)).collect(),
            narrative: time.narrative.iter().map(|s| fold_str(s)).collect(),
            pm: time.pm.iter().map(|s| fold_str(s)).collect(),
            time_set: LazySet::default(),
            time_rules,
            dct,
            num_units,
            num_tens,
            num_multipliers,
            num_connectors: nums.connectors.iter().map(|s| fold_str(s)).collect(),
            num_articles: nums.articles.iter().map(|s| fold_str(s)).collect(),
            num_elisions: nums.elisions.iter().map(|s| fold_str(s)).collect(),
            approx_nouns: nums
                .approx_nouns
                .into_iter()
                .map(|(k, v)| (fold_str(&k), v))
                .collect(),
            vague,
            vague_set: LazySet::default(),
            after_set: LazySet::default(),
            bounds,
            // Anchored on the number's side, bounded on the word side only,
            // so that symbols (%, $, +) match too.
            exclude_after: compile(
                &qp,
                "exclude_after",
                &format!(r"^(?:{})(?:[^a-z0-9]|$)", quant.exclude_after),
            )?,
            exclude_before: compile(
                &qp,
                "exclude_before",
                &format!(r"(?:^|[^a-z0-9])(?:{})\s*$", quant.exclude_before),
            )?,
            of: compile(&qp, "of", &format!(r"^\s*(?:{})", quant.of))?,
            noun_stop: word_re(&qp, "noun_stop", &quant.noun_stop)?,
            among: word_re(&qp, "among", &quant.among)?,
            of_them: word_re(&qp, "of_them", &quant.of_them)?,
            person: compile(
                &qp,
                "person",
                &format!(r"^\s*(?:{})\b", or_never(&quant.person)),
            )?,
            label_after: compile(
                &qp,
                "label_after",
                &format!(
                    r"^(?:\s*$|\s*[.,;:!?)]|\s+(?:{})\b)",
                    or_never(&quant.label_after)
                ),
            )?,
            object_start: compile(
                &qp,
                "object_start",
                &format!(r"^\s*(?:[0-9]|(?:{})\b)", or_never(&quant.object_start)),
            )?,
            categories,
            groups,
            quantity_examples: quant.example,
            quantity_negative: quant.negative,
            trigger_set: LazySet::default(),
            triggers,
            num_starts: rustc_hash::FxHashSet::default(),
        };
        Ok(rules.with_num_starts())
    }

    /// Fill `num_starts` from the number tables.
    fn with_num_starts(mut self) -> LangRules {
        self.num_starts = self
            .num_units
            .keys()
            .chain(self.num_tens.keys())
            .chain(self.num_multipliers.keys())
            .chain(self.approx_nouns.keys())
            .chain(&self.num_articles)
            .cloned()
            .collect();
        self
    }

    /// Whether a folded word can begin a number in words (a unit, ten,
    /// multiplier, approximate noun or article): one hash lookup that
    /// spares the number parser every other word of a text.
    pub fn may_start_number(&self, word: &str) -> bool {
        self.num_starts.contains(word)
    }
}
