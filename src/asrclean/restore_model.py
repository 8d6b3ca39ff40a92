"""The punctuation-restoration model: features of a gap between two characters,
and a greedy left-to-right decoder over a stretch of text that has no marks.

Shared by the `restore` stage (inference) and tools/train_punct.py (training),
so the features a model was trained on are exactly the ones it is run with.
The model is a linear (multinomial logistic) classifier: for each feature
template a table from the template's key (a character, a bigram, ...) to three
weights, for comma, full stop and question mark, each relative to "no mark".
It is pure data (src/asrclean/data/punct_model.bin) and plain Python to run.

Speed: the decoder looks up each position of the text once (one dict hit, on
the trigram there, returns a row with what that trigram, its bigram and its
character give to the gaps around it; see _CELL), sums a gap's static score
from five neighbouring rows, and visits only the gaps whose static score leaves
a mark possible (or where something else needs a look); only there are the
features that depend on the marks decided so far added.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
import re
import zlib
from array import array
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


# Distances past this fall in one bucket where the feature is rare at long
# range: a run-on sentence that no stop has cut must not read as less of a
# question (or less of a new start) the longer it runs.
SHORT_CAP = 22


def short_bucket(d: int) -> str:
    return _BUCKETS[d if d < SHORT_CAP else SHORT_CAP]


# Words that open a new thought ("所以", "但是"): before one, after a long
# clause, a sentence more likely ends.
OPENERS = frozenset(("所以", "但是", "然后", "那么", "另外", "不过", "因为", "其实", "而且", "可是",
                     "如果", "首先", "最后", "接着", "还有", "总之", "反正", "后来"))


# Sentence-final particles: before a pause, one after a complete clause
# ("我来看吧", "还不错啊") more often ends the sentence the longer the clause.
PARTICLES = frozenset("吧啊呢了嘛呀哦啦呗喽")


def reduce_char(c: str) -> str:
    """The character as the model sees it: any Latin letter is "a", any digit "0"."""
    if c.isascii():
        if c.isalpha():
            return "a"
        if c.isdigit():
            return "0"
    return c


# reduce_char over a whole string at once.
_REDUCE = str.maketrans({c: "a" for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}
                        | {c: "0" for c in "0123456789"})


def reduce_text(s: str) -> str:
    return s.translate(_REDUCE)


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


def features(p: str, i: int, pause: bool, spaced: bool, since_mark: int, since_stop: int, asked: str,
             since_cue: int = 0, to_pause: int = 0) -> list[str]:
    """The feature keys ("template=value") of gap ``i`` (between p[i-1] and p[i]) in padded text ``p``.

    ``pause``: a space (pause, line or cue break) is at the gap; ``spaced``: the
    text marks pauses at all (without pauses, the absence of one says nothing);
    ``since_mark``/``since_stop``: characters since the last mark / sentence end;
    ``asked``: the last question word seen since the last sentence end ("" if
    none), ``since_cue`` characters since that word ended; ``to_pause``
    (at a pause): characters up to the next pause or the end of the text. This is the
    reference the trainer uses; ``decode`` computes the same sums faster.
    """
    f = ["b="]  # the bias: how likely a mark is anywhere
    f.extend(f"{name}={p[i + o : i + o + n]}" for name, o, n in STATIC)
    f.extend(dynamic_features(p, i, pause, spaced, since_mark, since_stop, asked, since_cue, to_pause))
    if spaced and pause:
        f.extend(f"{name}={p[i + o : i + o + n]}" for name, o, n in PAUSED)
    return f


def dynamic_features(p: str, i: int, pause: bool, spaced: bool, since_mark: int, since_stop: int, asked: str,
                     since_cue: int, to_pause: int = 0) -> list[str]:
    """The keys of ``features`` that are not a slice of the text around the gap."""
    f = ["M=" + bucket(since_mark), "S=" + bucket(since_stop)]
    if asked:
        f.append("Q=")
        f.append("QW=" + asked)
        f.append("QL=" + p[i - 1])
        f.append("QS=" + short_bucket(since_stop))
        f.append("QD=" + short_bucket(since_cue))
        if not spaced:
            # A question pending in text without any pause (Paraformer- or
            # Kaldi-style output), where no pause can end it. The shipped
            # model predates this key: its weight is the speech calibration's
            # (SPEECH_CALIBRATION); a retrain learns one from the no-space copies.
            f.append("QN=")
    if p[i : i + 2] in OPENERS:
        f.append("O=" + short_bucket(since_stop))
        f.append("OM=" + short_bucket(since_mark))
    if spaced:
        if pause:
            f.append("P=")
            f.append("PM=" + bucket(since_mark))
            # At a pause, the length of the sentence so far: a recognizer's
            # pauses fall at commas and stops alike, and a long clause chain
            # is what an editor ends (PS); more so before an opener (PO) or
            # after a sentence-final particle (PF).
            f.append("PS=" + bucket(since_stop))
            if p[i : i + 2] in OPENERS:
                f.append("PO=" + short_bucket(since_stop))
            if p[i - 1] in PARTICLES:
                f.append("PF=" + p[i - 1] + short_bucket(since_stop))
            # The stretch after the pause, up to the next one (PN), and with
            # the one before it (PMN): a short reply between two pauses
            # ("好的", "我来看吧") is a sentence of its own.
            f.append("PN=" + short_bucket(to_pause))
            f.append("PMN=" + short_bucket(since_mark) + "," + short_bucket(to_pause))
            if asked:
                f.append("PQ=")
        else:
            f.append("N=")
            f.append("NM=" + bucket(since_mark))
            # How far the next pause is: a mark a character or two before
            # one would leave a clause of a character or two ("管。它。").
            # Not at the end of the text (to_pause 0): there it would only
            # learn how dialogues end.
            if to_pause:
                f.append("NN=" + short_bucket(to_pause))
    return f


_Z = 0j

# The static templates read a slice of the text at a fixed place around the gap.
# Rows: for each position k of the text, one tuple (a "row") holds everything
# the characters from k on give to the gaps around k: from the trigram p[k:k+3],
# the bigram p[k:k+2] and the character p[k], summed per gap they reach. Gap i
# reads row[3 + o] of the row at i + o (o = -3..1), and where a pause is also
# row[7 + o] (o = -2..0). (The question weights, needed only where a sentence
# ends, are looked up by key, as the other features are.) So a gap's static score is five
# cells of five rows, and each position of the text costs one dict hit: the
# trigram's row if the model has it (it includes its bigram and character),
# else the bigram's (which includes its character), else the character's.
_CELL = {name: (ln, (7 if name.startswith("P") else 3) + o) for name, o, ln in STATIC + PAUSED}
ROW = 8
_EMPTY = (_Z,) * ROW
_DISTANCE = ("M", "S", "QS", "QD", "PM", "NM", "O", "OM", "PS", "PO", "PN", "NN")

# Speech calibration: added to the shipped model's weights when it is loaded
# (Model.load), {key: (comma, sentence end, question)}, in weight units.
# The model learned its balance of commas and stops from written chat, where a
# clause runs on after a comma more often than in speech; on speech it wrote a
# comma at half the places an editor ends a sentence. These offsets shift that
# balance: at a pause, sentence end +1.0 against comma (every pause takes a
# mark, so only the difference counts); in text with no pause at all, +0.5 to
# both marks at every gap ("b=", taken back at the gaps "P=" and "N=" of text
# with pauses). Chosen by tools/tune_speech.py on the DEV half of
# bench/bench_structure.py (pause end offset 1.0 of 0..3.5: the plateau of the
# mean F1 with the form rules of spoken_form, at its low end, as written chat
# in bench/bench_punct.py loses commas from 1.5 on; no-spaces offsets 0.5/0.5
# of 0..1), never on its test half. "QN=" (a question pending in text with no
# pause at all; the shipped model has no weight for it): sentence end +2.0, so
# a spoken question ends where it is asked instead of running on into its
# answer ("要不要这周就改我觉得可以改…？"); chosen the same way (of 0..4: the
# dev question F1 rises from 0.561 to a plateau of 0.61-0.63 over 2.0-3.0, at
# its low end, as written chat without spaces loses a little from it), with
# no effect on text with pauses.
SPEECH_CALIBRATION: dict[str, tuple[float, float, float]] = {
    "b=": (0.5, 0.5, 0.0), "P=": (-0.5, 0.5, 0.0), "N=": (-0.5, -0.5, 0.0),
    "QN=": (0.0, 2.0, 0.0),
}

MAGIC = b"asrclean punct model 2\n"
SCALE = 1000  # weights are stored in thousandths (the trainer rounds them to 3 digits)


def _lift(wm: list, ws: list, wnm: list) -> complex:
    """max over 1 <= dm <= ds of wm[dm] + wnm[dm] + ws[ds], each part apart."""
    n = len(wm)
    parts = []
    for part in (lambda x: x.real, lambda x: x.imag):
        best_s = [0.0] * (n + 1)  # best_s[d]: max of ws[d:]
        best_s[n] = float("-inf")
        for d in range(n - 1, 0, -1):
            best_s[d] = max(best_s[d + 1], part(ws[d]))
        parts.append(max(part(wm[d]) + part(wnm[d]) + best_s[d] for d in range(1, n)))
    return complex(*parts)


class Model:
    """Two linear models over the same features, as weight tables.

    Mark: for each key, (comma, sentence end) relative to "no mark", held as
    one complex number (comma + end·j) so that a gap's score is one sum.
    Question: for each key, question relative to full stop, asked only where
    the first model puts a sentence end. Weights are in thousandths (SCALE):
    sums of integers are exact, so the fast decoder and the reference agree
    to the last bit; only the confidence divides by SCALE.

    ``rows[n]`` maps an n-gram (n = 1, 2, 3) to its row (see _CELL); ``other``
    maps the remaining keys ("M=3", "QW=什么") to their mark weight and
    ``question`` to their question weight.
    """

    def __init__(self, rows: dict[int, dict[str, tuple]], other: dict[str, complex], question: dict[str, float]):
        self.rows = rows
        self.other = other
        self.question = question
        get = other.get
        self.bias = get("b=", _Z)
        self.asked = get("Q=", _Z)
        self.paused = get("P=", _Z)
        self.unpaused = get("N=", _Z)
        self.paused_asked = get("PQ=", _Z)
        self.unspaced_asked = get("QN=", _Z)
        # Distance features by distance (not bucket): one list index per gap.
        self.by_distance = {
            name: [get(f"{name}={bucket(d)}", _Z) for d in range(len(_BUCKETS) + 1)] for name in _DISTANCE
        }
        self.cap = len(_BUCKETS)
        # The most the distance features can add to a gap's score where no
        # question is pending and no pause or opener is (see decode), without
        # and with pauses in the text: over every distance since the last
        # mark (1 on) and since the last stop (as far at least).
        wm, ws, wnm = (self.by_distance[k] for k in ("M", "S", "NM"))
        self.lift = _lift(wm, ws, [_Z] * len(wm))
        wnn = self.by_distance["NN"][: SHORT_CAP + 1]
        self.lift_spaced = _lift(wm, ws, wnm) + self.unpaused + complex(max(w.real for w in wnn),
                                                                        max(w.imag for w in wnn))
        self.qbias = question.get("b=", 0.0)
        qget = question.get
        self.qasked, self.qpaused, self.qunpaused, self.qpaused_asked, self.qunspaced_asked = (
            qget(k, 0.0) for k in ("Q=", "P=", "N=", "PQ=", "QN="))
        # The question weights of the static templates, by template: (lookup,
        # slice start and end relative to the gap), no key to build per lookup.
        by_template: dict[str, dict[str, float]] = {name: {} for name in _CELL}
        for k, w in question.items():
            name, _, value = k.partition("=")
            if name in by_template:
                by_template[name][value] = w
        self.question_static = [(by_template[name].get, o, o + n) for name, o, n in STATIC]
        self.question_paused = [(by_template[name].get, o, o + n) for name, o, n in PAUSED]
        self.question_by_distance = {
            name: [qget(f"{name}={bucket(d)}", 0.0) for d in range(len(_BUCKETS) + 1)] for name in _DISTANCE
        }

    @classmethod
    def from_weights(cls, weights: dict[str, tuple[float, float, float]]) -> "Model":
        """From {key: (comma, end, question)}, as the trainer has them."""
        return cls.from_bytes(save(weights))

    @classmethod
    def load(cls, name: str = "punct_model.bin", calibration: dict | None = None) -> "Model":
        """The shipped model, with SPEECH_CALIBRATION (or ``calibration``) added to its weights."""
        raw = resources.files("asrclean").joinpath("data", name).read_bytes()
        return cls.from_bytes(raw, SPEECH_CALIBRATION if calibration is None else calibration)

    @classmethod
    def from_bytes(cls, raw: bytes, calibration: dict | None = None) -> "Model":
        """Read the format ``save`` writes: a header, the distinct weight
        pairs, then per table the keys (one string) and an array of indices
        into the pairs, so that loading is a few bulk conversions in C, not a
        parse per line."""
        if not raw.startswith(MAGIC):
            raise ValueError("not an asrclean punctuation model")
        data = zlib.decompress(raw[len(MAGIC):])
        end = data.index(b"\n")
        header = json.loads(data[:end])
        if header["scale"] != SCALE:
            raise ValueError("unexpected weight scale")
        pos = end + 1

        def ints(typecode: str, count: int) -> array:
            nonlocal pos
            out = array(typecode)
            size = out.itemsize * count
            out.frombytes(data[pos : pos + size])
            pos += size
            return out

        # Every distinct weight pair once (most are 0j): the tables index it.
        nv = header["values"]
        values = list(map(complex, ints("i", nv), ints("i", nv)))
        tables = {}
        for t in header["tables"]:
            keys = data[pos : pos + t["key_bytes"]].decode("utf-8").split("\n") if t["count"] else []
            pos += t["key_bytes"]
            cells = map(values.__getitem__, ints("I", t["count"] * t["width"]))
            # A key's row: its `width` cells, grouped without a Python loop.
            tables[t["n"]] = dict(zip(keys, zip(*[cells] * t["width"])))
        # Table 0 (the other keys): (comma + end·j, question + 0j).
        other = {k: m for k, (m, _) in tables[0].items() if m}
        question = {k: q.real for k, (_, q) in tables[0].items() if q}
        for k, (c, e, q) in (calibration or {}).items():
            # In thousandths, as the weights are: sums stay exact integers.
            other[k] = other.get(k, _Z) + complex(round(c * SCALE), round(e * SCALE))
            question[k] = question.get(k, 0.0) + round(q * SCALE)
        return cls({n: tables[n] for n in (1, 2, 3)}, other, question)

    def row(self, gram: str) -> tuple:
        """The row of the position where ``gram`` (up to three characters) starts."""
        rows = self.rows
        return rows[3].get(gram[:3]) or rows[2].get(gram[:2]) or rows[1].get(gram[:1], _EMPTY)

    def template_cell(self, key: str) -> complex:
        """One static key's own mark weight, taken back out of the rows: a row
        is the sum of its trigram's, bigram's and character's parts."""
        name, _, value = key.partition("=")
        n, cell = _CELL[name]
        rows = self.rows
        own = rows[n].get(value)
        if own is None:
            return _Z
        below = (rows[2].get(value[:2]) or rows[1].get(value[:1], _EMPTY)) if n == 3 else (
            rows[1].get(value[:1], _EMPTY) if n == 2 else _EMPTY)
        return own[cell] - below[cell]

    def mark_score(self, keys: list[str]) -> complex:
        s = _Z
        for k in keys:
            if k.partition("=")[0] in _CELL:
                s += self.template_cell(k)
            else:
                s += self.other.get(k, _Z)
        return s

    def question_score(self, keys: list[str]) -> float:
        q = 0.0
        for k in keys:
            q += self.question.get(k, 0.0)
        return q


