"""The English punctuation-restoration model: features of the gap after a word,
and a greedy left-to-right decoder over a run of English words with no marks.

Shared by the `restore` stage (asrclean.stages.restore_english) and
tools/train_punct_en.py, so the features a model was trained on are exactly the
ones it runs with. A multinomial logistic classifier: for each feature template
a table from its value (a word, a word pair, a distance bucket) to three
weights, for comma, full stop and question mark, each relative to "no mark".
Pure data (src/asrclean/data/punct_en.tsv.gz, weights in thousandths) and plain Python to run; the
Chinese model (asrclean.restore_model) is a separate file with its own features.

Words are lower-cased; a word with a digit is "0" (times, references, phone
numbers: one class, not thousands of rare keys).
"""

from __future__ import annotations

import gzip
import math
from importlib import resources

NONE, COMMA, STOP, QUESTION = 0, 1, 2, 3
MARKS = ("", ",", ".", "?")

# Distances (in words) fall into buckets, so that 17 and 18 weigh the same.
_BUCKETS = [str(b) for b in (0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 9, 10, 10, 10, 11, 11, 11, 11, 11)]
_BUCKETS += ["12"] * 10
_CAP = len(_BUCKETS)


def bucket(d: int) -> str:
    return _BUCKETS[d] if d < _CAP else "13"


def reduce_word(w: str) -> str:
    """The word as the model sees it: lower case, the curly apostrophe straight,
    any word with a digit "0"."""
    w = w.lower()
    if "’" in w:
        w = w.replace("’", "'")
    for c in w:
        if c.isdigit():
            return "0"
    return w


# Templates over the words around the gap after word k: (name, offsets), the
# value being the words at those offsets joined by a space. "^" and "$" pad.
STATIC = (
    ("L1", (0,)), ("L2", (-1,)), ("L3", (-2,)), ("R1", (1,)), ("R2", (2,)), ("R3", (3,)),
    ("LL", (-1, 0)), ("LR", (0, 1)), ("RR", (1, 2)), ("LLL", (-2, -1, 0)), ("LRR", (0, 1, 2)),
)
# Templates that count only where a pause (line or cue break) is at the gap.
PAUSED = (("PL", (0,)), ("PR", (1,)), ("PLR", (0, 1)))
PAD = 3


def padded(words: list[str]) -> list[str]:
    return ["^"] * PAD + words + ["$"] * PAD


def static_keys(p: list[str], k: int) -> list[tuple[str, str]]:
    """(template, value) of the static templates at the gap after word k (p padded)."""
    i = k + PAD
    return [(name, " ".join(p[i + o] for o in offs)) for name, offs in STATIC]


def features(p: list[str], k: int, pause: bool, spaced: bool, since_mark: int, since_stop: int,
             first: str, second: str, clause: str) -> list[str]:
    """Feature keys ("template=value") of the gap after word k of padded words ``p``.

    ``pause``: a line or cue break is at the gap; ``spaced``: the text has such
    breaks at all; ``since_mark``/``since_stop``: words since the last mark /
    sentence end; ``first``/``second``: the first two words of the sentence so
    far (the question openers: what, do, can, is ...); ``clause``: the first
    word after the last mark (a question can follow "okay,"). This is the
    reference the trainer uses; ``Model.decode`` computes the same sums.
    """
    i = k + PAD
    f = ["b="]
    f.extend(f"{n}={v}" for n, v in static_keys(p, k))
    f.append("M=" + bucket(since_mark))
    f.append("S=" + bucket(since_stop))
    f.append("F=" + first)
    f.append("FS=" + first + " " + second)
    f.append("FL=" + first + " " + p[i])
    f.append("FR=" + first + " " + p[i + 1])
    f.append("C=" + clause)
    f.append("CL=" + clause + " " + p[i])
    if spaced:
        if pause:
            f.append("P=")
            i = k + PAD
            f.extend(f"{n}={' '.join(p[i + o] for o in offs)}" for n, offs in PAUSED)
            f.append("PM=" + bucket(since_mark))
            f.append("PF=" + first)
        else:
            f.append("N=")
            f.append("NM=" + bucket(since_mark))
    return f


# Weights are held as fixed-point integers (thousandths), the three of a key
# packed into one Python int (comma | stop << 32 | question << 64, each offset
# by _OFF so that it is never negative): a gap's score is then one integer sum
# of a fixed number of terms (a missing key adds _ZERO), computed in C by
# ``sum``, and unpacked once.
_SCALE = 1000
_OFF = 1 << 20
_M32 = (1 << 32) - 1
_ZERO = _OFF | _OFF << 32 | _OFF << 64


def _pack(a: int, b: int, c: int) -> int:
    return (a + _OFF) | (b + _OFF) << 32 | (c + _OFF) << 64


