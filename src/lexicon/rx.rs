//! The regex engine the rules run on: regex-automata's engines with a
//! configuration chosen for rule data, behind the small part of the
//! `regex` crate's API the extractors use.
//!
//! Why not `regex::Regex` and `regex::RegexSet`: compiling the rules is
//! most of a one-article run, and the regex crate spends most of a rule's
//! build on what the rules do not need: literal prefilters (a rule runs on
//! one sentence, or after a set said it matches, where a prefilter saves
//! next to nothing), full DFAs, and for a set a reverse automaton and
//! match offsets that nobody asks of it. Here a pattern is parsed once
//! (its syntax tree serves its set and the rule itself), a rule is the
//! meta engine without prefilter or full DFA, and a set is one forward
//! lazy DFA that only says which patterns match, or a full DFA built
//! ahead of time (`data/*/time.dfa`, `data/*/triggers.dfa`) and read from
//! the binary, with nothing left to compile or determinize at run time.

use std::fmt;

use regex_automata::dfa::{dense, Automaton};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::meta;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax::Config as SyntaxConfig;
use regex_automata::{Anchored, Input, MatchKind, PatternID, PatternSet};
use regex_syntax::hir::{Hir, HirKind, Repetition};

/// Why a pattern does not compile.
#[derive(Debug, Clone)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

fn error(e: impl fmt::Display) -> BuildError {
    BuildError(e.to_string())
}

/// Limits as the regex crate's defaults: an automaton of at most 10 MB,
/// a lazy DFA cache of 2 MB.
const NFA_SIZE_LIMIT: usize = 10 * (1 << 20);
const DFA_CACHE: usize = 2 * (1 << 20);

fn config() -> meta::Config {
    meta::Config::new()
        .auto_prefilter(false)
        .dfa(false)
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_CACHE)
}

/// Parse a pattern (regex crate syntax, Unicode on) into its syntax tree.
pub fn parse(pattern: &str) -> Result<Hir, BuildError> {
    regex_automata::util::syntax::parse_with(pattern, &SyntaxConfig::new()).map_err(error)
}

/// A prefix of a pattern, for a set that only filters: every text the
/// pattern matches somewhere, the prefix matches somewhere too, and the
/// prefix stops before the pattern's first space or word gap
/// (`(?:[^ ]+ ){0,7}`). Many such prefixes determinize into a small full
/// DFA, where whole patterns with gaps take gigabytes. Captures are dropped.
pub fn prefix_filter(hir: &Hir) -> Hir {
    prefix(hir).0
}

/// The prefix, and whether it is the whole pattern.
fn prefix(h: &Hir) -> (Hir, bool) {
    match h.kind() {
        HirKind::Concat(items) => {
            let mut out = Vec::with_capacity(items.len());
            for it in items {
                let (p, whole) = prefix(it);
                let spaced = matches!(it.kind(), HirKind::Literal(l) if l.0.contains(&b' '));
                out.push(p);
                if !whole || spaced {
                    return (Hir::concat(out), false);
                }
            }
            (Hir::concat(out), true)
        }
        HirKind::Alternation(branches) => {
            let mut all = true;
            let ps = branches
                .iter()
                .map(|b| {
                    let (p, whole) = prefix(b);
                    all &= whole;
                    p
                })
                .collect();
            (Hir::alternation(ps), all)
        }
        HirKind::Capture(c) => prefix(&c.sub),
        HirKind::Repetition(r) if r.max == Some(1) => {
            let (p, whole) = prefix(&r.sub);
            let rep = Hir::repetition(Repetition {
                min: r.min,
                max: r.max,
                greedy: r.greedy,
                sub: Box::new(p),
            });
            (rep, whole)
        }
        HirKind::Repetition(r)
            if !matches!(r.sub.kind(), HirKind::Class(_) | HirKind::Literal(_)) =>
        {
            // A gap: the prefix ends before it (matching the empty string).
            (Hir::empty(), false)
        }
        _ => (h.clone(), true),
    }
}

/// One compiled pattern (leftmost-first, like `regex::Regex`).
#[derive(Debug, Clone)]
pub struct Rx {
    re: meta::Regex,
}

/// Where a pattern matched in a haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    /// Byte offset of the match's start.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the match.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The matched bytes as a range.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.hay[self.start..self.end]
    }

    fn of(hay: &'h str, m: regex_automata::Match) -> Match<'h> {
        Match {
            hay,
            start: m.start(),
            end: m.end(),
        }
    }
}

/// The matches of [`Rx::find_iter`].
#[derive(Debug)]
pub struct FindIter<'r, 'h> {
    hay: &'h str,
    inner: meta::FindMatches<'r, 'h>,
}

impl<'h> Iterator for FindIter<'_, 'h> {
    type Item = Match<'h>;
    fn next(&mut self) -> Option<Match<'h>> {
        self.inner.next().map(|m| Match::of(self.hay, m))
    }
}

