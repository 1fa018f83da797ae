#!/usr/bin/env bash
# Spark benchmark (issue 13): wall time of scripts/spark_extract.py against
# `kazcrisis extract` on the same generated corpus (target/bench/corpus-${MB}mb,
# reused when present), and the map's scaling from local[1] to local[2].
# Every Spark timeline is checked byte for byte against extract's.
#
# Usage: scripts/bench_spark.sh        Env: MB (default 10), PARTITIONS (4), RUNS (1, best kept)
set -euo pipefail

cd "$(dirname "$0")/.."
MB=${MB:-10}
PARTITIONS=${PARTITIONS:-4}
RUNS=${RUNS:-1}
BIN=target/release/kazcrisis
OUT=target/bench
dir="$OUT/corpus-${MB}mb"
mkdir -p "$OUT"

cargo build --release --quiet
if [ ! -f "$dir/manifest.csv" ]; then
    rm -rf "$dir"
    python3 scripts/gen_corpus.py --mb "$MB" --seed 1 "$dir"
fi
jsonl="$OUT/corpus-${MB}mb.jsonl"
[ -f "$jsonl" ] || "$BIN" corpus-jsonl "$dir" -o "$jsonl"
docs=$(wc -l < "$jsonl")

echo "# kazcrisis Spark benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); corpus $dir: $docs docs, $(du -sb "$dir" | cut -f1) bytes; pyspark $(python3 -c 'import pyspark; print(pyspark.__version__)')"

[ -x /usr/bin/time ] || { echo "bench_spark: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
best() { # wall time of the fastest of RUNS runs of "$@" and the load then;
    # its stderr in $OUT/best.err. (No CPU time: pyspark never waits for its JVM.)
    local b=""
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e' -o "$OUT/time" "$@" 2> "$OUT/last.err" \
            || { cat "$OUT/last.err" >&2; exit 1; }
        t=$(tail -1 "$OUT/time")
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then
            b=$t
            cp "$OUT/last.err" "$OUT/best.err"
        fi
    done
    printf '%6.2f s, load %s' "$b" "$(cut -d' ' -f1 /proc/loadavg)"
}

ref="$OUT/extract-${MB}mb.json"
printf 'extract (2 threads)       %s\n' "$(best "$BIN" extract "$dir" -o "$ref")"
printf 'extract --threads 1       %s\n' "$(best "$BIN" extract "$dir" --threads 1 -o "$ref.1")"
cmp "$ref" "$ref.1"
# local[1] and local[2] alternate, so that both see the same load on a shared
# machine; the fastest run of each is kept.
declare -A wall mapt merget loadt
for _ in $(seq "$RUNS"); do
    for master in 'local[1]' 'local[2]'; do
        out="$OUT/spark-${MB}mb.json"
        rm -f "$out"
        /usr/bin/time -f '%e' -o "$OUT/time" python3 scripts/spark_extract.py "$jsonl" "$out" \
            --master "$master" --partitions "$PARTITIONS" 2> "$OUT/last.err" \
            || { cat "$OUT/last.err" >&2; exit 1; }
        cmp "$ref" "$out"
        t=$(tail -1 "$OUT/time")
        if [ -z "${wall[$master]:-}" ] || [ "$(echo "$t < ${wall[$master]}" | bc)" = 1 ]; then
            wall[$master]=$t
            mapt[$master]=$(sed -n 's/.*partials collected (\(.*\) s)/\1/p' "$OUT/last.err")
            merget[$master]=$(sed -n 's/.*(merge \(.*\) s)/\1/p' "$OUT/last.err")
            loadt[$master]=$(cut -d' ' -f1 /proc/loadavg)
        fi
    done
done
for master in 'local[1]' 'local[2]'; do
    printf 'spark %-8s %d parts  %6.2f s, load %s (map job %s s, merge %s s; timeline identical)\n' \
        "$master" "$PARTITIONS" "${wall[$master]}" "${loadt[$master]}" "${mapt[$master]}" "${merget[$master]}"
done
small="$OUT/fixtures.jsonl"
"$BIN" corpus-jsonl fixtures -o "$small"
printf 'spark local[2] fixtures/  %s (fixed cost: JVM, Python workers, lexicon per task)\n' \
    "$(best python3 scripts/spark_extract.py "$small" "$OUT/spark-fixtures.json" --master 'local[2]' --partitions 2)"