# Templates whose value is one word (a list indexed by word id), and those of
# two or three (a dict keyed by the ids combined).
_ONE = {"L1", "L2", "L3", "R1", "R2", "R3", "F", "C", "PL", "PR", "PF"}
_DISTANCE = ("M", "S", "PM", "NM")


def load_weights(name: str = "punct_en.tsv.gz") -> dict[str, tuple[int, int, int]]:
    """The weights by key ("L1=please"), in thousandths (comma, stop, question)."""
    raw = resources.files("asrclean").joinpath("data", name).read_bytes()
    weights = {}
    for line in gzip.decompress(raw).decode("utf-8").split("\n"):
        if line and line[0] != "#":
            key, a, b, c = line.split("\t")
            weights[key] = (int(a), int(b), int(c))
    return weights


class Model:
    """Weight tables over word ids: template -> (word id or ids) -> packed weights."""

    def __init__(self, weights: dict[str, tuple[int, int, int]]):
        """``weights``: by key, in thousandths, each within +-2**20 (as ``load_weights`` gives them)."""
        vocab: dict[str, int] = {"^": 1, "$": 2}  # 0: a word no key mentions
        split = []
        for key, w in weights.items():
            name, _, value = key.partition("=")
            if name in _DISTANCE or not value:
                split.append((name, value, (), w))
                continue
            ids = []
            for word in value.split(" "):
                j = vocab.get(word)
                if j is None:
                    j = vocab[word] = len(vocab) + 1
                ids.append(j)
            split.append((name, value, ids, w))
        self.vocab = vocab
        v = self.size = len(vocab) + 2
        one: dict[str, list[int]] = {}
        many: dict[str, dict[int, int]] = {}
        single: dict[str, int] = {}
        distance: dict[str, dict[str, int]] = {}
        for name, value, ids, w in split:
            packed = _pack(*w)
            if name in _DISTANCE:
                distance.setdefault(name, {})[value] = packed
            elif not ids:
                single[name] = packed
            elif name in _ONE:
                one.setdefault(name, [_ZERO] * v)[ids[0]] = packed
            else:
                k = 0
                for j in ids:
                    k = k * v + j
                many.setdefault(name, {})[k] = packed
        self.one = {name: one.get(name, [_ZERO] * v) for name in _ONE}
        self.many = many
        self.bias = single.get("b", _ZERO)
        self.paused = single.get("P", _ZERO)
        self.unpaused = single.get("N", _ZERO)
        # Distance weights by distance, not bucket: one list index per gap.
        self.by_distance = {
            name: [distance.get(name, {}).get(bucket(d), _ZERO) for d in range(_CAP + 1)] for name in _DISTANCE
        }

    @classmethod
    def load(cls, name: str = "punct_en.tsv.gz") -> Model:
        return cls(load_weights(name))

    def decode(self, words: list[str], pauses: list[bool] | None, final: bool,
               max_run: int) -> list[tuple[int, int, float]]:
        """Marks for a run of lower-case ``words`` (straight apostrophes): (k, class, confidence) for each
        gap after word k that takes one, decided left to right (the marks so far
        are context for the next). ``pauses[k]``: a line or cue break after word
        k. ``final``: the run ends its paragraph, so its last word ends a
        sentence. Never ``max_run`` words without a mark: past that, a comma
        goes in (a sentence end if the model likes that better), so the output
        reads as punctuated, and stays so."""
        n = len(words)
        v = self.size
        get_id = self.vocab.get
        ids = [get_id(w, -1) for w in words]
        if -1 in ids:  # not in the vocabulary as it stands: a number, or a word no key mentions
            zero = get_id("0", 0)
            ids = [j if j != -1 else (zero if reduce_word(w) == "0" else 0) for j, w in zip(ids, words)]
        p = [1] * PAD + ids + [2] * PAD
        one, many = self.one, self.many
        # The static part of every gap's score first, one template at a time
        # (list comprehensions, so that the per-gap loop below stays short).
        columns = []
        for name, offs in STATIC:
            if len(offs) == 1:
                table = one[name]
                o = offs[0] + PAD
                columns.append([table[j] for j in p[o : o + n]])
                continue
            get = many.get(name, {}).get
            if len(offs) == 2:
                o1, o2 = (o + PAD for o in offs)
                columns.append([get(a * v + b, _ZERO) for a, b in zip(p[o1 : o1 + n], p[o2 : o2 + n])])
            else:
                o1, o2, o3 = (o + PAD for o in offs)
                columns.append([get((a * v + b) * v + c, _ZERO)
                                for a, b, c in zip(p[o1 : o1 + n], p[o2 : o2 + n], p[o3 : o3 + n])])
        static = list(map(sum, zip(*columns)))
        terms = len(STATIC) + 9  # the static ones, the bias and the eight below
        spaced = bool(pauses) and any(pauses)
        paused_at = [False] * n
        if spaced:
            pl, pr = one["PL"], one["PR"]
            plr = many.get("PLR", {}).get
            for k in range(n - 1):
                if pauses[k]:
                    paused_at[k] = True
                    a, b = p[k + PAD], p[k + PAD + 1]
                    static[k] += self.paused + pl[a] + pr[b] + plr(a * v + b, _ZERO)
                else:
                    static[k] += self.unpaused + _ZERO * 3  # as many terms either way
            static[n - 1] += self.unpaused + _ZERO * 3
            terms += 6
        dist = self.by_distance
        wm, ws_, wpm, wnm = dist["M"], dist["S"], dist["PM"], dist["NM"]
        t_f, t_c, t_pf = one["F"], one["C"], one["PF"]
        empty: dict[int, int] = {}
        g_fs, g_fl, g_fr, g_cl = (many.get(x, empty).get for x in ("FS", "FL", "FR", "CL"))
        cap = _CAP
        bias = self.bias
        off = terms * _OFF
        max_scaled = max_run
        since_mark = since_stop = 0
        out = []
        for k in range(n):
            i = k + PAD
            w = p[i]
            nxt = p[i + 1]
            if since_stop == 0:
                # The sentence's opening words weigh the same at every gap of it.
                first = w
                fv = first * v
                opening = bias + t_f[first] + g_fs(fv + nxt, _ZERO)
                opening_paused = t_pf[first]
            if since_mark == 0:
                clause = w
                cv = clause * v
                opening_clause = t_c[clause]
            since_mark += 1
            since_stop += 1
            # (Conditionals, not min() and max(): a call per gap costs more.)
            dm = since_mark if since_mark < cap else cap
            ds = since_stop if since_stop < cap else cap
            s = (static[k] + opening + opening_clause + wm[dm] + ws_[ds] + g_fl(fv + w, _ZERO)
                 + g_fr(fv + nxt, _ZERO) + g_cl(cv + w, _ZERO))
            if spaced:
                s += wpm[dm] + opening_paused if paused_at[k] else wnm[dm] + _ZERO
            a = (s & _M32) - off
            b = ((s >> 32) & _M32) - off
            c = (s >> 64) - off
            if k == n - 1:
                if not final:
                    break
                cls = QUESTION if c > b else STOP
            else:
                top = a if a > b else b
                if c > top:
                    top = c
                if top <= 0:
                    if since_mark < max_scaled:
                        continue
                    # Forced (no gap of the run wanted a mark): a comma does the
                    # least harm where the model sees no sentence end.
                    top = a if a >= b else top
                cls = COMMA if top == a else STOP if top == b else QUESTION
            out.append((k, cls, _confidence(a / _SCALE, b / _SCALE, c / _SCALE, cls)))
            since_mark = 0
            if cls != COMMA:
                since_stop = 0
        return out