/// The groups of one match.
#[derive(Debug)]
pub struct Caps<'h> {
    hay: &'h str,
    caps: Captures,
}

impl<'h> Caps<'h> {
    /// The named group, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        let span = self.caps.get_group_by_name(name)?;
        Some(Match {
            hay: self.hay,
            start: span.start,
            end: span.end,
        })
    }

    /// Group `i` (0 is the whole match), when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        let span = self.caps.get_group(i)?;
        Some(Match {
            hay: self.hay,
            start: span.start,
            end: span.end,
        })
    }
}

impl Rx {
    /// Compile a pattern (regex crate syntax).
    pub fn new(pattern: &str) -> Result<Rx, BuildError> {
        Rx::from_hir(&parse(pattern)?)
    }

    /// Compile a parsed pattern.
    pub fn from_hir(hir: &Hir) -> Result<Rx, BuildError> {
        meta::Builder::new()
            .configure(config())
            .build_from_hir(hir)
            .map(|re| Rx { re })
            .map_err(error)
    }

    /// Whether the pattern matches anywhere in `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        self.re.is_match(hay)
    }

    /// The leftmost-first match in `hay`.
    pub fn find<'h>(&self, hay: &'h str) -> Option<Match<'h>> {
        self.re.find(hay).map(|m| Match::of(hay, m))
    }

    /// The first match starting at or after byte `start` (the text before
    /// `start` still counts for word boundaries).
    pub fn find_at<'h>(&self, hay: &'h str, start: usize) -> Option<Match<'h>> {
        let input = Input::new(hay).range(start..);
        self.re.find(input).map(|m| Match::of(hay, m))
    }

    /// The match that starts at byte `start`, if one does (the text before
    /// `start` still counts for word boundaries): the first match starting
    /// at or after `start` when it starts there, without searching further.
    pub fn match_at<'h>(&self, hay: &'h str, start: usize) -> Option<Match<'h>> {
        let input = Input::new(hay).range(start..).anchored(Anchored::Yes);
        self.re.find(input).map(|m| Match::of(hay, m))
    }

    /// Every successive non-overlapping match.
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> FindIter<'r, 'h> {
        FindIter {
            hay,
            inner: self.re.find_iter(hay),
        }
    }

    /// Every successive non-overlapping match inside `range` of `hay` (the
    /// text around it still counts for word boundaries).
    pub fn find_iter_in<'r, 'h>(
        &'r self,
        hay: &'h str,
        range: std::ops::Range<usize>,
    ) -> FindIter<'r, 'h> {
        FindIter {
            hay,
            inner: self.re.find_iter(Input::new(hay).range(range)),
        }
    }

    /// The groups of the leftmost-first match.
    pub fn captures<'h>(&self, hay: &'h str) -> Option<Caps<'h>> {
        let mut caps = self.re.create_captures();
        self.re.captures(hay, &mut caps);
        caps.is_match().then_some(Caps { hay, caps })
    }
}

/// Several patterns searched at once: which of them match somewhere.
pub struct RxSet(SetEngine);

enum SetEngine {
    /// Determinized during the searches, states cached per thread.
    Lazy {
        dfa: DFA,
        caches: Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>,
    },
    /// Determinized ahead of time (read from the binary's data).
    Full(dense::DFA<&'static [u32]>),
}

/// A dense DFA's largest size when built ahead of time (the embedded ones
/// take 1.2-1.6 MB each).
const FULL_DFA_LIMIT: usize = 16 * (1 << 20);

impl fmt::Debug for RxSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RxSet")
            .field("patterns", &self.len())
            .finish_non_exhaustive()
    }
}

/// The patterns of a set that matched.
#[derive(Debug)]
pub struct SetMatches(PatternSet);

impl SetMatches {
    /// Indices of the matching patterns, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().map(|p| p.as_usize())
    }

    /// Whether pattern `i` matched.
    pub fn matched(&self, i: usize) -> bool {
        PatternID::new(i).is_ok_and(|p| self.0.contains(p))
    }
}

/// The patterns of a set as one NFA without captures (a set only says
/// which patterns match).
fn set_nfa<H: std::borrow::Borrow<Hir>>(hirs: &[H]) -> Result<thompson::NFA, BuildError> {
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
        )
        .build_many_from_hir(hirs)
        .map_err(error)
}

impl RxSet {
    /// Compile the patterns into one automaton.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<RxSet, BuildError> {
        let hirs = patterns
            .iter()
            .map(|p| parse(p.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        RxSet::from_hirs(&hirs)
    }

    /// Compile parsed patterns into one automaton.
    pub fn from_hirs<H: std::borrow::Borrow<Hir>>(hirs: &[H]) -> Result<RxSet, BuildError> {
        let nfa = set_nfa(hirs)?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(DFA_CACHE)
                    .skip_cache_capacity_check(true)
                    .unicode_word_boundary(true),
            )
            .build_from_nfa(nfa)
            .map_err(error)?;
        let for_caches = dfa.clone();
        Ok(RxSet(SetEngine::Lazy {
            dfa,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
        }))
    }

