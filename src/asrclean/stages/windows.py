"""A round of passes run again on the paragraphs that changed, not on the whole text.

The fillers stage runs its passes round after round until a round changes nothing:
one removal can make another possible ("我呃我觉得" -> "我我觉得" -> "我觉得"). A round
after the first can only find something where the round before changed the text, and
the pipeline's second look after the terms stage only where that stage changed it;
run on the whole text, each such round cost as much as the first (a long transcript
is a few thousand paragraphs, of which a round changes a handful).

So such a round runs on a shorter text made of the paragraphs that may change, each
with what its rules read around it, and its edits are carried over to the whole text
in the same order and at the offsets they would have there. That gives the same
result as the whole text only because of what the rules read (tests/test_windows.py
checks it against whole-text rounds on random texts):

* A *block* is a paragraph with the blank lines after it: the text is cut after
  every run of two or more line breaks. No rule matches, deletes or inserts across
  such a cut, and none reads past one, except:
* looking back past blank lines to the end of the paragraph before (a 嗯 opening a
  paragraph after a question answers it): each block is run after that paragraph,
  which is *frozen* (its text is read, no edit is made in it), and a block whose
  paragraph before it changed is run again;
* at the very start of the text, whether all the rest is only fillers and marks
  ("嗯。" alone is an answer): the first paragraph is run in every round, and the
  rest after it holds at least one block with a word in it when the whole text does.

A glossary string with a line break in it (a protected span could cross a cut) turns
this off: those rounds then run on the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from ..edits import Edit, ascending_runs, shifted, touched_spans

# Blocks end after a run of blank lines: a block starts where such a run ends.
_BREAK_RE = re.compile(r"\n\n+")
# A character that makes a block more than fillers and marks, for the text-start rule:
# a letter or digit that is not a hesitation sound.
_SOUNDS = frozenset("呃嗯恩额哎唉啊呢唔哦噢哼")
_NOT_SPACE_RE = re.compile(r"\S")


def block_starts(text: str) -> list[int]:
    """Where each block of ``text`` begins: 0, and the end of each run of two or more
    line breaks that something follows."""
    n = len(text)
    return [0] + [m.end() for m in _BREAK_RE.finditer(text) if m.end() < n]


def _same(text: str) -> str:
    return text


def _has_words(block: str) -> bool:
    return any(c.isalnum() and c not in _SOUNDS for c in block)


class _Frozen:
    """The blocks of the short text as its passes edit it: where each begins now, which
    are frozen, and each edit carried over to the whole text."""

    __slots__ = ("starts", "frozen", "offsets", "whole", "_seen")

    def __init__(self, starts: list[int], frozen: list[bool], offsets: list[int]):
        self.starts = starts  # block -> where it begins in the short text now
        self.frozen = frozen
        self.offsets = offsets  # block -> whole-text offset less short-text offset
        self.whole: list[Edit] = []  # the edits so far, in the whole text's offsets
        self._seen = 0

    def sync(self, edits: Sequence[Edit]) -> None:
        """Move the blocks past the edits made since the last call, and carry them over."""
        new = edits[self._seen :]
        self._seen = len(edits)
        starts = self.starts
        n = len(starts)
        for run in ascending_runs(new):
            b = 0
            shift = 0
            for e in run:
                s = e.start - shift  # in the run's input
                # The block the edit is in (one inserted where a block begins is its).
                while b + 1 < n and starts[b + 1] <= s:
                    b += 1
                    starts[b] += shift
                self.whole.append(shifted(e, self.offsets[b]))
                shift += len(e.after) - len(e.before)
            if shift:
                for k in range(b + 1, n):
                    starts[k] += shift

    def overlaps(self, start: int, end: int) -> bool:
        b = bisect.bisect_right(self.starts, start) - 1
        last = b if end <= start else bisect.bisect_right(self.starts, end - 1) - 1
        return any(self.frozen[k] for k in range(max(b, 0), last + 1))


def rerun(
    text: str,
    changed: Sequence[tuple[int, int]],
    run: Callable[[object, str], str],
    recorder: Callable[..., object],
    view: Callable[[str], str] | None = None,
) -> tuple[str, list[Edit], list[tuple[int, int]]]:
    """One round, ``run(recorder, text) -> text``, over the blocks of ``text`` that
    ``changed`` (spans of it) touches or that read one it touches. Returns the new
    whole text, the round's edits in its offsets (as a round over the whole text
    makes them) and the spans they changed. ``recorder(frozen=...)`` makes the
    round's ``Recorder``. ``view``: what the round reads instead of the text, one
    character for one (the fillers stage reads traditional Chinese as simplified),
    applied to the blocks it runs on and reads alone, not to the whole text: the round
    behaves as on ``view(text)``, and when it changes anything, every window comes back
    in its view."""
    if view is None:
        view = _same
    starts = block_starts(text)
    n = len(starts)
    ends = starts[1:] + [len(text)]

    def blank(k: int) -> bool:
        return _NOT_SPACE_RE.search(text, starts[k], ends[k]) is None

    dirty: set[int] = set()
    for a, b in changed:
        i = bisect.bisect_right(starts, a) - 1
        j = bisect.bisect_right(starts, b) - 1
        dirty.update(range(max(i, 0), j + 1))
    if not dirty:
        return text, [], []
    # The block after a changed one reads its end: it runs again too (past blank ones).
    for k in sorted(dirty):
        j = k + 1
        while j < n and blank(j):
            dirty.add(j)
            j += 1
        if j < n:
            dirty.add(j)
    # The text's first paragraph reads all the rest.
    k = 0
    while k < n:
        dirty.add(k)
        if not blank(k):
            break
        k += 1
    # Windows: runs of blocks, each dirty block with the paragraph before it (and the
    # blank blocks between) frozen before it.
    windows: list[list[int]] = []
    for k in sorted(dirty):
        lo = k - 1
        while lo > 0 and blank(lo):
            lo -= 1
        lo = max(lo, 0)  # (the paragraph before, or the text's start when all before is blank)
        if windows and lo <= windows[-1][1] + 1:
            windows[-1][1] = k
        else:
            windows.append([lo, k])
    # The rest after the first window holds a block with words if the text does.
    first_end = windows[0][1]
    for k in range(first_end + 1, n):
        inside = any(lo <= k <= hi for lo, hi in windows)
        if inside:
            if _has_words(view(text[starts[k] : ends[k]])):
                break
            continue
        pos = bisect.bisect_left([lo for lo, _ in windows], k)
        windows.insert(pos, [k, k])
        if _has_words(view(text[starts[k] : ends[k]])):
            break
    # The short text, its blocks, and where each lies in the whole text.
    pieces = []
    short_starts: list[int] = []
    frozen: list[bool] = []
    offsets: list[int] = []
    first_block: list[int] = []  # window -> its first block in the short text
    at = 0
    for lo, hi in windows:
        offset = starts[lo] - at
        first_block.append(len(short_starts))
        for k in range(lo, hi + 1):
            short_starts.append(at + starts[k] - starts[lo])
            frozen.append(k not in dirty)
            offsets.append(offset)
        piece = text[starts[lo] : ends[hi]]
        pieces.append(piece)
        at += len(piece)
    short = view("".join(pieces))
    tracker = _Frozen(short_starts, frozen, offsets)
    r = recorder(frozen=tracker)
    out = run(r, short)
    tracker.sync(r.edits)
    if not tracker.whole:
        return text, [], []
    # Put the new windows back in the whole text.
    window_starts = [tracker.starts[b] for b in first_block] + [len(out)]
    parts = []
    pos = 0
    for w, (lo, hi) in enumerate(windows):
        parts.append(text[pos : starts[lo]])
        parts.append(out[window_starts[w] : window_starts[w + 1]])
        pos = ends[hi]
    parts.append(text[pos:])
    return "".join(parts), tracker.whole, touched_spans(tracker.whole)
