"""Structure from speech: sentence ends, questions and commas put back in spoken Chinese.

    PYTHONPATH=src python bench/bench_structure.py [--show] [--mode pauses|cues|nospace] [--test]

The text is bench/data/spoken_structure_dev.txt and spoken_structure_test.txt: short
stretches of transcribed speech in fifteen genres (meetings, service calls, consultations,
lectures, interviews, sports, cooking, law, phone chats, shopping, directions, helpdesk, job
interviews, flat viewings, live reports), punctuated as an editor would, written blind by a
session that never saw the project's rules or models (see bench/data/README-spoken.md).
bench_punct.py measures written chat; this measures speech, which is what recognizers give
us: short clauses, questions without 吗, 吧 ending a decision.

Passages are taken five at a time (in file order, so mostly of one genre) as one transcript, as
a recognizer writes a long recording; that transcript has its marks taken away and is cleaned
three ways:
- pauses: a space where each mark was (Whisper-style);
- cues: a line break where each mark was (one subtitle cue per clause);
- no spaces: one run of characters (Paraformer/Kaldi-style).
It goes through normalize, restore and punctuation (the stages that decide marks; fillers
and terms would change the words). Scored per gap between characters, as bench_punct.py
scores: sentence ends (。！？ together), questions (？) and commas (，、).

The dev half is for looking at (``--show`` prints each passage whose marks differ); the test
half is held out: it is scored only with ``--test`` and its passages are never shown.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_punct import gaps, score, tally

from asrclean.pipeline import Pipeline
from asrclean.settings import Settings

HERE = Path(__file__).resolve().parent / "data"
SETS = {"dev": HERE / "spoken_structure_dev.txt", "test": HERE / "spoken_structure_test.txt"}
MARKS = {c for c in "，。？！、；：,.?!;:"}
STAGES = ("normalize", "restore", "punctuation")
PER_TRANSCRIPT = 5


def unmarked(line: str, sep: str) -> str:
    """The passage as a recognizer writes it: ``sep`` where each mark was."""
    out: list[str] = []
    for c in line:
        if c in MARKS:
            if out and out[-1] != sep:
                out.append(sep)
            continue
        out.append(c)
    return "".join(out).strip()


def flat(text: str) -> str:
    """The cleaned text without the line breaks and spaces that layout adds."""
    return "".join(c for c in text if c not in " \n")


def transcripts(passages: list[str]) -> list[str]:
    """The passages PER_TRANSCRIPT at a time, each group one transcript."""
    return ["".join(passages[k : k + PER_TRANSCRIPT]) for k in range(0, len(passages), PER_TRANSCRIPT)]


def run(name: str, path: Path, pipe: Pipeline, show: bool, show_mode: str = "pauses") -> dict:
    passages = [l.strip() for l in path.read_text(encoding="utf-8").split("\n") if l.strip()]
    print(f"{name}: {len(passages)} passages, {sum(map(len, passages))} characters")
    lines = transcripts(passages)
    results = {}
    for mode, sep in (("pauses", " "), ("cues", "\n"), ("no spaces", "")):
        ends, questions, commas = [], [], []
        shown = 0
        for line in lines:
            out = flat(pipe(unmarked(line, sep)).text)
            gold_chars, gold = gaps(flat(line))
            pred_chars, pred = gaps(out)
            if gold_chars != pred_chars:
                raise SystemExit(f"{name}: the words changed: {line[:30]}…")
            tally(gold, pred, ends, questions, commas)
            if show and mode == show_mode and gold != pred:
                shown += 1
                print(f"  want {line}\n  got  {out}")
        print(f"  {mode}:")
        for label, pairs in (("sentence end", ends), ("question", questions), ("comma", commas)):
            p, r, f = score(pairs)
            results[(mode, label)] = f
            print(f"    {label:13s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true", help="print the dev passages whose marks differ")
    ap.add_argument("--mode", choices=("pauses", "cues", "nospace"), default="pauses",
                    help="which way of writing --show prints (default: pauses)")
    ap.add_argument("--test", action="store_true", help="score the held-out test half too (never shown)")
    args = ap.parse_args(argv)
    pipe = Pipeline(Settings(), only=list(STAGES))
    run("dev", SETS["dev"], pipe, args.show, "no spaces" if args.mode == "nospace" else args.mode)
    if args.test:
        print()
        run("test (held out)", SETS["test"], pipe, False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
