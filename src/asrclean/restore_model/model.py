"""The model's weights: loaded from the shipped data (with the speech calibration), saved by
the trainer, and laid out in rows so that the decoder reads one per position (see _CELL)."""

from __future__ import annotations

import json
import zlib
from array import array
from importlib import resources

from .features import PAUSED, SHORT_CAP, STATIC, _BUCKETS, bucket


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
