"""Restarts: a word or phrase said again across a pause to go on (把那个文件，把那个
文件发给我; 定在，定在十五号; 然后，然后，那个，)."""

from __future__ import annotations

import re

from ...chars import OPENERS, han_at, han_run_end, han_run_start
from ...lazyre import lazy
from ..terms.tables import zh_levels
from .common import (
    _A_NOT_A,
    _ANSWERS,
    _BEFORE_DEMONSTRATIVE_PAUSE,
    _FINAL_PARTICLES,
    _NUMERALS,
    HAN,
    PAUSE,
    STOP,
    _clause_end,
    _clause_start,
    _pause_space,
)

# A restart across a pause: "我 我觉得", "这个，这个问题". A space between Chinese
# characters is a pause like a comma (punctuation makes it one), so both are
# handled here alike, and a second run finds the same repeats as the first.
# Only a copy that opens its clause can restart (see Stage._restart), so the
# pattern is anchored there: after a mark, a line break, or a pause space.
# The longest unit said again across a pause that is a restart: a phrase of
# words ("把那个文件，把那个文件发给我").
_MAX_RESTART = 6
# (A line may open with a space a removal left, "《》 我，我我": the tidy step takes it
# away only at the end, and the next pass must find the same restart.)
# (After an English word and its space too: Whisper-style lines set English words
# apart with the same spaces as pauses, "这个 baseline 我们是 我们是用"; see Restarts._restart.
# And after one glued to the Chinese, which the spacing stage sets apart with that space:
# "deep问题公司，问题公司" is read as "deep 问题公司，问题公司" is on the next run.)
_CLAUSE_OPENING = f"(?:^|(?<=^ )|(?<=[{re.escape(PAUSE + STOP + OPENERS)}\n])|(?<=[{re.escape(PAUSE + STOP + OPENERS)}] )|(?<=[{HAN}A-Za-z0-9] )|(?<=[A-Za-z0-9]))"
_RESTART_RE = lazy(
    f"{_CLAUSE_OPENING}([{HAN}]{{1,{_MAX_RESTART}}}?)(?:(?:(?: *[，,、])+ *| +)\\1)+(?=[{HAN}]| ?[A-Za-z0-9])",
    re.MULTILINE,
)
_OPENING_MARKS = frozenset(PAUSE + STOP + OPENERS)


def _opens_clause(text: str, i: int) -> bool:
    """Whether a clause opens at ``i`` (``0 <= i <= len(text)``): where ``_CLAUSE_OPENING``
    matches with ``re.MULTILINE``, tested in Python (a class of every Han character, in a
    pattern of its own, cost 3-5 ms to compile at each start for this one test)."""
    if i == 0:
        return True
    before = text[i - 1]
    if before == "\n" or before in _OPENING_MARKS:
        return True
    if before.isascii() and before.isalnum():
        return True  # an English word or a number glued to the clause (see _CLAUSE_OPENING)
    if before != " ":
        return False
    if i == 1:
        return True  # (?<=^ ) at the start of the text
    c = text[i - 2]
    return c == "\n" or c in _OPENING_MARKS or han_at(text, i - 2) or (c.isascii() and c.isalnum())
_PAUSE_RUN_RE = re.compile("[ ，,、]+")
# A whole pause run followed by a character that is one of the _MAX_RESTART
# before the run (the first character of a copy said again). The pause class
# first, for a fast scan; the look back keeps a long run from being tried again
# at each of its characters; each look back after it holds one of those
# characters. (Any character, not only Han: _openings checks the run of Han
# before the pause, and a class of every Han character written six times over
# cost a tenth of the stage's compiling at each start.) Each look back is followed
# by the rest of the run and its own character again: the same runs as one
# alternation of the look backs followed by one of every character again, which
# tried each of the six characters after each look back (40 % more time).
_PAUSE_BEFORE_COPY_RE = lazy(
    "[ ，,、](?<![ ，,、].)(?:"
    + "|".join(f"(?<=(\\S){'.' * (k + 1)})[ ，,、]*\\{k + 1}" for k in range(_MAX_RESTART))
    + ")"
)


