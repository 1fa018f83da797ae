//! `kazcrisis eval TIMELINE --gold GOLD.json [--corpus DIR]`: precision,
//! recall and F1 per slot against hand annotations, exactly as
//! ../shared/gold/README.md defines them; gates for CI (`--min-f1`,
//! `--min SLOT=X`) exit 1 when quality falls below them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use serde_json::{json, Value};

use kazcrisis::eval::{score, validate_gold, Tally, SLOTS};

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis eval timeline.json --gold corpus/gold.json\n  \
    kazcrisis eval timeline.json --gold corpus/gold.json --by-doc --errors\n  \
    kazcrisis eval timeline.json --gold corpus/gold.json --min-f1 0.75 --min events.type=0.6")]
pub struct Args {
    /// The timeline to score (`-` for standard input).
    pub timeline: PathBuf,
    /// Gold annotations (../shared/gold/README.md format).
    #[arg(long)]
    pub gold: PathBuf,
    /// Where the documents are (default: the corpus root the timeline's
    /// document paths give, else the gold file's directory).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = ["table", "json"], default_value = "table")]
    pub format: String,
    /// Add a table per document.
    #[arg(long)]
    pub by_doc: bool,
    /// List every false positive and false negative.
    #[arg(long)]
    pub errors: bool,
    /// Exit 1 when the headline F1 is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Exit 1 when a slot's F1 is below a threshold: `--min events.type=0.6`.
    #[arg(long = "min")]
    pub mins: Vec<String>,
}

fn read_json(p: &PathBuf) -> anyhow::Result<Value> {
    let text = if p.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .context("cannot read standard input")?;
        s
    } else {
        std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?
    };
    serde_json::from_str(&text).with_context(|| format!("{}: not valid JSON", p.display()))
}

fn row(name: &str, t: &Tally) -> String {
    let (p, r, f) = t.prf();
    format!(
        "{name:20} {p:6.3} {r:6.3} {f:6.3} {:4} {:3} {:3}",
        t.tp, t.fp, t.fn_
    )
}

fn slot_json(t: &Tally) -> Value {
    let (p, r, f) = t.prf();
    json!({"p": p, "r": r, "f1": f, "tp": t.tp, "fp": t.fp, "fn": t.fn_})
}

/// The corpus root a timeline was extracted from: a document's `path`
/// less its id and extension (`../shared/seeds/000_x.txt`, id `000_x` ->
/// `../shared/seeds`), when that folder exists from here.
fn corpus_of(tl: &serde_json::Value) -> Option<PathBuf> {
    tl["documents"].as_array()?.iter().find_map(|d| {
        let (id, path) = (d["id"].as_str()?, d["path"].as_str()?);
        let stem = path.strip_suffix(".txt").unwrap_or(path);
        let root = stem.strip_suffix(id)?;
        let root = if root.is_empty() {
            "."
        } else {
            root.strip_suffix('/')?
        };
        let root = PathBuf::from(if root.is_empty() { "/" } else { root });
        root.is_dir().then_some(root)
    })
}

/// Run `eval`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let tl = read_json(&a.timeline)?;
    let gold = read_json(&a.gold)?;
    let corpus = match &a.corpus {
        Some(c) => c.clone(),
        None => corpus_of(&tl).unwrap_or_else(|| {
            a.gold
                .parent()
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."))
        }),
    };
    validate_gold(&gold, &corpus, &a.gold.display().to_string())?;
    let mut gates = Vec::new();
    for m in &a.mins {
        let Some((slot, x)) = m.split_once('=') else {
            bail!("--min {m:?}: expected SLOT=VALUE")
        };
        if !SLOTS.contains(&slot) {
            bail!(
                "--min {m:?}: unknown slot {slot:?} (slots: {})",
                SLOTS.join(", ")
            );
        }
        let x: f64 = x
            .parse()
            .with_context(|| format!("--min {m:?}: {x:?} is not a number"))?;
        gates.push((slot.to_string(), x));
    }
    let rep = score(&gold, &tl, &corpus);
    let mut buf = String::new();
    if a.format == "json" {
        let slots: serde_json::Map<String, Value> = SLOTS
            .iter()
            .map(|s| (s.to_string(), slot_json(&rep.slots[*s])))
            .collect();
        let mut out = json!({"slots": slots, "headline_f1": rep.headline_f1, "bad_offsets": rep.bad_offsets, "missing_docs": rep.missing_docs});
        if a.by_doc {
            let by: serde_json::Map<String, Value> = rep
                .by_doc
                .iter()
                .map(|(d, t)| {
                    (
                        d.clone(),
                        Value::Object(
                            SLOTS
                                .iter()
                                .map(|s| (s.to_string(), slot_json(&t[*s])))
                                .collect(),
                        ),
                    )
                })
                .collect();
            out["by_doc"] = Value::Object(by);
        }
        if a.errors {
            out["errors"] = serde_json::to_value(&rep.misses)?;
        }
        outln!(buf, "{}", serde_json::to_string_pretty(&out)?);
    } else {
        outln!(
            buf,
            "{:20} {:>6} {:>6} {:>6}   tp  fp  fn",
            "slot",
            "P",
            "R",
            "F1"
        );
        for s in SLOTS {
            outln!(buf, "{}", row(s, &rep.slots[*s]));
        }
        if !rep.missing_docs.is_empty() {
            outln!(buf, "missing documents: {}", rep.missing_docs.join(", "));
        }
        if rep.bad_offsets > 0 {
            outln!(
                buf,
                "mentions whose text is not their byte slice: {}",
                rep.bad_offsets
            );
        }
        outln!(buf, "headline F1 {:.3}", rep.headline_f1);
        if a.by_doc {
            for (d, t) in &rep.by_doc {
                outln!(buf, "\n{d}");
                for s in SLOTS {
                    outln!(buf, "{}", row(s, &t[*s]));
                }
            }
        }
        if a.errors {
            outln!(buf);
            for m in &rep.misses {
                outln!(
                    buf,
                    "{}\t{}\t{}\t{}\t{}",
                    m.doc,
                    m.slot,
                    m.kind,
                    m.text.replace('\n', " "),
                    m.detail
                );
            }
        }
    }
    kazcrisis::output::emit(None, &buf)?;
    let mut failed = Vec::new();
    if let Some(min) = a.min_f1 {
        if rep.headline_f1 < min {
            failed.push(format!("headline F1 {:.3} < {min}", rep.headline_f1));
        }
    }
    for (slot, min) in gates {
        let f = rep.slots[&slot].prf().2;
        if f < min {
            failed.push(format!("{slot} F1 {f:.3} < {min}"));
        }
    }
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for f in &failed {
            eprintln!("kazcrisis: gate failed: {f}");
        }
        Ok(ExitCode::from(1))
    }
}
