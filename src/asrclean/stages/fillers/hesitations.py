"""Hesitation sounds (呃, 嗯, 额, clause-opening 哎/唉/啊) and the marks a removed filler leaves behind."""

from __future__ import annotations

import re

from ...chars import han_at, settled_mark
from ...lazyre import lazy
from ..base import joins_words
from .common import (
    _BEFORE_HESITATION,
    _WORD_CHAR_RE,
    PAUSE,
    STOP,
    _after_latin_word,
    _after_line_marker,
    _answers,
    _clause_end,
    _clause_start,
    _in_filler_word,
    _next,
    _pause_space,
    _prev,
    _quoted,
)
from .english_commas import (
    _comma_inside_clause,
    _inside_english_phrase,
    _opens_clause_after_be,
)

# 恩 is how many recognizers and typists write 嗯 (see Hesitations._hesitation).
# 唔 is a hum too ("唔，这个情况"), but in Cantonese the word "not" (唔好, 唔係):
# a hesitation only opening a clause and set off by a pause (see _hesitation).
# (Each run written as its first character, then the rest: ``re`` skips ahead to the
# class or character a pattern opens with in a fast scan, but tries "[...]+" at every
# character of the text. The same matches as "[呃嗯恩唔]+", "额+", "[哎唉啊]+".)
_CN_LIGHT_RE = re.compile("[呃嗯恩唔][呃嗯恩唔]*")
_E_RE = re.compile("额额*")  # a run of hesitations is one hesitation
_INTERJECTION_RE = re.compile("[哎唉啊][哎唉啊]*")  # a run of interjections is one


# Answers an interjection may run straight into, with no pause: "啊对", "哎好的",
# "啊是的", "啊没错" ("oh right", "ah OK"); 对/好/行 only as a whole answer ("啊好多人" is
# "so many people", "啊对于这个" opens a phrase).
# (A run of marks after the answer is read as it settles: "对。？" asks, as "对？" does.)
_INTO_ANSWER = ("对，", "对。", "对,", "对 ", "对对", "对的", "对啊", "对呀", "对了", "对！", "是的", "是啊", "没错", "好的", "好啊", "好，", "好。", "行，", "行。", "行啊", "明白")


_EXCLAMATION_ENDS = frozenset("呀哟呦哇")
# What draws a hesitation out, and goes with it where a clause opens ("嗯……我觉得",
# "呃——我们"): an ellipsis, a dash, a tilde. Inside a clause it stays, a pause
# of its own ("我觉得呃……可以" -> "我觉得……可以").
_DRAWN_OUT = frozenset("…—～~")


# Structural particles: a phrase goes on after them, with no pause ("的 uh 调用").
_PHRASE_GOES_ON = frozenset("的地得之")


def _marker_after(text: str, a: int, spans) -> bool:
    """Whether text[a] is the space after a list marker that opens its line once the
    deletions ``spans`` (before ``a``, in order) are made: "you know - you know就是"."""
    if a == 0 or text[a - 1] not in "-*+•·.)）、":
        return False
    line = text.rfind("\n", 0, a) + 1
    pieces, pos = [], line
    for x, y, after, _ in spans:
        if y <= line:
            continue
        pieces.append(text[pos:x])
        pieces.append(after)
        pos = y
    pieces.append(text[pos : a + 1])
    prefix = "".join(pieces)
    return _after_line_marker(prefix, len(prefix))


