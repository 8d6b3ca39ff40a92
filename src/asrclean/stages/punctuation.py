"""punctuation: one mark where a recognizer wrote several, Chinese marks in Chinese text."""

from __future__ import annotations

import re

from ..chars import (
    CJK, CN_MARKS, FULL_TO_HALF, HALF_TO_FULL, MARK_STRENGTH, NUMBER_MARK_RE, PERCENT_SPACE_RE, SPACE_BETWEEN_CJK_RE, is_cjk, may_space_between_cjk,
    number_mark,
)
from ..edits import Edit, Prefiltered
from ..lazyre import lazy
from .base import Stage as _Base
from .base import remove_empty_pairs, tidy_after_deletions


# A half-width mark counts as punctuation only where it is not part of a number,
# an abbreviation or a name ("4.2", "10:30", "1,000", "Node.js", "e.g."), nor of
# an ellipsis ("..."), nor of a file name or name after Chinese (报告.docx, .NET).
_HALF_MARK = (
    f"(?<=[{CJK}])(?:[,?!;:]|\\.(?![.A-Za-z0-9]))"
    r"|[,?!;:](?![A-Za-z0-9])"
    r"|(?<![.])(?<!\b[A-Za-z])\.(?![A-Za-z0-9.])"
)
_MARK = f"(?:[{CN_MARKS}]|{_HALF_MARK})"
# A lone full-width mark is already right: only runs and half-width marks need a look.
_MARK_RUN_RE = lazy(f"{_MARK}(?: *{_MARK})+|{_HALF_MARK}")
# Where such a run can begin: a half-width mark, or a mark with another after it
# (the pattern alone is tried at every character: a fifth of this stage's time).
_MARK_CHARS = re.escape(CN_MARKS + ",?!;:.")
_MARK_RUNS = Prefiltered(_MARK_RUN_RE, re.compile(f"[{_MARK_CHARS}](?:(?<=[,?!;:.])|(?= *[{_MARK_CHARS}]))"))
# Marks at the start of a line end nothing: the recognizer's "。，然后" after a
# cut, or what is left when a filler before them was removed.
_ORPHAN_MARKS_RE = lazy(f"^ *{_MARK}(?: *{_MARK})* *", re.MULTILINE)
# Where it can match: every _MARK is one of _MARK_CHARS. (Cheap to compile, unlike
# it, this spares a text without such places its compiling.)
_MAY_ORPHAN_RE = re.compile(f"^ *[{_MARK_CHARS}]", re.MULTILINE)
# The same places, found from the line break: "^" with re.MULTILINE has nothing
# for ``re`` to skip ahead to and is tried at every character.
_MAY_ORPHAN_AT_START_RE = re.compile(f" *[{_MARK_CHARS}]")
_MAY_ORPHAN_AFTER_BREAK_RE = re.compile(f"\n *[{_MARK_CHARS}]")


def may_orphan(text: str) -> bool:
    """Whether ``_MAY_ORPHAN_RE.search(text)`` finds something."""
    return _MAY_ORPHAN_AT_START_RE.match(text) is not None or _MAY_ORPHAN_AFTER_BREAK_RE.search(text) is not None


# "4. 2" is a decimal the recognizer split; "1. 5" in English prose is not
# distinguishable, so only numbers of up to three digits in Chinese context
# (or followed by % or a Chinese character) are joined.
# Two ellipses or dashes in a row (what a removed filler between them leaves:
# "我想……呃……去" -> "我想…………去") are one.
_DOUBLED_PAUSE_RE = re.compile(r"(……|——)(?: *\1)+")
# A number followed by "." again is a list ("1. 2. 3."), not a decimal, and
# one followed by ":" and a digit is a time ("1. 10:30").
# (The first digit, then the look back: the same matches as "(?<![\d.,])(\d{1,3})...",
# found by a scan for digits, not tried at every character.)
_DECIMAL_SPLIT_RE = re.compile(r"(\d(?<![\d.,]\d)\d{0,2})\. +(\d+)(?![\d.]|:\d)")
# (Each pattern about spaces opens with the space, then looks back: the same
# matches as "(?<=X) +", but a scan for a space skips ahead fast, while a look
# back first is tried at every character.)
# English: no space before a mark that ends a word ("too long , and" -> "too long, and").
_SPACE_BEFORE_HALF_MARK_RE = re.compile(r" (?<=[A-Za-z0-9%)\]] ) *(?=[,.?!;:](?:\s|\Z))")
# "1. 苹果；2. 香蕉": a number opening an item, then its dot.
_LIST_NUMBER_RE = re.compile(r"(?:^|(?<=[\s：；，、（(。！？.!?]))\d{1,3}\Z")
# Full-width marks carry their own spacing: no space before or after them.
# (Entered only at a run's first space: tried at every space, the lookahead
# would fail after rescanning the rest of a long run each time.)
_SPACE_BEFORE_MARK_RE = re.compile(f" (?<!  ) *(?=[{CN_MARKS}）」』》”’】〕])")
_SPACE_AFTER_MARK_RE = re.compile(f" (?<=[{CN_MARKS}（「『《“‘【〔] ) *")


def _prev_char(text: str, i: int) -> str:
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return text[i - 1] if i > 0 else "\n"


def _next_char(text: str, i: int) -> str:
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    return text[i] if i < n else "\n"


