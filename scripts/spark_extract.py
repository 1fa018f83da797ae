#!/usr/bin/env python3
"""Run kazcrisis on Apache Spark (issue 13): the map on the executors, the merge once.

Reads a JSON Lines corpus (one document per line, as `kazcrisis corpus-jsonl`
writes it), splits it into partitions (Hadoop's line reader never cuts a
line), pipes each partition through `kazcrisis map` on an executor
(`RDD.pipe`; the binary is shipped with `SparkContext.addFile`, or
spark-submit's `--files`), then either
- collects the partials on the driver and streams them into
  `kazcrisis merge - -o OUTPUT` (the default), or
- with `--partials-out DIR`, saves them as DIR/part-NNNNN text files for a
  later `kazcrisis merge DIR/part-*` (and merges them into OUTPUT when one
  is given and DIR is a local folder).

merge sorts documents by id and refuses a document seen twice, so neither
the order of partitions nor the order of lines inside them changes a byte
of the timeline: it is byte-identical to `kazcrisis extract`'s.

Usage:
  python3 scripts/spark_extract.py corpus.jsonl timeline.json --partitions 8
  spark-submit --master spark://host:7077 --files target/release/kazcrisis \\
      scripts/spark_extract.py hdfs:///data/corpus.jsonl --partials-out hdfs:///tmp/parts

Exit status: 0 success, 1 the Spark job or the merge failed, 2 usage error.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import time

PROG = "spark_extract"
DEFAULT_BINARY = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "kazcrisis"
)


def fail(msg, code=1):
    print(f"{PROG}: error: {msg}", file=sys.stderr)
    sys.exit(code)


def is_local_path(p):
    """A path the driver can read as a file: no scheme, or file:."""
    return "://" not in p or p.startswith("file://")


def local(p):
    return p[len("file://"):] if p.startswith("file://") else p


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog=PROG, description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]))
    ap.add_argument("input", help="JSON Lines corpus (kazcrisis corpus-jsonl): a file, folder "
                    "or glob, any Spark path")
    ap.add_argument("output", nargs="?", help="timeline file written by kazcrisis merge on the driver")
    ap.add_argument("--partitions", type=int, default=None,
                    help="number of map tasks (default: Spark's default parallelism)")
    ap.add_argument("--binary", default=DEFAULT_BINARY,
                    help="kazcrisis executable, shipped to the executors (default: target/release/kazcrisis)")
    ap.add_argument("--master", help="Spark master URL (default: spark-submit's --master, else local[*])")
    ap.add_argument("--partials-out", metavar="DIR",
                    help="save the partials there (part-NNNNN files, any Spark path) for kazcrisis merge")
    ap.add_argument("--map-threads", type=int, default=1,
                    help="threads of each kazcrisis map (default 1: Spark runs one task per core)")
    ap.add_argument("--log-level",
                    help="Spark's own log level (default FATAL, errors being summed up in one "
                    "line; under spark-submit, Spark's)")
    a = ap.parse_args(argv)
    if a.output is None and a.partials_out is None:
        ap.error("give an OUTPUT timeline, --partials-out DIR, or both")
    if a.partitions is not None and a.partitions < 1:
        ap.error("--partitions must be at least 1")
    if a.map_threads < 1:
        ap.error("--map-threads must be at least 1")
    if a.output is not None and a.partials_out is not None and not is_local_path(a.partials_out):
        ap.error("OUTPUT needs a local --partials-out folder; with "
                 f"{a.partials_out} run kazcrisis merge where the parts are")
    if not (os.path.isfile(a.binary) and os.access(a.binary, os.X_OK)):
        ap.error(f"{a.binary}: no kazcrisis executable there (cargo build --release, or --binary PATH)")
    if is_local_path(a.input) and not re.search(r"[*?[{]", a.input) \
            and not os.path.exists(local(a.input)):
        ap.error(f"{a.input}: no such file")
    if a.partials_out is not None and is_local_path(a.partials_out) \
            and os.path.exists(local(a.partials_out)):
        ap.error(f"{a.partials_out} already exists (Spark does not overwrite it)")
    a.binary = os.path.abspath(a.binary)
    return a


def job_error(e):
    """One readable line out of a Py4J / Spark exception."""
    text = str(e)
    m = re.search(r"Pipe function `.*?[`'] exited with error code (\d+)", text)
    if m:
        return (f"kazcrisis map failed on an executor (exit {m.group(1)}); its message is "
                "above (on a cluster: in the executor's stderr), its line numbers "
                "counted within the partition")
    if "JAVA_GATEWAY_EXITED" in text:
        return ("Java did not start: install a Java 17 runtime (Debian: "
                "openjdk-17-jre-headless) or set JAVA_HOME")
    lines = [l.strip().lstrip(": ") for l in text.splitlines()]
    # A Java exception's own line (InvalidInputException: Input path does not exist: ...).
    for line in lines:
        if re.match(r"([\w$]+\.)+[\w$]*(Exception|Error): ", line):
            return line
    for line in lines:
        if line and not line.startswith(("at ", "File ", "Traceback")):
            return line
    return type(e).__name__


def merge(binary, output, parts=None, lines=None):
    """kazcrisis merge PARTS (or the lines on its stdin) -o OUTPUT."""
    cmd = [binary, "merge"] + (parts if parts is not None else ["-"]) + ["-o", output]
    if lines is None:
        rc = subprocess.run(cmd).returncode
    else:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE)
        try:
            for line in lines:
                p.stdin.write(line.encode("utf-8") + b"\n")
            p.stdin.close()
        except BrokenPipeError:
            pass  # merge stopped early; its exit status says why
        rc = p.wait()
    if rc != 0:
        fail(f"kazcrisis merge failed (exit {rc}); {output} was not written")


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        from pyspark import SparkConf, SparkContext, SparkFiles
    except ImportError as e:
        fail(f"pyspark is not importable ({e}): pip install 'pyspark==3.5.*'", 2)

    conf = SparkConf().setAppName("kazcrisis")
    # Under spark-submit the JVM is up, and what is set here would override its
    # --master and --conf: then only what was asked for on this command line is.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    master = a.master or (None if submitted else "local[*]")
    if master is not None:
        conf.setMaster(master)
        if master.startswith("local"):
            # Keep a laptop run on the loopback interface (and Spark quiet about it).
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if not submitted:
        # A failed map is an input error, not a flaky executor: fail fast.
        conf.set("spark.task.maxFailures", "1")
        conf.set("spark.ui.showConsoleProgress", "false")
    log_level = a.log_level or (None if submitted else "FATAL")
    if log_level is not None:
        conf.set("spark.log.level", log_level)
    try:
        sc = SparkContext(conf=conf)
    except Exception as e:  # Java missing, bad master URL, ...
        fail(f"cannot start Spark (master {master or 'from spark-submit'}): {job_error(e)}")
    master = sc.master
    in_process = master == "local" or master.startswith("local[")
    try:
        name = os.path.basename(a.binary)
        sc.addFile(a.binary)
        # In local mode executors share the driver's SparkFiles folder; on a
        # cluster each executor fetches added files into its working folder.
        exe = SparkFiles.get(name) if in_process else "./" + name
        command = " ".join(shlex.quote(w) for w in [exe, "map", "--threads", str(a.map_threads)])

        n = a.partitions or sc.defaultParallelism
        corpus = sc.textFile(a.input, minPartitions=n)
        if corpus.getNumPartitions() > n:
            corpus = corpus.coalesce(n)
        parts = corpus.pipe(command, env={"PATH": os.environ.get("PATH", "")}, checkCode=True)
        print(f"{PROG}: {a.input} in {corpus.getNumPartitions()} partitions, master {master}",
              file=sys.stderr)
        t0 = time.monotonic()
        if a.partials_out is not None:
            parts.saveAsTextFile(a.partials_out)
            print(f"{PROG}: partials saved in {a.partials_out} "
                  f"({time.monotonic() - t0:.1f} s)", file=sys.stderr)
            collected = None
        else:
            collected = parts.collect()
            print(f"{PROG}: {len(collected)} partials collected "
                  f"({time.monotonic() - t0:.1f} s)", file=sys.stderr)
    except Exception as e:
        fail(f"the Spark job failed: {job_error(e)}")
    finally:
        sc.stop()

    if a.output is None:
        return
    t0 = time.monotonic()
    if collected is not None:
        merge(a.binary, a.output, lines=collected)
    else:
        d = local(a.partials_out)
        files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.startswith("part-"))
        merge(a.binary, a.output, parts=files)
    print(f"{PROG}: timeline written to {a.output} (merge {time.monotonic() - t0:.1f} s)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
