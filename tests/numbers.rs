//! Property test: a number rendered the way the press writes it (digits
//! with every thousands separator, English and French words) reads back
//! to the same value.

use kazcrisis::extract::numbers::{parse_digits, parse_number};
use kazcrisis::text::fold_str;
use kazcrisis::Lexicon;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
}

fn grouped(n: u64, sep: &str) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn en_words(n: u64) -> String {
    const U: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const T: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    fn below_1000(n: u64) -> String {
        let mut parts = Vec::new();
        if n >= 100 {
            parts.push(format!("{} hundred", U[(n / 100) as usize]));
        }
        let r = n % 100;
        if r > 0 {
            let w = if r < 20 {
                U[r as usize].to_string()
            } else if r.is_multiple_of(10) {
                T[(r / 10) as usize].to_string()
            } else {
                format!("{}-{}", T[(r / 10) as usize], U[(r % 10) as usize])
            };
            if n >= 100 {
                parts.push("and".into());
            }
            parts.push(w);
        }
        parts.join(" ")
    }
    if n >= 1000 {
        let rest = n % 1000;
        let head = format!("{} thousand", below_1000(n / 1000));
        if rest == 0 {
            head
        } else {
            format!("{head} {}", below_1000(rest))
        }
    } else {
        below_1000(n)
    }
}

fn fr_words(n: u64) -> String {
    const U: [&str; 17] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize",
    ];
    fn below_100(n: u64) -> String {
        match n {
            0..=16 => U[n as usize].to_string(),
            17..=19 => format!("dix-{}", U[(n - 10) as usize]),
            _ => {
                let (t, u) = (n / 10, n % 10);
                let (base, extra) = match t {
                    2 => ("vingt", u),
                    3 => ("trente", u),
                    4 => ("quarante", u),
                    5 => ("cinquante", u),
                    6 => ("soixante", u),
                    7 => ("soixante", u + 10),
                    8 => ("quatre-vingt", u),
                    _ => ("quatre-vingt", u + 10),
                };
                match (extra, t) {
                    (0, 8) => "quatre-vingts".to_string(),
                    (0, _) => base.to_string(),
                    (1, 2..=6) => format!("{base} et un"),
                    (11, 7) => format!("{base} et onze"),
                    (e, _) => format!("{base}-{}", below_100(e)),
                }
            }
        }
    }
    fn below_1000(n: u64) -> String {
        let (h, r) = (n / 100, n % 100);
        let head = match h {
            0 => String::new(),
            1 => "cent".to_string(),
            _ if r == 0 => format!("{} cents", U[h as usize]),
            _ => format!("{} cent", U[h as usize]),
        };
        match (head.is_empty(), r) {
            (true, _) => below_100(r),
            (false, 0) => head,
            (false, _) => format!("{head} {}", below_100(r)),
        }
    }
    if n >= 1000 {
        let (k, r) = (n / 1000, n % 1000);
        let head = if k == 1 {
            "mille".to_string()
        } else {
            format!("{} mille", below_1000(k))
        };
        if r == 0 {
            head
        } else {
            format!("{head} {}", below_1000(r))
        }
    } else {
        below_1000(n)
    }
}

#[test]
fn digits_read_back_with_every_separator() {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    for _ in 0..5000 {
        let n = rng.next() % 10_000_000;
        for sep in [",", " ", ".", "\u{a0}", "\u{202f}"] {
            let text = fold_str(&grouped(n, sep));
            assert_eq!(parse_digits(&text).map(|(v, _)| v), Some(n), "{text:?}");
        }
    }
}

#[test]
fn words_read_back_in_both_languages() {
    let lex = Lexicon::load(&Vec::<std::path::PathBuf>::new(), None).expect("lexicon");
    let (en, fr) = (lex.rules("en"), lex.rules("fr"));
    let mut rng = Rng(42);
    for i in 0..3000u64 {
        let n = if i < 1000 {
            i + 1
        } else {
            rng.next() % 999_999 + 1
        };
        let e = en_words(n);
        assert_eq!(parse_number(en, &fold_str(&e)), Some(n), "en {e:?}");
        let f = fr_words(n);
        assert_eq!(parse_number(fr, &fold_str(&f)), Some(n), "fr {f:?}");
    }
}
