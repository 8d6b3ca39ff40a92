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
_QW2_LAST = frozenset(w[1] for w in _QW2)
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


def question_cue(p: str, i: int) -> str:
    """The question word ending just before gap ``i`` of padded text ``p`` ("" if none):
    什么, 谁, ... or "A不A" for an A-not-A question (是不是, 有没有)."""
    c = p[i - 1]
    if c in _QW1:
        return c
    if p[i - 2 : i] in _QW2:
        return p[i - 2 : i]
    if p[i - 2] in _NEGATORS and p[i - 3] == c and c != p[i - 2]:
        return "A不A"
    return ""


# Feature templates. Static ones depend only on the characters around the gap:
# (name, offset of the slice start from the gap, slice length).
STATIC = (
    ("L1", -1, 1), ("L2", -2, 1), ("L3", -3, 1), ("R1", 0, 1), ("R2", 1, 1),
    ("A", -2, 2), ("B", -1, 2), ("C", 0, 2), ("D", -3, 3), ("E", -2, 3), ("F", -1, 3), ("G", 0, 3),
)
# Static ones that count only where a pause is at the gap.
PAUSED = (("PL", -1, 1), ("PR", 0, 1), ("PA", -2, 2), ("PC", 0, 2))


def features(p: str, i: int, pause: bool, spaced: bool, since_mark: int, since_stop: int, asked: str) -> list[str]:
    """The feature keys ("template=value") of gap ``i`` (between p[i-1] and p[i]) in padded text ``p``.

    ``pause``: a space (pause, line or cue break) is at the gap; ``spaced``: the
    text marks pauses at all (without pauses, the absence of one says nothing);
    ``since_mark``/``since_stop``: characters since the last mark / sentence end;
    ``asked``: the last question word seen since the last sentence end ("" if
    none). This is the
    reference the trainer uses; ``decode`` computes the same sums faster.
    """
    f = ["b="]  # the bias: how likely a mark is anywhere
    f.extend(f"{name}={p[i + o : i + o + n]}" for name, o, n in STATIC)
    f.append("M=" + bucket(since_mark))
    f.append("S=" + bucket(since_stop))
    if asked:
        f.append("Q=")
        f.append("QW=" + asked)
        f.append("QL=" + p[i - 1])
        f.append("QS=" + bucket(since_stop))
    if spaced:
        if pause:
            f.append("P=")
            f.extend(f"{name}={p[i + o : i + o + n]}" for name, o, n in PAUSED)
            f.append("PM=" + bucket(since_mark))
            if asked:
                f.append("PQ=")
        else:
            f.append("N=")
            f.append("NM=" + bucket(since_mark))
    return f


_Z = 0j


class _MarkView:
    """The mark weights by whole key ("L1=吗"), read from the per-template tables."""

    def __init__(self, tables):
        self.tables = tables

    def get(self, key: str, default=_Z):
        name, _, value = key.partition("=")
        return self.tables.get(name, {}).get(value, default)


class Model:
    """Two linear models over the same features, as weight tables.

    Mark: for each key, (comma, sentence end) relative to "no mark", held as
    one complex number (comma + end·j) so that a gap's score is one sum.
    Question: for each key, question relative to full stop, asked only where
    the first model puts a sentence end.
    """

    def __init__(self, weights: dict[str, tuple[float, float, float]]):
        tables: dict[str, dict[str, complex]] = {}
        question: dict[str, float] = {}
        for k, (a, b, c) in weights.items():
            if a or b:
                name, _, value = k.partition("=")
                table = tables.get(name)
                if table is None:
                    table = tables[name] = {}
                table[value] = complex(a, b)
            if c:
                question[k] = c
        self.tables = tables
        self.question = question
        get = self.mark.get
        self.bias = get("b=", _Z)
        self.asked = get("Q=", _Z)
        self.paused = get("P=", _Z)
        self.unpaused = get("N=", _Z)
        self.paused_asked = get("PQ=", _Z)
        # Distance features by distance (not bucket): one list index per gap.
        self.by_distance = {
            name: [get(f"{name}={bucket(d)}", _Z) for d in range(len(_BUCKETS) + 1)]
            for name in ("M", "S", "QS", "PM", "NM")
        }

    @property
    def mark(self) -> "_MarkView":
        return _MarkView(self.tables)

    @classmethod
    def load(cls, name: str = "punct_model.tsv.gz") -> "Model":
        raw = resources.files("asrclean").joinpath("data", name).read_bytes()
        weights = {}
        for line in gzip.decompress(raw).decode("utf-8").split("\n"):
            if line and line[0] != "#":
                key, a, b, c = line.split("\t")
                weights[key] = (float(a), float(b), float(c))
        return cls(weights)

    def mark_score(self, keys: list[str]) -> complex:
        get = self.mark.get
        return sum((get(k, _Z) for k in keys), _Z)

    def question_score(self, keys: list[str]) -> float:
        get = self.question.get
        return sum(get(k, 0.0) for k in keys)


def _confidence(s: complex, cls: int, q: float) -> float:
    comma, end = s.real, s.imag
    top = max(0.0, comma, end)
    e0, e1, e2 = math.exp(-top), math.exp(comma - top), math.exp(end - top)
    if cls == COMMA:
        return e1 / (e0 + e1 + e2)
    p_q = 1.0 / (1.0 + math.exp(-q)) if -50 < q < 50 else float(q > 0)
    return e2 / (e0 + e1 + e2) * (p_q if cls == QUESTION else 1.0 - p_q)


