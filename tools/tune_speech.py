"""Choose restore_model.SPEECH_CALIBRATION: a grid search on the DEV half of
bench/bench_structure.py (never its test half).

    PYTHONPATH=src python tools/tune_speech.py [--grid small|full]

Offsets (comma, sentence end, question) are tried for two kinds of text: at
a pause ("P="), the sentence end against the comma; in text with no pause at
all, both marks at every gap ("b=", taken back where "P=" and "N=" apply in
text with pauses). The score is the mean F1 of sentence ends, questions and
commas, with the form rules of spoken_form applied as the restore stage
applies them; pauses mode first (it does not depend on the no-pause
offsets), then no-spaces mode, then (with the best of those) the sentence-end
offset of a question pending in text without pauses ("QN="). Prints the results; the chosen values are
copied into restore_model.SPEECH_CALIBRATION by hand, with
bench/bench_punct.py (written chat) checked after.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_punct import gaps, score, tally  # noqa: E402
from bench_structure import SETS, STAGES, flat, transcripts, unmarked  # noqa: E402

import asrclean.stages.restore as restore_stage  # noqa: E402
from asrclean.pipeline import Pipeline  # noqa: E402
from asrclean.restore_model import SCALE, Model  # noqa: E402
from asrclean.settings import Settings  # noqa: E402


def lines() -> list[str]:
    return transcripts([l.strip() for l in SETS["dev"].read_text(encoding="utf-8").split("\n") if l.strip()])


def evaluate(model: Model, texts: list[str], sep: str) -> tuple[float, float, float]:
    restore_stage.model = lambda: model
    pipe = Pipeline(Settings(), only=list(STAGES))
    ends, questions, commas = [], [], []
    for line in texts:
        out = flat(pipe(unmarked(line, sep)).text)
        _, gold = gaps(flat(line))
        _, pred = gaps(out)
        tally(gold, pred, ends, questions, commas)
    return tuple(score(pairs)[2] for pairs in (ends, questions, commas))


_BASE: list = []


def calibrated(cal: dict) -> Model:
    """The shipped model with ``cal`` added, as Model.load would add it (loaded once)."""
    if not _BASE:
        _BASE.append(Model.load(calibration={}))
    base = _BASE[0]
    other, question = dict(base.other), dict(base.question)
    for k, (c, e, q) in cal.items():
        other[k] = other.get(k, 0j) + complex(round(c * SCALE), round(e * SCALE))
        question[k] = question.get(k, 0.0) + round(q * SCALE)
    return Model(base.rows, other, question)


def calibration(pause, gap, flat_, asked_end=0.0):
    fc, fe, fq = flat_
    return {
        "P=": (pause[0] - fc, pause[1] - fe, pause[2] - fq),
        "N=": (gap[0] - fc, gap[1] - fe, 0.0 - fq),
        "b=": (fc, fe, fq),
        "QN=": (0.0, asked_end, 0.0),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", choices=("small", "full"), default="full")
    args = ap.parse_args()
    texts = lines()
    full = args.grid == "full"
    # Pauses: every pause takes a mark, so only the sentence end's offset
    # against the comma's counts; the question offset is left to the form
    # rules (spoken_form), which decide questions at pauses.
    ends = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5) if full else (0.0, 1.0)
    results = []
    for pe in ends:
        f = evaluate(calibrated(calibration((0.0, pe, 0.0), (0.0, 0.0), (0.0, 0.0, 0.0))), texts, " ")
        results.append((sum(f) / 3, f, pe))
    print("pauses (mean F1; sentence end, question, comma; end offset at a pause):")
    for mean, f, pe in results:
        print(f"  {mean:.4f}  {f[0]:.3f} {f[1]:.3f} {f[2]:.3f}  P= end {pe}")
    # The shipped end offset is chosen by hand from this list, at the low end
    # of the plateau, and checked with bench/bench_punct.py (written chat).
    pause = (0.0, max(results)[2], 0.0)
    flat_results = []
    grid = itertools.product((0.0, 0.5, 1.0), (0.0, 0.5, 1.0, 1.5, 2.0)) if full else ((0.0, 0.0), (0.5, 0.5))
    for fc, fe in grid:
        f = evaluate(calibrated(calibration(pause, (0.0, 0.0), (fc, fe, 0.0))), texts, "")
        flat_results.append((sum(f) / 3, f, (fc, fe)))
    flat_results.sort(reverse=True)
    print("no spaces (mean F1; sentence end, question, comma; comma and end offsets everywhere):")
    for mean, f, b in flat_results[:8]:
        print(f"  {mean:.4f}  {f[0]:.3f} {f[1]:.3f} {f[2]:.3f}  b={b}")
    # A question pending without pauses: its sentence-end offset (chosen by
    # hand from this list, at the low end of the plateau of the question F1,
    # and checked with bench/bench_punct.py without spaces).
    flat_ = (*flat_results[0][2], 0.0)
    asked = (0.0, 1.0, 1.5, 2.0, 2.25, 2.5, 3.0, 3.5, 4.0) if full else (0.0, 2.0)
    print("no spaces, question pending (mean F1; sentence end, question, comma; QN= end offset):")
    for qe in asked:
        f = evaluate(calibrated(calibration(pause, (0.0, 0.0), flat_, qe)), texts, "")
        print(f"  {sum(f) / 3:.4f}  {f[0]:.3f} {f[1]:.3f} {f[2]:.3f}  QN= end {qe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