def save(weights: dict[str, tuple[float, float, float]]) -> bytes:
    """The model file for {key: (comma, end, question)} (weights of at most three decimals)."""
    own: dict[int, dict[str, list]] = {1: {}, 2: {}, 3: {}}
    other: dict[str, list] = {}
    for k, abc in weights.items():
        q = [round(x * SCALE) for x in abc]
        if any(abs(x * SCALE - y) > 1e-6 for x, y in zip(abc, q)):
            raise ValueError(f"weight of {k} has more than three decimals: {abc}")
        name, _, value = k.partition("=")
        if name not in _CELL:
            other[k] = [(q[0], q[1]), (q[2], 0)]
            continue
        n, cell = _CELL[name]
        if q[0] or q[1]:
            row = own[n].setdefault(value, [(0, 0)] * ROW)
            row[cell] = (q[0], q[1])
        if q[2]:
            other[k] = [(0, 0), (q[2], 0)]

    def plus(*rows):
        return [(sum(c[0] for c in cells), sum(c[1] for c in cells)) for cells in zip(*rows)]

    # Each row holds the parts of the shorter grams it starts with (as the
    # decoder's lookup falls back from trigram to bigram to character).
    zero = [(0, 0)] * ROW
    by_table = {0: other, 1: own[1]}
    by_table[2] = {b: plus(r, own[1].get(b[0], zero)) for b, r in own[2].items()}
    by_table[3] = {t: plus(r, by_table[2].get(t[:2]) or own[1].get(t[0], zero)) for t, r in own[3].items()}
    values = sorted({x for rows in by_table.values() for row in rows.values() for x in row})
    index = {x: k for k, x in enumerate(values)}
    header = {"scale": SCALE, "values": len(values), "tables": []}
    body = [array("i", [x[0] for x in values]).tobytes(), array("i", [x[1] for x in values]).tobytes()]
    for n, rows in by_table.items():
        keys = sorted(rows)
        if any("\n" in k for k in keys):
            raise ValueError("a key holds a line break")
        kb = "\n".join(keys).encode("utf-8")
        width = 2 if n == 0 else ROW
        header["tables"].append({"n": n, "count": len(keys), "width": width, "key_bytes": len(kb)})
        body.append(kb)
        body.append(array("I", [index[x] for k in keys for x in rows[k]]).tobytes())
    payload = json.dumps(header).encode("ascii") + b"\n" + b"".join(body)
    return MAGIC + zlib.compress(payload, 9)


