"""Where a text repeats itself a few characters later, found in bulk.

A regex that looks for "the same characters again" (``(?=([汉]{2,6})\\1)``) has
no first character or class for CPython's ``re`` to skip ahead to, so it is
started at every character: some 800 instructions a character. Here the text is
read as one big integer, four bytes (one UTF-32 code unit) a character, and
compared with itself shifted by ``k`` characters in a few whole-integer
operations (C loops over the digits, a few instructions a character): the
characters where a repeat can begin come
out as the zero bytes of one string, which ``bytes.find`` walks.

A text with no character beyond the Basic Multilingual Plane (nearly every
transcript) is read two bytes a character instead (UTF-16), each character or pair
of characters as a key of 15 bits: half the digits, a third of the time. Two
different characters or pairs may share a key; that only adds places to try.
"""

from __future__ import annotations

import re

from .edits import matches_at

_LANES: dict[int, tuple[int, int]] = {}


def _lanes(n: int) -> tuple[int, int]:
    """0x7FFFFFFF and 0x80000000 in each of ``n`` lanes (kept for the last few
    lengths: the stage's passes see the same text, or one of the same length, in turn)."""
    got = _LANES.get(n)
    if got is None:
        high = int.from_bytes(b"\x00\x00\x00\x80" * n, "little")
        got = (high - (high >> 31), high)  # 0x80000000 - 1 in every lane, no borrow across
        if len(_LANES) >= 4:
            _LANES.pop(next(iter(_LANES)))
        _LANES[n] = got
    return got


_LANES16: dict[int, tuple[int, int]] = {}


def _lanes16(n: int) -> tuple[int, int]:
    """0x7FFF and 0x8000 in each of ``n`` lanes of 16 bits (as ``_lanes``)."""
    got = _LANES16.get(n)
    if got is None:
        high = int.from_bytes(b"\x00\x80" * n, "little")
        got = (high - (high >> 15), high)
        if len(_LANES16) >= 4:
            _LANES16.pop(next(iter(_LANES16)))
        _LANES16[n] = got
    return got


def repeat_starts(text: str, distances: range, width: int) -> list[int]:
    """Every ``i`` such that ``text[i:i+width] == text[i+k:i+k+width]`` for some
    ``k`` in ``distances`` (``width`` 1 or 2), in order, and some more: places
    near the end, at a NUL character, or where two different characters or pairs
    of characters happen to share a key; the caller tries its pattern there."""
    n = len(text)
    if n == 0:
        return []
    if width not in (1, 2):
        raise ValueError("width must be 1 or 2")
    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) == 2 * n:  # one code unit a character: the 16-bit lanes
        return _flagged(_differs16(int.from_bytes(data, "little"), n, distances, width), n, 15, 2)
    x = int.from_bytes(text.encode("utf-32-le", "surrogatepass"), "little")
    if width == 2:
        # Each lane becomes a key of its character and the next: text[i] ^ (text[i+1] << 9),
        # the same for the same pair, below 2**31 (a code point is below 2**21; the
        # shift by 23 brings the next lane's low bits up past this lane's 21).
        x ^= x >> 23
    low, high = _lanes(n)
    differs = high
    for k in distances:
        # A lane of ``x ^ (x >> 32k)`` is zero where lane i equals lane i+k; each lane
        # holds less than 2**31, so adding 0x7FFFFFFF sets its top bit exactly when it
        # is not zero, with no carry into the next lane.
        differs &= ((x ^ (x >> (32 * k))) + low) & high
    return _flagged(differs, n, 31, 4)


def _differs16(x: int, n: int, distances: range, width: int) -> int:
    """``repeat_starts``'s comparison in lanes of 16 bits: each lane's top bit set where
    its key differs from the key ``k`` lanes on for every ``k``."""
    low, high = _lanes16(n)
    if width == 2:
        # Lane i becomes text[i] ^ (text[i] >> 9) ^ (text[i+1] << 7), of 16 bits: the
        # same for the same pair.
        x ^= x >> 9
    x &= low  # 15 bits a lane, so that adding 0x7FFF carries into no other lane
    differs = high
    for k in distances:
        differs &= ((x ^ (x >> (16 * k))) + low) & high
    return differs


def _flagged(differs: int, n: int, top: int, size: int) -> list[int]:
    """The characters whose lane (``size`` bytes) has no top bit (bit ``top``) in ``differs``."""
    flags = (differs >> top).to_bytes(size * n, "little")[::size]  # one byte a character: 1 = no repeat
    out = []
    find = flags.find
    i = find(0)
    while i >= 0:
        out.append(i)
        i = find(0, i + 1)
    return out


class RepeatPrefiltered:
    """A pattern tried only at ``repeat_starts(text, distances, width)``: the same
    matches as ``pattern.finditer`` for a pattern whose every match begins with
    ``width`` characters that come again ``k`` characters later, ``k`` in
    ``distances`` (as ``edits.Prefiltered``, the candidates found by comparison
    instead of a regex)."""

    __slots__ = ("distances", "pattern", "width")

    def __init__(self, pattern: re.Pattern[str], distances: range, width: int):
        self.pattern = pattern
        self.distances = distances
        self.width = width

    def finditer(self, text: str, pos: int = 0):
        return matches_at(self.pattern, text, repeat_starts(text, self.distances, self.width), pos)
