"""Manifests at corpus scale: peak memory against file size, and parallel speed-ups.

    python bench/bench_corpus.py [--memory-mb 50 200] [--speed-mb 20] [--dask-mb 100] [--skip-dask]

Rows are utterances cut from examples/podcast.txt (a spoken transcript with
fillers and stutters) at its sentence ends, one JSON object per row with an
audio path and a duration beside the text, as NeMo manifests look.

- memory: a fresh ``python -m asrclean m.jsonl -o out.jsonl`` per size; its peak
  resident set size (``ru_maxrss`` from ``os.wait4``). Streaming means the peak
  should not grow with the file.
- -j: the same manifest with ``-j 1`` and ``-j 2``; the ratio of wall times.
  Target >= 1.8x (two cores).
- dask: ``asrclean.dask.clean_column`` on a LocalCluster with one worker
  process, then two; the ratio of wall times (cluster start-up not counted).
  Target >= 1.7x. Needs ``asrclean[dask]``.

Every figure is measured in one run, so the ratios compare like with like on a
machine whose speed drifts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "podcast.txt"
_END_RE = re.compile(r"(?<=[。？！?!])")


def utterances() -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    out = [u.strip() for u in _END_RE.split(text) if len(u.strip()) > 4]
    return out


def build(path: Path, size_mb: float) -> tuple[int, int]:
    rows = utterances()
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        while f.tell() < size_mb * 1e6:
            u = rows[n % len(rows)]
            f.write(json.dumps({"audio_filepath": f"wav/{n:08}.wav", "duration": round(0.2 * len(u), 2), "text": u}, ensure_ascii=False) + "\n")
            n += 1
    return path.stat().st_size, n


def command() -> list[str]:
    return [sys.executable, "-m", "asrclean"]


def run(args: list[str]) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0 = time.perf_counter()
    proc = subprocess.Popen(command() + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"clean failed: {err}")
    return seconds, usage.ru_maxrss * 1024


def memory(tmp: Path, sizes: list[float]) -> None:
    print("## memory: one JSONL manifest, `clean m.jsonl -o out.jsonl`")
    print("| input | rows | peak RSS | seconds |")
    print("|---|---|---|---|")
    for mb in sizes:
        src = tmp / f"m{mb:g}.jsonl"
        size, rows = build(src, mb)
        seconds, peak = run([str(src), "-o", str(tmp / "out.jsonl"), "--force", "-q", "-j", "1"])
        print(f"| {size / 1e6:.0f} MB | {rows:,} | {peak / 1e6:.0f} MB | {seconds:.1f} |", flush=True)
        src.unlink()


def jobs(tmp: Path, mb: float) -> None:
    src = tmp / "speed.jsonl"
    size, rows = build(src, mb)
    print(f"## -j on a manifest: {size / 1e6:.0f} MB, {rows:,} rows")
    times = {}
    with src.open(encoding="utf-8") as f:
        chars = sum(len(json.loads(line)["text"]) for line in f)
    for j in (1, 2):
        times[j], _ = run([str(src), "-o", str(tmp / f"out{j}.jsonl"), "--force", "-q", "-j", str(j)])
        print(f"- -j {j}: {times[j]:.1f} s ({chars / times[j] / 1e3:.0f}k chars/s)", flush=True)
    same = (tmp / "out1.jsonl").read_bytes() == (tmp / "out2.jsonl").read_bytes()
    print(f"- speed-up -j 2 / -j 1: {times[1] / times[2]:.2f}x (target >= 1.8); outputs identical: {same}")


def _warm_worker(texts: list[str]) -> None:
    """In a Dask worker: build the cleaner ``clean_column`` will use (the same recipe, so the
    same cache entry) and clean a few rows, as its first task would."""
    from asrclean.api import Cleaner
    from asrclean.dask import recipe

    cleaner = recipe(Cleaner()).cleaner()
    for text in texts:
        cleaner.clean_text(text)


def dask_speedup(tmp: Path, mb: float) -> None:
    try:
        import dask.dataframe as dd
        import pandas as pd
        from distributed import Client, LocalCluster
    except ImportError:
        print("## dask: not installed (pip install 'asrclean[dask]')")
        return
    sys.path.insert(0, str(ROOT / "src"))
    from asrclean.dask import clean_column

    src = tmp / "dask.jsonl"
    size, rows = build(src, mb)
    frame = pd.read_json(src, lines=True)
    print(f"## dask LocalCluster: {size / 1e6:.0f} MB manifest, {rows:,} rows")
    times = {}
    results = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            df = dd.from_pandas(frame, npartitions=8 * workers)
            warm = clean_column(df.head(10, compute=False, npartitions=1), "text")
            warm.compute()  # the workers build their cleaners: not part of the measure
            # That task ran on one worker only: the others would build theirs inside the measure.
            client.run(_warm_worker, frame["text"].head(50).tolist())
            t0 = time.perf_counter()
            results[workers] = clean_column(df, "text").compute()
            times[workers] = time.perf_counter() - t0
        print(f"- {workers} worker(s): {times[workers]:.1f} s", flush=True)
    same = results[1]["text"].tolist() == results[2]["text"].tolist()
    print(f"- speed-up 2 workers / 1: {times[1] / times[2]:.2f}x (target >= 1.7); results identical: {same}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--memory-mb", type=float, nargs="*", default=[50, 200])
    ap.add_argument("--speed-mb", type=float, default=20)
    ap.add_argument("--dask-mb", type=float, default=100)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.memory_mb:
            memory(tmp, args.memory_mb)
        if args.speed_mb:
            jobs(tmp, args.speed_mb)
        if not args.skip_dask and args.dask_mb:
            dask_speedup(tmp, args.dask_mb)


if __name__ == "__main__":
    main()