def _confidence(s: complex, cls: int, q: float) -> float:
    comma, end = s.real / SCALE, s.imag / SCALE
    q /= SCALE
    top = max(0.0, comma, end)
    e0, e1, e2 = math.exp(-top), math.exp(comma - top), math.exp(end - top)
    if cls == COMMA:
        return e1 / (e0 + e1 + e2)
    p_q = 1.0 / (1.0 + math.exp(-q)) if -50 < q < 50 else float(q > 0)
    return e2 / (e0 + e1 + e2) * (p_q if cls == QUESTION else 1.0 - p_q)


# Where a question word may end (see question_cue): one of its last characters,
# or the third character of an A-not-A (X不X, X没X).
_CUE_END_RE = re.compile("[" + "".join(sorted(_QW1 | _QW2_LAST)) + "]")
_A_NOT_A_RE = re.compile(r"(?=(.)[不没]\1)")
_OPENER_RE = re.compile("(?=" + "|".join(sorted(OPENERS)) + ")")


def _question_cues(p: str, seq: str) -> dict[int, str]:
    """The gaps just after a question word, and the word (see question_cue)."""
    ends = [m.start() + 1 for m in _CUE_END_RE.finditer(seq)]
    ends += [m.start() + 3 for m in _A_NOT_A_RE.finditer(seq)]
    cues = {}
    for g in sorted(ends):
        cue = question_cue(p, g + PAD)
        if cue:
            cues[g] = cue
    return cues


