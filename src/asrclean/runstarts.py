"""Where the runs of a character class begin in a text, kept through the edits made to it.

Several passes of the fillers stage look for English words in a Chinese text, each with
its own regex that opens with a class of letters: CPython's ``re`` skips ahead to such a
class one character at a time (some 7 ns a character), so each of those scans costs
about as much on a page without a single Latin letter as on one full of them. Here the
runs of letters are found once per round, and each pass tries its pattern only where
one begins. Between passes the places are carried through the edits the passes made
(all of them recorded), and looked at again only where the text changed: the same
places as a new scan finds, at the cost of the edits, not of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .edits import Edit, ascending_runs, touched_spans


class RunStarts:
    """``starts(text, edits)``: where each run of ``chars`` begins in ``text``.

    ``edits`` is the list a ``Recorder`` keeps: the edits added to it since the last call
    must be those that turned the text of that call into ``text`` (a new text with no
    edits since, or one whose length they do not explain, is scanned whole).
    """

    __slots__ = ("_chars", "_scan", "_seen", "_starts", "_text")

    def __init__(self, chars: str):
        self._chars = frozenset(chars)
        # (The class, then the rest of the run: a pattern that opens with "[...]+" is tried
        # at every character; one that opens with the class skips ahead to it.)
        cls = f"[{re.escape(chars)}]"
        self._scan = re.compile(f"{cls}{cls}*")
        self._text: str | None = None
        self._starts: list[int] = []
        self._seen = 0

    def starts(self, text: str, edits: Sequence[Edit]) -> list[int]:
        known = self._text
        if text is not known:
            new = edits[self._seen :] if known is not None and len(edits) >= self._seen else ()
            if new and len(known) + sum(len(e.after) - len(e.before) for e in new) == len(text):
                self._starts = self._carried(text, new)
            else:
                self._starts = [m.start() for m in self._scan.finditer(text)]
            self._text = text
        self._seen = len(edits)
        return self._starts

    def _carried(self, text: str, edits: Sequence[Edit]) -> list[int]:
        """The starts of the text before ``edits``, carried through them to ``text``."""
        starts = self._starts
        for run in ascending_runs(edits):
            # Within a run each edit's span, less the changes before it in the run, is a
            # span of the run's input: a start before it moves by those changes, one in
            # it or just after it (whose character before changed) is dropped.
            out: list[int] = []
            i = 0
            n = len(starts)
            shift = 0
            for e in run:
                a = e.start - shift
                b = a + len(e.before)
                while i < n and starts[i] < a:
                    out.append(starts[i] + shift)
                    i += 1
                while i < n and starts[i] <= b:
                    i += 1
                shift += len(e.after) - len(e.before)
            out.extend([p + shift for p in starts[i:]] if shift else starts[i:])
            starts = out
        # Where the text changed (and the character after), each place is looked at anew:
        # everywhere else a character and the one before it are as they were.
        chars = self._chars
        size = len(text)
        kept: list[int] = []
        j = 0
        n = len(starts)
        done = 0  # places before this are settled
        for x, y in touched_spans(edits):
            lo = max(x, done)
            hi = min(y + 2, size)
            while j < n and starts[j] < lo:
                kept.append(starts[j])
                j += 1
            while j < n and starts[j] < hi:
                j += 1
            for p in range(lo, hi):
                if text[p] in chars and (p == 0 or text[p - 1] not in chars):
                    kept.append(p)
            done = max(done, hi)
        kept.extend(starts[j:])
        return kept
