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
or more starts a new paragraph at the next sentence start: the break goes
at the first sentence end at or after the silence (never inside a
sentence), if the paragraph before it has a weight of at least
``sentences.STRONG_CUE_MIN`` and the rest of the paragraph at least
``sentences.SHORT_TAIL`` (no one-line paragraphs) — rule
``layout/silence-paragraph``. (A silence of ``api.SECTION_GAP`` seconds is a
hard break in the base text already.) The sentences stage then groups the
sentences of each paragraph by length and topic cues as before.

The thresholds: the seconds are round figures, not tuned (a second of
silence is long for a pause inside a sentence; under 0.3 s a cue was most
likely cut for its length, not at a pause); UNSURE was chosen on held-out CrossWOZ training turns made
into cues with assumed silences (bench/bench_silence.py, which says what it
assumes), not on the figures it reports.

Both act only on the first cleaning: the Markdown output keeps a time per
paragraph but no silences, and its marks and paragraphs stand when it is
cleaned again.
"""

from __future__ import annotations

import re
from typing import Sequence

from .edits import Edit, Recorder, ascending_runs
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
    runs = ascending_runs(edits)  # the runs ``map_back_many`` finds: sorted, not overlapping
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
            if e.after == "，" and secs >= LONG_PAUSE and conf < (SURE if secs >= PARAGRAPH_SILENCE else UNSURE):
                mark = "？" if q and text[q - 1] in _ASKING_ENDS else "。"
                stops.append((q, q + 1, mark, f"silence {secs:.1f}s; comma confidence {conf:.2f}"))
            elif e.after == "。" and secs < SHORT_PAUSE and conf < UNSURE:
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
    # Every scan below is bounded or moves forward only: a long transcript
    # with many silences and few sentence ends stays linear.
    spans = []
    last = 0  # where the paragraph being built starts (a line break moves it on)
    m = None  # the last sentence end found; still the next one for a later silence before it
    done = -1  # the end of the last sentence end already decided on
    scanned = 0  # line breaks before this are known
    for q, (_, secs) in zip(where, silences):
        if secs < PARAGRAPH_SILENCE or q <= last:
            continue
        # The sentence end at the silence (a mark just before it) or after it.
        pos = max(q - 1, last)
        if m is None or m.start() < pos:
            m = next(sentence_ends(text, pos), None)
            if m is None:
                break
        e = m.end()
        if e == done:
            continue
        done = e
        nl = text.rfind("\n", max(last, scanned), e)
        scanned = e
        if nl != -1:
            last = nl + 1  # the paragraph that holds the sentence end starts there
        f = e
        while f < len(text) and text[f] == " ":
            f += 1
        if f == len(text) or text[f] == "\n":
            continue
        if not _weighs(text, last, e, STRONG_CUE_MIN, backward=True) or not _weighs(text, f, len(text), SHORT_TAIL):
            continue
        spans.append((e, f, "\n\n", None))
        last = f
    return spans


def _weighs(text: str, a: int, b: int, need: int, backward: bool = False) -> bool:
    """Whether ``text[a:b]``, up to a line break, weighs ``need`` or more
    (``sentences.weight``), looking only as far as it takes to know."""
    step = 2 * need
    while a < b:
        if backward:
            chunk = text[max(a, b - step) : b]
            cut = chunk.rfind("\n")
            if cut != -1:
                chunk, a = chunk[cut + 1 :], b
        else:
            chunk = text[a : min(b, a + step)]
            cut = chunk.find("\n")
            if cut != -1:
                chunk, b = chunk[:cut], a
        # (A word cut at a chunk's edge may count twice: never a paragraph too few.)
        need -= weight(chunk)
        if need <= 0:
            return True
        if backward:
            b -= step
        else:
            a += step
    return False