def _pauses_before_copies(text: str):
    """The pause runs (start, end) whose next character is among the
    _MAX_RESTART before them: every pause a copy said again can follow, found
    by one scan (looking at each pause run in Python was a fifth of the stage's
    time on punctuated text, which has a comma every few words)."""
    for m in _PAUSE_BEFORE_COPY_RE.finditer(text):
        yield _PAUSE_RUN_RE.match(text, m.start()).span()


class PausesBeforeCopies:
    """``_pauses_before_copies`` of the last text asked about, for one round of the
    stage: the restarts that open a clause and those inside one both look at these
    pauses, and the passes between them hand on the same string when they change
    nothing (most rounds), so the scan (a tenth of the stage) is made once."""

    __slots__ = ("_runs", "_text")

    def __init__(self):
        self._text: str | None = None
        self._runs: list[tuple[int, int]] = []

    def __call__(self, text: str) -> list[tuple[int, int]]:
        if text is not self._text:
            self._runs = list(_pauses_before_copies(text))
            self._text = text
        return self._runs


class _Restarts:
    """``_RESTART_RE`` for ``Recorder.sub``, in time linear in the text.

    The regex alone is quadratic on a chain of copies that ends on a mark, as
    Whisper writes when it hallucinates on silence ("对，对，对，…"): tried at
    every copy, it follows the chain to its end, then fails. Here each chain
    is followed once. The pattern's matches are found thus: a unit can repeat
    only if a pause (spaces and commas, all of it) follows it, so the unit is
    the whole run of Han characters at the clause opening (one to six); the
    copies go on while the same unit follows the next pause; a match needs
    Han or Latin after the last copy. The regex then gives the match object.
    """

    @staticmethod
    def finditer(text: str, pauses: PausesBeforeCopies | None = None):
        """The matches of ``_RESTART_RE`` that do not overlap, left to right, as ``finditer``
        gives them (``pauses``: the round's scan of them, see ``PausesBeforeCopies``)."""
        pos = 0
        ends: dict[int, int] = {}  # copy start -> end of its chain's last copy
        for p in _Restarts._openings(text, pauses):
            if p < pos:
                continue
            end = _Restarts._chain_end(text, p, ends)
            # (What the restart's closing look ahead asks, ``[HAN]| ?[A-Za-z0-9]``.)
            if end is None or not (han_at(text, end) or _LATIN_OR_DIGIT_RE.match(text, end) is not None):
                continue
            m = _RESTART_RE.match(text, p)
            yield m
            pos = m.end()

    @staticmethod
    def _openings(text: str, pauses: PausesBeforeCopies | None = None):
        """The clause openings where a chain of copies can start, left to right.

        A copy is the whole run of one to _MAX_RESTART Han characters there, and
        a pause run and the same copy follow it: so only the pause runs before a
        Han character are looked at (a fast scan), and of those only the ones
        whose next character is among the _MAX_RESTART before them. Every other clause opening
        has no chain (``_chain_end`` is None), and a text has far fewer such
        pauses than clause openings. (The test is the pattern's: see below.)"""
        if pauses is not None:
            found = [a for a, _ in pauses(text)]
        else:
            found = [m.start() for m in _PAUSE_BEFORE_COPY_RE.finditer(text)]
        for a in found:
            reach = a - _MAX_RESTART - 1
            start = han_run_start(text, max(0, reach), a)
            # The whole run (nothing Han before it) of at most _MAX_RESTART, at a clause opening
            # (followed by a Han character, as the pattern's look ahead asks: the run's first).
            if start < a and start > reach and _opens_clause(text, start):
                yield start

    @staticmethod
    def sub(repl, text: str) -> str:
        out: list[str] = []
        pos = 0
        for m in _Restarts.finditer(text):
            out.append(text[pos : m.start()])
            out.append(repl(m))
            pos = m.end()
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)

    @staticmethod
    def _chain_end(text: str, p: int, ends: dict[int, int]) -> int | None:
        if p in ends:
            return ends[p]
        size = han_run_end(text, p, _MAX_RESTART + 1) - p
        if size > _MAX_RESTART:
            return None
        unit = text[p : p + size]
        copies = [p]
        end = None
        while end is None:
            pause = _PAUSE_RUN_RE.match(text, copies[-1] + size)
            if pause is None or not text.startswith(unit, pause.end()):
                end = copies[-1] + size
                break
            copies.append(pause.end())
            end = ends.get(copies[-1])  # the rest of this chain was followed before
        if len(copies) == 1:
            return None
        for k in copies[:-1]:
            ends[k] = end
        return end


