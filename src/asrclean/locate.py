"""Positions a person can find: base-text offsets -> line and column of the input file.

The edits replay over the base text (``api.base_text``): the segments a reader
took out of the file, joined. A plain-text file's segment is the file itself
(but its title line); a subtitle's cues and a recognizer's segments stand in the
file among numbers, timings and JSON syntax. Each segment (or, when it was
changed on the way in, each of its lines) is found in the file in order, and
every base offset is placed through the nearest one found before it.

A line that the reader changed inside (formatting tags such as ``<i>`` or
``{\\an8}`` taken out, ``&amp;`` read as ``&``) is looked for in the file's
*visible* text, the file with such markup taken out, and placed through the map
back to the file, one anchor per run of characters that stand together there.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

CONTEXT = 8  # characters of the file shown on each side of an edit


@dataclass(frozen=True)
class Place:
    line: int  # 1-based
    column: int  # 1-based, in characters
    context: str  # the edit and the file around it on its line, line breaks in it shown as "⏎"


_BREAK_RE = re.compile(r"\r\n|\r|\n")
# Markup a reader may have taken out of a line: HTML-like tags of SubRip and
# WebVTT, ASS position codes, and character references (read as one character).
_MARKUP_RE = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _visible(text: str, start: int, stop: int) -> tuple[str, list[int]]:
    """``text[start:stop]`` with markup taken out, and the file offset of each character kept."""
    import html

    parts: list[str] = []
    where: list[int] = []
    last = start
    for m in _MARKUP_RE.finditer(text, start, stop):
        parts.append(text[last : m.start()])
        where.extend(range(last, m.start()))
        if m.group(0).startswith("&"):
            char = html.unescape(m.group(0))
            parts.append(char)
            where.extend([m.start()] * len(char))
        last = m.end()
    parts.append(text[last:stop])
    where.extend(range(last, stop))
    return "".join(parts), where


class Locator:
    def __init__(self, original: str, src):
        from .api import _join, _joiner, _turns

        # The file's text as it is (a "\r\n" is two characters in the base text
        # too); "\r\n" and a lone "\r" each end one line, as an editor counts.
        text = original[1:] if original.startswith("\ufeff") else original
        self.text = text
        self._line_starts = [0] + [m.end() for m in _BREAK_RE.finditer(text)]
        anchors: list[tuple[int, int, int]] = []  # (base offset, file offset, length)
        cursor = 0
        base = 0
        joiner = _joiner(src.kind)
        for _, segments in _turns(src.segments):
            joined, offsets = _join(segments, joiner)
            for seg, off in zip(segments, offsets):
                cursor = self._anchor(seg.text, base + off, cursor, anchors)
            base += len(joined) + 2
        anchors.sort()
        self._anchors = anchors
        self._bases = [a[0] for a in anchors]

    def _anchor(self, seg: str, base: int, cursor: int, anchors: list) -> int:
        if not seg:
            return cursor
        at = self.text.find(seg, cursor)
        if at >= 0:
            anchors.append((base, at, len(seg)))
            return at + len(seg)
        # Changed on the way in (tags, escapes, a speaker's name taken off): line by line.
        pos = 0
        for line in seg.split("\n"):  # (a "\r" left at a line's end is stripped below)
            core = line.strip()
            if core:
                at = self.text.find(core, cursor)
                if at >= 0:
                    anchors.append((base + pos + line.index(core), at, len(core)))
                    cursor = at + len(core)
                else:
                    cursor = self._anchor_visible(core, base + pos + line.index(core), cursor, anchors)
            pos += len(line) + 1
        return cursor

    def _anchor_visible(self, core: str, base: int, cursor: int, anchors: list) -> int:
        """Place a line whose markup the reader took out, through the file's visible text.

        The visible text is made for a window after the cursor, doubled until the
        line is found, so a long file costs no more than a look at what follows.
        """
        span = 4 * len(core) + 4096
        while True:
            stop = min(len(self.text), cursor + span)
            shown, where = _visible(self.text, cursor, stop)
            at = shown.find(core)
            if at >= 0:
                break
            if stop == len(self.text):
                return cursor
            span *= 2
        run_base, run_file, run_len = base, where[at], 1
        for i in range(1, len(core)):
            f = where[at + i]
            if f == run_file + run_len:
                run_len += 1
            else:
                anchors.append((run_base, run_file, run_len))
                run_base, run_file, run_len = base + i, f, 1
        anchors.append((run_base, run_file, run_len))
        return run_file + run_len

    def offset(self, base_pos: int) -> int:
        """The file offset (in ``self.text``) of a base-text offset."""
        i = bisect.bisect_right(self._bases, base_pos) - 1
        if i < 0:
            return self._anchors[0][1] if self._anchors else 0
        b, f, n = self._anchors[i]
        return f + min(base_pos - b, n)

    def place(self, bstart: int, bend: int) -> Place:
        start = self.offset(bstart)
        end = max(start, self.offset(bend))
        line = bisect.bisect_right(self._line_starts, start)
        column = start - self._line_starts[line - 1] + 1
        # The edit and up to CONTEXT characters each side, within its line(s).
        m = _BREAK_RE.search(self.text, end)
        stop = min(end + CONTEXT, m.start() if m else len(self.text))
        context = _BREAK_RE.sub("⏎", self.text[max(self._line_starts[line - 1], start - CONTEXT) : stop])
        return Place(line, column, context)

