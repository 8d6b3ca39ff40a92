"""Peak memory of the whole `clean` command on one big transcript, as a multiple of its size.

    python bench/bench_memory.py [--sizes-mb 5 20] [--format md] [--variants paragraphs lines]

Each run is a fresh `python -m asrclean` process; its peak resident set size
(``ru_maxrss`` from ``os.wait4``) is divided by the input file's size in bytes.
Two inputs are built from examples/podcast.txt, repeated to the size asked:

- paragraphs: the transcript as it is (long lines), copies separated by blank lines;
- lines: one short line per subtitle-like cue (a line break at every mark) and
  no blank line anywhere, the shape of a recognizer's line-per-segment text
  output; it cannot be cut into pieces (see README, "Long transcripts").

The interpreter and the loaded tables take a fixed ~100 MB, which the ratio at
a small size includes; the larger size shows the per-byte cost. Target: at most
~5x the input on the larger size.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "podcast.txt"
GLOSSARY = ROOT / "examples" / "podcast.glossary.yaml"
_CUE_END_RE = re.compile(r"(?<=[，。？！,.?!])\s*")


def build(variant: str, size_mb: float, path: Path) -> int:
    text = EXAMPLE.read_text(encoding="utf-8").strip()
    if variant == "lines":
        text = "\n".join(part for part in _CUE_END_RE.split(text) if part)
    unit = len(text.encode("utf-8")) + 2
    copies = max(1, round(size_mb * 1e6 / unit))
    with open(path, "w", encoding="utf-8") as f:
        for i in range(copies):
            f.write(text)
            f.write("\n" if variant == "lines" else "\n\n")
    return path.stat().st_size


def run(path: Path, out: Path, fmt: str) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "asrclean", str(path), "-g", str(GLOSSARY), "--format", fmt, "-o", str(out), "--force"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode:
        raise SystemExit(f"clean failed ({proc.returncode}): {err}")
    return time.perf_counter() - t0, usage.ru_maxrss * 1024  # Linux reports KiB


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes-mb", type=float, nargs="+", default=[5.0, 20.0])
    ap.add_argument("--format", default="md", choices=["md", "json"])
    ap.add_argument("--variants", nargs="+", default=["paragraphs", "lines"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for variant in args.variants:
            for size in args.sizes_mb:
                src = Path(tmp) / f"{variant}.txt"
                n = build(variant, size, src)
                out = Path(tmp) / f"out.{args.format}"
                # No earlier output: comparing with it would read it in too.
                out.unlink(missing_ok=True)
                seconds, peak = run(src, out, args.format)
                print(
                    f"{variant:<10} {args.format:<4} input {n / 1e6:7.1f} MB  peak RSS {peak / 1e6:8.1f} MB"
                    f"  ratio {peak / n:5.2f}x  ({seconds:.0f} s)",
                    flush=True,
                )
                src.unlink()


if __name__ == "__main__":
    main()
