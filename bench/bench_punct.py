"""Punctuation restoration on held-out spoken Chinese with every mark removed.

    PYTHONPATH=src python bench/bench_punct.py

The text is bench/data/punct_heldout.txt: every tenth dialogue of KdConv and
CrossWOZ (Apache-2.0), which tools/train_punct.py holds out and never trains
on; then one table for each source added later, from the part of it the trainer
holds out: punct_heldout_crosswoz_train.txt (pseudo-dialogues of ten shuffled
CrossWOZ training turns) and punct_heldout_multiwoz_zh.txt (MultiWOZ-zh). Each dialogue has its marks removed and is restored by the `restore` stage
in two modes: no spaces at all, and a space where each mark was (a recognizer
that writes pauses). Scored per gap between characters: sentence ends (。！？
together: a stop predicted where the truth has ？ counts as found), questions
(？), and commas (，、；：). Then the speed of the stage alone, in characters
of input per second (one core, noisy on a shared machine).

Last, the speed table: the held-out text without marks (each dialogue one
document; no spaces, then pause spaces) through the restore stage alone and
through the whole pipeline, best of three runs, in CPU time of this process
(one core; less noisy than the wall clock on a shared machine), and the time
to load the model.
"""

from __future__ import annotations

import sys
import time
from importlib import resources
from pathlib import Path

from asrclean.pipeline import Pipeline
from asrclean.restore_model import Model
from asrclean.settings import Settings
from asrclean.stages.restore import Stage, model

DATA = Path(__file__).parent / "data" / "punct_heldout.txt"
# The held-out parts of the sources added later, one table each (their
# figures are not comparable with the first's: other text, other styles).
DATA_NEW = ("punct_heldout_crosswoz_train.txt", "punct_heldout_multiwoz_zh.txt")
COMMA, STOP, QUESTION = "，", "。", "？"
CLASS = {c: COMMA for c in "，、；：,;:"} | {c: STOP for c in "。！!…"} | {c: QUESTION for c in "？?"}
TARGETS = {
    "pauses": {"sentence end": 0.80, "question": 0.85, "comma": 0.75},
    "no spaces": {"sentence end": 0.65, "question": 0.75, "comma": 0.55},
}


def gaps(text: str) -> tuple[str, list[str]]:
    """Characters without marks or spaces, and the mark (or "") after each."""
    chars: list[str] = []
    after: list[str] = []
    for k, c in enumerate(text):
        cls = CLASS.get(c)
        if c == "." and not (0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()):
            cls = STOP
        if cls is not None:
            if chars:
                old = after[-1]
                # The strongest mark at a gap counts: ？ over 。 over ，.
                order = ("", COMMA, STOP, QUESTION)
                after[-1] = max(old, cls, key=order.index)
            continue
        if c == " ":
            continue
        chars.append(c)
        after.append("")
    return "".join(chars), after


def stripped(text: str, spaces: bool) -> str:
    out = []
    for k, c in enumerate(text):
        cls = CLASS.get(c) or (STOP if c == "." and not (0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()) else None)
        if cls is not None:
            if spaces and out and out[-1] != " ":
                out.append(" ")
            continue
        out.append(c)
    return "".join(out).strip()


def score(pairs):
    tp = fp = fn = 0
    for gold, pred in pairs:
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tally(gold: list[str], pred: list[str], ends: list, questions: list, commas: list) -> None:
    """Add each gap's (truth, prediction) to the three scores: sentence ends (a
    question counts as one), questions, commas."""
    for g, p in zip(gold, pred):
        ends.append((g in (STOP, QUESTION), p in (STOP, QUESTION)))
        questions.append((g == QUESTION, p == QUESTION))
        commas.append((g == COMMA, p == COMMA))


def main() -> int:
    stage = Stage(Settings())
    model()  # loaded before timing
    run(DATA, stage, TARGETS)
    for name in DATA_NEW:
        if (DATA.parent / name).exists():
            print()
            run(DATA.parent / name, stage, None)
    print()
    speed(DATA, stage)
    return 0


def _best(fn, texts, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        for text in texts:
            fn(text)
        best = min(best, time.process_time() - t)
    return best


def speed(data: Path, stage: Stage) -> None:
    lines = [l for l in data.read_text(encoding="utf-8").split("\n") if l and not l.startswith("#")]
    pipe = Pipeline(Settings())
    print(f"speed on {data.name} without marks (CPU time, best of 3, one core):")
    for mode, spaces in (("no spaces", False), ("pauses", True)):
        texts = [stripped(line, spaces) for line in lines]
        n = sum(map(len, texts))
        alone = _best(stage.apply, texts)
        whole = _best(pipe, texts)
        print(f"  {mode:9s}  restore alone {n / alone / 1000:.0f}k chars/s; whole pipeline {n / whole / 1000:.0f}k chars/s "
              f"(restore {alone / whole:.0%} of it)")
    raw = resources.files("asrclean").joinpath("data", "punct_model.bin").read_bytes()
    t = time.process_time()
    Model.from_bytes(raw)
    print(f"  loading the model ({len(raw) / 1e6:.1f} MB): {time.process_time() - t:.2f} s")


def run(data: Path, stage: Stage, targets) -> None:
    lines = [l for l in data.read_text(encoding="utf-8").split("\n") if l and not l.startswith("#")]
    print(f"{data.name}: {len(lines)} dialogues, {sum(map(len, lines))} characters")
    for mode, spaces in (("pauses", True), ("no spaces", False)):
        ends, questions, commas = [], [], []
        n_chars = 0
        elapsed = 0.0
        inputs = []
        for line in lines:
            text = stripped(line, spaces)
            inputs.append(text)
            n_chars += len(text)
            t = time.perf_counter()
            out, _ = stage.apply(text)
            elapsed += time.perf_counter() - t
            gold_chars, gold = gaps(line)
            pred_chars, pred = gaps(out)
            if gold_chars != pred_chars:
                raise SystemExit(f"restore changed the words: {line[:40]}")
            tally(gold, pred, ends, questions, commas)
        # A yardstick from the same run (the machine's speed varies): the
        # rest of the pipeline, without restore, on the same input.
        rest = Pipeline(Settings(punctuate="never"))
        t = time.perf_counter()
        for text in inputs:
            rest(text)
        others = time.perf_counter() - t
        print(f"\n{mode}:  restore {n_chars / elapsed / 1000:.0f}k chars/s; the other stages together "
              f"{n_chars / others / 1000:.0f}k chars/s (restore takes {elapsed / others:.2f}x their time)")
        for name, pairs in (("sentence end", ends), ("question", questions), ("comma", commas)):
            p, r, f = score(pairs)
            line = f"  {name:13s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
            if targets:
                target = targets[mode][name]
                line += f"  (target {target:.2f}{'' if f >= target else ', below'})"
            print(line)


if __name__ == "__main__":
    sys.exit(main())
