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
LONGEST = 4  # the dictionary's longest words


@lru_cache(maxsize=None)
def _table() -> tuple[dict[str, int], float]:
    from .stages.terms.tables import words_zh, words_zh_total

    return words_zh(), words_zh_total()


def boundary_costs(seq: str) -> list[float]:
    """cost[g] for each gap g = 0..len(seq) (gap g lies before seq[g]): log2 of how much
    likelier the best split of ``seq`` into words is than the best with a boundary at g.
    The two ends cost 0."""
    words, total = _table()
    get = words.get
    n = len(seq)
    unknown = UNKNOWN_LEVEL - total
    neg = float("-inf")
    # Log2 probabilities of the words ending at j (forward) found once, kept by start.
    spans: list[list[tuple[int, float]]] = [[] for _ in range(n)]  # start -> [(end, logp)]
    for i in range(n):
        row = spans[i]
        level = get(seq[i])
        row.append((i + 1, (unknown if level is None else level - total)))
        for k in range(2, LONGEST + 1):
            if i + k > n:
                break
            level = get(seq[i : i + k])
            if level is not None:
                row.append((i + k, level - total))
    fwd = [neg] * (n + 1)
    fwd[0] = 0.0
    for i in range(n):
        here = fwd[i]
        for j, lp in spans[i]:
            if here + lp > fwd[j]:
                fwd[j] = here + lp
    bwd = [neg] * (n + 1)
    bwd[n] = 0.0
    for i in range(n - 1, -1, -1):
        best = neg
        for j, lp in spans[i]:
            v = lp + bwd[j]
            if v > best:
                best = v
        bwd[i] = best
    top = fwd[n]
    return [top - f - b for f, b in zip(fwd, bwd)]
