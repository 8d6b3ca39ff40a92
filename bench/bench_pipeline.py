"""Whole-pipeline speed, end to end on real text, with glossaries of growing size; and the
cold start of `clean`.

    python bench/bench_pipeline.py [--terms 0 1000 5000] [--size-mb 3] [--runs 5] [--stages]

Text: the People's Daily sample (bench/data/pd199801_sample.txt, tags stripped, one paragraph
per line) and the example transcript, repeated to about ``--size-mb``. Glossary of N terms:
the example glossary plus N generated ones drawn as ``bench_terms.py`` draws them (70 %
Chinese words of the corpus' own vocabulary, 30 % English words), so many of them occur in
the text, as a real glossary's terms do. ``Cleaner.clean_text`` on the whole text, best of
two runs, in CPU time of one core. Target (issue 12): >= 1M chars/s at 5,000 terms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "podcast.txt"
GLOSSARY = ROOT / "examples" / "podcast.glossary.yaml"
CORPUS = ROOT / "bench" / "data" / "pd199801_sample.txt"
SEED = 42


def real_text(size_mb: float) -> str:
    news = "\n\n".join(
        "".join(t.rpartition("/")[0] for t in ln.split(" ")) for ln in CORPUS.read_text(encoding="utf-8").splitlines() if ln
    )
    podcast = EXAMPLE.read_text(encoding="utf-8")
    unit = news + "\n\n" + podcast
    reps = max(1, round(size_mb * 1e6 / len(unit.encode("utf-8"))))
    return "\n\n".join([unit] * reps)


def glossary_of(n: int):
    from asrclean.glossary import Glossary, Term, load_all

    base = load_all([str(GLOSSARY)])
    if n == 0:
        return base
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_terms import Bench, make_glossary

    b = Bench()
    zh, en = make_glossary(n, b.vocab, b.en_pool, random.Random(SEED + n))
    return base.merged(Glossary(terms=tuple(Term(t) for t in zh + en)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--terms", type=int, nargs="+", default=[0, 1000, 5000])
    ap.add_argument("--size-mb", type=float, default=3.0)
    ap.add_argument("--runs", type=int, default=5, help="cold-start runs (0: skip)")
    ap.add_argument("--repeat", type=int, default=2, help="pipeline runs per size, best kept")
    ap.add_argument("--stages", action="store_true", help="also time each stage alone")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from asrclean import Cleaner

    big = real_text(args.size_mb)
    print(f"text: {len(big):,} chars ({len(big.encode('utf-8')) / 1e6:.1f} MB), news + transcript")
    for n in args.terms:
        g = glossary_of(n)
        t0 = time.perf_counter()
        cleaner = Cleaner(g)
        build = time.perf_counter() - t0
        if args.stages:
            current = big
            for stage in cleaner.pipeline.stages:
                t0 = time.process_time()
                current, _ = stage.apply(current)
                dt = time.process_time() - t0
                print(f"  stage {stage.name:<12} {len(big) / dt / 1e6:8.2f} M chars/s")
        times = []
        for _ in range(args.repeat):
            # CPU time of this process: one core, whatever else the machine runs.
            t0 = time.process_time()
            doc = cleaner.clean_text(big)
            times.append(time.process_time() - t0)
        dt = min(times)
        print(
            f"{n:>6} extra terms ({len(g.terms):,} in all): build {build:.2f} s; whole pipeline "
            f"{len(big) / dt / 1e6:.2f} M chars/s (best of {args.repeat}, {dt:.2f} s CPU; first run "
            f"{len(big) / times[0] / 1e6:.2f} M chars/s), {len(doc.edits):,} edits",
            flush=True,
        )

    if args.runs <= 0:
        return
    text = EXAMPLE.read_text(encoding="utf-8")
    exe = Path(sys.executable).with_name("clean")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "asrclean"]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "example.txt"
        src.write_text(text, encoding="utf-8")
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run(cmd + [str(src), "-o", str(Path(tmp) / "out.md"), "-q"], check=True)
            times.append(time.perf_counter() - t0)
        print(f"cold start `clean example.txt`: median {statistics.median(times):.3f} s, "
              f"min {min(times):.3f} s over {args.runs} runs (target <= 0.3 s)")
        t0 = time.perf_counter()
        subprocess.run(cmd + ["--help"], check=True, stdout=subprocess.DEVNULL)
        print(f"`clean --help`: {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
