//! The per-document step (the "map"): language, sentences, mentions and
//! sentence-level events for one document, independent of every other.

pub mod entity;
pub mod event;
pub mod numbers;
pub mod quantity;
pub mod time;

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::lexicon::{LangRules, Lexicon};
use crate::text::Folded;
use crate::timeline::{Document, Event, Mention, MentionKind, Span};

/// How a document's DCT is decided.
#[derive(Debug, Clone, Copy)]
pub enum DctPolicy {
    /// Every document gets this date (`--dct`).
    Flag(NaiveDate),
    /// From the manifest, else inferred.
    Manifest(Option<NaiveDate>),
}

/// Options that change what is extracted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Record the rule that fired on each mention and event.
    pub explain: bool,
    /// Force the rules of one language ("en" or "fr") instead of detecting it.
    pub lang: Option<&'static str>,
}

/// Working state while one document is processed.
pub struct Ctx<'a> {
    /// Document id.
    pub doc: &'a str,
    /// The decoded text.
    pub text: &'a str,
    /// Its folded view.
    pub folded: Folded,
    /// Sentence spans.
    pub sentences: Vec<Span>,
    /// The language's rules.
    pub rules: &'a LangRules,
    /// Everything known.
    pub lexicon: &'a Lexicon,
    /// Mentions found so far.
    pub mentions: Vec<Mention>,
    /// The document creation time.
    pub dct: Option<NaiveDate>,
    /// Options.
    pub options: Options,
}

impl Ctx<'_> {
    /// Index of the sentence containing byte `at`.
    pub fn sentence_of(&self, at: usize) -> usize {
        match self.sentences.binary_search_by(|s| {
            if s.end <= at {
                std::cmp::Ordering::Less
            } else if s.start > at {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i
                .saturating_sub(1)
                .min(self.sentences.len().saturating_sub(1)),
        }
    }

    /// Record a mention over original bytes `start..end`.
    pub fn push(&mut self, start: usize, end: usize, kind: MentionKind, rule: &str) {
        if start >= end || end > self.text.len() {
            return;
        }
        let sentence = self.sentence_of(start);
        // A mention lies within its sentence: one read across a sentence
        // end (a name over `?`: "Wickr?emesinghe") is dropped.
        match self.sentences.get(sentence) {
            Some(s) if s.start <= start && end <= s.end => {}
            _ => return,
        }
        self.mentions.push(Mention {
            doc: self.doc.to_string(),
            sentence,
            start,
            end,
            text: self.text[start..end].to_string(),
            kind,
            rule: self.options.explain.then(|| rule.to_string()),
        });
    }
}

/// What the map step produces for one document.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Partial {
    /// The document record.
    pub document: Document,
    /// Its mentions, sorted.
    pub mentions: Vec<Mention>,
    /// Its sentence-level events (unmerged).
    pub events: Vec<Event>,
    /// Time spent in each stage on this document (for `--timings`; never
    /// serialised).
    #[serde(skip)]
    pub timings: StageTimes,
}

/// Time spent per stage of the per-document pipeline. Summed over
/// documents, so with several threads it is thread time, not wall time.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    /// Reading the file and decoding it (filled in by the caller).
    pub read: Duration,
    /// Language identification.
    pub language: Duration,
    /// Sentence segmentation.
    pub segmentation: Duration,
    /// Folding the text (lowercase, accent-free view all matchers read).
    pub fold: Duration,
    /// Actor and place mentions (lexicon automaton, open vocabulary, fuzzy names).
    pub entities: Duration,
    /// Time expressions (and DCT inference when the DCT is not given).
    pub times: Duration,
    /// Counts and quantities.
    pub counts: Duration,
    /// Sorting mentions, sentence-level events and the document record.
    pub events: Duration,
}

impl StageTimes {
    /// Add another document's times.
    pub fn add(&mut self, o: &StageTimes) {
        self.read += o.read;
        self.language += o.language;
        self.segmentation += o.segmentation;
        self.fold += o.fold;
        self.entities += o.entities;
        self.times += o.times;
        self.counts += o.counts;
        self.events += o.events;
    }
    /// Sum of every stage.
    pub fn total(&self) -> Duration {
        self.read
            + self.language
            + self.segmentation
            + self.fold
            + self.entities
            + self.times
            + self.counts
            + self.events
    }
}

/// Time since `*clock`, and reset the clock.
fn lap(clock: &mut Instant) -> Duration {
    let now = Instant::now();
    let d = now - *clock;
    *clock = now;
    d
}