_NUMBER_BEFORE_RE = re.compile(r"[\d.%‰ ]{1,24}\Z")
_NUMBER_AFTER_RE = re.compile(r"[\d.%‰ ]{1,24}")


def _cjk_around_numbers(text: str, start: int, end: int) -> bool:
    """Whether the numbers on both sides of a mark stand in Chinese text:
    "利率是 4.2, 4.2 是" (a Chinese comma) but "in 2019, 2020 was" (English)."""
    before = _NUMBER_BEFORE_RE.search(text, max(0, start - 24), start)
    after = _NUMBER_AFTER_RE.match(text, end)
    i = before.start() if before else start
    j = after.end() if after else end
    return (i > 0 and is_cjk(text[i - 1])) or (j < len(text) and is_cjk(text[j]))


class Stage(_Base):
    name = "punctuation"
    description = 'collapse runs of marks to the strongest ("。，" -> "。"), full-width marks in Chinese, a pause (space) between Chinese words as a comma, no space around marks, "4. 2" -> "4.2", "100 %" -> "100%"'

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        r = self.recorder()
        # Passes about spaces run only on a text that has spaces (substring tests are cheap).
        spaced = " " in text
        if spaced and may_space_between_cjk(text):
            # Recognizers that write no marks (Whisper on Chinese, for one) leave a
            # space where the speaker paused: between Chinese characters it is a comma.
            # (It comes after fillers, which read such a space as a clause boundary
            # too; word-segmented text lost such spaces in normalize already.)
            text = r.sub(SPACE_BETWEEN_CJK_RE, "，", text, "pause-space")
        if "……" in text or "——" in text:
            text = r.sub(_DOUBLED_PAUSE_RE, r"\1", text, "doubled-pause")
        # (Fillers removes them first when it runs; this is for pipelines without it.)
        text = remove_empty_pairs(r, text)
        if may_orphan(text):
            text = r.sub(_ORPHAN_MARKS_RE, "", text, "orphan-marks")
        # (Prefiltered: the pattern is compiled only where a run can begin.)
        text = r.sub(_MARK_RUNS, self._marks, text, "marks")
        # Numbers after marks: "我,4. 2" needs its comma settled first.
        if spaced:
            text = r.sub(_SPACE_BEFORE_MARK_RE, "", text, "space-before-mark")
            text = r.sub(_SPACE_BEFORE_HALF_MARK_RE, "", text, "space-before-mark")
            text = r.sub(PERCENT_SPACE_RE, "", text, "percent-space")
            text = r.sub(_DECIMAL_SPLIT_RE, self._decimal, text, "decimal-space")
            text = r.sub(_SPACE_AFTER_MARK_RE, "", text, "space-after-mark")
        # A mark that a collapse or a removal left between digits ("10、：30", "10 ：30"):
        # the number's own point or colon, as normalize writes it.
        if "．" in text or "：" in text:
            text = r.sub(NUMBER_MARK_RE, number_mark, text, "number-mark")
        if r.edits:
            text = tidy_after_deletions(r, text)
        return text, r.edits

    @staticmethod
    def _decimal(m: re.Match) -> str | None:
        before = _prev_char(m.string, m.start())
        if before in ("", "\n"):
            # A number opening a line is an item's ("1. 10个人"): normalize has
            # joined a recognizer's lines, so what starts one is a paragraph or an item.
            return None
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        if is_cjk(before) or before in CN_MARKS or (after and after in "%‰") or is_cjk(after):
            return f"{m.group(1)}.{m.group(2)}"
        return None


    @staticmethod
    def _marks(m: re.Match):
        run = m.group(0)
        text = m.string
        marks = run.replace(" ", "")
        prev = _prev_char(text, m.start())
        nxt = _next_char(text, m.end())
        if (
            marks == "."
            and prev.isdigit()
            and text[m.end() : m.end() + 1] == " "
            and _LIST_NUMBER_RE.search(text, max(0, m.start() - 4), m.start())
        ):
            return None  # "1. 苹果": an item number, not a full stop
        full = [HALF_TO_FULL.get(c, c) for c in marks]
        strongest = max(full, key=MARK_STRENGTH.__getitem__)  # first of the strongest (the pile's winner)
        if set(full) == {"？", "！"}:
            # "太好了！？" asks and exclaims: one of each, in the order said.
            strongest = "".join(dict.fromkeys(full))
        has_full = any(c in CN_MARKS for c in marks)
        if (
            has_full
            or is_cjk(prev)
            # After English and before Chinese: "move.就是" is one Chinese sentence,
            # but "The answer is yes. 对" ends an English one (the space says so).
            or (is_cjk(nxt) and prev not in ".?!" and not (prev.isascii() and text[m.end() : m.end() + 1] == " "))
            # Not a "." between numbers: that is a decimal split ("4. 2"), mended below.
            or (prev.isdigit() and nxt.isdigit() and marks != "."
                and _cjk_around_numbers(text, m.start(), m.end()))
        ):
            after = strongest
        else:
            # Latin on both sides: keep half-width, only a true pile-up collapses.
            if len(marks) == 1:
                return None
            after = "".join(FULL_TO_HALF[c] for c in strongest)
            if after == marks:
                return None
        if len(marks) > 1:
            return after, f"collapsed {run!r} to the strongest mark"
        return after, "half-width mark in Chinese text"