def _question_cues(p: str, n: int) -> list[str]:
    """For each gap 1..n (index g-1): the question word ending just before it, if any."""
    neg = _NEGATORS
    cues = [""] * n
    # Most characters are no part of a question word: test the cheap cases first.
    for g, c in enumerate(p[PAD : PAD + n], 1):
        if c in _QW1 or c in _QW2_LAST or (p[g + PAD - 2] in neg and c == p[g + PAD - 3]):
            cues[g - 1] = question_cue(p, g + PAD)
    return cues


def decode(model: Model, seq: str, pauses: list[bool], candidates: list[bool], final: bool,
           max_run: int = 30) -> list[tuple[int, int, float]]:
    """Marks for a stretch ``seq`` (reduced characters, no marks, no spaces).

    Gap g (1 <= g < len(seq)) lies before seq[g]; ``pauses[g]`` says a pause is
    there, ``candidates[g]`` whether a mark may go there at all. ``final``: the
    stretch ends its paragraph, so its end (gap len(seq)) takes a stop or a
    question mark. Returns (gap, class, confidence) for each mark, decided left
    to right (the marks so far are context for the next). A stretch never runs
    ``max_run`` characters without a mark: past that, the likeliest mark goes
    in, so that the result reads as punctuated (and stays so).
    """
    p = LEFT_PAD + seq + RIGHT_PAD
    n = len(seq)
    spaced = any(pauses)
    # The static part of every gap's score first, one template at a time
    # (list comprehensions: the per-gap loop below stays short).
    tables = model.tables
    # Every bigram and trigram of the text, sliced once: each serves several
    # templates, and a string's hash is computed once and kept.
    grams = {1: p, 2: [p[k : k + 2] for k in range(len(p) - 1)], 3: [p[k : k + 3] for k in range(len(p) - 2)]}
    columns = []
    for name, o, ln in STATIC:
        get = tables.get(name, {}).get
        first = PAD + 1 + o  # the slice of gap 1 starts here
        columns.append([get(x, _Z) for x in grams[ln][first : first + n]])
    static = [sum(t, model.bias) for t in zip(*columns)]
    if spaced:
        for g in range(1, n):
            if pauses[g]:
                i = g + PAD
                static[g - 1] += model.paused + sum(
                    (tables.get(name, {}).get(p[i + o : i + o + ln], _Z) for name, o, ln in PAUSED), _Z)
            else:
                static[g - 1] += model.unpaused
        static[n - 1] += model.unpaused  # the end is never a pause
    cues = _question_cues(p, n)
    dist = model.by_distance
    wm, ws, wqs, wpm, wnm = dist["M"], dist["S"], dist["QS"], dist["PM"], dist["NM"]
    cap = len(wm) - 1
    ql = tables.get("QL", {}).get
    qw = tables.get("QW", {}).get
    since_mark = since_stop = 0
    asked = ""
    out = []
    for g in range(1, n + 1):
        since_mark += 1
        since_stop += 1
        if cues[g - 1]:
            asked = cues[g - 1]
        if g < n and not candidates[g]:
            continue
        dm = since_mark if since_mark < cap else cap
        ds = since_stop if since_stop < cap else cap
        s = static[g - 1] + wm[dm] + ws[ds]
        if asked:
            s += model.asked + qw(asked, _Z) + ql(p[g + PAD - 1], _Z) + wqs[ds]
        if spaced:
            if g < n and pauses[g]:
                s += wpm[dm]
                if asked:
                    s += model.paused_asked
            else:
                s += wnm[dm]
        if g == n:
            if not final:
                break
            cls = STOP
        else:
            comma, end = s.real, s.imag
            # A pause the recognizer heard is always a boundary: the model
            # only says which mark it takes.
            if comma <= 0.0 and end <= 0.0 and since_mark < max_run and not pauses[g]:
                continue
            cls = COMMA if comma > end else STOP
        q = 0.0
        if cls == STOP:
            q = model.question_score(features(p, g + PAD, g < n and pauses[g], spaced, since_mark, since_stop, asked))
            if q > 0.0:
                cls = QUESTION
        out.append((g, cls, _confidence(s, cls, q)))
        since_mark = 0
        if cls != COMMA:
            since_stop = 0
            asked = ""
    return out


def decode_reference(model: Model, seq: str, pauses: list[bool], candidates: list[bool], final: bool,
                     max_run: int = 30) -> list[tuple[int, int]]:
    """``decode`` the slow, obvious way, from ``features`` (for tests)."""
    p = LEFT_PAD + seq + RIGHT_PAD
    n = len(seq)
    spaced = any(pauses)
    since_mark = since_stop = 0
    asked = ""
    out = []
    for g in range(1, n + 1):
        i = g + PAD
        since_mark += 1
        since_stop += 1
        cue = question_cue(p, i)
        if cue:
            asked = cue
        if g < n and not candidates[g]:
            continue
        keys = features(p, i, g < n and pauses[g], spaced, since_mark, since_stop, asked)
        s = model.mark_score(keys)
        if g == n:
            if not final:
                break
            cls = STOP
        elif s.real <= 0.0 and s.imag <= 0.0 and since_mark < max_run and not pauses[g]:
            continue
        else:
            cls = COMMA if s.real > s.imag else STOP
        if cls == STOP and model.question_score(keys) > 0.0:
            cls = QUESTION
        out.append((g, cls))
        since_mark = 0
        if cls != COMMA:
            since_stop = 0
            asked = ""
    return out