def _filler_span(text: str, s: int, e: int, restart: bool = False) -> tuple[int, int]:
    """What to delete for a filler at text[s:e], with the marks it leaves behind.

    At the start of a clause the filler goes with the marks after it
    ("，呃，两周" -> "，两周", "呃，。第三" -> "第三"), but a stop after a pause
    keeps the stronger mark ("好，呃。" -> "好。"). Mid-clause only the filler
    goes ("第一呃，" -> "第一，"), with one of the spaces around it; with
    ``restart``, a speaker who pauses and says the last word again ("那个呃，
    那个团队") loses the pause too, so the stutter rule can join the copies.
    """
    n = len(text)
    j = e
    # (After a pause drawn out the same way, one of the two goes: "好的……嗯……我们".)
    if _clause_start(text, s) or (s > 0 and text[s - 1] in _DRAWN_OUT):
        while j < n and text[j] in _DRAWN_OUT:
            j += 1
    drawn = j
    while j < n and (text[j] in PAUSE or text[j] in STOP or text[j] == " "):
        j += 1
    marks = text[e:j].replace(" ", "").lstrip("".join(_DRAWN_OUT))
    inside = _inside_english_phrase(text, s)
    if inside is None and marks == ",":
        inside = _comma_inside_clause(text, s, j)
    if inside is not None and marks in (",", "，") and not _opens_clause_after_be(text, inside, j):
        return inside, j  # "for, um, two weeks" -> "for two weeks"
    if drawn > e and not _clause_start(text, s):
        return s, drawn
    if _clause_start(text, s):
        a = s
        while a > 0 and text[a - 1] == " ":
            a -= 1
        p = a
        while p > 0 and text[p - 1] in PAUSE:
            p -= 1
        if not any(c in STOP for c in marks):
            if p < a and (j >= n or text[j] == "\n"):
                return p, j  # a paragraph does not end on a pause ("试试看，嗯")
            return s, j
        if p < a:
            k = e
            while text[k] not in STOP:
                k += 1
            return p, k
        return s, j
    if restart and marks and all(c in PAUSE for c in marks):
        for size in (4, 3, 2, 1):
            if s >= size and text.startswith(text[s - size : s], j):
                return s, j
    if (
        text[s].isascii()
        and 1 < s < n - 1 - (e - s)
        and text[s - 1] == " " == text[e]
        and han_at(text, s - 2)
        and han_at(text, e + 1)
    ):
        # "的 uh 调用": after a structural particle the phrase goes on, and the spaces
        # only set the English word apart; both go with it. After any other word they
        # are a pause, as around a Chinese filler ("重量先上 um 二十公斤" -> "重量先上 二十公斤").
        return (s - 1, e + 1) if text[s - 2] in _PHRASE_GOES_ON else (s, e + 1)
    if _pause_space(text, e) and s > 0 and han_at(text, s - 1):
        # "很重要啊 我们", "今天呃 我们": the pause after the filler was the clause's
        # too, and stays (the punctuation stage makes it a comma, on this pass as on the next).
        return s, e
    if e < n and text[e] == " ":
        return s, e + 1
    if s > 0 and text[s - 1] == " ":
        if s > 1 and text[s - 2].isascii() and text[s - 2].isalnum() and han_at(text, e):
            # "feature 呃下周": the space set the English word apart from the
            # Chinese after it, and still does ("feature 下周").
            return s, e
        return s - 1, e
    return s, e



# Answers that 嗯 may stand before, agreeing ("嗯，好的"). The one-character
# ones, 可以 and 明白 only when they end their clause ("嗯，对。", not "嗯，对于…").
# Agreeing with what was said counts too ("嗯，有道理", "嗯，说得真好").
_ANSWER_PHRASES = ("好的", "知道了", "没问题", "明白了", "是的", "对的", "没错", "好吧", "行吧", "收到", "谢谢", "同意", "确定", "当然", "我同意", "我明白", "我知道", "有道理", "确实", "说得", "不错", "是这样", "我也这么", "知道")
_ANSWER_WORDS = ("可以", "明白", "好", "对", "是", "行", "嗯", "恩")
# OK is as much an answer in Chinese speech as 好 ("嗯，OK，没问题"), wherever it
# is a word of its own ("嗯，OKR" is not one): the spacing stage sets it apart
# ("嗯 OK 的"), and a second run must read it the same.
_ANSWER_LATIN_RE = re.compile("(?:OK|Ok|ok|okay|Okay|OKAY)(?![A-Za-z0-9])")
_TURN_TAIL = set(" 。！!.，,嗯恩")
_ANSWER_TAIL = set("啊呀吧了的啦嘛，。！、,.!;；")


