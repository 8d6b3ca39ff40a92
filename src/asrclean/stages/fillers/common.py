"""Where a position stands in its clause, and the word tables the rules check.

The word tables are cut from jieba's dictionary at build time
(tools/build_reduplicated.py), so the stage never loads jieba itself.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ...chars import CJK, CLOSERS, HAN, OPENERS, han_at  # noqa: F401 (HAN: the stage's modules take it from here)
from ...lazyre import lazy
from ...sortedtable import SortedTable, body

# Marks after which a new clause begins, Chinese and Latin.
PAUSE = "，、,"
STOP = "。！？；：.!?;:"
_BOUNDARY = set(PAUSE + STOP + "\n" + OPENERS)
_ENDS = set(PAUSE + STOP + "\n" + CLOSERS)
# Chinese numerals repeat in numbers ("一一", "三三两两", "八八"): never a stutter.
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
# The characters the filler rules remove; words that contain them protect them.
FILLER_CHARS = "呃嗯恩额哎唉啊呢"
# Function words that stand alone after a word: "但是是他", "刚才才知道", "可能能成".
_STANDALONE = set("是在就才也都还又要会能有不没和跟与把被给对到说让从向往为很太更最而但却的了着过")
# Particles and prepositions: a word may follow that begins with the same
# character ("说的|的确", "他对|对方", "我们在|在场的").
_PARTICLES = set("的了是对给跟和把被从在向为比")
# Particles and suffixes: doubled, they are a stutter even before a mark ("说了了，").
_NEVER_EMPHATIC = set("的了着过地得们吗呢吧")
# Characters after which 额 cannot be the end of a compound like 金额/销售额:
# pronouns, particles and function words, where a speaker pauses.
_BEFORE_HESITATION = set("的了是就我你他她它们这那个说在也都还吧啊呢嘛呀得要会和跟把被给对从很太又再才而但且或如所然其实")
# One-character answers: said, then the sentence goes on ("不，不是这样"; "是，是他").
_ANSWERS = set("是对不好行没嗯哦噢喔诶欸")
_FINAL_PARTICLES = set("啊吧呢嘛呀啦哦哈")
# What a demonstrative used as a pause (这个，/那个，) may follow inside a
# clause: a preposition, a pronoun's end or an adverb, none of which it could
# be the object of ("把这个，", "我们那个，"; not "我要这个，").
_BEFORE_DEMONSTRATIVE_PAUSE = frozenset("把被给对跟和从在向往让将们我你他她它咱就也都还又再才")
# Intensifiers said twice are emphasis, as in "非常非常重要".
# 嗯 as a sentence of its own after a question or a speaker's colon answers
# ("你同意吗？嗯。", "B：嗯。"); after a statement it is the speaker thinking.
_SENTENCE_OPENING = set("？?：:")
_INTENSIFIERS = frozenset(("非常", "特别", "真的", "十分", "相当", "超级", "极其", "很多", "好多"))
# Sounds and laughter repeat on purpose ("啦啦啦", "哈哈哈"); hesitations (嗯, 呃) do not count.
_SOUNDS = set("啦哈嘿呵嘻哦噢喔呀哇咚嘀滴嘟")
# Units whose doubling is grammar: A-not-A questions ("是不是不是").
_A_NOT_A = re.compile("^.[不没]$")
_WORD_CHAR_RE = lazy(f"[{CJK}A-Za-z0-9]")


# (Read from disk, as the word tables are: importlib.resources costs 2-3 ms to set up.)
_DATA = Path(__file__).resolve().parents[2] / "data"


@functools.cache
def _lines(name: str) -> tuple[str, ...]:
    lines = (_DATA / name).read_text(encoding="utf-8").split("\n")
    # Comments stand only at the top; the rest is one entry a line (filtered in C, not a Python loop).
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    return tuple(filter(None, lines[start:]))


def _sorted_set(name: str) -> SortedTable:
    """A large sorted word list, asked about a few hundred times a page: looked up in its
    text, built as a set only after many lookups (see SortedTable)."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return SortedTable(body(text), functools.partial(_frozen_lines, name))


def _frozen_lines(name: str) -> frozenset[str]:
    return frozenset(_lines(name))


def _kept(before: str, after: str) -> list[int]:
    """Which characters of ``before`` a deletion kept to leave ``after``."""
    kept, i = [], 0
    for c in after:
        while before[i] != c:
            i += 1
        kept.append(i)
        i += 1
    return kept


@functools.cache
def _tables():
    redup = {}
    for line in _lines("reduplicated.txt"):
        word, _, freq = line.partition("\t")
        redup[word] = int(freq or 0)
    return (
        redup,
        frozenset(_lines("reduplicated_verbs.txt")),
        _sorted_set("reduplicated_context.txt"),
        frozenset(_lines("fillers_words.txt")),
        frozenset(_lines("reduplicated_vv.txt")),
        frozenset(_lines("onomatopoeia.txt")),
    )


@functools.cache
def _nouns_one() -> frozenset[str]:
    return frozenset(_lines("nouns_one.txt"))


@functools.cache
def _doubled_more() -> dict[str, int]:
    """Doubled words (AA) of everyday writing that jieba's dictionary lacks, and
    their levels, from wordfreq's list (data/words_zh_more.txt): pet names and
    baby talk (狗狗 9, 甜甜 7, 果果 6), which a speaker means."""
    out: dict[str, int] = {}
    for line in _lines("words_zh_more.txt"):
        level, _, words = line.partition("\t")
        for w in re.findall(r"(?<!\S)((.)\2)(?!\S)", words):
            out[w[0]] = int(level)
    return out


