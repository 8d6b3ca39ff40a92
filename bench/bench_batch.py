"""Batch speed: 1,000 transcripts made from the example, cleaned with --jobs 1 and --jobs 2.

    python bench/bench_batch.py [--files 1000] [--runs 5]

Prints files/second for each, the speed-up, and the cold start of a single
`clean example.txt`. Targets (issue 5): speed-up >= 1.7x on 2 cores; cold
start < 0.5 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "podcast.txt"


def make_corpus(folder: Path, n: int) -> int:
    """n transcripts of 1-4 KB cut from the example at seeded places (a podcast
    segment each), spread over a few sub-folders like a real archive."""
    text = EXAMPLE.read_text(encoding="utf-8")
    rng = random.Random(1234)
    total = 0
    for i in range(n):
        size = rng.randint(1000, 4000)
        start = rng.randrange(0, len(text) - size)
        sub = folder / f"show{i % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        piece = text[start : start + size]
        (sub / f"episode{i:04d}.txt").write_text(piece, encoding="utf-8")
        total += len(piece)
    return total


def command() -> list[str]:
    exe = Path(sys.executable).with_name("clean")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "asrclean"]


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5, help="runs for the cold-start median")
    args = ap.parse_args()
    cmd = command()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        chars = make_corpus(tmp / "in", args.files)
        print(f"corpus: {args.files} files, {chars:,} chars")
        results = {}
        for jobs in (1, 2):
            out = tmp / f"out{jobs}"
            dt = timed(cmd + [str(tmp / "in"), "--out-dir", str(out), "-j", str(jobs), "-q"])
            results[jobs] = dt
            print(f"--jobs {jobs}: {dt:.2f} s, {args.files / dt:.0f} files/s, {chars / dt / 1e3:.0f} k chars/s")
        same = all(
            (tmp / "out1" / p.relative_to(tmp / "out2")).read_bytes() == p.read_bytes()
            for p in (tmp / "out2").rglob("*.md")
        )
        print(f"speed-up with 2 jobs: {results[1] / results[2]:.2f}x (target >= 1.7x); outputs identical: {same}")
        shutil.rmtree(tmp / "out1")
        one = next((tmp / "in").rglob("*.txt"))
        example = tmp / "example.txt"
        shutil.copy(EXAMPLE, example)
        starts = [timed(cmd + [str(example), "-o", str(tmp / "example.md"), "-q", "--force"]) for _ in range(args.runs)]
        print(f"cold start `clean example.txt`: median {statistics.median(starts):.3f} s "
              f"(min {min(starts):.3f}, max {max(starts):.3f}; target < 0.5 s)")
        small = [timed(cmd + [str(one), "-o", str(tmp / "one.md"), "-q", "--force"]) for _ in range(args.runs)]
        print(f"cold start on a {one.stat().st_size} B file: median {statistics.median(small):.3f} s")


if __name__ == "__main__":
    main()