# Discourse words and conjunctions, which a speaker says again across a pause
# while finding the next words ("然后，然后，那个，", "我们就是，就是要"). They
# carry no content a listener would want twice, unlike a noun or a verb picked
# up again to open a clause ("要靠政府，政府花钱"), which stays.
_DISCOURSE_UNITS = ("就是", "然后", "所以", "但是", "因为", "可是", "而且", "其实", "还是", "那么", "这个", "那个")
# (Only a copy before a pause can be said again across one.)
_DISCOURSE_UNIT_RE = re.compile(f"(?:{'|'.join(_DISCOURSE_UNITS)})(?=[ ，,、])")
# Of these, the ones that cannot start a clause of their own with what the last
# one ended on: 这个/那个 can ("我要这个，这个好看"), 那么 too ("就那么，那么办吧").
_CONJUNCTIONS = frozenset(("就是", "然后", "所以", "但是", "因为", "可是", "而且", "其实", "还是"))
_LATIN_OR_DIGIT_RE = re.compile(" ?[A-Za-z0-9]")


_PRONOUNS = frozenset("我你您他她它咱")
# Question particles: a clause ending on one asks, and 是 after it answers.
_ASKING = frozenset("吗呢吧么")


def _copula_goes_on(text: str, s: int, unit: str) -> bool:
    """是 said again across a pause space, straight after the words it links
    ("今天的话题 是 是中年危机"): the copula, picked up again, not an answer ("是，
    是他" answers a question, after a mark or a question particle)."""
    return (
        unit == "是"
        and s > 1
        and _pause_space(text, s - 1)
        and text[s - 2] not in _ASKING
        and text[s - 2] not in _ANSWERS
    )


