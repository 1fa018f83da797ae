//! `extract` streams: documents and mentions go to spools as they are
//! mapped and events wait in a store with only their merge keys in memory.
//! What it writes must be byte for byte the whole-timeline rendering.

use std::path::PathBuf;

use kazcrisis::{merge::MergeContext, output, ExtractConfig, Lexicon, NoProgress, Summary};

fn corpora() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    vec![root.join("fixtures"), root.join("../shared/seeds")]
}

#[test]
fn spooled_extract_writes_what_the_whole_timeline_writes() {
    let lexicon = Lexicon::load(&[] as &[&str], None).expect("embedded lexicon");
    let ctx = MergeContext::new(&lexicon);
    let cfg = ExtractConfig {
        max_file_size: kazcrisis::corpus::DEFAULT_MAX_FILE_SIZE,
        ..Default::default()
    };
    for corpus in corpora() {
        let (timeline, _) = kazcrisis::extract_paths(&lexicon, std::slice::from_ref(&corpus), &cfg)
            .expect("extract");
        assert!(!timeline.events.is_empty(), "{corpus:?} has events");
        for pretty in [false, true] {
            let mut whole = Vec::new();
            output::write_timeline(&mut whole, &timeline, pretty).expect("render");
            if pretty {
                // The record-by-record pretty printer is serde_json's own.
                let mut serde = serde_json::to_vec_pretty(&timeline).expect("serde");
                serde.push(b'\n');
                assert!(whole == serde, "pretty rendering differs from serde_json");
            }
            let mut spooled = kazcrisis::extract_spooled(
                &lexicon,
                std::slice::from_ref(&corpus),
                &cfg,
                &NoProgress,
                pretty,
            )
            .expect("spooled extract");
            spooled.merge(&ctx).expect("merge");
            assert_eq!(spooled.summary, Summary::of(&timeline));
            let mut streamed = Vec::new();
            spooled.write(&mut streamed).expect("write");
            assert!(
                streamed == whole,
                "{corpus:?} pretty={pretty}: spooled output differs"
            );
        }
    }
}

#[test]
fn a_spool_past_its_memory_reads_back_from_its_file() {
    for pretty in [false, true] {
        let records: Vec<serde_json::Value> = (0..500)
            .map(|i| serde_json::json!({"n": i, "text": "x".repeat(i % 50)}))
            .collect();
        let mut spool = output::Spool::with_memory(pretty, 64);
        for r in &records {
            spool.push(r).expect("push");
        }
        assert_eq!(spool.len(), records.len());
        let mut out = Vec::new();
        spool.write_into(&mut out, "records").expect("write");
        let mut expected = Vec::new();
        output::Array::open(&mut expected, "records", pretty).expect("open");
        let mut a = output::Array::new(pretty);
        for r in &records {
            a.item(&mut expected, r).expect("item");
        }
        a.close(&mut expected).expect("close");
        assert!(out == expected, "pretty={pretty}");
        let text = String::from_utf8(out).expect("utf-8");
        let json: serde_json::Value =
            serde_json::from_str(&format!("{{{text}}}")).expect("a JSON member");
        assert_eq!(json["records"].as_array().map(Vec::len), Some(500));
    }
}