def decode(model: Model, seq: str, pauses: list[bool] | None, candidates: list[bool] | None, final: bool,
           max_run: int = 30) -> list[tuple[int, int, float]]:
    """Marks for a stretch ``seq`` (reduced characters, no marks, no spaces).

    Gap g (1 <= g < len(seq)) lies before seq[g]; ``pauses[g]`` says a pause is
    there (None: nowhere), ``candidates[g]`` whether a mark may go there at all
    (None: everywhere). ``final``: the stretch ends its paragraph, so its end
    (gap len(seq)) takes a stop or a question mark. Returns (gap, class,
    confidence) for each mark, decided left to right (the marks so far are
    context for the next). A stretch never runs ``max_run`` characters without
    a mark: past that, the likeliest mark goes in, so that the result reads as
    punctuated (and stays so).

    Same decisions as ``decode_reference``, faster: the static part of every
    gap's score comes from the rows (see _CELL), and a gap whose static score
    is too low for any distance feature to lift it above "no mark" is not
    visited at all, unless something there needs a look (a pause, an opener,
    a question word, a mark that is due, or a question pending).
    """
    p = LEFT_PAD + seq + RIGHT_PAD
    n = len(seq)
    spaced = pauses is not None and any(pauses)
    if not spaced:
        pauses = None
    # One row per position of the text (see _CELL), one dict hit where the
    # model has the trigram there.
    r3, r2, r1 = model.rows[3].get, model.rows[2].get, model.rows[1].get
    R = [r3(p[k : k + 3]) or r2(p[k : k + 2]) or r1(p[k], _EMPTY) for k in range(len(p))]
    bias = model.bias
    # static[g - 1], gap i = g + PAD: the rows at i-3 .. i+1, cells 0 .. 4.
    static = [bias + a[0] + b[1] + c[2] + d[3] + e[4] for a, b, c, d, e in zip(R[1:], R[2:], R[3:], R[4:], R[5:])]
    cues = _question_cues(p, seq)
    # Gaps before an opener ("所以", "但是"): their features depend on the distances.
    openers = {m.start() for m in _OPENER_RE.finditer(seq, 1)}
    dist = model.by_distance
    wm, ws, wqs, wqd, wpm, wnm, wo, wom, wps, wpo, wpn, wnn = (dist[k] for k in _DISTANCE)
    # The gaps worth a look while no question is pending: the most the
    # distance features (and, with pauses, the no-pause ones) can add still
    # leaves no mark elsewhere.
    lift = model.lift_spaced if spaced else model.lift
    low_c, low_e = -lift.real, -lift.imag
    look = [g for g, x in enumerate(static, 1) if x.real > low_c or x.imag > low_e]
    look.extend(cues)
    look.extend(openers)
    look.append(n)
    next_pause = {}  # pause gap -> the next pause gap (or the end)
    at: list[int] = []  # the pause gaps, in order
    if spaced:
        at = [g for g in range(1, n) if pauses[g]]
        look.extend(at)
        next_pause = dict(zip(at, at[1:] + [n]))
    n_at = len(at)
    look.sort()  # (a gap may be in twice: the loop steps over the repeat)
    cap = model.cap
    other = model.other.get
    asked_w, paused_w, unpaused_w, paused_asked_w = model.asked, model.paused, model.unpaused, model.paused_asked
    unspaced_asked_w = _Z if spaced else model.unspaced_asked
    last_mark = last_stop = last_cue = 0  # gaps (0: the start)
    asked = ""
    qlw = 0j
    out = []
    j = 0  # look[j]: the next gap worth a look
    g = 0
    while g < n:
        # The next gap to visit: the next one (a question is pending, or a mark
        # is due), else the next worth a look or where a mark falls due.
        if asked or g - last_mark >= max_run - 1:
            g += 1
        else:
            while look[j] <= g:
                j += 1
            g = look[j]
            due = last_mark + max_run
            if due < g:
                g = due
        if g in cues:
            asked = cues[g]
            last_cue = g
            qlw = other("QW=" + asked, _Z) + asked_w + unspaced_asked_w
        if candidates is not None and g < n and not candidates[g]:
            continue
        dm = g - last_mark
        ds = g - last_stop
        if dm > cap:
            dm = cap
        if ds > cap:
            ds = cap
        s = static[g - 1] + wm[dm] + ws[ds]
        if asked:
            dc = g - last_cue
            s += qlw + other("QL=" + p[g + PAD - 1], _Z) + wqs[ds if ds < SHORT_CAP else SHORT_CAP] + wqd[
                dc if dc < SHORT_CAP else SHORT_CAP]
        if g in openers:
            s += wo[ds if ds < SHORT_CAP else SHORT_CAP] + wom[dm if dm < SHORT_CAP else SHORT_CAP]
        pause = False
        to_pause = 0
        if pauses is not None:
            if g < n and pauses[g]:
                pause = True
                i = g + PAD
                # P, PA PL PR+PC, PM, PS (dm, ds: capped distances).
                s += paused_w + R[i - 2][5] + R[i - 1][6] + R[i][7] + wpm[dm] + wps[ds]
                if g in openers:
                    s += wpo[ds if ds < SHORT_CAP else SHORT_CAP]
                c = p[i - 1]
                if c in PARTICLES:
                    s += other("PF=" + c + _BUCKETS[ds if ds < SHORT_CAP else SHORT_CAP], _Z)
                to_pause = next_pause[g] - g
                tp = to_pause if to_pause < SHORT_CAP else SHORT_CAP
                s += wpn[tp] + other("PMN=" + _BUCKETS[dm if dm < SHORT_CAP else SHORT_CAP] + "," + _BUCKETS[tp], _Z)
                if asked:
                    s += paused_asked_w
            else:
                s += unpaused_w + wnm[dm]
                if g < n:
                    # The next pause, found only for the gaps visited.
                    k = bisect_right(at, g)
                    to_pause = (at[k] if k < n_at else n) - g
                    s += wnn[to_pause if to_pause < SHORT_CAP else SHORT_CAP]
        if g == n:
            if not final:
                break
            cls = STOP
        else:
            comma, end = s.real, s.imag
            # A pause the recognizer heard is always a boundary: the model
            # only says which mark it takes.
            if comma <= 0.0 and end <= 0.0 and g - last_mark < max_run and not pause:
                continue
            cls = COMMA if comma > end else STOP
        q = 0.0
        if cls == STOP:
            q = _question(model, p, g, R, pause, spaced, g - last_mark, g - last_stop, asked, g - last_cue, to_pause)
            if q > 0.0:
                cls = QUESTION
        out.append((g, cls, _confidence(s, cls, q)))
        last_mark = g
        if cls != COMMA:
            last_stop = g
            asked = ""
    return out