class Restarts:
    """Restarts across a pause, mixed into the stage."""

    def _restart(self, m: re.Match):
        """The speaker stops after a word and says it again to go on: one copy stays.

        Only a copy that makes up its whole clause is a restart ("我 我觉得",
        "，这个，这个问题"): after other words, the repeat opens a new clause
        with the word the last one ended on ("盈利在增长，增长就是", "要靠政府，
        政府花钱"), which is how people talk. The last copy must go on into the
        clause: "对，对，对" is emphasis and stays.
        """
        text = m.string
        unit = m.group(1)
        if (
            not (_clause_start(text, m.start()) or self._after_english(text, m.start(), unit))
            or all(c in _NUMERALS for c in unit)
            or _A_NOT_A.match(unit)
        ):
            return None
        # (Five characters or more are a phrase, said again only to restart it; of
        # three or four, one that opens with a word or a pronoun is one too, its
        # rest a word the dictionary may lack: "他们打野，他们打野去上路了".)
        if len(unit) > 1 and ((len(unit) < 5 and not self._phrase_opening(unit)) or len(set(unit)) == 1):
            return None
        if len(unit) == 1 and unit in _ANSWERS and not _copula_goes_on(text, m.start(), unit):
            return None  # "不，不是这样": the first copy answers; "是，是他" too
        e = m.end()
        # The last copy begins a longer word ("对，对面的人"): two different words.
        if any(text[e - len(unit) : e + k] in self.context for k in (1, 2)):
            return None
        # Only a particle follows ("救命，救命啊！"): a cry said twice, not a restart.
        if text[e : e + 1] in _FINAL_PARTICLES and _clause_end(text, e + 1):
            return None
        return unit, f"restart: {unit}"

    def _after_english(self, text: str, s: int, unit: str) -> bool:
        """Whether a unit after an English word and its space opens a clause: the
        space only sets the word apart, so the unit is a restart only when it is
        a phrase (three characters or more) or opens with a pronoun, its subject
        ("这个 baseline 我们是 我们是用"); "打开 App 首页 首页有个按钮" picks up a noun."""
        # (Glued to the word, "deep问题公司", it is read as with the space the spacing stage puts there.)
        k = s - 2 if s > 1 and text[s - 1] == " " else s - 1
        return (
            k >= 0
            and (text[k].isascii() and text[k].isalnum())
            and (len(unit) >= 3 or (len(unit) == 2 and unit[0] in _PRONOUNS))
            and self._phrase_opening(unit)
        )

    def _phrase_opening(self, unit: str) -> bool:
        """Whether a unit said again across a pause is made of words (see _is_word), or,
        of three or four characters, opens with a word of two."""
        return self._is_word(unit) or (len(unit) >= 3 and unit[:2] in self.context)

    def _discourse_restarts(self, r, text: str) -> str:
        """A discourse word or conjunction said again across a pause: one copy stays.

        ``_restart`` takes a repeat only where the first copy makes up its
        clause and the last goes on into words. A discourse word also restarts
        when the copies end on a pause ("然后，然后，那个，我们"), and a
        conjunction also after other words ("我们就是，就是要"). Each chain of
        copies is followed once, so the pass is linear in the text.
        """
        spans = []
        done = 0
        words = zh_levels()
        for m in _DISCOURSE_UNIT_RE.finditer(text):
            p, unit = m.start(), m.group()
            if p < done:
                continue
            j = m.end()
            copies = 1
            while True:
                pause = _PAUSE_RUN_RE.match(text, j)
                if pause is None or not text.startswith(unit, pause.end()):
                    break
                j = pause.end() + len(unit)
                copies += 1
            done = j
            if copies == 1:
                continue
            goes_on = j < len(text) and (
                han_at(text, j) or _LATIN_OR_DIGIT_RE.match(text, j) is not None
            )
            if goes_on and any(words.get(text[j - len(unit) : j + k], 0) > 0 for k in (1, 2)):
                continue  # the last copy begins a longer word
            if _clause_start(text, p):
                # (A pause space is a pause: "这个 这个 功能" in a Whisper-style line.)
                # (The end of the text is no pause: "然后，然后" ends it as a line break does,
                # and as it does with the space a removal after it leaves.)
                # (A space before the mark, "然后 , 然后 , 我们", is read as the punctuation stage
                # leaves it, "然后，然后，我们": else the restart went only on a second run.)
                k = j
                while k < len(text) and text[k] == " ":
                    k += 1
                if not (goes_on or (k < len(text) and text[k] in PAUSE) or _pause_space(text, j)):
                    continue  # "然后，然后。": said and left, not a restart
            elif not (
                goes_on
                # After a discourse word 这个/那个 is a pause too ("然后这个，这个函数"),
                # and after a preposition or a pronoun, which it cannot end ("把这个，这个变量").
                and (
                    unit in _CONJUNCTIONS
                    or text[max(0, p - 2) : p] in _DISCOURSE_UNITS
                    or (unit in ("这个", "那个") and text[p - 1] in _BEFORE_DEMONSTRATIVE_PAUSE)
                )
                and han_at(text, p - 1)
                # The copy is a word of its own, not the end of one (诊所|以).
                and words.get(text[p - 1 : p + 1], 0) <= 0
            ):
                continue
            spans.append((p, j, unit, f"restart: {unit}"))
        return r.replace_spans(text, spans, "restart") if spans else text