/// Run the whole per-document pipeline.
pub fn process(
    lexicon: &Lexicon,
    id: &str,
    path: &str,
    text: &str,
    encoding: &str,
    dct: DctPolicy,
    options: Options,
) -> Partial {
    let mut st = StageTimes::default();
    let mut clock = Instant::now();
    let stops: Vec<(&'static str, &crate::lang::WordSet)> = ["en", "fr"]
        .into_iter()
        .filter_map(|c| lexicon.langs.get(c).map(|l| (c, &l.stopwords)))
        .collect();
    let folded = Folded::new(text);
    st.fold = lap(&mut clock);
    let mut guess = crate::lang::detect_folded(text, &folded, &stops);
    if let Some(l) = options.lang {
        guess = crate::lang::LangGuess {
            code: l,
            rules: l,
            confidence: 1.0,
        };
    }
    let rules = lexicon.rules(guess.rules);
    st.language = lap(&mut clock);
    let sentences = crate::segment::sentences(text, &rules.abbreviations);
    st.segmentation = lap(&mut clock);
    let (mut dct_value, mut dct_source, mut dct_conf) = match dct {
        DctPolicy::Flag(d) => (Some(d), Some("flag"), None),
        DctPolicy::Manifest(Some(d)) => (Some(d), Some("manifest"), None),
        DctPolicy::Manifest(None) => (None, None, None),
    };
    if dct_value.is_none() {
        if let Some((d, conf)) = time::infer_dct(lexicon, rules, text, &sentences) {
            dct_value = Some(d);
            dct_source = Some("inferred");
            dct_conf = Some(conf);
        }
    }
    st.times = lap(&mut clock);
    let mut ctx = Ctx {
        doc: id,
        text,
        folded,
        sentences,
        rules,
        lexicon,
        mentions: Vec::new(),
        dct: dct_value,
        options,
    };
    // Times and counts read no actor or place (counts read the times), so
    // they run first: on the first documents of a run, while the entity
    // index is still being built on another thread. The event triggers'
    // automaton, one of the two costliest to build, is built meanwhile by
    // an idle worker if there is one (else by this thread, as it would be
    // below): a short run does not compile it after the time rules'.
    rayon::scope(|s| {
        if !ctx.sentences.is_empty() && !rules.trigger_set.is_built() {
            s.spawn(|_| {
                let _ = rules.trigger_set();
            });
        }
        time::extract(&mut ctx);
        st.times += lap(&mut clock);
        quantity::extract(&mut ctx);
        st.counts = lap(&mut clock);
    });
    let times_and_counts = std::mem::take(&mut ctx.mentions);
    if !lexicon.entities.is_ready() {
        // Rather than wait for the index, compile what the events will run.
        event::prepare(rules, &ctx.folded, &ctx.sentences);
    }
    entity::extract(&mut ctx);
    entity::open_vocabulary(&mut ctx);
    ctx.mentions.extend(times_and_counts);
    st.entities += lap(&mut clock);
    sort_mentions(&mut ctx.mentions);
    let events = event::extract(&ctx, guess.code);
    let document = Document {
        id: id.to_string(),
        path: path.to_string(),
        lang: guess.code.to_string(),
        lang_confidence: guess.confidence,
        dct: dct_value.map(|d| d.format("%Y-%m-%d").to_string()),
        dct_source: dct_source.map(String::from),
        dct_confidence: dct_conf,
        encoding: encoding.to_string(),
        sentences: ctx.sentences.clone(),
    };
    st.events = lap(&mut clock);
    Partial {
        document,
        mentions: ctx.mentions,
        events,
        timings: st,
    }
}

/// Sort mentions by doc, start, end, kind (the contract's order).
pub fn sort_mentions(ms: &mut [Mention]) {
    ms.sort_by(|a, b| {
        a.doc
            .cmp(&b.doc)
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
            .then(kind_rank(&a.kind).cmp(&kind_rank(&b.kind)))
            .then(kind_id(&a.kind).cmp(kind_id(&b.kind)))
    });
}

fn kind_rank(k: &MentionKind) -> u8 {
    match k {
        MentionKind::Actor { .. } => 0,
        MentionKind::Place { .. } => 1,
        MentionKind::Quantity { .. } => 2,
        MentionKind::Time { .. } => 3,
    }
}

fn kind_id(k: &MentionKind) -> &str {
    match k {
        MentionKind::Actor { id, .. } | MentionKind::Place { id, .. } => id,
        MentionKind::Quantity { category, .. } => category,
        MentionKind::Time { .. } => "",
    }
}
