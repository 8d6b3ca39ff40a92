"""A shipped word table looked up in its sorted text, built whole only once it pays.

Building a set or dict of a large word list costs what its size costs (the 133,000 words of
``words_zh.txt``: ~40 ms, a tenth of a cold start), while a transcript of a few pages asks
it a few hundred questions. A ``SortedTable`` answers them by binary search in the text as
read from disk, one line per entry, sorted by Python's string order (``key`` or
``key<TAB>value``): some microseconds a lookup and nothing to build. Past ``buy``
lookups it builds the set or dict once and uses that, so a long text pays at most about
twice what building would have cost (the rule for renting versus buying when the number of
uses is not known in advance), and a short one pays almost nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

# A lookup costs 10-40 us, building words_zh's 133,000 entries 40-100 ms (both measured on
# the loaded 2-core machine): renting stops before it costs what buying would.
BUY_AFTER = 2048
# Every this many characters of the text, a line's key is kept at the first lookup: a search
# starts between two of them (found by the C bisect), a few lines apart.
SAMPLE_EVERY = 512


def body(text: str) -> str:
    """The text after its leading ``#`` comment lines."""
    start = 0
    while text.startswith("#", start):
        start = text.index("\n", start) + 1
    return text[start:]


class SortedTable:
    """``key in table`` and ``table.get(key, default)`` on sorted ``key[<TAB>value]`` lines.

    The lines must be sorted and unique, with no empty line (the data tests check each file).

    ``build()`` returns the same table as a set or dict; ``value`` turns a line's value text
    into what ``get`` returns (a set's lines have none: ``get`` gives ``True``).
    """

    __slots__ = ("_build", "_built", "_keys", "_left", "_starts", "_text", "_value")

    def __init__(self, text: str, build: Callable[[], Any], value: Callable[[str], Any] | None = None,
                 buy: int = BUY_AFTER):
        if text and not text.endswith("\n"):
            text += "\n"
        self._text = text
        self._build = build
        self._value = value
        self._built = None
        self._left = buy
        self._starts: list[int] | None = None
        self._keys: list[str] = []

    def _bought(self):
        self._left -= 1
        if self._left < 0:
            self._built = self._build()
            self._text = ""  # the text is no longer read
        return self._built

    def _key_at(self, s: int) -> str:
        text = self._text
        e = text.index("\n", s)
        tab = text.find("\t", s, e)
        return text[s:e] if tab < 0 else text[s:tab]

    def _sample(self) -> None:
        text = self._text
        starts = [0]
        for pos in range(SAMPLE_EVERY, len(text), SAMPLE_EVERY):
            s = text.rfind("\n", 0, pos) + 1  # the start of the line at pos
            if s > starts[-1]:
                starts.append(s)
        self._keys = [self._key_at(s) for s in starts] if text else []
        self._starts = starts

    def _find(self, key: str) -> str | None:
        """The value text of ``key``'s line ("" without a value), or None when absent."""
        if self._starts is None:
            self._sample()
        text = self._text
        i = bisect_right(self._keys, key)  # keys[i - 1] <= key < keys[i]
        if i == 0:
            return None
        starts = self._starts
        lo, hi = starts[i - 1], (starts[i] if i < len(starts) else len(text))  # both at the start of a line
        while lo < hi:
            s = text.rfind("\n", 0, (lo + hi) // 2) + 1  # the start of the middle line (>= lo)
            e = text.index("\n", s)  # its end (< hi)
            tab = text.find("\t", s, e)
            k = text[s:e] if tab < 0 else text[s:tab]
            if k < key:
                lo = e + 1
            elif k > key:
                hi = s
            else:
                return "" if tab < 0 else text[tab + 1 : e]
        return None

    def __contains__(self, key: object) -> bool:
        built = self._built if self._built is not None else self._bought()
        if built is not None:
            return key in built
        return isinstance(key, str) and self._find(key) is not None

    def get(self, key: str, default=None):
        built = self._built if self._built is not None else self._bought()
        if built is not None:
            return built.get(key, default) if isinstance(built, dict) else (True if key in built else default)
        found = self._find(key) if isinstance(key, str) else None
        if found is None:
            return default
        return self._value(found) if self._value is not None else True
