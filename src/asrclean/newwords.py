"""New-word discovery: frequent Chinese words that the dictionary does not hold.

A transcript's names and terms (a guest's name, a product, a place) are what a
glossary is for, and most are in no dictionary. Chinese writes no spaces, so a
word is told from a chance string of characters by how it is used, as in
unsupervised word discovery (Sproat & Shih 1990; the "cohesion and freedom"
criteria of, e.g., Huang & Powers 2003):

- it recurs (``MIN_COUNT`` times or more);
- its parts hold together: for every way to cut it in two, the word occurs far
  more often than its parts would meet by chance (``MIN_COHESION``, the ratio of
  observed to expected count: a pointwise mutual information above log2 of it);
- it is free: it stands among several different characters on each side (a
  run of text, or a mark, counts as a side of its own), where a piece of a
  longer word always has the same neighbour (炳添 of 苏炳添);
- its ends are not function characters (的, 了, 是, 我, …), which glue to any
  word ("苏炳添的" is a word and a particle);
- it is not in the dictionary, nor made of two dictionary words that each
  occur on their own (compositional phrases: 他们学校).

Counting is apriori (Agrawal & Srikant 1994): a string of n characters can only
recur as often as each of its two pieces of n - 1, so only those are counted,
and memory follows the text's frequent strings, not all its n-grams.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .stages.terms.tables import names_zh, zh_levels

MIN_COUNT = 3
MAX_LEN = 4
MIN_COHESION = 8.0
# Distinct neighbours needed on each side, as a share of the occurrences (a word
# seen 3 times needs 2 different neighbours on each side, 10 times 3, ...).
MIN_FREE = 2
# Characters that end no name or term: particles, pronouns, prepositions, the
# copula, common adverbs and measure words. A string beginning or ending with
# one is a word glued to a function word.
FUNCTION = frozenset(
    "的了着过地得是在和与跟同及或就也都还又才再很太更最不没别把被给让对向往从到于为以"
    "我你您他她它们咱这那哪谁啥么吗呢吧啊呀嘛啦哦哈呃嗯个些每各某该此其之而且但却"
    "一二三四五六七八九十百千万亿两几多少上下里中外前后左右来去说有会能要想可等"
    "年月日号时分秒"
    # adverbs that open a verb phrase (已达, 仍将, 只需, 较好, 所辖)
    "已仍并只所较均曾将尚亦即便需由因近约共另"
    # complements of direction and result (捐出, 拿起, 降至, 高达, 跌成), units (元钱, 米蝶泳)
    "出起至达入成元米级"
)
# How likely (log2) a character must be as a surname for a string it opens to be
# read as a name, whose given name may be a common word (张|建国).
SURNAME = -10
# ... unless the given name would be an everyday word (范|围内 no, 相|结合 no:
# jieba counts them 2**13 times and more), which names seldom are (建国: 2**11).
EVERYDAY = 12
# Particles that sit inside no name or term: a string holding one is a phrase (大的贡献).
INSIDE = frozenset("的了着过之和与及或")
# A dictionary word this common (log2 of jieba's count) is one a phrase is made
# of: a string that is such a word and another word is a phrase (记者|王, 副|总理).
COMMON = 8
# A string that sits inside a longer dictionary word, or across the edge of
# one, in this share of its occurrences or more is a piece of known words
# (国人民 of 中国|人民, 斯坦 of 巴基斯坦), not a word of its own.
MAX_EXPLAINED = 0.5
_HAN_RUN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True)
class NewWord:
    word: str
    count: int
    cohesion: float  # the weakest cut's observed / expected count
    left: int  # distinct neighbours (or text boundaries) before it
    right: int


class Counts:
    """Runs of Chinese from many texts; then ``words()`` finds the new ones.

    The texts are kept as runs (a few bytes per character), since the apriori
    passes read them again once per length.
    """

    def __init__(self) -> None:
        self.runs: list[str] = []

    def add(self, text: str) -> None:
        self.runs.extend(m.group() for m in _HAN_RUN_RE.finditer(text) if len(m.group()) >= 2)

    def words(self, min_count: int = MIN_COUNT) -> list[NewWord]:
        chars: Counter = Counter()
        for run in self.runs:
            chars.update(run)
        total = sum(chars.values())
        if not total:
            return []
        frequent: dict[str, int] = {c: n for c, n in chars.items() if n >= min_count}
        grams: dict[int, Counter] = {1: Counter(frequent)}
        for n in range(2, MAX_LEN + 1):
            prev = grams[n - 1]
            counted: Counter = Counter()
            for run in self.runs:
                for i in range(len(run) - n + 1):
                    g = run[i : i + n]
                    # Both pieces of n - 1 recur, or this cannot.
                    if g[:-1] in prev and g[1:] in prev:
                        counted[g] += 1
            grams[n] = Counter({g: k for g, k in counted.items() if k >= min_count})
            if not grams[n]:
                break
        levels = zh_levels()
        picked: dict[str, float] = {}
        for n in range(2, MAX_LEN + 1):
            for g, k in grams.get(n, {}).items():
                if (
                    g[0] in FUNCTION
                    or g[-1] in FUNCTION
                    or g in levels
                    or any(c in INSIDE for c in g)
                    or len(set(g)) == 1  # 卖卖卖: a chant or a stutter
                ):
                    continue
                cohesion = min(
                    k * total / (grams[len(g[:i])][g[:i]] * grams[len(g[i:])][g[i:]]) for i in range(1, n)
                )
                if cohesion < MIN_COHESION or self._compositional(g, levels):
                    continue
                picked[g] = cohesion
        if not picked:
            return []
        left, right, explained = self._neighbours(picked, levels)
        out = []
        for g, cohesion in picked.items():
            k = grams[len(g)][g]
            need = max(MIN_FREE, math.ceil(math.log2(k)))
            if len(left[g]) < need or len(right[g]) < need or explained[g] >= MAX_EXPLAINED * k:
                continue
            out.append(NewWord(g, k, cohesion, len(left[g]), len(right[g])))
        return _maximal(out)

    @staticmethod
    def _compositional(g: str, levels) -> bool:
        """A string holding a common word of two characters or more (记者 in
        讯记者董, 范围 in 范围内, 时间 in 短时间内), or made of two dictionary
        words of two characters: a phrase the dictionary's words already spell.
        A surname and a given name are a name, whatever the given name is,
        unless it is an everyday word (张|建国 and 郝|美玲 are names; 相|结合 is
        no name)."""
        name = len(g) <= 3 and names_zh()[1].get(g[0], -99) >= SURNAME and levels.get(g[1:], 0) < EVERYDAY
        for i in range(len(g) - 1):
            for j in range(i + 2, len(g) + 1):
                if (i, j) != (0, len(g)) and not (name and i == 1 and j == len(g)) and levels.get(g[i:j], 0) >= COMMON:
                    return True
        return len(g) == 4 and g[:2] in levels and g[2:] in levels

    def _neighbours(self, picked: dict[str, float], levels):
        """For each string: its distinct neighbours on each side, and how many of
        its occurrences a dictionary word crosses or holds (see MAX_EXPLAINED)."""
        lengths = sorted({len(g) for g in picked})
        left: dict[str, set] = {g: set() for g in picked}
        right: dict[str, set] = {g: set() for g in picked}
        explained: Counter = Counter()
        for r, run in enumerate(self.runs):
            for n in lengths:
                for i in range(len(run) - n + 1):
                    g = run[i : i + n]
                    if g in picked:
                        # The edge of a run is a side of its own, different each time,
                        # and so is a common word that ends or begins at the edge: a
                        # name always after 记者 stands on a word boundary, as a
                        # piece of a longer word (炳添 of 苏炳添) does not.
                        left[g].add(run[i - 1] if i and not _word_ends(run, i, levels) else ("^", r, i))
                        right[g].add(run[i + n] if i + n < len(run) and not _word_starts(run, i + n, levels) else ("$", r, i))
                        if _explained(run, i, i + n, levels):
                            explained[g] += 1
        return left, right, explained


def _word_ends(run: str, i: int, levels) -> bool:
    """Whether a common word of two or three characters ends at run[i]."""
    return any(i >= k and levels.get(run[i - k : i], 0) >= COMMON for k in (2, 3))


def _word_starts(run: str, j: int, levels) -> bool:
    """Whether a common word of two or three characters begins at run[j]."""
    return any(j + k <= len(run) and levels.get(run[j : j + k], 0) >= COMMON for k in (2, 3))


def _explained(run: str, i: int, j: int, levels) -> bool:
    """Whether a dictionary word of two to four characters crosses an edge of
    run[i:j] or holds it."""
    for a in range(max(0, i - 3), i + 1):
        for b in range(max(a + 2, j if a == i else i + 1), min(len(run), a + 4) + 1):
            if (a, b) != (i, j) and (a < i or b > j) and run[a:b] in levels:
                return True
    for a in range(i + 1, j):
        for b in range(j + 1, min(len(run), a + 4) + 1):
            if run[a:b] in levels:
                return True
    return False


def _maximal(found: list[NewWord]) -> list[NewWord]:
    """Drop a word that is a piece of a longer one seen (almost) as often:
    苏炳 of 苏炳添. A piece seen much more often than the longer string is a
    word of its own that the string merely extends (张伟 in 张伟明 and 张伟说)."""
    # The most often each string is seen inside a longer word found (pieces of
    # at most MAX_LEN - 1 characters: a few per word, so linear in the words).
    inside: dict[str, int] = {}
    for o in found:
        g = o.word
        for a in range(len(g)):
            for b in range(a + 2, len(g) + 1):
                if b - a < len(g):
                    inside[g[a:b]] = max(inside.get(g[a:b], 0), o.count)
    out = [w for w in found if inside.get(w.word, 0) * 10 < w.count * 7]
    return sorted(out, key=lambda w: (-w.count, w.word))
