#!/usr/bin/env python3
"""Deterministic benchmark corpus for kazcrisis (issue 11).

Builds about N MB of English and French articles by recombining the
paragraphs of fixtures/ with a seeded PRNG: each article takes a headline
and 3-12 body paragraphs of one language, shuffled, with numbers varied a
little (a toll of 17 may become 15 or 19; years are kept). Articles go to
nested folders (b000/, b001/, ... 500 articles each) and a manifest.csv in
the output root gives each a publication date spread over January 2022.
About one French article in 40 is written in Windows-1252 to exercise the
decoder. The same seed and size give the same bytes (Python 3 stdlib only).

Usage: python3 scripts/gen_corpus.py --mb 10 --seed 1 OUTDIR
"""

import argparse
import os
import random
import re
import sys

PER_FOLDER = 500
# A count: 17, 1,000 or French 2 500 (space, no-break or narrow no-break
# space); not part of a decimal, a time or a longer digit run.
NUMBER = re.compile(r"(?<![\d.,:])\d{1,3}(?:([,\u00a0\u202f ])\d{3}(?:\1\d{3})*)?(?!\d|[.,:]\d)")


def load_paragraphs(src):
    """{lang: (headlines, paragraphs)} from src/<lang>/*.txt, in sorted order."""
    pools = {}
    for lang in ("en", "fr"):
        d = os.path.join(src, lang)
        heads, paras = [], []
        for name in sorted(os.listdir(d)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                text = f.read().replace("\r\n", "\n")
            blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
            if not blocks:
                continue
            heads.append(blocks[0])
            paras.extend(blocks[1:])
        if not paras:
            sys.exit(f"gen_corpus: no paragraphs under {d}")
        pools[lang] = (heads, paras)
    return pools


def vary_numbers(text, rng):
    """Move each count a little; keep years, times and large figures' shape."""

    def sub(m):
        s = m.group(0)
        sep = m.group(1)
        v = int(s.replace(sep, "")) if sep else int(s)
        if 1900 <= v <= 2100 and not sep:
            return s  # a year
        r = rng.random()
        if r < 0.5:
            return s
        if v <= 31:
            nv = min(28, max(1, v + rng.choice((-2, -1, 1, 2))))
        else:
            nv = max(1, round(v * rng.uniform(0.8, 1.25)))
        if sep and nv >= 1000:
            return f"{nv:,}".replace(",", sep)
        return str(nv)

    return NUMBER.sub(sub, text)


def article(rng, heads, paras):
    k = rng.randint(3, 12)
    body = [vary_numbers(rng.choice(paras), rng) for _ in range(k)]
    return rng.choice(heads) + "\n\n" + "\n\n".join(body) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, required=True, help="target size in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--src", default=None, help="fixtures folder (default: ../fixtures)")
    ap.add_argument("outdir")
    a = ap.parse_args()
    src = a.src or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
    pools = load_paragraphs(src)
    rng = random.Random(a.seed)
    target = int(a.mb * 1_000_000)
    os.makedirs(a.outdir, exist_ok=True)
    total = 0
    n = 0
    rows = []
    while total < target:
        lang = "en" if rng.random() < 0.5 else "fr"
        heads, paras = pools[lang]
        text = article(rng, heads, paras)
        data = text.encode("utf-8")
        if lang == "fr" and rng.random() < 0.025:
            try:
                data = text.encode("cp1252")
            except UnicodeEncodeError:
                pass
        folder = f"b{n // PER_FOLDER:03d}"
        rel = f"{folder}/{lang}-{n:06d}.txt"
        os.makedirs(os.path.join(a.outdir, folder), exist_ok=True)
        with open(os.path.join(a.outdir, rel), "wb") as f:
            f.write(data)
        day = 1 + rng.randrange(31)
        rows.append(f"{rel},2022-01-{day:02d}\n")
        total += len(data)
        n += 1
    with open(os.path.join(a.outdir, "manifest.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("file,published\n")
        f.writelines(rows)
    print(f"gen_corpus: {n} documents, {total} bytes in {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