def _question(model: Model, p: str, g: int, R: list, pause: bool, spaced: bool, since_mark: int, since_stop: int,
              asked: str, since_cue: int, to_pause: int) -> float:
    """The question score of gap g (where the mark model put a sentence end)."""
    i = g + PAD
    # The question weights are few and asked for only here: looked up by
    # template and slice.
    q = 0.0
    for look_up, a, b in model.question_static:
        q += look_up(p[i + a : i + b], 0.0)
    if spaced and pause:
        for look_up, a, b in model.question_paused:
            q += look_up(p[i + a : i + b], 0.0)
    # The rest as dynamic_features has it, by list index rather than by key.
    cap = model.cap
    dm = since_mark if since_mark < cap else cap
    ds = since_stop if since_stop < cap else cap
    qd = model.question_by_distance
    q += model.qbias + qd["M"][dm] + qd["S"][ds]
    if asked:
        get = model.question.get
        q += model.qasked + get("QW=" + asked, 0.0) + get("QL=" + p[i - 1], 0.0)
        q += qd["QS"][ds if ds < SHORT_CAP else SHORT_CAP] + qd["QD"][since_cue if since_cue < SHORT_CAP else SHORT_CAP]
        if not spaced:
            q += model.qunspaced_asked
    if p[i : i + 2] in OPENERS:
        q += qd["O"][ds if ds < SHORT_CAP else SHORT_CAP] + qd["OM"][dm if dm < SHORT_CAP else SHORT_CAP]
    if spaced:
        if pause:
            q += model.qpaused + qd["PM"][dm] + qd["PS"][ds] + (model.qpaused_asked if asked else 0.0)
            if p[i : i + 2] in OPENERS:
                q += qd["PO"][ds if ds < SHORT_CAP else SHORT_CAP]
            if p[i - 1] in PARTICLES:
                q += model.question.get("PF=" + p[i - 1] + _BUCKETS[ds if ds < SHORT_CAP else SHORT_CAP], 0.0)
            tp = to_pause if to_pause < SHORT_CAP else SHORT_CAP
            q += qd["PN"][tp] + model.question.get(
                "PMN=" + _BUCKETS[dm if dm < SHORT_CAP else SHORT_CAP] + "," + _BUCKETS[tp], 0.0)
        else:
            q += model.qunpaused + qd["NM"][dm]
            if to_pause:
                q += qd["NN"][to_pause if to_pause < SHORT_CAP else SHORT_CAP]
    return q


