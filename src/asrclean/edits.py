"""Edit records: every change a stage makes, named and replayable.

An edit's ``start``/``end`` are offsets in the text *as it is when the edit is
applied*: replaying a list of edits in order, each one as
``text[:start] + after + text[end:]``, turns a stage's input into its output.
That single convention lets ``--explain``, ``--diff``, the JSON output and the
"nothing lost" tests all work from the same records.
"""

from __future__ import annotations

import bisect
import re
import sys
from operator import add
from typing import Callable, Iterable, NamedTuple, Sequence, Union


class Edit(NamedTuple):
    """One change: ``before`` at ``start:end`` became ``after``, by ``stage``'s ``rule``.

    A named tuple, not a frozen dataclass: a long transcript has an edit every twenty
    characters or so, each made once and often copied (shifted) once, and a tuple is made
    in C (a frozen dataclass set each field through ``object.__setattr__``, several times
    slower: a tenth of the time of some stages). Same fields, order, equality and hash."""

    stage: str
    rule: str
    start: int
    end: int
    before: str
    after: str
    detail: str | None = None

    def as_dict(self) -> dict:
        d = {"stage": self.stage, "rule": self.rule, "start": self.start, "end": self.end, "before": self.before, "after": self.after}
        if self.detail is not None:
            d["detail"] = self.detail
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Edit":
        """An edit from ``as_dict`` output, such as the JSON format's ``edits``
        (whose ``line``, ``column`` and ``context`` place it in the input file)."""
        return cls(d["stage"], d["rule"], d["start"], d["end"], d["before"], d["after"], d.get("detail"))


_new = tuple.__new__


def make_edit(stage: str, rule: str, start: int, end: int, before: str, after: str, detail: str | None = None) -> Edit:
    """``Edit(...)``, the same object, made faster (without the keyword handling of
    the named tuple's own constructor)."""
    return _new(Edit, (stage, rule, start, end, before, after, detail))


def shifted(e: Edit, by: int) -> Edit:
    """``e`` with its span ``by`` characters further on."""
    if not by:
        return e
    stage, rule, start, end, before, after, detail = e
    return _new(Edit, (stage, rule, start + by, end + by, before, after, detail))


def shifted_all(edits: Iterable[Edit], by: int) -> list[Edit]:
    """``[shifted(e, by) for e in edits]``, without a call per edit (a long text's edits
    are shifted once each, into the offsets of the whole document)."""
    if not by:
        return list(edits)
    return [_new(Edit, (stage, rule, start + by, end + by, before, after, detail)) for stage, rule, start, end, before, after, detail in edits]


def _shared(s: str | None, longest: int = 8) -> str | None:
    # A big transcript has an edit every few characters, nearly all with the
    # same few strings ("，", " ", "collapsed '。，' to the strongest mark"): one
    # copy of each, not one per edit, keeps a long text's edits small.
    if s is not None and len(s) <= longest and type(s) is str:
        return sys.intern(s)
    return s