    /// Determinize parsed patterns into a full, minimal DFA and serialize
    /// it (little-endian), for [`RxSet::from_full_dfa`] to read back. Slow
    /// (about a second for a language's time rules): done ahead of time.
    pub fn full_dfa_bytes<H: std::borrow::Borrow<Hir>>(hirs: &[H]) -> Result<Vec<u8>, BuildError> {
        let nfa = set_nfa(hirs)?;
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::All)
                    .minimize(true)
                    .dfa_size_limit(Some(FULL_DFA_LIMIT))
                    .determinize_size_limit(Some(4 * FULL_DFA_LIMIT)),
            )
            .build_from_nfa(&nfa)
            .map_err(error)?;
        Ok(dfa.to_bytes_little_endian().0)
    }

    /// A set from a DFA that [`RxSet::full_dfa_bytes`] serialized, checked
    /// as it is read (a corrupt, truncated, misaligned or big-endian-only
    /// buffer is an error, never undefined behaviour).
    pub fn from_full_dfa(bytes: &'static [u8]) -> Result<RxSet, BuildError> {
        let (dfa, _) = dense::DFA::from_bytes(bytes).map_err(error)?;
        Ok(RxSet(SetEngine::Full(dfa)))
    }

    /// How many patterns the set holds.
    pub fn len(&self) -> usize {
        match &self.0 {
            SetEngine::Lazy { dfa, .. } => dfa.pattern_len(),
            SetEngine::Full(dfa) => dfa.pattern_len(),
        }
    }

    /// Whether the automaton was built ahead of time.
    pub fn is_full(&self) -> bool {
        matches!(self.0, SetEngine::Full(_))
    }

    /// Whether the set holds no pattern.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Which patterns may match somewhere in `hay`: every pattern that
    /// does, and, from a set built of [`prefix_filter`]s, some that only
    /// begin to (callers run the rules themselves). Should the lazy DFA
    /// give up on a text, every pattern is said to match: the rules then
    /// run one by one, slower, never missing a match.
    pub fn matches(&self, hay: &str) -> SetMatches {
        self.matches_in(hay, 0..hay.len())
    }

    /// As [`RxSet::matches`], for the text inside `range` of `hay` (the
    /// text around it still counts for word boundaries).
    pub fn matches_in(&self, hay: &str, range: std::ops::Range<usize>) -> SetMatches {
        let mut set = PatternSet::new(self.len());
        let input = Input::new(hay).range(range);
        let searched = match &self.0 {
            SetEngine::Lazy { dfa, caches } => {
                dfa.try_which_overlapping_matches(&mut caches.get(), &input, &mut set)
            }
            SetEngine::Full(dfa) => dfa.try_which_overlapping_matches(&input, &mut set),
        };
        if searched.is_err() {
            for i in 0..self.len() {
                if let Ok(p) = PatternID::new(i) {
                    set.insert(p);
                }
            }
        }
        SetMatches(set)
    }

    /// For each pattern, where its earliest match in `hay` ends (`None`:
    /// it matches nowhere). Should the lazy DFA give up on a text, every
    /// pattern is said to end a match at 0, which bounds nothing.
    pub fn first_ends(&self, hay: &str) -> Vec<Option<usize>> {
        let mut ends = vec![None; self.len()];
        let input = Input::new(hay);
        let mut left = self.len();
        let mut record = |m: Option<regex_automata::HalfMatch>| match m {
            Some(m) => {
                if let Some(e @ None) = ends.get_mut(m.pattern().as_usize()) {
                    *e = Some(m.offset());
                    left -= 1;
                }
                left > 0
            }
            None => false,
        };
        let searched = match &self.0 {
            SetEngine::Lazy { dfa, caches } => {
                let mut cache = caches.get();
                let mut state = regex_automata::hybrid::dfa::OverlappingState::start();
                loop {
                    if let Err(e) = dfa.try_search_overlapping_fwd(&mut cache, &input, &mut state) {
                        break Err(e);
                    }
                    if !record(state.get_match()) {
                        break Ok(());
                    }
                }
            }
            SetEngine::Full(dfa) => {
                let mut state = regex_automata::dfa::OverlappingState::start();
                loop {
                    if let Err(e) = dfa.try_search_overlapping_fwd(&input, &mut state) {
                        break Err(e);
                    }
                    if !record(state.get_match()) {
                        break Ok(());
                    }
                }
            }
        };
        if searched.is_err() {
            ends.iter_mut().for_each(|e| *e = Some(0));
        }
        ends
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_at_a_position_is_the_match_found_from_there_when_it_starts_there() {
        let rx = Rx::new(r"(?-u:\b)(?:forces|forces de l'ordre|police)").unwrap();
        let hay = "les forces de l'ordre et la police";
        for at in 0..hay.len() {
            if !hay.is_char_boundary(at) {
                continue;
            }
            let searched = rx.find_at(hay, at).filter(|m| m.start() == at);
            assert_eq!(rx.match_at(hay, at), searched, "at {at}");
        }
        assert_eq!(rx.match_at(hay, 4).map(|m| m.end()), Some(10));
        assert!(
            rx.match_at(hay, 5).is_none(),
            "no word boundary inside a word"
        );
    }

    #[test]
    fn behaves_like_the_regex_crate() {
        let p = r"(?-u:\b)(?P<n>[0-9]+) (?P<u>days?)(?-u:\b)";
        let ours = Rx::new(p).unwrap();
        let theirs = regex::Regex::new(p).unwrap();
        for hay in [
            "in 3 days and 12 day",
            "été 5 days",
            "none",
            "10 dayss 4 days",
        ] {
            let a: Vec<_> = ours.find_iter(hay).map(|m| m.range()).collect();
            let b: Vec<_> = theirs.find_iter(hay).map(|m| m.range()).collect();
            assert_eq!(a, b, "{hay}");
            assert_eq!(ours.is_match(hay), theirs.is_match(hay));
            let ca = ours
                .captures(hay)
                .and_then(|c| c.name("u"))
                .map(|m| m.as_str());
            let cb = theirs
                .captures(hay)
                .and_then(|c| c.name("u"))
                .map(|m| m.as_str());
            assert_eq!(ca, cb);
            for at in 0..hay.len() {
                if hay.is_char_boundary(at) {
                    let a = ours.find_at(hay, at).map(|m| m.range());
                    let b = theirs.find_at(hay, at).map(|m| m.range());
                    assert_eq!(a, b, "{hay} at {at}");
                }
            }
        }
        assert!(ours.captures("nothing here").is_none());
    }

    #[test]
    fn a_set_says_which_patterns_match() {
        let set = RxSet::new(&["a+", "b", "ab", "z"]).unwrap();
        let m = set.matches("xaab");
        assert_eq!(m.iter().collect::<Vec<_>>(), vec![0, 1, 2]);
        assert!(m.matched(2) && !m.matched(3) && !m.matched(99));
        assert_eq!(set.len(), 4);
        assert!(!set.is_full());
    }

    #[test]
    fn a_full_dfa_read_back_says_what_the_lazy_one_says() {
        let pats = [
            r"(?-u:\b)[0-9]+ days?(?-u:\b)",
            "night of",
            "z+",
            r"(?-u:\b)ab",
        ];
        let hirs: Vec<Hir> = pats.iter().map(|p| parse(p).unwrap()).collect();
        let bytes = RxSet::full_dfa_bytes(&hirs).unwrap();
        // Read back from a 4-aligned, 'static copy, as the embedded ones are.
        let mut buf = vec![0u8; bytes.len() + 3];
        let off = buf.as_ptr().align_offset(4);
        buf[off..off + bytes.len()].copy_from_slice(&bytes);
        let buf: &'static [u8] = Box::leak(buf.into_boxed_slice());
        let full = RxSet::from_full_dfa(&buf[off..off + bytes.len()]).unwrap();
        let lazy = RxSet::from_hirs(&hirs).unwrap();
        assert!(full.is_full());
        for hay in [
            "in 3 days, the night of",
            "cab zz",
            "xab é 12 day",
            "",
            "nothing",
        ] {
            let a: Vec<usize> = lazy.matches(hay).iter().collect();
            let b: Vec<usize> = full.matches(hay).iter().collect();
            assert_eq!(a, b, "{hay}");
        }
        assert!(RxSet::from_full_dfa(&[1, 2, 3]).is_err());
        // A prefix filter passes every text its pattern matches.
        let gap = parse(r"(?-u:\b)prices (?:[^ ]+ ){0,3}(?:rose|fell)").unwrap();
        let filter = RxSet::from_hirs(&[prefix_filter(&gap)]).unwrap();
        let exact = RxSet::from_hirs(&[gap]).unwrap();
        for hay in [
            "prices of bread rose",
            "prices rose",
            "prices",
            "the price rose",
        ] {
            if exact.matches(hay).matched(0) {
                assert!(filter.matches(hay).matched(0), "{hay}");
            }
        }
        assert!(filter.matches("prices stayed").matched(0));
        assert!(!filter.matches("the price rose").matched(0));
        let misaligned = &buf[off + 1..off + bytes.len()];
        assert!(RxSet::from_full_dfa(misaligned).is_err());
    }
}
