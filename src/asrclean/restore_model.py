"""The punctuation-restoration model: features of a gap between two characters,
and a greedy left-to-right decoder over a stretch of text that has no marks.

Shared by the `restore` stage (inference) and tools/train_punct.py (training),
so the features a model was trained on are exactly the ones it is run with.
The model is a linear (multinomial logistic) classifier: for each feature
template a table from the template's key (a character, a bigram, ...) to three
weights, for comma, full stop and question mark, each relative to "no mark".
It is pure data (src/asrclean/data/punct_model.tsv.gz) and plain Python to run.
"""

from __future__ import annotations

import gzip
import math
from importlib import resources

# The classes a gap can take; index 0 ("no mark") has all-zero weights.
CLASSES = ("", "，", "。", "？")
COMMA, STOP, QUESTION = 1, 2, 3

PAD = 3  # characters of padding on each side, so every slice below exists
LEFT_PAD = "^" * PAD
RIGHT_PAD = "$" * PAD

# Words that make the sentence they are in a question, wherever they stand
# ("这个谁来看一下", "你们觉得要不要这周就改"); 吗/呢 at the end are seen by the
# character features directly.
QUESTION_WORDS = ("什么", "怎么", "怎样", "如何", "多少", "多久", "为啥", "干嘛", "哪", "谁", "几", "啥", "咋")
_QW1 = frozenset(w for w in QUESTION_WORDS if len(w) == 1)
_QW2 = frozenset(w for w in QUESTION_WORDS if len(w) == 2)
# A-not-A: 是不是, 有没有, 要不要, 能不能 ... (X不X / X没X).
_NEGATORS = frozenset("不没")

# Distances (in characters) fall into buckets, so that 31 and 32 weigh the same.
_BUCKETS = [str(b) for b in (0, 1, 2, 3, 4, 5, 6, 6, 7, 7, 8, 8, 8, 9, 9, 9, 9)]
_BUCKETS += ["10"] * 6 + ["11"] * 8 + ["12"] * 10 + ["13"] * 16


def bucket(d: int) -> str:
    return _BUCKETS[d] if d < len(_BUCKETS) else "14"


def reduce_char(c: str) -> str:
    """The character as the model sees it: any Latin letter is "a", any digit "0"."""
    if c.isascii():
        if c.isalpha():
            return "a"
        if c.isdigit():
            return "0"
    return c


def is_question_cue(p: str, i: int) -> bool:
    """Whether the characters just before gap ``i`` of padded text ``p`` ask something."""
    c = p[i - 1]
    if c in _QW1 or p[i - 2 : i] in _QW2:
        return True
    return p[i - 2] in _NEGATORS and p[i - 3] == c and c != p[i - 2]


def features(p: str, i: int, pause: bool, spaced: bool, since_mark: int, since_stop: int, asked: bool) -> list[str]:
    """The feature keys of gap ``i`` (between p[i-1] and p[i]) in padded text ``p``.

    ``pause``: a space (pause, line or cue break) is at the gap; ``spaced``: the
    text marks pauses at all (without pauses, the absence of one says nothing);
    ``since_mark``/``since_stop``: characters since the last mark / sentence end;
    ``asked``: a question word was seen since the last sentence end.
    """
    f = [
        "b",  # the bias: how likely a mark is anywhere
        "L1" + p[i - 1],
        "L2" + p[i - 2],
        "L3" + p[i - 3],
        "R1" + p[i],
        "R2" + p[i + 1],
        "A" + p[i - 2 : i],
        "B" + p[i - 1 : i + 1],
        "C" + p[i : i + 2],
        "D" + p[i - 3 : i],
        "E" + p[i - 2 : i + 1],
        "F" + p[i - 1 : i + 2],
        "G" + p[i : i + 3],
        "M" + bucket(since_mark),
        "S" + bucket(since_stop),
    ]
    if asked:
        f.append("Q")
        f.append("QL" + p[i - 1])
        f.append("QS" + bucket(since_stop))
    if spaced:
        if pause:
            f.append("P")
            f.append("PL" + p[i - 1])
            f.append("PR" + p[i])
            f.append("PA" + p[i - 2 : i])
            f.append("PC" + p[i : i + 2])
            f.append("PM" + bucket(since_mark))
            if asked:
                f.append("PQ")
        else:
            f.append("N")
            f.append("NM" + bucket(since_mark))
    return f


class Model:
    """Weights by feature key: key -> (comma, stop, question), relative to no mark."""

    def __init__(self, weights: dict[str, tuple[float, float, float]]):
        self.weights = weights

    @classmethod
    def load(cls, name: str = "punct_model.tsv.gz") -> "Model":
        raw = resources.files("asrclean").joinpath("data", name).read_bytes()
        weights = {}
        for line in gzip.decompress(raw).decode("utf-8").split("\n"):
            if not line or line.startswith("#"):
                continue
            key, a, b, c = line.split("\t")
            weights[key] = (float(a), float(b), float(c))
        return cls(weights)

    def scores(self, keys: list[str]) -> tuple[float, float, float]:
        get = self.weights.get
        a = b = c = 0.0
        for k in keys:
            w = get(k)
            if w is not None:
                a += w[0]
                b += w[1]
                c += w[2]
        return a, b, c


def probabilities(s: tuple[float, float, float]) -> list[float]:
    top = max(0.0, *s)
    e = [math.exp(-top), math.exp(s[0] - top), math.exp(s[1] - top), math.exp(s[2] - top)]
    z = sum(e)
    return [x / z for x in e]


def decode(model: Model, seq: str, pauses: list[bool], candidates: list[bool], final: bool,
           max_run: int = 30) -> list[tuple[int, int, float]]:
    """Marks for a stretch ``seq`` (reduced characters, no marks, no spaces).

    Gap g (1 <= g < len(seq)) lies before seq[g]; ``pauses[g]`` says a pause is
    there, ``candidates[g]`` whether a mark may go there at all. ``final``: the
    stretch ends its paragraph, so its end (gap len(seq)) takes a stop or a
    question mark. Returns (gap, class, confidence) for each mark. A stretch
    never runs ``max_run`` characters without a mark: past that, the likeliest
    mark goes in, so that the result reads as punctuated (and stays so).
    """
    p = LEFT_PAD + seq + RIGHT_PAD
    n = len(seq)
    spaced = any(pauses)
    since_mark = since_stop = 0
    asked = False
    out = []
    for g in range(1, n + 1):
        i = g + PAD
        since_mark += 1
        since_stop += 1
        if not asked and is_question_cue(p, i):
            asked = True
        if g < n and not candidates[g]:
            continue
        s = model.scores(features(p, i, g < n and pauses[g], spaced, since_mark, since_stop, asked))
        if g == n:
            if not final:
                break
            cls = QUESTION if s[2] > s[1] else STOP
        else:
            best = max(s)
            if best <= 0.0 and since_mark < max_run:
                continue
            cls = 1 + s.index(best)
        out.append((g, cls, probabilities(s)[cls]))
        since_mark = 0
        if cls != COMMA:
            since_stop = 0
            asked = False
    return out
