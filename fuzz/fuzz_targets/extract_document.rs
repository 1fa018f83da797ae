//! Arbitrary bytes, decoded as the corpus reader does, through the
//! per-document extractor; every span it reports must be consistent.
#![no_main]

use std::sync::OnceLock;

use kazcrisis::extract::{process, DctPolicy, Options};
use kazcrisis::Lexicon;
use libfuzzer_sys::fuzz_target;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::load(&[] as &[&str], None).expect("embedded lexicon"))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the DCT policy, the rest is the file.
    let (policy, bytes) = match data.split_first() {
        Some((p, rest)) => (*p, rest),
        None => return,
    };
    let Ok(decoded) = kazcrisis::corpus::decode("fuzz.txt", bytes) else {
        return; // refused inputs are never extracted
    };
    let text = decoded.text.as_str();
    let dct = chrono::NaiveDate::from_ymd_opt(2022, 1, 6).expect("date");
    let dct = match policy % 3 {
        0 => DctPolicy::Manifest(None),
        1 => DctPolicy::Manifest(Some(dct)),
        _ => DctPolicy::Flag(dct),
    };
    let options = Options {
        explain: policy & 0x80 != 0,
        lang: None,
    };
    let p = process(
        lexicon(),
        "fuzz",
        "fuzz.txt",
        text,
        decoded.encoding,
        dct,
        options,
    );
    let sentences = &p.document.sentences;
    let mut prev = 0;
    for sp in sentences {
        assert!(
            prev <= sp.start && sp.start < sp.end && sp.end <= text.len(),
            "sentence {sp:?} after {prev} (len {})",
            text.len()
        );
        assert!(
            text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end),
            "sentence {sp:?} off a char boundary"
        );
        prev = sp.end;
    }
    for m in &p.mentions {
        assert!(
            m.start < m.end && m.end <= text.len(),
            "mention {m:?} outside the text"
        );
        assert_eq!(
            text.get(m.start..m.end),
            Some(m.text.as_str()),
            "mention {m:?} is not its slice"
        );
        let sp = sentences
            .get(m.sentence)
            .unwrap_or_else(|| panic!("mention {m:?} in no sentence"));
        assert!(
            sp.start <= m.start && m.end <= sp.end,
            "mention {m:?} outside its sentence {sp:?}"
        );
    }
    for e in &p.events {
        for s in &e.sources {
            assert_eq!(
                text.get(s.start..s.end),
                Some(s.text.as_str()),
                "event source {s:?} is not its slice"
            );
            assert!(
                s.start <= s.trigger.start && s.trigger.end <= s.end,
                "trigger {:?} outside its source {}..{}",
                s.trigger,
                s.start,
                s.end
            );
        }
    }
});
