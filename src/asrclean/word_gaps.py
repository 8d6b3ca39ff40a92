"""How much a gap between two Chinese characters cuts a word: the cost, in bits, of a word
boundary there under a small unigram segmenter.

Text without any pause (Paraformer/Kaldi-style output) gives the punctuation model no
anchor: its character n-grams alone put marks inside words ("申，请", "结，冰", "分。钟").
A word of the dictionary (jieba's frequencies, data/words_zh.txt) read across a gap says
a mark there is unlikely. The segmenter scores every split of the stretch into words of
1-4 characters by their log2 probabilities; the cost of gap g is how much likelier the best
split is than the best split with a word boundary at g (0 where the best split has one).
Forward and backward best scores give every gap's cost in two passes, so the cost is linear.
"""

from __future__ import annotations

from functools import lru_cache

# The level of a character the dictionary does not hold as a word of its own (as the
# doubled-character segmenter of the fillers stage takes it).
UNKNOWN_LEVEL = -1


@lru_cache(maxsize=None)
def _table() -> tuple[dict[str, float], dict[str, float]]:
    """(word of 2-4 characters -> log2 probability, character -> log2 probability, the
    characters the dictionary lacks at UNKNOWN_LEVEL)."""
    from .stages.terms.tables import words_zh, words_zh_total

    total = words_zh_total()
    words = {w: level - total for w, level in words_zh().items()}
    chars = {w: p for w, p in words.items() if len(w) == 1}
    longer = {w: p for w, p in words.items() if len(w) > 1}
    return longer, chars


def boundary_costs(seq: str) -> list[float]:
    """cost[g] for each gap g = 0..len(seq) (gap g lies before seq[g]): log2 of how much
    likelier the best split of ``seq`` into words is than the best with a boundary at g.
    The two ends cost 0."""
    longer, chars = _table()
    n = len(seq)
    neg = float("-inf")
    unknown = UNKNOWN_LEVEL - _total()
    # The words at each start, found by the dict in bulk (map), not one lookup at a time.
    one = [chars.get(c, unknown) for c in seq]
    get = longer.get
    # (Padded with None to n entries: no bounds to check in the loops.)
    two = list(map(get, [seq[i : i + 2] for i in range(n - 1)])) + [None]
    three = list(map(get, [seq[i : i + 3] for i in range(n - 2)])) + [None] * 2
    four = list(map(get, [seq[i : i + 4] for i in range(n - 3)])) + [None] * 3
    fwd = [neg] * (n + 4)
    fwd[0] = 0.0
    for i, (a, b, c, d) in enumerate(zip(one, two, three, four)):
        here = fwd[i]
        v = here + a
        if v > fwd[i + 1]:
            fwd[i + 1] = v
        if b is not None:
            v = here + b
            if v > fwd[i + 2]:
                fwd[i + 2] = v
        if c is not None:
            v = here + c
            if v > fwd[i + 3]:
                fwd[i + 3] = v
        if d is not None:
            v = here + d
            if v > fwd[i + 4]:
                fwd[i + 4] = v
    bwd = [neg] * (n + 4)
    bwd[n] = 0.0
    for i in range(n - 1, -1, -1):
        best = one[i] + bwd[i + 1]
        b = two[i]
        if b is not None:
            v = b + bwd[i + 2]
            if v > best:
                best = v
        c = three[i]
        if c is not None:
            v = c + bwd[i + 3]
            if v > best:
                best = v
        d = four[i]
        if d is not None:
            v = d + bwd[i + 4]
            if v > best:
                best = v
        bwd[i] = best
    top = fwd[n]
    return [top - f - b for f, b in zip(fwd[: n + 1], bwd)]


@lru_cache(maxsize=None)
def _total() -> float:
    from .stages.terms.tables import words_zh_total

    return words_zh_total()
