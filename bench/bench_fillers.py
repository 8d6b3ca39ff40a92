"""Benchmark the fillers stage: quality on disfluent/fluent pairs, then speed.

    python bench/bench_fillers.py [--level standard] [--show] [--text FILE]

Quality is precision and recall of deleted characters. Every output of the
stage is a subsequence of its input, and so is every fluent reference, so the
count does not depend on which of two equal characters an alignment picks:
with L the longest common subsequence of output and reference,
  wrongly deleted = len(reference) - L     (in the reference, not in the output)
  missed          = len(output) - L        (in the output, not in the reference)
  correct         = deleted by the stage - wrongly deleted.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Two sets of disfluent/fluent pairs: the one written alongside the rules
# (development), and one written blind by someone who never saw them (held out).
PAIRS = ROOT / "tests" / "data" / "disfluency_pairs.tsv"
BLIND = ROOT / "tests" / "data" / "disfluency_blind.tsv"
SEED = ROOT / "examples" / "podcast.txt"


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            disfluent, fluent, note = (line.split("\t") + ["", ""])[:3]
            pairs.append((disfluent, fluent, note))
    return pairs


def _lcs(a: str, b: str) -> int:
    return sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def score(pairs, clean) -> dict:
    """Counts of deleted characters over all pairs, and the pairs that differ."""
    deleted = gold = wrong = missed = 0
    failures = []
    for disfluent, fluent, note in pairs:
        out = clean(disfluent)
        common = _lcs(out, fluent)
        deleted += len(disfluent) - len(out)
        gold += len(disfluent) - len(fluent)
        wrong += len(fluent) - common
        missed += len(out) - common
        if out != fluent:
            failures.append((note, disfluent, fluent, out))
    correct = deleted - wrong
    return {
        "pairs": len(pairs),
        "deleted": deleted,
        "reference_deleted": gold,
        "wrongly_deleted": wrong,
        "missed": missed,
        "precision": correct / deleted if deleted else 1.0,
        "recall": correct / gold if gold else 1.0,
        "exact": len(pairs) - len(failures),
        "failures": failures,
    }


def main(argv=None) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from asrclean.settings import Settings
    from asrclean.stages.fillers import Stage

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--level", default="standard", choices=["light", "standard", "aggressive"])
    ap.add_argument("--show", action="store_true", help="print the pairs the stage gets wrong")
    ap.add_argument("--text", type=Path, default=SEED, help="text to time (default: the example transcript)")
    ap.add_argument("--repeat", type=int, default=30, help="copies of the text to time on")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    stage = Stage(Settings(fillers=args.level))
    build = time.perf_counter() - t0

    for label, path in (("development", PAIRS), ("blind", BLIND)):
        result = score(load_pairs(path), lambda t: stage.apply(t)[0])
        print(f"level {args.level}, {label} set: {result['pairs']} pairs, {result['exact']} exact")
        print(
            f"  deleted characters: precision {result['precision']:.1%}, recall {result['recall']:.1%} "
            f"({result['deleted']} deleted, {result['reference_deleted']} in the references, "
            f"{result['wrongly_deleted']} wrongly, {result['missed']} missed)"
        )
        if args.show:
            for note, disfluent, fluent, out in result["failures"]:
                print(f"  [{note}]\n    in:  {disfluent}\n    ref: {fluent}\n    out: {out}")

    if args.text.exists():
        text = args.text.read_text(encoding="utf-8") * args.repeat
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            stage.apply(text)
            best = min(best, time.perf_counter() - t0)
        print(f"speed: {len(text) / best / 1e6:.2f}M chars/s on {len(text)} chars; stage built in {build * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
