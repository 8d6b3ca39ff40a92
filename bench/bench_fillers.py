"""Benchmark the fillers stage: quality on disfluent/fluent pairs, then speed.

    python bench/bench_fillers.py [--level standard|aggressive|all] [--show] [--set NAME] [--text FILE]

Quality is precision and recall of deleted characters. Every output of the
stage is a subsequence of its input, and so is every fluent reference (but for
the capital a removed English filler hands on to the word opening a sentence:
"Um, the" -> "The"), so the count does not depend on which of two equal
characters an alignment picks:
with L the longest common subsequence of output and reference,
  wrongly deleted = len(reference) - L     (in the reference, not in the output)
  missed          = len(output) - L        (in the output, not in the reference)
  correct         = deleted by the stage - wrongly deleted.

Pair files: every tests/data/disfluency_*.tsv. One pair a line, columns
separated by tabs; lines starting with # are comments, except two that set
how the lines after them are read:
  # columns: NAME NAME ...   the columns, from: disfluent, fluent, standard,
                             aggressive, genre, note (default: disfluent fluent genre)
  # genre: NAME              the genre of lines that have no genre column
References are deletions from the disfluent text (a pause space may be written
as the comma it becomes: both are read as "，" when scored).
A `fluent` column is the reference at the file's level: aggressive when the
file name contains "aggressive", else standard. A `standard` or `aggressive`
column is the reference at that level; "=" in it means "the same as the
column before" (a pair with nothing to remove at that level writes "=").
The set of a file is its name between "disfluency_" and any "_standard" or
"_aggressive" ending; the files written with the rules (pairs, genres, genres2,
genres3) make up "development" when --by-file is not given. disfluency_blind.tsv is the
set "blind" (the old blind set). The two newer blind files,
disfluency_blind_standard.tsv and disfluency_blind_aggressive.tsv, are split by
the order of their data lines (comments and blank lines not counted): the 1st,
3rd, 5th... data line is "blind-dev", which rules may be developed against, and
the 2nd, 4th... is "blind-test", kept held out: --show never prints its pairs,
only its aggregate figures are reported. The third blind pair of files,
disfluency_blind2_{standard,aggressive}.tsv (written blind by another session,
ten genres, a third of the pairs must not change), is split the same way into
"blind2-dev" and "blind2-test", and so is the fourth,
disfluency_blind3_{standard,aggressive}.tsv (ten more genres, written blind by
another session), into "blind3-dev" and "blind3-test".
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# The pairs written alongside the rules (development) and those written blind
# by someone who never saw them (held out).
PAIRS = DATA / "disfluency_pairs.tsv"
BLIND = DATA / "disfluency_blind.tsv"
SEED = ROOT / "examples" / "podcast.txt"
LEVELS = ("standard", "aggressive")
COLUMNS = ("disfluent", "fluent", "standard", "aggressive", "genre", "note")
DEVELOPMENT = ("pairs", "genres", "genres2", "genres3")
# Blind files split in two by data-line parity (module docstring); the second
# half is held out and its pairs are never printed.
SPLIT = (
    "blind_standard", "blind_aggressive", "blind2_standard", "blind2_aggressive",
    "blind3_standard", "blind3_aggressive",
)
HELD_OUT = "blind-test"
HELD_OUT_SETS = (HELD_OUT, "blind2-test", "blind3-test")


def set_name(path: Path) -> str:
    name = path.stem.removeprefix("disfluency_")
    for level in LEVELS:
        name = name.removesuffix("_" + level)
    return name


def load_file(path: Path, parity: int | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """level -> [(disfluent, fluent, genre)] from one pair file (see the module docstring).
    With ``parity`` 1 only its 1st, 3rd, ... data line is read; with 0 its 2nd, 4th, ..."""
    file_level = "aggressive" if "aggressive" in path.stem else "standard"
    columns = ["disfluent", "fluent", "genre"]
    genre = ""
    out: dict[str, list[tuple[str, str, str]]] = {level: [] for level in LEVELS}
    number = 0  # 1-based count of data lines
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# columns:"):
            columns = line.split(":", 1)[1].split()
            assert set(columns) <= set(COLUMNS), f"{path}: unknown column in {columns}"
            continue
        if line.startswith("# genre:"):
            genre = line.split(":", 1)[1].strip()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        number += 1
        if parity is not None and number % 2 != parity:
            continue
        cells = dict(zip(columns, line.split("\t")))
        row_genre = cells.get("genre") or genre
        previous = cells["disfluent"]
        for name in columns:
            value = cells.get(name, "")
            if value == "=":
                value = previous
            previous = value
            level = file_level if name == "fluent" else name
            if level in LEVELS and name in cells:
                out[level].append((cells["disfluent"], value, row_genre or cells.get("note", "")))
    return out


def load_sets(data: Path = DATA, by_file: bool = False) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(set, level) -> pairs, over every disfluency_*.tsv in ``data``."""
    sets: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for path in sorted(data.glob("disfluency_*.tsv")):
        name = set_name(path)
        if not by_file and name in DEVELOPMENT:
            name = "development"
        if path.stem.removeprefix("disfluency_") in SPLIT:
            parts = [(name + "-dev", 1), (HELD_OUT if name == "blind" else name + "-test", 0)]
        else:
            parts = [(name, None)]
        for part, parity in parts:
            for level, pairs in load_file(path, parity).items():
                if pairs:
                    sets.setdefault((part, level), []).extend(pairs)
    return sets


