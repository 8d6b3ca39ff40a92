"""Find same-sound misspellings of the glossary's Chinese terms (系土 for 稀土).

Terms are indexed in a trie keyed by toneless syllables (every reading of a polyphonic
character). A regex finds the positions whose character can start a term and whose next
character can continue one; only there is the trie walked, so the cost per position does
not grow with the glossary.

Optional fuzzy pairs (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing) are folded into the
trie keys; a window that needs one of them scores ``100 - FUZZY_COST`` per syllable. By
default only terms of three or more characters accept one fuzzy syllable: for two
characters the pairs make too many real words sound alike.

Most same-sound windows are ordinary text, so a window is replaced only when the text reads
better with the term: a noisy-channel decision on a few characters around the window
(``terms_context``). The gain, in bits, is

    best segmentation with the term as one word  -  best segmentation as written
    -  CHANGE_BITS per changed character  -  FUZZY_BITS per fuzzy syllable

and must reach MIN_GAIN. A glossary term counts at least as a word of level GLOSSARY_LEVEL
(the user said it occurs in this text). This subsumes the usual guards: a window that is a
common word (较好 for 叫好) or cuts across words (文化市场 for 花市) reads better as written;
garbles of rare characters (系土, 投寸) read far worse than the term.

Two more rules:
- a window must share at least one character with the term (李敬 is a name, not 离境);
- a term already written correctly is never touched, nor rewritten into another term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from .glossary import Term
from .terms_context import WordModel
from .terms_tables import readings

FUZZY_COST = 10.0
# Default minimum score: exact sound for two characters, one fuzzy syllable from three on.
def default_threshold(n: int) -> float:
    return 100.0 if n <= 2 else 100.0 - FUZZY_COST


# Bits the text must gain from the term, net of the channel costs below.
MIN_GAIN = 0.0
# A recogniser writes a wrong same-sound character about once in 2**4 characters.
CHANGE_BITS = 4.0
# A fuzzy pair (shen/sheng) is a worse fit than an exact sound.
FUZZY_BITS = 4.0
# A glossary term is at least as likely here as a dictionary word this frequent (2**10).
GLOSSARY_LEVEL = 10
# Characters of context on each side of a window (inside a run of Han characters).
CONTEXT = 4
# Near misses within this many bits of MIN_GAIN are recorded as suggestions.
NOTE_BITS = 4.0
# Polyphones multiply readings; past this many spellings a term is indexed by the first ones.
MAX_SPELLINGS = 64

_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def fold(syl: str) -> str:
    """The fuzzy key of a syllable: the pairs listed above read as one sound."""
    for a, b in _INITIALS:
        if syl.startswith(a):
            syl = b + syl[len(a) :]
            break
    for a, b in _FINALS:
        if syl.endswith(a):
            syl = syl[: -len(a)] + b
            break
    return syl


@dataclass(frozen=True, slots=True)
class ZhTerm:
    term: Term
    sounds: tuple[frozenset[str], ...]  # exact readings per character
    threshold: float
    level: int  # frequency level of the term itself (-1: not a common word)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    term: ZhTerm
    score: float
    note: str | None  # why a same-sound window was left alone (None: replace it)


class PinyinIndex:
    def __init__(self, terms: list[Term]):
        self.by_char, by_syl = readings()
        self._folded: dict[str, tuple[str, ...]] = {}
        self.root: dict = {}
        self.texts: set[str] = set()
        self.max_len = 0
        first: set[str] = set()
        second: set[str] = set()
        for t in terms:
            chars = t.term
            if len(chars) < 2 or not all(c in self.by_char for c in chars) or chars in self.texts:
                continue
            sounds = tuple(frozenset(self.by_char[c]) for c in chars)
            th = t.threshold if t.threshold is not None else default_threshold(len(chars))
            zt = ZhTerm(t, sounds, th, -1)
            self.texts.add(chars)
            self.max_len = max(self.max_len, len(chars))
            folded = [sorted({fold(s) for s in ss}) for ss in sounds]
            for spelling in _limited(product(*folded), MAX_SPELLINGS):
                node = self.root
                for syl in spelling:
                    node = node.setdefault(syl, {})
                node.setdefault(None, []).append(zt)
            first.update(folded[0])
            second.update(folded[1])
        self.start = _start_pattern(first, second, by_syl) if self.texts else None
        self._words: dict[str, int] | None = None

    def __bool__(self) -> bool:
        return bool(self.texts)

    def folded(self, ch: str) -> tuple[str, ...]:
        f = self._folded.get(ch)
        if f is None:
            f = tuple(sorted({fold(s) for s in self.by_char.get(ch, ())}))
            self._folded[ch] = f
        return f

    @property
    def words(self) -> dict[str, int]:
        # Loaded on the first same-sound window, not with the stage: most texts need no check.
        if self._words is None:
            self._words = words_zh()
        return self._words

    def _walk(self, text: str, i: int) -> list[tuple[int, ZhTerm]]:
        out = []
        frontier = [self.root]
        end = min(len(text), i + self.max_len)
        for k in range(i, end):
            keys = self.folded(text[k])
            if not keys:
                break
            nxt = []
            for node in frontier:
                for key in keys:
                    child = node.get(key)
                    if child is not None:
                        nxt.append(child)
                        terms = child.get(None)
                        if terms:
                            out.extend((k + 1, zt) for zt in terms)
            if not nxt:
                break
            frontier = nxt
        return out

    def _score(self, window: str, zt: ZhTerm) -> float:
        fuzzy = sum(1 for c, ss in zip(window, zt.sounds) if ss.isdisjoint(self.by_char.get(c, ())))
        return 100.0 - FUZZY_COST * fuzzy

    def find(self, text: str) -> list[Hit]:
        if self.start is None:
            return []
        locks: list[tuple[int, int]] = []
        # window -> (best score, the terms that reach it)
        best: dict[tuple[int, int], tuple[float, list[ZhTerm]]] = {}
        for m in self.start.finditer(text):
            i = m.start()
            for j, zt in self._walk(text, i):
                window = text[i:j]
                if window in self.texts:
                    locks.append((i, j))
                    continue
                if not any(a == b for a, b in zip(window, zt.term.term)):
                    # Not one character right: more often another word or a name (李敬 for
                    # 离境) than a mishearing, which usually gets most of a term right.
                    continue
                score = self._score(window, zt)
                if score < zt.threshold:
                    continue
                old = best.get((i, j))
                if old is None or score > old[0]:
                    best[(i, j)] = (score, [zt])
                elif score == old[0] and zt not in old[1]:
                    old[1].append(zt)
        if not best:
            return []
        taken = bytearray(len(text))
        for i, j in locks:
            taken[i:j] = b"\x01" * (j - i)
        hits: list[Hit] = []
        # Best score first, then the longer window, then the earlier one: deterministic.
        for (i, j), (score, zts) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0][0] - kv[0][1], kv[0][0])):
            if any(taken[i:j]):
                continue
            if len(zts) > 1:
                # Two terms sound the same here; choosing would be a guess.
                hits.append(Hit(i, j, zts[0], score, "sounds like " + ", ".join(z.term.term for z in zts)))
                continue
            why = self._guard(text, i, j, zts[0])
            hits.append(Hit(i, j, zts[0], score, why))
            if why is None:
                taken[i:j] = b"\x01" * (j - i)
        hits.sort(key=lambda h: (h.start, h.end))
        return hits

    def _guard(self, text: str, i: int, j: int, zt: ZhTerm) -> str | None:
        words = self.words
        window = text[i:j]
        fchars = function_chars()
        for c, t in zip(window, zt.term.term):
            if c != t and c in fchars:
                # A recogniser rarely hears a term's syllable as 的, 是 or 这; text does it all the time.
                return f"{c} is a function word"
        level = words.get(window)
        if level is not None and level >= WORD_LEVEL:
            term_level = words.get(zt.term.term, -1)
            if term_level < level + TERM_MARGIN:
                return f"{window} is a common word"
        n = len(text)
        for edge in (i, j):
            # Every word of two to four characters that has the edge strictly inside it.
            for a in range(max(0, edge - 3), edge):
                for b in range(edge + 1, min(n, a + 4) + 1):
                    if b - a < 2 or (a >= i and b <= j):
                        continue
                    w = text[a:b]
                    lvl = words.get(w)
                    if lvl is not None and lvl >= EDGE_LEVEL:
                        return f"{w} is a word across the edge"
        return None


def _limited(it, n):
    for k, x in enumerate(it):
        if k >= n:
            return
        yield x


def _start_pattern(first: set[str], second: set[str], by_syl: dict[str, str]) -> re.Pattern[str]:
    """Positions whose character can start a term and whose next can continue one."""
    folded_to_syl: dict[str, list[str]] = {}
    for s in by_syl:
        folded_to_syl.setdefault(fold(s), []).append(s)

    def cls(keys: set[str]) -> str:
        chars = {c for k in keys for s in folded_to_syl.get(k, ()) for c in by_syl[s]}
        return "[" + "".join(sorted(chars)) + "]"

    return re.compile(f"{cls(first)}(?={cls(second)})")
