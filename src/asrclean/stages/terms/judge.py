"""Whether a same-sound window becomes the glossary term: the noisy-channel judgement.

``PinyinIndex`` (pinyin.py) finds windows that sound like a term; the methods here decide,
for each, how many bits the text gains from reading it as the term (``_gain``), how many it
must gain (``_need``), and the rules that keep a window as written whatever it gains: names
as likely as the term (``_name_for_name``) and terms already spelled right (``_keeps_locks``).
The module docstring of pinyin.py gives the whole model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import ne

from ...glossary import Term
from ...lazyre import lazy
from .context import WordModel

# What one fuzzy syllable (shen/sheng) costs a window's sound score, out of 100.
FUZZY_COST = 10.0
# The Chinese characters just before a position (searched up to it) and just after it.
_HAN_TAIL = lazy(r"[\u3400-\u4dbf\u4e00-\u9fff]*\Z")
_HAN_HEAD = lazy(r"[\u3400-\u4dbf\u4e00-\u9fff]*")

# Bits the text must gain from the term, net of the channel costs below.
MIN_GAIN = 4.0
# A recogniser writes a wrong same-sound character about once in 2**4 characters.
CHANGE_BITS = 4.0
# A fuzzy pair (shen/sheng) is a worse fit than an exact sound.
FUZZY_BITS = 4.0
# A glossary term is at least as likely here as a dictionary word this frequent (2**10).
GLOSSARY_LEVEL = 10
# Past this many Chinese terms a glossary is no longer about one text: see ``term_level``.
GLOSSARY_SIZE = 1000
# Characters of context on each side of a window (inside a run of Han characters).
CONTEXT = 4
# Bits a term gains where the text already uses it (spelled right, or repaired where clear);
# at most NOTE_BITS. A name-like window (马比安) needs it to become the term the text uses.
DOC_BITS = 4.0
# Near misses within this many bits of MIN_GAIN are recorded as suggestions.
NOTE_BITS = 4.0
# A single character this frequent as a word of its own (level 16 and up: 会, 的, 其, 要; about
# 70 characters) is a word the speaker said, not a slip: changing it needs this many more bits.
FUNCTION_LEVEL = 16
FUNCTION_BITS = 4.0
# What a window of three characters or more that sounds exactly like the term, and is no word
# itself, must gain: it has to read no worse with the term.
EXACT_GAIN = 0.0
# What a two-character window that sounds exactly like the term must gain, where it is in
# neither word list, holds no everyday word of its own (FUNCTION_LEVEL) and does not read as a
# name: less than MIN_GAIN, since such a pair of characters is rarely what was said (报舍 for
# 报社, 街发 for 揭发), but more than nothing, since a pair of two content words may be (理好).
# (On bench_terms.py's dev seed at 5,000 terms such windows in clean sentences gain up to 2.0
# bits, the garbles missed at MIN_GAIN from 3.0: any value between makes the same decisions.
# At 1,000 terms one clean window, 原省 in 原省电力局, gains 3.8 and is changed.)
EXACT2_GAIN = 2.5
# A surname at least this likely (log2: 陈, 刘, 牛, 安) and given-name characters at least this
# likely make a window read as a person's name.
NAME_SURNAME = -9
NAME_GIVEN = -13
# Bits by which the window's given-name character may be rarer than the term's and still count
# as a name as likely as the term.
NAME_MARGIN = 2

@dataclass(frozen=True, slots=True)
class ZhTerm:
    term: Term
    text: str  # the term's characters, without a name's middle dot (约翰纳什 for 约翰·纳什)
    sounds: tuple[frozenset[str], ...]  # exact readings per character
    threshold: float


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    term: ZhTerm
    score: float  # sound score, 100 = same toneless syllables
    gain: float  # bits the text gains from the term, net of channel costs
    note: str | None  # why a same-sound window was left alone (None: replace it)


class Judge:
    """The decisions of ``PinyinIndex``, which provides ``model`` (the word model), ``level``
    (what a glossary term counts as: ``term_level``) and ``max_len`` (its longest term)."""

    model: WordModel
    level: float
    max_len: int
    # (window, term, score) -> what ``_gain`` takes from the window alone: a text repeats its
    # windows (时间 sounds like one term wherever it stands), far more than their contexts.
    _bounds: dict[tuple[str, str, float], tuple[float, float, float]]

    def _keeps_locks(self, text: str, h: Hit, lock_ends: dict[int, list[int]]) -> bool:
        """Whether every term spelled right that overlaps the window stays as it is: 无愧 in
        荡之无愧 (for 当之无愧), 行政部 in 行政部们 (for 行政部门). A repair may complete a
        longer term around a shorter one; it never rewrites a term.

        A term that only overlaps the window's edge blocks it, unless the window has three
        characters or more and sounds exactly like its term, and the characters they share
        stay: then the short term is a chance string across two words (报国 in 日报|国绩部,
        云天 in 多云|天气), while a window that long and that close is hardly anything but the
        term. (A two-character window beside a term keeps the lock: such a window is often a
        chance string itself.)"""
        across = h.end - h.start >= 3 and h.score == 100.0
        for a in range(max(0, h.start - self.max_len + 1), h.end):
            for b in lock_ends.get(a, ()):
                if b <= h.start:
                    continue
                if (a < h.start or b > h.end) and not across:
                    return False
                lo, hi = max(a, h.start), min(b, h.end)
                if text[lo:hi] != h.term.text[lo - h.start : hi - h.start]:
                    return False
        return True

    def _name_for_name(self, window: str, term: str) -> bool:
        """Whether window and term are both a person's name, as likely as each other, so that
        only the text's use of the term tells them apart:
        - two characters with the same surname (陈雁, 陈妍);
        - three characters with another likely surname (牛健峰, 刘建峰: the same given name under
          another surname is another person, and a recogniser rarely mishears a surname it
          knows). Three characters with the same surname share two given-name sounds: rarely
          by chance, so those are repaired."""
        if len(window) == 2:
            if window[0] != term[0]:
                return False
        elif len(window) != 3 or window[0] == term[0]:
            return False
        model = self.model
        if not (self._name_like(window, model) and self._name_like(term, model)):
            return False
        # As likely: a given name of a character rare in names (卫瓶, 张说) is a slip for the term.
        given = model.given
        return all(given[a] >= given[b] - NAME_MARGIN for a, b in zip(window[1:], term[1:]) if a != b)

    @staticmethod
    def _name_like(s: str, model: WordModel) -> bool:
        f = model.surname.get(s[0])
        return (
            f is not None
            and f >= NAME_SURNAME
            and all((g := model.given.get(c)) is not None and g >= NAME_GIVEN for c in s[1:])
            and model.logp(s) is None
        )

    def _need(self, text: str, h: Hit) -> tuple[float, bool]:
        """(the gain the window needs, whether the term's use elsewhere counts toward it).

        - A changed character that is an everyday word of its own (会, 的, 其: a modal, a
          particle) was probably said: "会来" is a verb phrase, not 回来, and "注册的" is
          注册 + 的. Such a window needs FUNCTION_BITS more.
        - A window of three characters or more that sounds exactly like the term and is no
          word itself is hardly anything but the term: it needs only to read no worse with it.
        - A window of two such characters needs EXACT2_GAIN, if neither word list knows it, its
          second character is not an everyday word of its own (好 in 理好, 出 in 拨出: a
          complement, particle or suffix joins the character before it into compounds no list
          holds, so the pair was probably said), nor its first one unless the term starts with
          it too (an everyday character leading the term, 中 in 中莲 for 中联, 时 in 时线 for
          时限, is said either way: it tells nothing for the window as written), and it does
          not read as a name (安难): issue 10's "a small margin is enough for a window that
          sounds exactly like the term and is no common word".
        """
        window = text[h.start : h.end]
        model = self.model
        if any(a != b and (model.levels.get(a) or 0) >= FUNCTION_LEVEL for a, b in zip(window, h.term.text)):
            return MIN_GAIN + FUNCTION_BITS, True
        if len(window) >= 3 and h.score == 100.0 and model.logp(window) is None:
            # Unless a character the term would change is part of a longer word that reaches
            # out of the window (些 in 这些|冰芯, 华 in 北京|华通): then the window is pieces of
            # two words, not a lone garble, and it needs what any window needs.
            if self._changes_outer_word(text, h):
                return MIN_GAIN, True
            return EXACT_GAIN, True
        if (
            len(window) == 2
            and h.score == 100.0
            and window not in model.segment_levels
            and (model.levels.get(window[1]) or 0) < FUNCTION_LEVEL
            and (window[0] == h.term.text[0] or (model.levels.get(window[0]) or 0) < FUNCTION_LEVEL)
            and not self._name_like(window, model)
        ):
            return EXACT2_GAIN, True
        return MIN_GAIN, True

    def _changes_outer_word(self, text: str, h: Hit) -> bool:
        """Whether the best reading of the text as written (the window and CONTEXT characters
        either side) puts a character the term would change in a word of two characters or
        more that begins before the window or ends after it."""
        i, j = h.start, h.end
        left = _HAN_TAIL.search(text, max(0, i - CONTEXT), i).group()
        right = _HAN_HEAD.match(text, j, j + CONTEXT).group()
        a, b = len(left), len(left) + j - i
        changed = [a + k for k, (x, y) in enumerate(zip(text[i:j], h.term.text)) if x != y]
        start = 0
        for end in self.model.cuts(left + text[i:j] + right):
            if end - start > 1 and (start < a or end > b) and any(start <= c < end for c in changed):
                return True
            start = end
        return False

    def _gain(self, text: str, i: int, j: int, zt: ZhTerm, score: float, cache: dict[str, float]) -> float:
        """Bits the text gains from reading the window as the term (see the module docstring)."""
        window = text[i:j]
        key = (window, zt.text, score)
        bound = self._bounds.get(key)
        if bound is None:
            bound = self._bounds[key] = self._bound(window, zt.text, score, cache)
        upper, lp_term, cost = bound
        if upper < MIN_GAIN - NOTE_BITS:
            return upper
        model = self.model
        left = _HAN_TAIL.search(text, max(0, i - CONTEXT), i).group()
        right = _HAN_HEAD.match(text, j, j + CONTEXT).group()
        with_term = model.best(left, cache) + lp_term + model.best(right, cache)
        as_written = model.best(left + window + right, cache)
        return with_term - as_written - cost


    def _bound(self, window: str, term: str, score: float, cache: dict[str, float]) -> tuple[float, float, float]:
        """(the most the window can gain, whatever its context; the term's log2 probability
        there; the channel cost of the change)."""
        model = self.model
        changed = sum(map(ne, window, term))
        # The sound score counts the fuzzy syllables (see ``_candidate``).
        cost = CHANGE_BITS * changed + FUZZY_BITS * round((100.0 - score) / FUZZY_COST)
        lp = model.logp(term)
        lp_term = max(lp if lp is not None else model.unknown, self.level - model.total)
        lw = model.logp(window)
        if lw is not None and lw < lp_term:
            # The window is a word itself (制毒, 主理): the recogniser's own language model
            # chose it over the likelier term, so that likelihood is no evidence here; only
            # the context can show the term (降[低价]格 reads as 降低价格 either way).
            lp_term = lw
        # The window's own best reading bounds what any context can give the term.
        return lp_term - model.best(window, cache) - cost, lp_term, cost


def term_level(n_terms: int) -> float:
    """The word level a glossary term counts as at least: GLOSSARY_LEVEL, less log2 of how many
    times larger than GLOSSARY_SIZE the glossary is. The glossary as a whole is a share of the
    text, so each of many terms is a smaller one; and every term is one more chance for a
    same-sound window to be misread as it (a Bonferroni correction)."""
    return GLOSSARY_LEVEL - math.log2(max(1.0, n_terms / GLOSSARY_SIZE))
