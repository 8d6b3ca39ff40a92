"""What cue silences do for restored sentence ends on timed input (issue 9).

There is no held-out timed Chinese transcript with gold punctuation here, so
this builds subtitle cues from held-out punctuated dialogue text (bench/data,
never a training source of the restore model): every mark removed, a cue cut
at each mark and inside clauses longer than 16 characters, and a silence per
cut drawn from an ASSUMED distribution (log-normal; median 0.9 s after a
sentence end, 0.45 s after a comma, 0.12 s inside a clause). The figures
show what the rule in asrclean.silence does under that assumption, not on
real speech. Prints sentence-end and comma precision/recall/F1 with and
without the silence rule, and paragraph counts.

    PYTHONPATH=src python bench/bench_silence.py [FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from asrclean import Cleaner

try:
    from asrclean import silence
except ImportError:  # the code before silences were weighed, for comparison
    import types

    silence = types.SimpleNamespace(UNSURE=0.0)
from asrclean.readers import Segment, Source

MARKS = "。！？，、；：?!,;:"
STOPS = "。！？?!"
_MARK_RE = re.compile(f"[{MARKS}]")


def cues_of(text: str, rng: random.Random):
    """(cues, gold) where gold maps a character index to the mark after it."""
    chars, gold = [], {}
    for c in text:
        if c in MARKS:
            if chars:
                gold[len(chars) - 1] = c
        elif not c.isspace():
            chars.append(c)
    segs, t, cur = [], 0.0, []
    for i, c in enumerate(chars):
        cur.append(c)
        mark = gold.get(i)
        cut = mark is not None or (len(cur) >= 16 and rng.random() < 0.3)
        if cut or i == len(chars) - 1:
            dur = 0.22 * len(cur)
            segs.append(Segment("".join(cur), t, t + dur))
            median = 0.12 if mark is None else 0.9 if mark in STOPS else 0.45
            t += dur + rng.lognormvariate(0, 0.5) * median
            cur = []
    return segs, "".join(chars), gold


def predicted(out: str, chars: str):
    pred, k = {}, -1
    for c in out:
        if c in MARKS:
            if k >= 0:
                pred[k] = c
        elif c.isspace():
            continue
        else:
            k += 1
            if k >= len(chars) or chars[k] != c:
                return None
    return pred


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(Path(__file__).parent / "data" / "punct_heldout.txt"))
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--per-file", type=int, default=12, help="dialogues per long timed input")
    ap.add_argument("--try-unsure", type=float, nargs="*", default=[], help="other UNSURE values to compare")
    args = ap.parse_args()
    lines = [l for l in Path(args.file).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    lines = lines[: args.limit]
    default = silence.UNSURE
    cleaner = Cleaner(only=["normalize", "restore", "sentences"], punctuate="always")
    for label, unsure in (("without silences", 0.0), ("with silences", silence.UNSURE), *((f"unsure<{u}", u) for u in args.try_unsure)):
        silence.UNSURE = unsure
        rng = random.Random(7)
        counts = {k: [0, 0, 0] for k in ("end", "comma")}
        paras = chars_total = 0
        for line in lines:
            segs, chars, gold = cues_of(line, rng)
            if len(segs) < 2:
                continue
            doc = cleaner.clean_source(Source("b.srt", "srt", "utf-8", None, tuple(segs)))
            pred = predicted(doc.text, chars)
            if pred is None:
                continue
            paras += len(doc.paragraphs)
            chars_total += len(chars)
            for kind, cls in (("end", STOPS), ("comma", "，、；：,;:")):
                g = {i for i, m in gold.items() if m in cls}
                p = {i for i, m in pred.items() if m in cls}
                counts[kind][0] += len(g & p)
                counts[kind][1] += len(p - g)
                counts[kind][2] += len(g - p)
        figures = "  ".join(
            f"{k} P/R/F1 {'/'.join(f'{x:.3f}' for x in prf(*v))}" for k, v in counts.items()
        )
        print(f"{label:18s} {figures}  paragraphs {paras} ({chars_total} chars)")
    silence.UNSURE = default
    _paragraphs(lines, args.per_file, "auto")
    # Without restoring, every cue boundary is a comma: a paragraph can only
    # end where the sentences stage makes one of those commas a full stop.
    _paragraphs(lines, args.per_file, "never")


def _paragraphs(lines, per_file, punctuate):
    """Long timed inputs (``per_file`` dialogues in one subtitle file): where
    their paragraphs end, against the gold sentence ends."""
    cleaner = Cleaner(only=["normalize", "restore", "punctuation", "sentences"], punctuate=punctuate)
    rng = random.Random(11)
    files = paras = at_gold_end = forced = by_silence = 0
    sizes = []
    for k in range(0, len(lines) - per_file + 1, per_file):
        text = "".join(lines[k : k + per_file])
        segs, chars, gold = cues_of(text, rng)
        doc = cleaner.clean_source(Source("b.srt", "srt", "utf-8", None, tuple(segs)))
        ends, n = [], 0
        for p in doc.paragraphs:
            n += sum(1 for c in p.text if c not in MARKS and not c.isspace())
            ends.append(n - 1)
            sizes.append(len(p.text))
        if n != len(chars):
            continue
        files += 1
        forced += sum(1 for e in doc.edits if e.detail == "pause ends the paragraph")
        by_silence += sum(1 for e in doc.edits if e.rule == "silence-paragraph")
        paras += len(ends) - 1
        at_gold_end += sum(1 for e in ends[:-1] if gold.get(e, "") in STOPS)
    share = at_gold_end / paras if paras else 0.0
    print(
        f"long timed inputs, --punctuate {punctuate}: {files} files of {per_file} dialogues, {paras} paragraph breaks, "
        f"{share:.1%} at a gold sentence end, {forced} where a comma was made a full stop, "
        f"{by_silence} at a silence; paragraph length median {sorted(sizes)[len(sizes) // 2]} chars"
    )


if __name__ == "__main__":
    sys.exit(main())
