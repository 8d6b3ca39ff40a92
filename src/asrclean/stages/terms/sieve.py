"""Rule out, in bulk, the positions of a text where no Chinese term of a large glossary starts.

``PinyinIndex`` (pinyin.py) walks a trie keyed by folded syllables. Whether a walk gets
anywhere depends only on each character's *sound class*, the set of its folded readings: some
480 classes cover every character. So a small table of class pairs says where a pair of
characters may spell a two-character term or lead on into a longer one, and a sorted array of
class triples says where a longer walk gets past its third character. With 5,000 terms about
a tenth of the positions pass, against the three quarters that a test of each character alone
(the start pattern) lets through.

The tests are numpy array passes over the text's code points, about 2 ns a character, where
one Python-level step per character (a cache look-up of each pair) costs 100-150 ns: the
cache of pairs is then asked only about the positions that pass. numpy is imported here, and
this module only when a glossary has enough Chinese terms to need it (``PAIR_SCAN_TERMS``).
"""

from __future__ import annotations

import numpy as np

# Class 0: a character without a reading (Latin, digits, marks), which no term holds.
_NONE = 0
# Bits of the pair table.
_HEAD = 1  # the pair may sound like a two-character term
_DEEP = 2  # the pair may start a longer term
# Where a deep pair's row of third classes is written in its entry of the pair table.
_ROW = 2


class Sieve:
    """The class tables of one trie, built once: ``sift`` uses them on a text."""

    def __init__(self, by_char: dict[str, tuple[str, ...]], root: dict, fold) -> None:
        ids: dict[frozenset[str], int] = {}
        code_class: dict[int, int] = {}
        folded: dict[str, str] = {}
        for ch, syls in by_char.items():
            key = frozenset(folded.get(s) or folded.setdefault(s, fold(s)) for s in syls)
            code_class[ord(ch)] = ids.setdefault(key, len(ids) + 1)
        self.k = k = len(ids) + 1
        # Code point -> class; the last entry (class 0) stands for every code point past the
        # table (``take(..., mode="clip")``).
        limit = max(code_class, default=0) + 1
        self.class_of = np.zeros(limit + 1, dtype=np.int64)
        self.class_of[np.fromiter(code_class.keys(), dtype=np.int64, count=len(code_class))] = np.fromiter(
            code_class.values(), dtype=np.int64, count=len(code_class)
        )
        having: dict[str, list[int]] = {}
        for key, c in ids.items():
            for syl in key:
                having.setdefault(syl, []).append(c)
        # Per pair of classes: its bits, and for a pair that may lead on (_DEEP) its number
        # among those pairs above them, which picks its row of third classes below.
        pairs = np.zeros(k * k, dtype=np.int64)
        thirds_of: dict[int, set[int]] = {}
        for s1, node1 in root.items():
            for s2, node2 in node1.items():
                if s2 is None:
                    continue
                at = [a * k + b for a in having.get(s1, ()) for b in having.get(s2, ())]
                thirds = {c for s3 in node2 if s3 is not None for c in having.get(s3, ())}
                if None in node2:
                    pairs[at] |= _HEAD
                if thirds:
                    for p in at:
                        thirds_of.setdefault(p, set()).update(thirds)
        # The third classes of the deep pairs: a bit per (row, class), so that a text's
        # triples are tested by one look-up each (a search in a sorted array of them cost
        # 20 times as much).
        triples = np.zeros(len(thirds_of) * k + 1, dtype=bool)  # (+1: none is empty)
        for row, (p, thirds) in enumerate(sorted(thirds_of.items())):
            pairs[p] |= _DEEP | row << _ROW
            triples[[row * k + c for c in thirds]] = True
        # The arithmetic on a text's classes in 32 bits where every number fits (half the
        # memory traffic of 64).
        small = np.int32 if max(k * k, len(triples)) < 1 << 31 else np.int64
        self.class_of = self.class_of.astype(small)
        self.pairs = pairs.astype(small)
        self.triples = np.packbits(triples, bitorder="little")

    def sift(self, text: str, lo: int, hi: int) -> tuple[list[int], list[int], list[bool]]:
        """The positions i in [lo, hi - 1) whose pair text[i:i+2] may sound like a two-character
        term, or whose three characters text[i:i+3] (the third may lie past ``hi``: a walk reads
        on) may start a longer one; with each, the pair as a number (first | second << 32, the
        key of the pair cache) and whether it is the latter (a walk may find a longer term).
        The positions no term can start at are left out, and nothing else."""
        n = hi - lo - 1  # the pairs inside text[lo:hi]
        if n < 1:
            return [], [], []
        end = min(len(text), hi + 1)
        codes = np.frombuffer(text[lo:end].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        classes = self.class_of.take(codes, mode="clip")
        k = self.k
        pair = classes[:-1] * k
        pair += classes[1:]
        bits = self.pairs.take(pair[:n])
        at = np.flatnonzero(bits != 0)  # (nonzero is fastest on booleans)
        bits = bits[at]
        # The pairs that may lead on, where a third character (the text's last pair has none)
        # continues them.
        deep = np.flatnonzero(bits & _DEEP)
        if len(deep) and at[deep[-1]] + 2 >= len(classes):
            deep = deep[:-1]
        triple = (bits[deep] >> _ROW) * k + classes[at[deep] + 2]
        walks = deep[(self.triples.take(triple >> 3) >> (triple & 7) & 1).astype(bool)]
        keep = (bits & _HEAD).astype(bool)
        keep[walks] = True
        walking = np.zeros(len(at), dtype=bool)
        walking[walks] = True
        at = at[keep]
        numbers = codes[at].astype(np.uint64)
        numbers |= codes[at + 1].astype(np.uint64) << np.uint64(32)
        return (at + lo).tolist(), numbers.tolist(), walking[keep].tolist()
