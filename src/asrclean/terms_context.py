"""How well a piece of Chinese reads: the best segmentation under a unigram word model.

The model is jieba's dictionary reduced to frequency levels (``words_zh.txt``): a word's
log2 probability is its level minus log2 of the total count. A character that is no word
of its own costs as much as the rarest word. Only short neighbourhoods (a window and a
few characters either side) are ever segmented, so a tiny dynamic programme per candidate
is cheap, and results are cached per text.
"""

from __future__ import annotations

from .terms_tables import words_zh, words_zh_total

MAX_WORD = 4
# Level of a character the dictionary does not list as a word of its own (frequency ~1).
UNKNOWN_LEVEL = 0


class WordModel:
    def __init__(self) -> None:
        self.levels = words_zh()
        self.total = words_zh_total()
        self.unknown = UNKNOWN_LEVEL - self.total

    def logp(self, word: str) -> float | None:
        level = self.levels.get(word)
        return None if level is None else level - self.total

    def best(self, s: str, cache: dict[str, float]) -> float:
        """log2 probability of the best segmentation of ``s`` into dictionary words."""
        got = cache.get(s)
        if got is not None:
            return got
        levels = self.levels
        total = self.total
        unknown = self.unknown
        best = [0.0] * (len(s) + 1)
        for k in range(1, len(s) + 1):
            lvl = levels.get(s[k - 1])
            b = best[k - 1] + (unknown if lvl is None else lvl - total)
            for n in range(2, min(MAX_WORD, k) + 1):
                lvl = levels.get(s[k - n : k])
                if lvl is not None:
                    v = best[k - n] + lvl - total
                    if v > b:
                        b = v
            best[k] = b
        cache[s] = best[-1]
        return best[-1]
