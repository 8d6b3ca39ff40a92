"""Whole-pipeline speed: chars/second on ~3 MB, and the cold start of `clean`.

    python bench/bench_pipeline.py [--size-mb 3] [--runs 5]

Prints one line per measurement. Targets live here, not in unit tests:
cold start of `clean example.txt` < 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "podcast.txt"
GLOSSARY = ROOT / "examples" / "podcast.glossary.yaml"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=float, default=3.0)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from asrclean import Cleaner

    text = EXAMPLE.read_text(encoding="utf-8")
    big = "\n\n".join([text] * max(1, int(args.size_mb * 1e6 / len(text.encode("utf-8")))))
    t0 = time.perf_counter()
    cleaner = Cleaner([str(GLOSSARY)])
    build = time.perf_counter() - t0
    print(f"pipeline build (with example glossary): {build * 1000:.1f} ms")

    # Per-stage timing on the large input, then the whole pipeline.
    current = big
    for stage in cleaner.pipeline.stages:
        t0 = time.perf_counter()
        current, _ = stage.apply(current)
        dt = time.perf_counter() - t0
        print(f"  stage {stage.name:<12} {len(big) / dt / 1e6:8.2f} M chars/s")
    t0 = time.perf_counter()
    doc = cleaner.clean_text(big)
    dt = time.perf_counter() - t0
    print(
        f"whole pipeline: {len(big):,} chars ({len(big.encode('utf-8')) / 1e6:.1f} MB) in {dt:.2f} s "
        f"= {len(big) / dt / 1e3:,.0f} k chars/s, {len(doc.edits):,} edits"
    )

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
              f"min {min(times):.3f} s over {args.runs} runs (target < 0.5 s)")
        t0 = time.perf_counter()
        subprocess.run(cmd + ["--help"], check=True, stdout=subprocess.DEVNULL)
        print(f"`clean --help`: {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
