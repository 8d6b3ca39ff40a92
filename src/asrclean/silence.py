"""Silence between timed segments: evidence for sentence ends, and paragraph breaks.

A subtitle cue or a recognizer segment ends where the speaker paused, and a
timed source says for how long. Right after the restore stage (which sees a
cue boundary only as a pause space, however long the pause), for the marks
that the restore stage itself put at a cue boundary:

- a silence of LONG_PAUSE seconds or more is evidence for a sentence end: a
  comma restored there with a confidence below UNSURE becomes a full stop
  (a question mark after 吗/呢/么) — rule ``silence-stop``; from
  PARAGRAPH_SILENCE seconds on, one with a confidence below SURE does;
- a silence under SHORT_PAUSE seconds (a cue cut mid-phrase, or overlapping
  cues) is evidence against one: a full stop restored there with a
  confidence below UNSURE becomes a comma — rule ``short-pause-comma``.
  (A restored comma stays even there: the restore stage gives every pause a
  mark, and deleting one made recognizer segments cut at a real but short
  pause read worse: "先看数据再去找".)

Marks the recognizer wrote are never touched, nor marks the model was sure of.

Then, in a text whose marks the restore stage put back (punctuated subtitles
keep their paragraphs as they were), a silence of PARAGRAPH_SILENCE seconds
or more starts a new paragraph at the next sentence start: the break goes at the first sentence end at or
after the silence (never inside a sentence), if the paragraph before it has
a weight of at least ``sentences.STRONG_CUE_MIN`` and the rest of the
paragraph at least ``sentences.SHORT_TAIL`` (no one-line paragraphs) — rule
``layout/silence-paragraph``. (A silence of ``api.SECTION_GAP`` seconds is a
hard break in the base text already.)

Both act only on the first cleaning: the Markdown output keeps a time per
paragraph but no silences, and its marks and paragraphs stand when it is
cleaned again.
"""

from __future__ import annotations

import re
from typing import Sequence

from .edits import Edit, Recorder
from .stages.sentences import SHORT_TAIL, STRONG_CUE_MIN, sentence_ends, weight

LONG_PAUSE = 1.0  # seconds
SHORT_PAUSE = 0.3
UNSURE = 0.7  # a restored mark with a confidence below this yields to the silence
SURE = 0.9  # at a silence of PARAGRAPH_SILENCE, only a comma this sure stays
PARAGRAPH_SILENCE = 2.5

_CONFIDENCE_RE = re.compile(r"confidence ([01](?:\.\d+)?)")
_ASKING_ENDS = frozenset("吗呢么")


def gaps(segments: Sequence, offsets: Sequence[int], text: str) -> list[tuple[int, float]]:
    """(offset in ``text`` of the separator, seconds of silence) between
    consecutive timed segments joined by a single space or line break (not
    across a paragraph break, which a section gap or a turn already is)."""
    out = []
    for i in range(1, len(segments)):
        prev, seg = segments[i - 1], segments[i]
        if prev.end is None or seg.start is None:
            continue
        a = offsets[i - 1] + len(prev.text)
        if offsets[i] - a != 1 or text[a] not in " \n":
            continue
        out.append((a, max(0.0, seg.start - prev.end)))
    return out


def map_forward_many(positions: Sequence[int], edits: Sequence[Edit]) -> list[int]:
    """Where sorted offsets of the original text are after ``edits``: the
    inverse of ``api.map_back_many`` (a position inside a replaced span goes
    to the replacement's start, one at an insertion to after it)."""
    pos = list(positions)
    runs: list[list[Edit]] = []
    for e in edits:  # the runs ``map_back_many`` finds: sorted, not overlapping
        if runs and e.start >= runs[-1][-1].start + len(runs[-1][-1].after):
            runs[-1].append(e)
        else:
            runs.append([e])
    for run in runs:
        out = []
        k = 0
        shift = 0  # how much longer the run's output is than its input, before edit k
        for p in pos:
            while k < len(run) and run[k].start - shift + len(run[k].before) <= p:
                shift += len(run[k].after) - len(run[k].before)
                k += 1
            if k < len(run) and run[k].start - shift <= p:
                out.append(run[k].start)  # inside a replaced span: the replacement's start
            else:
                out.append(p + shift)
        pos = out
    return pos


def _confidence(e: Edit) -> float | None:
    m = _CONFIDENCE_RE.search(e.detail or "")
    return float(m.group(1)) if m else None


def hook(silences: list[tuple[int, float]]):
    """The ``Pipeline(after_restore=)`` callback for a unit with these silences."""

    def apply(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
        if not silences:
            return text, []
        where = map_forward_many([p for p, _ in silences], edits)
        restored = {e.start: e for e in edits if e.stage == "restore" and e.rule.startswith("restore-")}
        stops, commas = [], []
        for q, (_, secs) in zip(where, silences):
            e = restored.get(q)
            if e is None or q >= len(text) or text[q] != e.after:
                continue
            conf = _confidence(e)
            if conf is None:
                continue
            if e.after == "，" and secs >= PARAGRAPH_SILENCE and conf < SURE:
                mark = "？" if q and text[q - 1] in _ASKING_ENDS else "。"
                stops.append((q, q + 1, mark, f"silence {secs:.1f}s; comma confidence {conf:.2f}"))
                continue
            if conf >= UNSURE:
                continue
            if e.after == "，" and secs >= LONG_PAUSE:
                mark = "？" if q and text[q - 1] in _ASKING_ENDS else "。"
                stops.append((q, q + 1, mark, f"silence {secs:.1f}s; comma confidence {conf:.2f}"))
            elif secs < SHORT_PAUSE and e.after == "。":
                commas.append((q, q + 1, "，", f"silence {secs:.1f}s; stop confidence {conf:.2f}"))
        r = Recorder("restore")
        text = r.replace_spans(text, stops, "silence-stop")
        text = r.replace_spans(text, commas, "short-pause-comma")  # one character for one: no offset moves
        layout = Recorder("layout")
        if restored:
            # Only in text that came without marks: punctuated subtitles keep
            # the paragraphs they always had (length, cues, section gaps).
            text = layout.replace_spans(text, _breaks(text, where, silences), "silence-paragraph")
        return text, r.edits + layout.edits

    return apply


def _breaks(text: str, where: list[int], silences: list[tuple[int, float]]) -> list[tuple[int, int, str, None]]:
    spans = []
    last = 0  # where the paragraph being built starts
    for q, (_, secs) in zip(where, silences):
        if secs < PARAGRAPH_SILENCE or q <= last:
            continue
        # The sentence end at the silence (a mark just before it) or after it.
        m = next(sentence_ends(text, max(q - 1, last)), None)
        if m is None:
            break
        e = m.end()
        if "\n" in text[q:e]:
            continue  # none in this paragraph: a paragraph break comes first anyway
        f = e
        while f < len(text) and text[f] == " ":
            f += 1
        if f == len(text) or text[f] == "\n":
            continue
        start = max(last, text.rfind("\n", 0, e) + 1)
        nl = text.find("\n", f)
        if weight(text[start:e]) < STRONG_CUE_MIN or weight(text[f : nl if nl != -1 else len(text)]) < SHORT_TAIL:
            continue
        spans.append((e, f, "\n\n", None))
        last = f
    return spans
