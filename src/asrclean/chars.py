"""Character classes shared by the stages, as regex fragments, and the
traditional -> simplified character map."""

import functools
import itertools
import re
from bisect import bisect_right
from pathlib import Path

from .lazyre import lazy

# Han (BMP and supplementary planes), compatibility ideographs, kana and bopomofo:
# the scripts that are written without spaces between words.
CJK = (
    "\u2e80-\u2eff\u2f00-\u2fdf\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3100-\u312f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
# Han characters alone (no kana, bopomofo or radicals): what a Chinese word is written in.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


def _bounds(ranges: str) -> tuple[int, ...]:
    """A class written as ascending ranges only ("a-bc-d") as its bounds (a, b + 1, c, d + 1):
    a code point is in the class when an odd number of them are at or below it."""
    assert len(ranges) % 3 == 0 and ranges[1::3] == "-" * (len(ranges) // 3)
    return tuple(b for i in range(0, len(ranges), 3) for b in (ord(ranges[i]), ord(ranges[i + 2]) + 1))


# One character tested against CJK or HAN in Python, not by a regex: compiling a class of
# these 28,000 code points costs 3-5 ms (``re`` builds it one code point at a time), a
# tenth of a cold start for the few such tests a transcript of a few pages makes.
_CJK_BOUNDS = _bounds(CJK)
_HAN_BOUNDS = _bounds(HAN)
# Chinese (full-width) punctuation that ends or divides a clause.
CN_STOP = "。！？"
CN_PAUSE = "，、；："
CN_MARKS = CN_STOP + CN_PAUSE
# Closing quotes and brackets that belong to the sentence before them.
CLOSERS = "”’」』》〉）】〕〗〙〛\"')\\]}"
# Opening quotes and brackets.
OPENERS = "“‘「『《〈（【〔〖〘〚([{"
# Half-width marks and their full-width forms.
HALF_TO_FULL = {",": "，", ".": "。", "?": "？", "!": "！", ";": "；", ":": "："}
FULL_TO_HALF = {v: k for k, v in HALF_TO_FULL.items()}
# When marks pile up ("。，", "？？", "，。 。") the strongest one wins: a question
# or exclamation says more than a full stop, a full stop more than a pause.
MARK_STRENGTH = {"？": 6, "！": 5, "。": 4, "；": 3, "：": 2, "，": 1, "、": 0}


def settled_mark(text: str, i: int) -> str | None:
    """The mark that the run of marks (and spaces) starting at ``text[i]`` settles
    to, the strongest of them (half-width ones read as full-width), as the
    punctuation stage writes it; None if no mark starts there."""
    best = None
    j = i
    while j < len(text):
        c = HALF_TO_FULL.get(text[j], text[j])
        if c in MARK_STRENGTH:
            if best is None or MARK_STRENGTH[c] > MARK_STRENGTH[best]:
                best = c
        elif text[j] != " ":
            break
        j += 1
    return best


# The package's data files, read from disk (as the word tables and built-in glossaries are):
# ``importlib.resources`` costs 2-3 ms to set up on its first use, for the same read.
_DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def t2s() -> dict[int, str]:
    """Traditional -> simplified, one character for one (for ``str.translate``).

    The word tables and cue lists are simplified Chinese; traditional text is
    looked up through this map. Built by tools/build_t2s.py from OpenCC.
    """
    text = (_DATA / "t2s_chars.txt").read_text(encoding="utf-8")
    return {ord(line[0]): line[1] for line in text.split("\n") if len(line) == 2 and not line.startswith("#")}


@functools.cache
def _traditional_re() -> re.Pattern[str]:
    # One character, not a run ("[...]+"): a pattern that opens with a repeat has no
    # class for ``re`` to skip ahead to, and was tried at every character of the text.
    table = t2s()
    # (Escaped as one string: the same class as each character escaped alone, in one call.)
    return re.compile("[" + re.escape("".join(chr(k) for k in sorted(table) if table[k] != chr(k))) + "]")


def to_simplified(text: str) -> str:
    """``text.translate(t2s())``, faster: ``text`` itself when it has no traditional
    character, else only those characters translated, unless there are many.

    ``translate`` looks every character up in the table (the fillers stage's whole
    text, once per run); a scan for the few characters that change is far faster.
    (著 and 乾 are simplified characters too: simplified text has a few.)"""
    runs = _traditional_re().finditer(text)
    first = next(runs, None)
    if first is None:
        return text
    table = t2s()
    out: list[str] = []
    pos = 0
    most = len(text) // 64  # past this many pieces, one translate of the whole is faster
    for m in itertools.chain((first,), runs):
        out.append(text[pos : m.start()])
        out.append(m.group().translate(table))
        pos = m.end()
        if len(out) > most:
            return text.translate(table)
    out.append(text[pos:])
    return "".join(out)


# Spaces between two Chinese characters: a pause or word segmentation (see below);
# normalize removes them in word-segmented text, punctuation makes them commas.
# (The space first, then the look back: as "(?<=[CJK]) +(?=[CJK])", but a scan for
# a space skips ahead fast, while a look back first is tried at every character.)
SPACE_BETWEEN_CJK_RE = lazy(f" (?<=[{CJK}] ) *(?=[{CJK}])")
# Where it can match: a space between two characters that are neither ASCII nor CJK
# punctuation nor full-width forms (every CJK character is such a one). Cheap to compile,
# unlike it: a transcript with no such space (a punctuated one) never compiles it.
_NOT_ASCII_OR_MARK = "[^\\x00-\\x7f\u3000-\u303f\uff00-\uffef]"
_MAY_SPACE_BETWEEN_CJK_RE = re.compile(f" (?<={_NOT_ASCII_OR_MARK} ) *(?={_NOT_ASCII_OR_MARK})")


def may_space_between_cjk(text: str) -> bool:
    """False when ``SPACE_BETWEEN_CJK_RE`` surely finds nothing in ``text``."""
    return " " in text and _MAY_SPACE_BETWEEN_CJK_RE.search(text) is not None
_NOT_CJK_RUN = lazy(f"[^{CJK}]+")


def is_cjk(c: str) -> bool:
    """Whether the character ``c`` is Chinese (the CJK ranges above): ``re.match(f"[{CJK}]", c)``
    (so the first character of a longer string, and False for "")."""
    return c != "" and bisect_right(_CJK_BOUNDS, ord(c[0])) & 1 == 1


def han_at(text: str, i: int = 0) -> bool:
    """Whether ``text[i]`` is a Han character: ``re.compile(f"[{HAN}]").match(text, i)``, ``i``
    read as ``match`` reads it (a negative one as 0, one past the end finds nothing)."""
    if i < 0:
        i = 0
    return i < len(text) and bisect_right(_HAN_BOUNDS, ord(text[i])) & 1 == 1


def han_run_end(text: str, i: int, limit: int) -> int:
    """The end of the run of Han characters at ``text[i:]`` (``i`` itself when there is
    none), read no further than ``i + limit``: ``re.compile(f"[{HAN}]+").match(text, i).end()``
    capped there, for ``i >= 0``."""
    stop = min(len(text), i + limit)
    j = i
    while j < stop and bisect_right(_HAN_BOUNDS, ord(text[j])) & 1 == 1:
        j += 1
    return j


def han_run_start(text: str, lo: int, hi: int) -> int:
    """The start of the run of Han characters that ends at ``hi``, at ``lo`` at the earliest
    (``hi`` when ``text[hi - 1]`` is not Han): where ``re.compile(f"[{HAN}]+\\Z").search(text,
    lo, hi)`` matches, for ``0 <= lo <= hi <= len(text)``."""
    j = hi
    while j > lo and bisect_right(_HAN_BOUNDS, ord(text[j - 1])) & 1 == 1:
        j -= 1
    return j


def spaces_are_pauses(text: str) -> bool:
    """Whether spaces between Chinese characters in this text mark pauses.

    Recognizers that write no marks leave a space where the speaker paused,
    between phrases ("各位好 今天我们聊一下"): each is a comma. A text with a
    space between every word or two ("这是 一个 很 好 的 例子") is word
    segmentation instead, and its spaces just go. Decided once for the whole
    text, from the average length of the runs between such spaces, so that
    removing a word here or there never flips it.
    """
    if not may_space_between_cjk(text):
        return True
    spaces = len(SPACE_BETWEEN_CJK_RE.findall(text))
    if not spaces:
        return True
    # (Chinese characters counted as the rest of the other characters' runs: findall
    # made a string of each.)
    cjk = len(text) - sum(map(len, _NOT_CJK_RUN.findall(text)))
    return cjk >= 3 * (spaces + 1)


# Inside a number a full-width point or colon is the ASCII one: "５．２％", "１０：３０".
# (The mark first, then the look back: a scan for the mark skips ahead quickly.)
NUMBER_MARK_RE = re.compile(r"[．：](?<=\d.)(?=\d)")


def number_mark(m: re.Match) -> str:
    return "." if m.group(0) == "．" else ":"

# Spaces between a number and its percent sign ("100 %"). Normalize joins them
# before the terms stage reads the text (a term's context must not change on
# a second run), and punctuation again after fillers ("100 呃 %").
# (It opens with the space, then looks back: a scan for a space skips ahead fast.)
PERCENT_SPACE_RE = re.compile(r" (?<=\d ) *(?=[%‰])")
