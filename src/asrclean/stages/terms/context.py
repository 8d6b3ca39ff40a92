"""How well a piece of Chinese reads: the best segmentation under a unigram word model.

The model is jieba's dictionary reduced to frequency levels (``words_zh.txt``): a word's
log2 probability is its level minus log2 of the total count. A character that is no word
of its own costs as much as the rarest word.

Segmentation also knows the compounds jieba's dictionary lacks (``words_zh_more.txt``, from
wordfreq's much larger word list, on the same scale): 援华, 共渡, 一跤 read as one word, not as
loose characters that a same-sound term (远华, 共度, 一角) would seem to improve. ``logp`` (a
window's or a term's own probability, which the channel rules compare) stays jieba's: a rare
compound in the larger list says the string is used, not that a recogniser would prefer it.

A dictionary cannot list every person, so a name is a word of its own kind
(``words_names.txt``): two or three characters, a surname then given-name characters,
with probability P(a token is a name of that length) * P(surname) * P(given)... This keeps
李敬, 王凤起 or 申军谊 reading as one word, where the dictionary alone would see loose
characters that a same-sound term could "improve" (王凤起 -> 王丰 + 起).

Only short neighbourhoods (a window and a few characters either side) are ever segmented,
so a tiny dynamic programme per candidate is cheap, and results are cached per text.
"""

from __future__ import annotations

from .tables import names_zh, words_zh, words_zh_more, words_zh_total

MAX_WORD = 4
# Level of a character the dictionary does not list as a word of its own (frequency ~1).
UNKNOWN_LEVEL = 0


class WordModel:
    def __init__(self) -> None:
        self.levels = words_zh()
        self.segment_levels = words_zh_more()
        self.total = words_zh_total()
        self.unknown = UNKNOWN_LEVEL - self.total
        share, self.surname, self.given = names_zh()
        self.name2 = share[2]
        self.name3 = share[3]

    def logp(self, word: str) -> float | None:
        level = self.levels.get(word)
        return None if level is None else level - self.total

    def best(self, s: str, cache: dict[str, float]) -> float:
        """log2 probability of the best segmentation of ``s`` into dictionary words and names."""
        got = cache.get(s)
        if got is not None:
            return got
        best, _ = self._segment(s)
        cache[s] = best[-1]
        return best[-1]

    def cuts(self, s: str) -> list[int]:
        """The word boundaries of the best segmentation of ``s`` (the ends of its words, in
        order, ``len(s)`` last)."""
        _, back = self._segment(s)
        out = []
        k = len(s)
        while k > 0:
            out.append(k)
            k = back[k]
        return out[::-1]

    def _segment(self, s: str) -> tuple[list[float], list[int]]:
        """The best log2 probability of each prefix of ``s`` and where its last word starts."""
        levels = self.segment_levels
        total = self.total
        unknown = self.unknown
        surname = self.surname
        given = self.given
        best = [0.0] * (len(s) + 1)
        back = [0] * (len(s) + 1)
        for k in range(1, len(s) + 1):
            lvl = levels.get(s[k - 1])
            b = best[k - 1] + (unknown if lvl is None else lvl - total)
            start = k - 1
            for n in range(2, min(MAX_WORD, k) + 1):
                lvl = levels.get(s[k - n : k])
                if lvl is not None:
                    v = best[k - n] + lvl - total
                    if v > b:
                        b = v
                        start = k - n
            # A name ending here: surname + one given character, or surname + two.
            if k >= 2:
                g = given.get(s[k - 1])
                if g is not None:
                    f = surname.get(s[k - 2])
                    if f is not None:
                        v = best[k - 2] + self.name2 + f + g
                        if v > b:
                            b = v
                            start = k - 2
                    if k >= 3:
                        f = surname.get(s[k - 3])
                        g2 = given.get(s[k - 2])
                        if f is not None and g2 is not None:
                            v = best[k - 3] + self.name3 + f + g2 + g
                            if v > b:
                                b = v
                                start = k - 3
            best[k] = b
            back[k] = start
        return best, back