def _index(words, key_len: int, keys=None) -> dict[str, tuple[tuple[int, str], ...]]:
    """For each key (a filler character, a doubled character), the words that
    contain it and where, so a candidate is checked against a handful of words."""
    index: dict[str, list[tuple[int, str]]] = {}
    for w in words:
        for k in range(len(w) - key_len + 1):
            key = w[k : k + key_len]
            if keys is None or key in keys:
                index.setdefault(key, []).append((k, w))
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def _redup_index():
    doubled = {w[k : k + 2] for w in _tables()[0] for k in range(len(w) - 1) if w[k] == w[k + 1]}
    return _index(_tables()[0], 2, doubled)


@functools.cache
def _filler_index():
    return _index(_tables()[3], 1, set(FILLER_CHARS))


@functools.cache
def _filler_places() -> dict[str, tuple[tuple[int, int, frozenset[str]], ...]]:
    """``_filler_index`` by where its words hold the character: for each filler character,
    (offset, length, the words) -- a handful of slices to look up, where 恩 and 额 are
    in some hundred words each (see ``_in_filler_word``)."""
    places: dict[str, dict[tuple[int, int], set[str]]] = {}
    for key, found in _filler_index().items():
        for offset, w in found:
            places.setdefault(key, {}).setdefault((offset, len(w)), set()).add(w)
    return {key: tuple((o, n, frozenset(ws)) for (o, n), ws in sorted(d.items())) for key, d in places.items()}


def _in_filler_word(text: str, i: int, places) -> bool:
    """Whether text[i] is in a word of the filler table there (``places``:
    ``_filler_places()``): ``_covered(text, i, text[i], _filler_index())`` is not None,
    found with a set look-up per place."""
    for offset, size, words in places.get(text[i], ()):
        if offset <= i and text[i - offset : i - offset + size] in words:
            return True
    return False


def _covered(text: str, i: int, key: str, index) -> str | None:
    """The indexed word that contains ``key`` at text[i], in place, if any."""
    for offset, w in index.get(key, ()):
        if offset <= i and text.startswith(w, i - offset):
            return w
    return None


def _prev(text: str, i: int) -> str:
    """The character before position i, looking past one space; "\\n" at the start."""
    if i > 0 and text[i - 1] == " ":
        i -= 1
    return text[i - 1] if i > 0 else "\n"


def _next(text: str, j: int) -> str:
    if j < len(text) and text[j] == " ":
        j += 1
    return text[j] if j < len(text) else "\n"



def _after_latin_word(text: str, s: int) -> bool:
    """Whether an English word ends right before ``s``, or before one space there."""
    i = s - 1 if s > 0 and text[s - 1] == " " else s
    return i > 0 and text[i - 1].isascii() and text[i - 1].isalpha()


def _clause_start(text: str, i: int) -> bool:
    # A space between Chinese characters is a pause the recognizer heard (the
    # punctuation stage makes it a comma): it opens a clause like a mark does.
    if i > 1 and _pause_space(text, i - 1):
        return True
    # An item of a list opens a clause as a line does ("- 呃第一项" -> "- 第一项").
    return _prev(text, i) in _BOUNDARY or _after_line_marker(text, i)


# Ordered-list numbers: at most three digits, as the normalize stage reads them.
_ITEM_NUMBER_MARKS = ".)）、"
_BULLETS = "-*+•·"


def _after_line_marker(text: str, i: int) -> bool:
    """Whether text[:i] ends with a list marker opening its line and the space after it
    ("- ", "* ", "1. "): that space is the user's formatting, and no removal may take it."""
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == i or j == 0:
        return False
    k = j - 1
    if text[k] in _ITEM_NUMBER_MARKS:
        while k > 0 and j - 1 - k < 3 and "0" <= text[k - 1] <= "9":
            k -= 1
        if k == j - 1:
            return False
    elif text[k] not in _BULLETS:
        return False
    # (Marks before it open the line too, and the punctuation stage takes them away: "。- ".)
    while k > 0 and (text[k - 1] in " \t" or text[k - 1] in PAUSE or text[k - 1] in STOP):
        k -= 1
    return k == 0 or text[k - 1] == "\n"


_OPEN_QUOTES = "“‘「『\"'"
_CLOSE_QUOTES = "”’」』\"'"


def _answers(text: str, s: int) -> bool:
    """Whether what stands at ``s`` follows a question or a speaker's colon."""
    i = s
    while i > 0 and text[i - 1] in " \n":
        i -= 1  # an answer may open the next paragraph
    if i == 0:
        # The whole text, or a speaker's whole turn ("嗯。"), is the answer.
        return not text[s:].strip(" \n。！？!?.嗯")
    if text[i - 1] not in _SENTENCE_OPENING:
        return False
    # The mark must stand alone after a word: in a run ("。：") the punctuation
    # stage keeps only the strongest, and a mark at a line's start goes.
    j = i - 1
    while j > 0 and text[j - 1] == " ":
        j -= 1
    return j > 0 and text[j - 1] not in PAUSE and text[j - 1] not in STOP and text[j - 1] != "\n"


def _quoted(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is all there is between a pair of quotes."""
    return 0 < s and e < len(text) and text[s - 1] in _OPEN_QUOTES and text[e] in _CLOSE_QUOTES


def _clause_end(text: str, j: int) -> bool:
    if _pause_space(text, j):
        return True
    return _next(text, j) in _ENDS


def _pause_space(text: str, j: int) -> bool:
    """A single space between two Chinese characters: a pause, like a comma
    (the punctuation stage makes it one, unless the whole text is word-segmented)."""
    return (
        0 < j < len(text) - 1
        and text[j] == " "
        and han_at(text, j - 1)
        and han_at(text, j + 1)
    )

