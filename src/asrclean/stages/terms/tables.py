"""The shipped tables behind term matching, loaded once and only when needed.

They are built by ``tools/build_terms_data.py`` from pypinyin, jieba and wordfreq, so a run
never pays for importing those libraries (pypinyin alone costs 0.2 s, jieba's dictionary 0.5 s).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from ...sortedtable import SortedTable, body

DATA = Path(__file__).resolve().parents[2] / "data"

# The share of wordfreq's list that counts as everyday English. Past ~6,000 the list is full
# of recogniser-like fragments ("ive", "ref", "sep") that must not shield a garbled term.
COMMON_EN = 6000


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [ln for ln in text.split("\n") if ln and not ln.startswith("#")]


@lru_cache(maxsize=None)
def readings() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """(char -> its toneless syllables, syllable -> all chars read that way)."""
    lines = _lines("pinyin.txt")
    split = lines.index("=")
    by_syllable = dict(ln.split("\t") for ln in lines[:split])
    by_char: dict[str, tuple[str, ...]] = {}
    for syl, chars in by_syllable.items():
        by_char.update(dict.fromkeys(chars, (syl,)))
    for ln in lines[split + 1 :]:
        ch, syls = ln.split("\t")
        by_char[ch] = tuple(syls.split(","))
    return by_char, by_syllable


@cache
def _words_zh_text() -> tuple[float, str]:
    """(log2 of the sum of jieba's frequencies, the ``word<TAB>level`` lines sorted by word)."""
    text = body((DATA / "words_zh.txt").read_text(encoding="utf-8"))
    end = text.index("\n")
    return float(text[:end].split("\t")[1]), text[end + 1 :]


# Frequency levels as written in words_zh.txt: a dict lookup is cheaper than int() per word.
_LEVELS = {str(n): n for n in range(-64, 64)}


@lru_cache(maxsize=None)
def words_zh() -> dict[str, int]:
    """Chinese word (1-4 characters) -> frequency level (floor(log2(jieba frequency)));
    absent means rare."""
    parts = iter(_words_zh_text()[1].split())
    return dict(zip(parts, map(_LEVELS.__getitem__, parts)))


@cache
def zh_levels() -> SortedTable:
    """``words_zh()`` for a few lookups (``.get``): nothing is built until many are made,
    so a short text that asks about a few hundred words does not pay for 133,000."""
    if words_zh.cache_info().currsize:
        return SortedTable("", words_zh, buy=0)
    return SortedTable(_words_zh_text()[1], words_zh, value=_LEVELS.__getitem__)


@lru_cache(maxsize=None)
def words_zh_more() -> dict[str, int]:
    """``words_zh()`` and the compounds it lacks (援华, 共渡, 一跤: from wordfreq's Chinese list,
    on the same scale of levels). Only the terms stage reads them: a window that reads as such a
    word is a word the speaker may have said, not a garbled term."""
    levels = dict(words_zh())
    for line in _lines("words_zh_more.txt"):
        level, words = line.split("\t")
        levels.update(dict.fromkeys(words.split(" "), int(level)))
    return levels


def words_zh_total() -> float:
    """log2 of the sum of jieba's frequencies: level - total is a word's log2 probability."""
    return _words_zh_text()[0]


@lru_cache(maxsize=None)
def names_zh() -> tuple[dict[int, float], dict[str, int], dict[str, int]]:
    """A character model of Chinese personal names: (name length -> log2 share of word tokens,
    surname char -> log2 probability, given-name char -> log2 probability)."""
    share: dict[int, float] = {}
    slots: dict[str, dict[str, int]] = {"first": {}, "given": {}}
    for line in _lines("words_names.txt"):
        parts = line.split("\t")
        if parts[0] in slots:
            slots[parts[0]].update(dict.fromkeys(parts[2], -int(parts[1])))
        else:
            share[int(parts[0][-1])] = -float(parts[1])
    return share, slots["first"], slots["given"]


@lru_cache(maxsize=None)
def _en_ranked() -> list[str]:
    return _lines("words_en.txt")[0].split(" ")


@lru_cache(maxsize=None)
def words_en() -> frozenset[str]:
    """Everyday English words (lower case, two letters or more)."""
    return frozenset(w for w in _en_ranked()[:COMMON_EN] if len(w) >= 2)


@lru_cache(maxsize=None)
def known_en() -> frozenset[str]:
    """Real English words of four letters or more, everyday or not ("sentiment")."""
    return frozenset(w for w in _en_ranked() if len(w) >= 4)
