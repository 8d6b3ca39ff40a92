"""Where each edit landed: the cleaned text as pieces of the base text and changes.

Edits are recorded in the text as it was when each was applied, so an edit's
``start`` means nothing to a reader of the input or of the output. Replaying
them over pieces instead of characters keeps, for every stretch of the result,
the stretch of the base text it came from: unchanged pieces point at their
characters, changed pieces at the span they replaced and at the edits that made
them. A later edit that touches an earlier edit's text joins it (one change
"。，" -> "。" made of two edits); edits that merely sit side by side stay apart,
so each can be undone alone.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Sequence

from .edits import Edit


class Piece:
    """A stretch of the result: ``text``, from base span ``[bstart, bend)``.

    ``ids`` is None for base text left as it was, else the indices (into the
    edit list) of the edits that made it.
    """

    __slots__ = ("text", "bstart", "bend", "ids")

    def __init__(self, text: str, bstart: int, bend: int, ids: tuple[int, ...] | None):
        self.text = text
        self.bstart = bstart
        self.bend = bend
        self.ids = ids

    def __repr__(self) -> str:
        return f"Piece({self.text!r}, {self.bstart}, {self.bend}, {self.ids})"


def _runs(edits: Sequence[Edit]) -> list[list[int]]:
    """Indices of edits in runs that are sorted and do not overlap (one regex
    pass makes one): inside a run every edit can be placed in the run's input."""
    runs: list[list[int]] = []
    last_end = None
    for i, e in enumerate(edits):
        if runs and e.start >= last_end:
            runs[-1].append(i)
        else:
            runs.append([i])
        last_end = e.start + len(e.after)
    return runs


def trace(base: str, edits: Sequence[Edit]) -> tuple[list[Piece], list[tuple[int, int]]]:
    """(pieces of the result, base span of each edit).

    The pieces' texts joined are ``replay(base, edits)``. Each run of edits is
    applied in one pass over the pieces, so the time is the number of runs
    times the number of pieces (runs are a few per stage).
    """
    pieces = [Piece(base, 0, len(base), None)] if base else []
    spans: list[tuple[int, int]] = [(0, 0)] * len(edits)
    # A long transcript is cleaned piece by piece, each piece's edits after the
    # last piece's: the text before every edit still to come is done. Those
    # pieces are set aside, so that a run costs what its own stretch holds,
    # not the whole text (which would make the time grow with the square).
    lowest = [0] * len(edits)  # the lowest start of this edit and all after it
    low = None
    for i in range(len(edits) - 1, -1, -1):
        low = edits[i].start if low is None else min(low, edits[i].start)
        lowest[i] = low
    done: list[Piece] = []
    done_len = 0
    for run in _runs(edits):
        k = 0
        while k < len(pieces) - 1 and done_len + len(pieces[k].text) <= lowest[run[0]]:
            done_len += len(pieces[k].text)
            k += 1
        if k:
            done.extend(pieces[:k])
            pieces = pieces[k:]
        prev_end = done[-1].bend if done else 0
        pieces = _apply(pieces, edits, run, spans, done_len, prev_end)
    done.extend(pieces)
    return done, spans


def _apply(
    pieces: list[Piece], edits: Sequence[Edit], run: list[int], spans: list, offset: int, prev_end: int
) -> list[Piece]:
    """Apply one run to ``pieces``, which start at ``offset`` of the text (after
    the base position ``prev_end``)."""
    ends = list(accumulate(len(p.text) for p in pieces))
    out: list[Piece] = []
    it = 0  # first piece not yet handed on
    pos = 0  # where piece ``it`` starts in the run's input
    shift = 0  # how much longer the run's output is than its input so far
    n = len(pieces)
    for idx in run:
        e = edits[idx]
        s = e.start - offset - shift
        end = s + len(e.before)
        shift += len(e.after) - len(e.before)
        # Pieces that end at or before the edit are handed on as they are.
        j = bisect.bisect_right(ends, s, it)
        if j > it:
            out.extend(pieces[it:j])
            pos = ends[j - 1]
            it = j
        head = tail = ""
        ids: list[int] = []
        bs = be = None
        if s < pos:
            # Inside the end of the change the edit before made: that change took
            # a piece made earlier whole, and this edit takes some of the rest
            # of it (input ``[s, pos)`` is the last ``pos - s`` characters of it).
            g = out.pop()
            head = g.text[: len(g.text) - (pos - s)]
            ids.extend(g.ids)
            bs, be = g.bstart, g.bend
            if end <= pos:
                tail = g.text[len(g.text) - (pos - end) :]
        elif it < n and pos < s and pieces[it].ids is None:
            p = pieces[it]
            k = s - pos
            out.append(Piece(p.text[:k], p.bstart, p.bstart + k, None))
            pieces[it] = Piece(p.text[k:], p.bstart + k, p.bend, None)
            pos = s
        while it < n and (pos <= s or pos < end):
            p = pieces[it]
            a, b = pos, ends[it]
            if a == b:  # a deletion left here: joined only from strictly inside
                if not (s < a < end):
                    break
            elif a >= end and not (a < s):
                break
            if p.ids is None:
                if b > end:  # base text running on past the edit: split it
                    k = end - a
                    bs = p.bstart if bs is None else bs
                    be = p.bstart + k
                    pieces[it] = Piece(p.text[k:], p.bstart + k, p.bend, None)
                    pos = end
                    break
                bs = p.bstart if bs is None else bs
                be = p.bend
            else:
                if a < s:
                    head = p.text[: s - a]
                if b > end:
                    tail = p.text[end - a :]
                bs = p.bstart if bs is None else min(bs, p.bstart)
                be = p.bend if be is None else max(be, p.bend)
                ids.extend(p.ids)
            pos = b
            it += 1
            if b > end:
                break
        if bs is None:  # an insertion between pieces
            bs = be = out[-1].bend if out else (pieces[it].bstart if it < n else prev_end)
        spans[idx] = (bs, be)
        ids.append(idx)
        out.append(Piece(head + e.after + tail, bs, be, tuple(ids)))
    out.extend(pieces[it:])
    return out