def _whole_line(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is all a line holds, with spaces, marks and more 嗯.
    (Scanned from the line's start only: at most one match a line gets that far,
    so the scans stay linear in the text.)"""
    i = s
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i > 0 and text[i - 1] != "\n":
        return False
    j = e
    while j < len(text) and text[j] in _TURN_TAIL:
        j += 1
    return j == len(text) or text[j] == "\n"


# 嗯 said again after a pause ("嗯，嗯，对") answers as the last of the chain does.
_HUM_CHAIN_RE = lazy("[嗯恩]+(?:[ ，,、]*[嗯恩]+)*")
_HUM_SEPARATORS_RE = re.compile("[ ，,、]+")
# (text, start, end, answers) of the last chain judged: every 嗯 of a chain asks about
# the same one, and the scan to its end is made once, so a long chain stays linear.
# (One tuple, read and replaced whole: threads that clean side by side see one or another.)
_chain_memo: list = [None]


def _chain_answers(text: str, j: int) -> bool:
    """Whether the chain of 嗯 that starts at text[j] answers: whether its last 嗯 does.

    Judging "嗯，嗯" by the next 嗯 alone kept every 嗯 of a chain but the last, and a
    round of the stage could peel only one off: "嗯，嗯，嗯，…" (as a recognizer
    writes over a silence) changed again when cleaned again, past the stage's rounds.
    """
    memo = _chain_memo[0]
    if memo is not None and memo[0] is text and memo[1] <= j < memo[2]:
        return memo[3]
    m = _HUM_CHAIN_RE.match(text, j)
    last = max((g.end() for g in _HUM_SEPARATORS_RE.finditer(m.group())), default=0) + j
    answers = _answer(text, last, m.end())
    _chain_memo[0] = (text, j, m.end(), answers)
    return answers


def _after_question(text: str, s: int) -> bool:
    i = s
    while i > 0 and text[i - 1] in " \n":
        i -= 1
    return i > 0 and text[i - 1] in "？?"


def _answer(text: str, s: int, e: int) -> bool:
    """Whether 嗯 at text[s:e] answers or agrees: right after a question
    ("你吃了吗？嗯，吃了"), as a whole turn (a line of its own), as a sentence
    of its own where a turn opens ("B：嗯。"), or before an answer word
    ("嗯，好的", "嗯对，是这样")."""
    nxt = _next(text, e)
    # A sentence of its own answers where a turn opens (a line, a paragraph,
    # after a question or a speaker's colon); after the same speaker's
    # statement ("……通常。嗯。财政周期") it is the speaker thinking.
    if nxt in "。！!." and (_answers(text, s) or _prev(text, s) == "\n"):
        return True
    if _whole_line(text, s, e):
        return True  # a whole turn
    if _after_question(text, s) and _answers(text, s):
        # Right after a question (that the punctuation stage keeps), in its paragraph or
        # opening the next: the sentences stage may break a paragraph there, and the next
        # run must read the 嗯 as this one did.
        return True
    j = e
    while j < len(text) and text[j] in " ，,、":
        j += 1
    if text.startswith(_ANSWER_PHRASES, j):
        return True
    if _ANSWER_LATIN_RE.match(text, j):
        return True
    if j < len(text) and text[j] in "嗯恩":
        return _chain_answers(text, j)
    for w in _ANSWER_WORDS:
        if text.startswith(w, j):
            k = j + len(w)
            if len(w) == 1:
                while k < len(text) and text[k] == w:
                    k += 1  # said again: "嗯，对对对"
            # (Marks after it are read as they settle: "嗯对。。？" asks, as "嗯对？" does.)
            if k == len(text) or (text[k] in _ANSWER_TAIL and settled_mark(text, k) != "？"):
                return True
    return False


# A word in lower case, which a capital would begin at a sentence start ("the",
# "let's"); not a name written with one inside ("iPhone", "eBay").
_LOWER_WORD_RE = re.compile(r"[a-z][a-z']*(?![A-Za-z0-9])")
_SENTENCE_END = frozenset(STOP) - frozenset("：:；;") | {"\n"}


def _capitalize_after(r, text: str, edits) -> str:
    """A capitalised English filler that opened a sentence leaves its capital to
    the word after it: "Um, the patient" -> "The patient", "I mean, we" -> "We".
    (A transcript written in lower case has no capital to hand on.)"""
    spans = {}
    for edit in edits:
        letters = [c for c in edit.before if c.isalpha()]
        if not letters or not ("A" <= letters[0] <= "Z"):
            continue
        q = edit.start + len(edit.after)
        p = edit.start
        while p > 0 and text[p - 1] == " ":
            p -= 1
        if p > 0 and text[p - 1] not in _SENTENCE_END:
            continue
        m = _LOWER_WORD_RE.match(text, q)
        if m is not None:
            # (Fillers side by side, "I mean, I mean, it", hand on one capital.)
            spans[q] = (q, q + 1, text[q].upper(), None)
    return r.replace_spans(text, spans.values(), "sentence-capital") if spans else text


# How far around a filler its rules read (a clause's opening, the words after it).
_VIEW = 64


def _accepted_after(accept, text: str, s: int, e: int, spans, group: int) -> bool:
    """Whether a filler straight after the deletions of this pass (the run that began at
    ``group``) is one once they are made: as the next round reads it ("啊……啊……好": the
    second 啊 opens its clause once the first has gone). Judged on a view of the text
    around it, so that a long run of fillers is taken in one round, in linear time;
    each would otherwise go a round after the one before it and outlast the rounds."""
    # (Of a run's deletions only the last leaves anything: a space between two words.)
    before = text[max(0, group - _VIEW) : group] + spans[-1][2]
    view = before + text[s : e + _VIEW]
    return accept(view, len(before), len(before) + e - s)


class Hesitations:
    """The rules for hesitation sounds, mixed into the stage (which holds the tables)."""

    def _remove(self, r, text, pattern, rule, accept=lambda t, s, e: True, restart=False, pause=None) -> str:
        """Delete each accepted match of ``pattern`` with the marks it leaves behind.
        With ``pause``, a filler inside a clause, said straight after a word
        and then pausing, takes that pause with it where ``pause(text, s)``
        agrees: the pause was the filler's ("我这两天就是，老是头疼" -> "我这两天老是头疼")."""
        spans = []
        last = 0
        group = 0  # where the run of deletions side by side that ends at `last` began
        for m in pattern.finditer(text):
            s, e = m.span()
            if s == e:
                continue
            if not accept(text, s, e) and not (spans and last == s and _accepted_after(accept, text, s, e, spans, group)):
                continue
            a, b = _filler_span(text, s, e, restart)
            # (After an English word the filler stands after the space that sets the
            # word apart, which stays: "这个 loss 那个，主要是" -> "这个 loss 主要是".)
            after_latin = _after_latin_word(text, s)
            if (
                pause is not None
                and b == e
                and s > 0
                and (han_at(text, s - 1) or after_latin)
                and not _clause_start(text, s)
                and pause(text, s)
            ):
                j = e
                while j < len(text) and text[j] in "，, ":
                    j += 1
                if j > e and han_at(text, j):
                    a, b = (s, j) if after_latin else (a, j)
            a = max(a, last)
            if not spans or a > last:
                group = a
            elif b == e and _clause_start(text, group):
                # Fillers side by side opening a clause ("。啊那个然后 我") take the pause after
                # the last one with them, as one filler there does: the pause was theirs.
                j = e
                while j < len(text) and text[j] in " ，,、":
                    j += 1
                if j > e and _WORD_CHAR_RE.match(text, j) and not joins_words(text, group, j):
                    b = j
            if a < s and spans and text[a] == " " and _marker_after(text, a, spans):
                a += 1  # the deletions before it left a list marker opening the line: its space stays
            # Between two English words or numbers a run of fillers leaves a space
            # ("think呃that" -> "think that"), written by its last deletion.
            if spans and spans[-1][0] >= group and spans[-1][2] == " ":
                spans[-1] = (spans[-1][0], spans[-1][1], "", None)
            spans.append((a, b, " " if joins_words(text, group, b) else "", None))
            last = b
        if not spans:
            return text
        first = len(r.edits)
        text = r.replace_spans(text, spans, rule)
        return _capitalize_after(r, text, r.edits[first:])

    def _in_word(self, text: str, s: int, e: int) -> bool:
        return any(_in_filler_word(text, i, self.filler_places) for i in range(s, e))

    def _hesitation(self, text, s, e) -> bool:
        nxt = _next(text, e)
        if nxt in "？?" or self._in_word(text, s, e):
            return False  # "嗯？" is a question ("huh?"), not a pause; 感恩, 恩情 are words
        if _quoted(text, s, e):
            return False  # 他说“嗯”: the word is quoted, not said
        if "呃" in text[s:e]:
            return True
        # 嗯哼 is "uh-huh"; 嗯 that answers or agrees stays (see _answer).
        if nxt == "哼" or _answer(text, s, e):
            return False
        if "唔" in text[s:e]:
            return _clause_start(text, s) and (_next(text, e) in PAUSE or _pause_space(text, e))
        # 恩 is also a noun ("有恩于我", "他对我有恩"): a hesitation only where
        # a clause opens, as 嗯 mostly stands.
        return "恩" not in text[s:e] or _clause_start(text, s)

    def _e(self, text, s, e) -> bool:
        if self._in_word(text, s, e):
            return False
        # After 的/了/是 额 is a word (这是额的错, 撞到了额); after other little
        # words (我觉得额这个), where a clause opens, or before a pause it is a hesitation.
        p = _prev(text, s)
        return (
            _clause_start(text, s)
            or _next(text, e) in PAUSE
            or _pause_space(text, e)
            or (p in _BEFORE_HESITATION and p not in "的了是")
            or p.isascii()
        )

    def _interjection(self, text, s, e) -> bool:
        # "啊？" and "唉！" answer or exclaim; only an opener that leads on is a filler.
        # Said straight into an answer, it is part of it: "啊对，", "哎好的" ("oh right").
        return (
            _clause_start(text, s)
            and _next(text, e) not in "？！?!"
            # 唉呀, 哎哟, 啊呀: an exclamation of its own, whether the dictionary lists it or not.
            and text[e : e + 1] not in _EXCLAMATION_ENDS
            and not (text.startswith(_INTO_ANSWER, e) and settled_mark(text, e + 1) != "？")
            and not self._in_word(text, s, e)
        )

    def _filler_position(self, text, s, e) -> bool:
        """Where a word of the glossary's `fillers` is a filler: opening a clause,
        or set off by a pause ("I was, like, tired"), not "I like it"."""
        if not _WORD_CHAR_RE.search(text[s:e]) or re.fullmatch("[呃嗯额]+", text[s:e]):
            return True  # a hesitation sound is one anywhere
        if text[s].isascii() and (han_at(_prev(text, s)) or han_at(_next(text, e))):
            return True  # an English filler dropped into Chinese ("我觉得like这个")
        return _clause_start(text, s) or _next(text, e) in PAUSE or _clause_end(text, e)