def load_pairs(path: Path = PAIRS, level: str = "standard") -> list[tuple[str, str, str]]:
    return load_file(path)[level]


_PAUSE_SPACE = re.compile("(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def _lcs(a: str, b: str) -> int:
    return sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def score(pairs, clean) -> dict:
    """Counts of deleted characters over all pairs, and the pairs that differ."""
    deleted = gold = wrong = missed = 0
    failures = []
    for disfluent, fluent, note in pairs:
        out = clean(disfluent)
        # A pause space that the stage keeps is the comma a reference may write
        # for it (the punctuation stage makes it one): "涨了百分之五 比上个季度".
        out_cmp, fluent_cmp = _PAUSE_SPACE.sub("，", out), _PAUSE_SPACE.sub("，", fluent)
        common = _lcs(out_cmp, fluent_cmp)
        deleted += len(disfluent) - len(out)
        gold += len(disfluent) - len(fluent)
        wrong += len(fluent) - common
        missed += len(out) - common
        if out_cmp != fluent_cmp:
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


def _report(label: str, result: dict, show: bool) -> None:
    print(f"{label}: {result['pairs']} pairs, {result['exact']} exact")
    print(
        f"  deleted characters: precision {result['precision']:.1%}, recall {result['recall']:.1%} "
        f"({result['deleted']} deleted, {result['reference_deleted']} in the references, "
        f"{result['wrongly_deleted']} wrongly, {result['missed']} missed)"
    )
    # "all" repeats the failures of the sets above, and would print blind-test's.
    if show and not label.endswith(tuple(f"{h} set" for h in HELD_OUT_SETS) + ("all set",)):
        for note, disfluent, fluent, out in result["failures"]:
            print(f"  [{note}]\n    in:  {disfluent}\n    ref: {fluent}\n    out: {out}")


def main(argv=None) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from asrclean.settings import Settings
    from asrclean.stages.fillers import Stage

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--level", default="all", choices=["light", "standard", "aggressive", "all"])
    ap.add_argument("--show", action="store_true", help="print the pairs the stage gets wrong (never those of blind-test, blind2-test or blind3-test)")
    ap.add_argument("--set", action="append", dest="only", metavar="NAME", help="score only this set (repeatable), e.g. blind-dev")
    ap.add_argument("--by-file", action="store_true", help="one set per file, development files apart")
    ap.add_argument("--genres", action="store_true", help="also report each genre")
    ap.add_argument("--text", type=Path, default=SEED, help="text to time (default: the example transcript)")
    ap.add_argument("--repeat", type=int, default=30, help="copies of the text to time on")
    args = ap.parse_args(argv)

    levels = LEVELS if args.level == "all" else (args.level,)
    t0 = time.perf_counter()
    stages = {level: Stage(Settings(fillers=level)) for level in levels}
    build = (time.perf_counter() - t0) / len(levels)
    sets = load_sets(by_file=args.by_file)
    total = 0
    for level in levels:
        stage = stages[level]
        # Light has no references of its own: it is scored against standard's.
        ref_level = "standard" if level == "light" else level
        groups = [(name, pairs) for (name, lv), pairs in sorted(sets.items()) if lv == ref_level and (not args.only or name in args.only)]
        everything = [p for _, pairs in groups for p in pairs]
        if len(groups) > 1:
            groups.append(("all", everything))
        for label, pairs in groups:
            result = score(pairs, lambda t, stage=stage: stage.apply(t)[0])
            if label != "all":
                total += result["pairs"]
            _report(f"level {level}, {label} set", result, args.show)
        if args.genres:
            by_genre: dict[str, list] = {}
            for p in everything:
                by_genre.setdefault(p[2] if p[2] and " " not in p[2] else "(none)", []).append(p)
            for genre, pairs in sorted(by_genre.items()):
                _report(f"  level {level}, genre {genre}", score(pairs, lambda t, stage=stage: stage.apply(t)[0]), False)
    print(f"pairs scored: {total} (a pair with references at two levels counts twice)")

    if args.text.exists():
        text = args.text.read_text(encoding="utf-8") * args.repeat
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            stages[levels[-1]].apply(text)
            best = min(best, time.perf_counter() - t0)
        print(f"speed ({levels[-1]}): {len(text) / best / 1e6:.2f}M chars/s on {len(text)} chars; stage built in {build * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