def replay(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits in order; the result equals the pipeline's output."""
    for e in edits:
        if text[e.start : e.end] != e.before:
            raise ValueError(f"edit does not fit the text: {e}")
        text = text[: e.start] + e.after + text[e.end :]
    return text


class Protected:
    """Spans of a text that no stage may touch (the glossary's ``keep`` list).

    Built per pass from the text the pass receives, so offsets always match. The spans are
    those of ``pattern.finditer(text)``. For a ``literals.Literals`` pattern (the fillers
    stage protects every glossary term) they are worked out only near the places asked
    about: a stage asks about a few thousand places in a long text, and a whole scan with a
    large glossary cost more than all the stages together, once per pass.
    """

    __slots__ = ("_starts", "_ends", "_text", "_lazy", "_memo")

    def __init__(self, text: str, pattern):
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._text = text
        self._lazy = None
        self._memo: dict[int, int | None] = {}
        if pattern is None:
            return
        if hasattr(pattern, "match_end"):
            if pattern:
                self._lazy = pattern
            return
        self._scan(pattern)

    def _scan(self, pattern) -> None:
        for m in pattern.finditer(self._text):
            if m.end() > m.start():
                self._starts.append(m.start())
                self._ends.append(m.end())

    def __bool__(self) -> bool:
        return self._lazy is not None or bool(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        if self._lazy is not None:
            return self._near(start, end)
        if not self._starts:
            return False
        # The last protected span that starts before `end` is the only candidate
        # that can overlap, because spans from finditer never overlap each other.
        i = bisect.bisect_left(self._starts, end) - 1
        if i < 0:
            return False
        if end == start:  # an insertion point: inside a span, not at its edges
            return self._starts[i] < start < self._ends[i]
        return self._ends[i] > start

    def _end(self, p: int) -> int | None:
        memo = self._memo
        if p in memo:
            return memo[p]
        e = memo[p] = self._lazy.match_end(self._text, p)
        return e

    def _near(self, start: int, end: int) -> bool:
        """``overlaps`` from the spans near ``start``, as ``finditer`` would find them.

        ``finditer`` goes from match to match; the chain that reaches ``start`` is found
        again from the nearest place q before it that no match crosses (no match starting
        before q ends after it): there every chain is between two matches. Where matches
        overlap for long (a run of one repeated term), the whole text is scanned once.
        """
        lit = self._lazy
        text = self._text
        longest = lit.max_len
        reach = lit.reach  # first character -> the longest string starting with it
        q = start
        p = start - 1
        while p >= 0 and p > q - longest:
            r = reach.get(text[p])
            if r is not None and p + r > q:
                e = self._end(p)
                if e is not None and e > q:
                    q = p
                    if start - q > 8 * longest + 64:
                        self._lazy = None
                        self._scan(lit)
                        return self.overlaps(start, end)
            p -= 1
        p = q
        while p < end:
            e = self._end(p) if text[p] in reach else None
            if e is None:
                p += 1
                continue
            if (p < start < e) if end == start else (e > start):
                return True
            p = e
        return False


def literal_pattern(strings: Iterable[str], words: Iterable[str] = ()):
    """One regex for literal strings; at each position the longest one wins.

    ``words`` match only as whole words: a Latin edge does not start or end inside a
    Latin word or identifier (the terms stage finds its keys so: "B圈" is not in "IB圈").
    Built as a trie (see ``literals``): a flat alternation costs every position
    of the text time in proportion to the number of strings. The result is a
    ``literals.Literals``: ``finditer`` as a regex's, and a lookup at one position.
    """
    from .literals import Literals

    found = Literals(strings, words)
    return found if found else None


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int], pos: int = 0):
    """``pattern``'s matches tried at ``starts`` (ascending) from ``pos`` on, left to right
    without overlaps: ``pattern.finditer``'s matches when every one of them begins at one
    of ``starts`` (see ``Prefiltered``; ``repeats.RepeatPrefiltered``)."""
    match = pattern.match
    for p in starts:
        if p < pos:
            continue
        m = match(text, p)
        if m is not None:
            yield m
            pos = m.end() if m.end() > p else p + 1


class Prefiltered:
    """A regex tried only where a cheap one says a match can begin: the same matches.

    ``finditer`` of a pattern whose first element is a lookaround, an alternation or a
    class that most characters belong to runs the whole pattern at every character.
    ``candidates`` is a regex whose first element is a class of rare characters (one
    that CPython's ``re`` skips ahead to in a fast scan), such that every match of
    ``pattern`` begins where a match of ``candidates`` begins (``at_end=False``) or
    ends (``at_end=True``), its matches found left to right without overlaps. Then
    ``finditer`` tries ``pattern`` only there and gives exactly ``pattern.finditer``'s
    matches. ``pattern`` must match either only the empty string or never it
    (an empty match ends a try at that place, as in ``finditer``).
    """

    __slots__ = ("pattern", "candidates", "at_end")

    def __init__(self, pattern: re.Pattern[str], candidates: re.Pattern[str], at_end: bool = False):
        self.pattern = pattern
        self.candidates = candidates
        self.at_end = at_end

    def finditer(self, text: str, pos: int = 0):
        found = self.candidates.finditer(text, pos)
        starts = (c.end() for c in found) if self.at_end else (c.start() for c in found)
        return matches_at(self.pattern, text, starts, pos)

    def sub(self, repl, text: str) -> str:
        """``pattern.sub`` (``repl`` a string without escapes or a function), for tests."""
        out: list[str] = []
        pos = 0
        for m in self.finditer(text):
            out.append(text[pos : m.start()])
            out.append(repl if isinstance(repl, str) else repl(m))
            pos = m.end()
        out.append(text[pos:])
        return "".join(out)


class Scan:
    """A scan for ``Recorder.sub`` made of a function of the text: ``finditer(text)`` is
    ``find(text)``. For matches found with what a stage knows of the text besides the
    string itself (a scan made earlier in the same round, places kept through its edits)."""

    __slots__ = ("finditer",)

    def __init__(self, find: Callable[[str], Iterable[re.Match]]):
        self.finditer = find


# A replacement is either a template string for ``Match.expand``, or a function
# of the match returning the new text, or ``(new_text, detail)``.
Replacement = Union[str, Callable[[re.Match], Union[str, "tuple[str, str]", None]]]


