"""Find same-sound misspellings of the glossary's Chinese terms (会率 for 汇率).

Terms are indexed in a trie keyed by toneless syllables (every reading of a polyphonic
character). A regex finds the positions whose character can start a term and whose next
character can continue one; only there is the trie walked, so the cost per position does
not grow with the glossary. With hundreds of terms that regex matches nearly everywhere, so
the positions are sifted instead by the sound classes of their characters, in numpy array
passes (``sieve``), and the pairs left are looked up in a cache (``_sifted``): Python code
runs only where a window may sound like a term.

Optional fuzzy pairs (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing) are folded into the
trie keys; a window that needs one of them scores ``100 - FUZZY_COST`` per syllable. By
default only terms of three or more characters accept one fuzzy syllable: for two
characters the pairs make too many real words sound alike.

Most same-sound windows are ordinary text, so a window is replaced only when the text reads
better with the term: a noisy-channel decision on a few characters around the window
(``context``). The gain, in bits, is

    best segmentation with the term as one word  -  best segmentation as written
    -  CHANGE_BITS per changed character  -  FUZZY_BITS per fuzzy syllable

and must reach MIN_GAIN. A glossary term counts at least as a word of level ``term_level``:
GLOSSARY_LEVEL (the user said it occurs in this text), less log2 of how many times larger than
GLOSSARY_SIZE the glossary is (many terms: each is a smaller share of the text, and one more
chance of a chance collision). This subsumes the usual guards: a window that is a common word
(较好 for 叫好) or cuts across words (文化市场 for 花市) reads better as written; so does a
window inside a person's name, because the segmentation knows names as words of their own
(王凤起 is not 王丰 + 起); garbles of rare characters (会率, 期贷) read far worse than the
term. A term the text already uses gains DOC_BITS more (a cache language model: a document
repeats its terms).

How much the text must gain depends on the window (``_need``; the judgement, its constants and
the rules below live in judge.py): more where a changed character
is an everyday word of its own (会来 is a verb phrase, not 回来), less where the window sounds
exactly like the term and is no word (three characters or more: EXACT_GAIN, unless a character
the term would change belongs to a word reaching out of the window, 些 in 这些|冰芯; two:
EXACT2_GAIN).
A window that reads as a person's name, for a term that is another name (陈雁 for 陈妍, 牛健峰
for 刘建峰), is repaired only where the text uses the term elsewhere.

Two more rules:
- a window must share at least one character with the term (李敬 is a name, not 离境);
- a term already written correctly is never touched, nor rewritten into another term (a
  longer term may be completed around it: 荡之无愧 holds 无愧 and becomes 当之无愧; a window of
  three characters or more that sounds exactly like its term may also take in the edge of a
  short term it keeps as it is: 报国 in 晚报国绩部, which becomes 晚报国际部).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import compress, product, repeat, starmap
from operator import add, eq, is_, itemgetter, not_
from typing import Literal

from ...glossary import Term
from ...lazyre import lazy
from .context import WordModel
from .judge import CONTEXT, DOC_BITS, FUZZY_COST, MIN_GAIN, NOTE_BITS, Hit, Judge, ZhTerm, term_level
from .tables import readings

# Default minimum score: exact sound for two characters, one fuzzy syllable from three on.
def default_threshold(n: int) -> float:
    return 100.0 if n <= 2 else 100.0 - FUZZY_COST


# Bigrams remembered by the matcher before its cache starts again.
PAIR_CACHE = 200_000
# Longer-term walks remembered (by the characters they read) before that cache starts again.
WALK_CACHE = 200_000
# Polyphones multiply readings; past this many spellings a term is indexed by the first ones.
MAX_SPELLINGS = 64
# From this many Chinese terms on, the start pattern matches nearly every Chinese character
# (the terms' first and second sounds cover most syllables), so the positions are sifted by
# sound classes instead: see ``_sifted``. (On news text a look-up of every pair took the same
# time as the pattern at about 300 terms; the sieve, which imports numpy, is used from there.)
PAIR_SCAN_TERMS = 300
# Marks a cache entry not computed yet (None is a computed "nothing here").
_UNSEEN = object()

_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


# Marks inside a name or a term: 约翰·纳什 (a transliterated name), 维生素-C.
DOTS = lazy(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[·•・‧\-](?=[\u3400-\u4dbf\u4e00-\u9fff])")


def undotted(term: str) -> str:
    """The term as a recogniser writes it: without the marks between its characters."""
    return term if term.isascii() else DOTS.sub("", term)  # (DOTS needs Chinese on both sides)


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


class PinyinIndex(Judge):
    def __init__(self, terms: list[Term]):
        self.by_char, by_syl = readings()
        self._folded: dict[str, tuple[str, ...]] = {}
        self.root: dict = {}
        self.texts: set[str] = set()
        self.max_len = 0
        first: set[str] = set()
        second: set[str] = set()
        for t in terms:
            chars = undotted(t.term)
            if len(chars) < 2 or not all(c in self.by_char for c in chars) or chars in self.texts:
                continue
            sounds = tuple(frozenset(self.by_char[c]) for c in chars)
            th = t.threshold if t.threshold is not None else default_threshold(len(chars))
            zt = ZhTerm(t, chars, sounds, th)
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
        self.pair_scan = len(self.texts) >= PAIR_SCAN_TERMS
        self._numbers: dict[int, tuple | None] = {}  # _pair by the number of two characters
        self._sieve = None  # built on the first scan that needs it (it imports numpy)
        self.level = term_level(len(self.texts))
        self._model: WordModel | None = None
        self._pairs: dict[str, tuple | None] = {}
        self._walks: dict[str, tuple] = {}
        self._best_cache: dict[str, float] = {}  # the word model's best reading of a string
        self._bounds = {}
        self._level1: dict[str, list[dict]] = {}

    def __bool__(self) -> bool:
        return bool(self.texts)

    def folded(self, ch: str) -> tuple[str, ...]:
        f = self._folded.get(ch)
        if f is None:
            f = tuple(sorted({fold(s) for s in self.by_char.get(ch, ())}))
            self._folded[ch] = f
        return f

    @property
    def model(self) -> WordModel:
        # Loaded on the first same-sound window, not with the stage: most texts need no check.
        if self._model is None:
            self._model = WordModel()
        return self._model

    def _pair(self, pair: str) -> tuple[Literal[True] | tuple[float, list[ZhTerm]] | None, tuple[dict, ...] | None] | None:
        """What two characters lead to: (True if they are a term, else the best sound score
        of the two-character terms they are a candidate for with those terms, or None; the
        trie nodes longer terms continue from or None), or None for nothing. Cached, because
        text repeats its bigrams and most positions stop here.

        A pair that sounds like one term only and reads better as written whatever its context
        (its bound in ``_gain``) is no candidate: ``find`` would judge it at every position to
        drop it there."""
        if pair in self._pairs:
            return self._pairs[pair]
        if len(self._pairs) > PAIR_CACHE:
            self._pairs.clear()
        level1 = self._level1.get(pair[0])
        if level1 is None:
            level1 = [c for key in self.folded(pair[0]) if (c := self.root.get(key)) is not None]
            self._level1[pair[0]] = level1
        if not level1 or len(pair) < 2:
            self._pairs[pair] = None
            return None
        keys = self.folded(pair[1])
        nodes = [c for node in level1 for key in keys if (c := node.get(key)) is not None]
        two = []
        for node in nodes:
            for zt in node.get(None, ()):
                s = self._candidate(pair, zt)
                if s is not None:
                    two.append((zt, s))
        # What the scan records at the pair: True where it spells a term (a lock), else the
        # best sound score with its terms, reduced here once rather than at every position.
        head = True if pair in self.texts else _best_of(two) if two else None
        if head and head is not True and len(head[1]) == 1:
            if self._bound(pair, head[1][0].text, head[0], self._best_cache)[0] < MIN_GAIN - NOTE_BITS:
                head = None
        deeper = tuple(n for n in nodes if len(n) > (None in n)) or None
        info = (head, deeper) if head or deeper else None
        self._pairs[pair] = info
        return info

    def _scan(self, text: str, lo: int, hi: int, locks: list, best: dict) -> None:
        """Add to ``locks`` the terms text[lo:hi] spells right and to ``best`` the windows that
        sound like a term. Each step is one pass of C code over the positions (slices, cache
        look-ups, filters), so Python code runs only where a window is a candidate."""
        walks = None
        if self.pair_scan:
            starts, infos, walks = self._sifted(text, lo, hi)
        else:
            starts = [m.start() for m in self.start.finditer(text, lo, hi)]
            pairs = self._pairs
            bigrams = list(map(text.__getitem__, map(slice, starts, map(add, starts, repeat(2)))))
            infos = list(map(pairs.get, bigrams, repeat(_UNSEEN)))
            if _UNSEEN in infos:
                for k in [k for k, info in enumerate(infos) if info is _UNSEEN]:
                    infos[k] = self._pair(bigrams[k])
            starts = list(compress(starts, infos))
            infos = list(filter(None, infos))
        if not starts:
            return
        heads = list(map(itemgetter(0), infos))
        at = list(compress(starts, heads))
        if at:
            heads = list(filter(None, heads))
            windows = list(zip(at, map(add, at, repeat(2))))
            term = list(map(is_, heads, repeat(True)))
            locks.extend(compress(windows, term))
            # Only this step makes two-character windows, and a pair's best is the same at
            # every position (a window looked at twice, where ranges overlap, gets it again).
            other = list(map(not_, term))
            best.update(zip(compress(windows, other), compress(heads, other)))
        deepers = list(map(itemgetter(1), infos))
        if walks is not None:
            # Only where the sieve saw a third character that leads on.
            starts = list(compress(starts, walks))
            deepers = list(compress(deepers, walks))
        starts = list(compress(starts, deepers))
        if not starts:
            return
        walks = self._walks
        keys = list(map(text.__getitem__, map(slice, starts, map(add, starts, repeat(self.max_len)))))
        found = list(map(walks.get, keys, repeat(_UNSEEN)))
        deepers = list(filter(None, deepers))
        for k in compress(range(len(found)), found):
            out = found[k]
            if out is _UNSEEN:
                out = walks[keys[k]] = self._longer(keys[k], deepers[k])
            i = starts[k]
            for j, zt, score in out:
                if zt is None:
                    locks.append((i, i + j))
                else:
                    _keep_best(best, i, i + j, zt, score)

    def _sifted(self, text: str, lo: int, hi: int) -> tuple[list[int], list[tuple], list[bool]]:
        """The positions in text[lo:hi] where two characters lead to a term, with what they
        lead to (see ``_pair``) and whether a longer term may start there.

        The sieve (sieve.py) rules out in bulk the positions where no term can start, by the
        sound classes of their characters; the pairs at the rest are looked up in a cache
        keyed by the two characters as one number."""
        if self._sieve is None:
            from .sieve import Sieve

            self._sieve = Sieve(self.by_char, self.root, fold)
        at, numbers, walks = self._sieve.sift(text, lo, hi)
        cache = self._numbers
        if len(cache) > PAIR_CACHE:
            cache.clear()
        try:
            # Where every pair has been seen (a text that repeats its bigrams), one pass.
            got = list(map(cache.__getitem__, numbers))
        except KeyError:
            got = list(map(cache.get, numbers, repeat(_UNSEEN)))
            pair = self._pair
            for number in dict.fromkeys(compress(numbers, map(is_, got, repeat(_UNSEEN)))):
                cache[number] = pair(chr(number & 0xFFFFFFFF) + chr(number >> 32))
            got = list(map(cache.__getitem__, numbers))
        # (A pair of the right sound classes may still lead nowhere: no character right.)
        return list(compress(at, got)), list(filter(None, got)), list(compress(walks, got))

    def _candidate(self, window: str, zt: ZhTerm) -> float | None:
        """The sound score of a window for a term, or None if it is no candidate."""
        if not any(map(eq, window, zt.text)):
            # Not one character right: more often another word or a name (李敬 for
            # 离境) than a mishearing, which usually gets most of a term right.
            return None
        score = 100.0 - FUZZY_COST * self._fuzzy(window, zt)
        return score if score >= zt.threshold else None

    def _longer(self, key: str, deeper: tuple[dict, ...]) -> tuple[tuple[int, ZhTerm | None, float], ...]:
        """The terms of three characters or more that ``key`` (the text from a position on, as
        long as the longest term) starts with the sound of: (length, term, score), or (length,
        None, 0) where it spells a term right. It depends on those characters alone, so it is
        remembered: a text repeats its phrases."""
        out = []
        for j, zt in self._walk(key, 0, deeper):
            window = key[:j]
            if window in self.texts:
                out.append((j, None, 0.0))
                continue
            score = self._candidate(window, zt)
            if score is not None:
                out.append((j, zt, score))
        return tuple(out)

    def _walk(self, text: str, i: int, frontier: tuple[dict, ...]) -> list[tuple[int, ZhTerm]]:
        """(end, term) for every term of three or more characters whose sound the text spells
        from ``i``; ``frontier`` holds the nodes after the first two characters."""
        out = []
        end = min(len(text), i + self.max_len)
        cached = self._folded
        for k in range(i + 2, end):
            keys = cached.get(text[k])
            if keys is None:
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

    def _fuzzy(self, window: str, zt: ZhTerm) -> int:
        # (The count of the window's characters with none of the term's readings there.)
        return sum(map(frozenset.isdisjoint, zt.sounds, map(self.by_char.get, window, repeat(()))))

    def find(
        self, text: str, near: list[tuple[int, int]] | None = None, present: frozenset[str] = frozenset()
    ) -> tuple[list[Hit], frozenset[str]]:
        """Same-sound windows, replaced or noted, and the terms the text then spells right.

        With ``near``, only windows whose context touches one of those spans are looked at
        (the spans a previous pass changed); ``present`` then says which terms the rest of
        the text spells right."""
        if self.start is None:
            return [], present
        if near is None:
            ranges = [(0, len(text))]
        else:
            reach = self.max_len + CONTEXT
            ranges = [(max(0, a - reach), min(len(text), b + reach)) for a, b in near]
        locks: list[tuple[int, int]] = []
        # window -> (best sound score, the terms that reach it)
        best: dict[tuple[int, int], tuple[float, list[ZhTerm]]] = {}
        if len(self._walks) > WALK_CACHE:
            self._walks.clear()
        for lo, hi in ranges:
            self._scan(text, lo, hi, locks, best)
        present = present.union(map(text.__getitem__, starmap(slice, locks)))
        if not best:
            return [], present
        cands: list[Hit] = []
        ties: list[tuple[int, int, float, list[ZhTerm]]] = []
        cache = self._best_cache
        if len(cache) > WALK_CACHE:
            cache.clear()
        if len(self._bounds) > WALK_CACHE:
            self._bounds.clear()
        for (i, j), (score, zts) in best.items():
            if len(zts) > 1:
                ties.append((i, j, score, zts))
                continue
            gain = self._gain(text, i, j, zts[0], score, cache)
            if gain >= MIN_GAIN - NOTE_BITS:
                cands.append(Hit(i, j, zts[0], score, gain, None))
        # A cache language model: a term the text uses (or will use once the clear cases are
        # repaired) is likelier in it. The bonus is not above NOTE_BITS, so every window it can
        # tip over is among the candidates, and a second run makes the same decisions.
        need = {(h.start, h.end): self._need(text, h) for h in cands}
        clear = [h.term.text for h in cands if h.gain >= min(MIN_GAIN, need[h.start, h.end][0])]
        used = present.union(clear)
        clear_count = Counter(clear)
        for k, h in enumerate(cands):
            least, bonus = need[h.start, h.end]
            gain = h.gain + (DOC_BITS if bonus and h.term.text in used else 0.0)
            why = None if gain >= least else f"the text reads better as written ({gain:+.1f} bits)"
            if why is None and self._name_for_name(text[h.start : h.end], h.term.text):
                mine = 1 if h.term.text in clear and h.gain >= min(MIN_GAIN, least) else 0
                if h.term.text not in present and clear_count[h.term.text] <= mine:
                    why = f"a name as likely as {h.term.term.term}, which the text does not use elsewhere"
            cands[k] = Hit(h.start, h.end, h.term, h.score, gain, why)
        for i, j, score, zts in ties:
            # Two terms sound the same here: choosing would be a guess, unless the text uses
            # one of them and not the other.
            inuse = [z for z in zts if z.text in used]
            h = None
            if len(inuse) == 1:
                gain = self._gain(text, i, j, inuse[0], score, cache)
                h = Hit(i, j, inuse[0], score, gain, None)
                least, bonus = self._need(text, h)
                gain += DOC_BITS if bonus else 0.0
                h = Hit(i, j, inuse[0], score, gain, None) if gain >= least else None
            if h is None:
                names = ", ".join(z.term.term for z in zts)
                h = Hit(i, j, zts[0], score, MIN_GAIN - NOTE_BITS, f"sounds like {names}")
            cands.append(h)
        # The locks that start where one could overlap a window (a text spells thousands of
        # terms right, and a dict of them all cost more than the rest of the decisions).
        reach = {a for h in cands for a in range(h.start - self.max_len + 1, h.end)}
        lock_ends: dict[int, list[int]] = {}
        for i, j in compress(locks, map(reach.__contains__, map(itemgetter(0), locks))):
            lock_ends.setdefault(i, []).append(j)
        taken = bytearray(len(text))
        hits: list[Hit] = []
        # Replacements first, best gain first, then the longer window, then the earlier one.
        for h in sorted(cands, key=lambda h: (h.note is not None, -h.gain, h.start - h.end, h.start)):
            if any(taken[h.start : h.end]):
                continue
            if not self._keeps_locks(text, h, lock_ends):  # (True where no lock overlaps)
                continue
            hits.append(h)
            if h.note is None:
                taken[h.start : h.end] = b"\x01" * (h.end - h.start)
        hits.sort(key=lambda h: (h.start, h.end))
        return hits, present.union(h.term.text for h in hits if h.note is None)

def _best_of(two: list[tuple[ZhTerm, float]]) -> tuple[float, list[ZhTerm]]:
    """The best score of a window's candidates and the terms that reach it, in order: what
    ``_keep_best`` keeps of them one by one."""
    if len(two) == 1:
        return two[0][1], [two[0][0]]
    kept: dict = {}
    for zt, score in two:
        _keep_best(kept, 0, 2, zt, score)
    return kept[0, 2]


def _keep_best(best: dict, i: int, j: int, zt: ZhTerm, score: float) -> None:
    old = best.get((i, j))
    if old is None or score > old[0]:
        best[(i, j)] = (score, [zt])
    elif score == old[0] and zt not in old[1]:
        old[1].append(zt)


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