def decode_reference(weights: dict[str, tuple[int, int, int]], words: list[str], pauses: list[bool] | None,
                     final: bool, max_run: int) -> list[tuple[int, int]]:
    """``Model.decode`` the slow, obvious way, from ``features`` and the weights
    by key (``load_weights``), for tests."""
    n = len(words)
    p = padded([reduce_word(w) for w in words])
    spaced = bool(pauses) and any(pauses)
    since_mark = since_stop = 0
    first = second = clause = "^"
    out = []
    for k in range(n):
        if since_stop == 0:
            first, second = p[k + PAD], p[k + PAD + 1]
        if since_mark == 0:
            clause = p[k + PAD]
        since_mark += 1
        since_stop += 1
        keys = features(p, k, spaced and k < n - 1 and pauses[k], spaced, since_mark, since_stop,
                        first, second, clause)
        a = b = c = 0
        for key in keys:
            w = weights.get(key)
            if w is not None:
                a, b, c = a + w[0], b + w[1], c + w[2]
        if k == n - 1:
            if not final:
                break
            cls = QUESTION if c > b else STOP
        else:
            top = max(a, b, c)
            if top <= 0:
                if since_mark < max_run:
                    continue
                if a >= b:
                    top = a
            cls = COMMA if top == a else STOP if top == b else QUESTION
        out.append((k, cls))
        since_mark = 0
        if cls != COMMA:
            since_stop = 0
    return out


def _confidence(a: float, b: float, c: float, cls: int) -> float:
    top = max(0.0, a, b, c)
    e = [math.exp(-top), math.exp(a - top), math.exp(b - top), math.exp(c - top)]
    return e[cls] / sum(e)