def pause_distances(pauses: list[bool], n: int) -> list[int]:
    """For each gap g of a stretch of n characters, the characters up to the
    next pause after it (or to the end of the stretch)."""
    out = [0] * (n + 1)
    nxt = n
    for g in range(n - 1, 0, -1):
        out[g] = nxt - g
        if pauses[g]:
            nxt = g
    return out


def decode_reference(model: Model, seq: str, pauses: list[bool], candidates: list[bool], final: bool,
                     max_run: int = 30) -> list[tuple[int, int]]:
    """``decode`` the slow, obvious way, from ``features`` (for tests)."""
    p = LEFT_PAD + seq + RIGHT_PAD
    n = len(seq)
    spaced = pauses is not None and any(pauses)
    since_mark = since_stop = since_cue = 0
    asked = ""
    out = []
    to_pause = pause_distances(pauses, n) if spaced else [0] * (n + 1)
    for g in range(1, n + 1):
        i = g + PAD
        since_mark += 1
        since_stop += 1
        since_cue += 1
        cue = question_cue(p, i)
        if cue:
            asked = cue
            since_cue = 0
        if candidates is not None and g < n and not candidates[g]:
            continue
        keys = features(p, i, bool(pauses) and g < n and pauses[g], spaced, since_mark, since_stop, asked, since_cue,
                        to_pause[g])
        s = model.mark_score(keys)
        if g == n:
            if not final:
                break
            cls = STOP
        elif s.real <= 0.0 and s.imag <= 0.0 and since_mark < max_run and not (spaced and pauses[g]):
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