class Recorder:
    """Collects the edits of one stage while it rewrites the text pass by pass.

    ``frozen`` (see ``stages.windows``): parts of the text where no edit may be made
    that are not spans of a pattern: it is told of every edit made so far
    (``sync(edits)``) before each pass, and then asked ``overlaps(start, end)``
    in that pass's offsets.
    """

    def __init__(self, stage: str, protect: re.Pattern[str] | None = None, frozen=None):
        self.stage = stage
        self.protect = protect
        self.frozen = frozen
        self.edits: list[Edit] = []
        self._cache: tuple[str, Protected] | None = None

    def _frozen(self):
        if self.frozen is not None:
            self.frozen.sync(self.edits)
        return self.frozen

    def _protected(self, text: str) -> Protected | None:
        # Passes that change nothing hand the same string on: find its
        # protected spans once.
        if self.protect is None:
            return None
        if self._cache is None or self._cache[0] is not text:
            self._cache = (text, Protected(text, self.protect))
        return self._cache[1]

    def sub(self, pattern: re.Pattern[str], repl: Replacement, text: str, rule: str) -> str:
        """``pattern.sub`` that records one edit per changed match.

        A match that overlaps a protected span is left as it is. A function
        replacement may return ``None`` to decline a match; it must depend on the
        match alone (it is also asked about protected matches). A pass that changes
        nothing returns ``text`` itself.
        """
        protected = self._protected(text)
        frozen = self._frozen()
        delta = 0
        edits = self.edits
        stage = self.stage
        literal = repl if isinstance(repl, str) and "\\" not in repl else None
        template = repl if isinstance(repl, str) and literal is None else None
        function = None if isinstance(repl, str) else repl
        shared_literal = _shared(literal)
        make = make_edit
        intern = sys.intern
        # The new text is put together a batch of pieces at a time: ``re.sub``
        # would hold every piece of a long text at once (two small strings per
        # match, far more memory than the text itself).
        batches: list[str] = []
        pieces: list[str] = []
        pos = 0
        for m in pattern.finditer(text):
            # A frozen part is only read (see stages.windows): its matches are never
            # changed, so the rule is not asked about them (a cheap look-up, unlike the
            # protected spans below; the rule depends on the match alone).
            if frozen is not None and frozen.overlaps(*m.span()):
                continue
            # (The replacement first: most matches of a rule are declined.)
            detail = None
            if function is not None:
                out = function(m)
                if out is None:
                    continue
                if isinstance(out, tuple):
                    after, detail = out
                else:
                    after = out
            elif literal is not None:
                after = literal
            else:
                after = m.expand(template)
            before = m.group(0)
            if after == before:
                continue
            s, e = m.span()
            # Protected spans are looked up only for a change: most matches are declined,
            # and with a large glossary (the fillers stage protects its terms) the look
            # costs more than the rule. (A replacement is a function of the match alone.)
            if protected and protected.overlaps(s, e):
                continue
            start = s + delta
            # (What _shared does, inline: a big text has an edit every few characters.)
            size = len(before)
            edits.append(
                make(
                    stage, rule, start, start + size,
                    intern(before) if size <= 8 and type(before) is str else before,
                    shared_literal if after is literal else _shared(after),
                    None if detail is None else _shared(detail, 64),
                )
            )
            delta += len(after) - size
            pieces.append(text[pos:s])
            pieces.append(after)
            pos = e
            if len(pieces) >= 4096:
                batches.append("".join(pieces))
                pieces.clear()
        if pos == 0 and not batches and not pieces:
            return text
        pieces.append(text[pos:])
        batches.append("".join(pieces))
        return "".join(batches)

    def insert(self, text: str, positions: Sequence[int], after: str, rule: str) -> str:
        """Insert ``after`` at each of the increasing offsets ``positions`` of ``text``:
        what ``sub`` does with a pattern of empty matches there and ``after`` for them,
        without a Python loop over matches (spacing inserts thousands of spaces)."""
        protected = self._protected(text)
        frozen = self._frozen()
        if protected or frozen is not None:
            positions = [
                p
                for p in positions
                if not (protected and protected.overlaps(p, p)) and not (frozen is not None and frozen.overlaps(p, p))
            ]
        if not positions or not after:
            return text
        after = _shared(after)
        n = len(after)
        stage = self.stage
        # (Each edit's tuple made in place: a call per edit cost as much again.)
        self.edits.extend([_new(Edit, (stage, rule, q, q, "", after, None)) for q in map(add, positions, range(0, n * len(positions), n))])
        ends = list(positions)
        ends.append(len(text))
        return after.join([text[a:b] for a, b in zip([0, *positions], ends)])

    def translate(self, pattern: re.Pattern[str], table: dict[int, int], text: str, rule: str) -> str:
        """``sub(pattern, lambda m: m.group(0).translate(table), text, rule)`` where
        ``table`` maps each character of a match to one character: the same text and
        edits, the matches found by one ``pattern.split`` (``pattern`` is one group
        around the whole) and no Python step per match but its edit (normalize makes
        thousands of full-width digits ASCII in a long text)."""
        if self.protect is not None or self.frozen is not None:
            return self.sub(pattern, lambda m: m.group(0).translate(table), text, rule)
        parts = pattern.split(text)
        if len(parts) == 1:
            return text
        edits = self.edits
        stage = self.stage
        intern = sys.intern
        pos = 0
        for i in range(1, len(parts), 2):
            pos += len(parts[i - 1])
            before = parts[i]
            after = before.translate(table)
            size = len(before)
            if after != before:
                if size <= 8:
                    before, after = intern(before), intern(after)
                edits.append(_new(Edit, (stage, rule, pos, pos + size, before, after, None)))
                parts[i] = after
            pos += size
        return "".join(parts)

    def note(self, rule: str, start: int, text: str, detail: str) -> None:
        """Record a suggestion that changes nothing (before == after)."""
        if self._frozen() is not None and self.frozen.overlaps(start, start + len(text)):
            return
        text = _shared(text)
        self.edits.append(make_edit(self.stage, rule, start, start + len(text), text, text, _shared(detail, 64)))

    def replace_spans(
        self, text: str, spans: Iterable[tuple[int, int, str, str | None]], rule: str
    ) -> str:
        """Apply ``(start, end, after, detail)`` changes given in offsets of ``text``.

        Spans must not overlap; they are applied left to right. Spans touching a
        protected part of the text are skipped.
        """
        protected = self._protected(text)
        frozen = self._frozen()
        out: list[str] = []
        pos = 0
        delta = 0
        for start, end, after, detail in sorted(spans, key=lambda s: (s[0], s[1])):
            if start < pos:
                raise ValueError("overlapping spans")
            before = text[start:end]
            if after == before or (protected and protected.overlaps(start, end)):
                continue
            if frozen is not None and frozen.overlaps(start, end):
                continue
            out.append(text[pos:start])
            out.append(after)
            s = start + delta
            self.edits.append(
                make_edit(self.stage, rule, s, s + len(before), _shared(before), _shared(after), _shared(detail, 64))
            )
            delta += len(after) - len(before)
            pos = end
        out.append(text[pos:])
        return "".join(out)


