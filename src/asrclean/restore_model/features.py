"""The features of a gap between two characters: what the model reads, the same in training
(tools/train_punct.py) and at run time."""

from __future__ import annotations


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