def ascending_runs(edits: Sequence[Edit]) -> list[list[Edit]]:
    """``edits`` cut into runs whose edits each begin at or after the end of the one
    before it (what one left-to-right pass makes): within a run, every edit's span
    less the changes before it in the run is a span of the run's input text."""
    runs: list[list[Edit]] = []
    for e in edits:
        if runs and e.start >= runs[-1][-1].start + len(runs[-1][-1].after):
            runs[-1].append(e)
        else:
            runs.append([e])
    return runs


def touched_spans(edits: Sequence[Edit], spans: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Where the text that ``edits`` made differs from the text they were applied to:
    sorted, disjoint ``(start, end)`` spans of the result (end included: an edit that
    only deleted is the empty span where it was). ``spans``: spans of the text before
    ``edits`` already counted as changed, carried along."""
    out = [(a, b) for a, b in spans]
    for run in ascending_runs(edits):
        # The run's changes as spans of its input, with how much each lengthens the text.
        changes = []
        shift = 0
        for e in run:
            s = e.start - shift
            changes.append((s, s + len(e.before), len(e.after) - len(e.before)))
            shift += len(e.after) - len(e.before)
        # Union of the carried spans and the changes (touching ones joined), mapped
        # through the changes: each change lies wholly inside one span of the union.
        merged: list[list[int]] = []  # [start, end, lengthening] in input offsets
        i = j = 0
        while i < len(out) or j < len(changes):
            if j == len(changes) or (i < len(out) and out[i][0] <= changes[j][0]):
                a, b = out[i]
                d = 0
                i += 1
            else:
                a, b, d = changes[j]
                j += 1
            if merged and a <= merged[-1][1]:
                last = merged[-1]
                if b > last[1]:
                    last[1] = b
                last[2] += d
            else:
                merged.append([a, b, d])
        out = []
        shift = 0
        for a, b, d in merged:
            out.append((a + shift, b + shift + d))
            shift += d
    return out
