"""One regex for many literal strings, as a trie, so matching does not slow down
with the number of strings.

``"|".join(longest first)`` finds, at each position, the longest string that
matches; but the regex engine tries the alternatives one by one, so every
position of the text costs time in proportion to the glossary (a glossary of
10,000 terms made a page take seconds per stage). Here the strings share their
prefixes: ``电(?:脑|视(?:机|))``. At each position only the one path the text
spells is followed, and a longer string is tried before a shorter one that
ends on the way, so the match is the same as the flat alternation's.
"""

from __future__ import annotations

import re
import sys
from typing import Callable, Iterable

# Strings longer than this go first as plain alternatives (the longest first, as
# they would stand anyway): a trie path nests one group per character, and the
# regex parser recurses once per group.
_MAX_NESTED = 100

Guard = Callable[[str], str]


def _none(c: str) -> str:
    return ""


def alternation(
    strings: Iterable[str],
    *,
    lead: Guard = _none,
    trail: Guard = _none,
    fold: bool = False,
) -> str | None:
    """Regex source matching what ``"|".join`` of the strings, longest first, matches.

    ``lead(c)`` is put before a string that starts with ``c`` and ``trail(c)``
    after one that ends with ``c`` (say, "no letter before/after"). With ``fold``
    the strings are lower-cased first: for a pattern compiled with IGNORECASE,
    where "AI" and "ai" are one string.
    """
    items = {s for s in strings if s}
    if fold:
        # A string whose lower case has another length is kept as written.
        items = {s.lower() if len(s.lower()) == len(s) else s for s in items}
    if not items:
        return None
    flat = sorted((s for s in items if len(s) > _MAX_NESTED), key=lambda s: (-len(s), s))
    parts = [lead(s[0]) + re.escape(s) + trail(s[-1]) for s in flat]
    root: dict = {}
    for s in items:
        if len(s) <= _MAX_NESTED:
            node = root
            for c in s:
                node = node.setdefault(c, {})
            node[None] = True
    parts.extend(lead(c) + re.escape(c) + _rest(root[c], c, trail) for c in sorted(root))
    return "|".join(parts)


def _rest(node: dict, last: str, trail: Guard) -> str:
    """What may follow at a trie node reached over the character ``last``."""
    branches = [re.escape(c) + _rest(node[c], c, trail) for c in sorted(k for k in node if k is not None)]
    if None in node:
        branches.append(trail(last))  # the string ending here, tried after every longer one
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_WORD_CHAR = re.compile(r"[A-Za-z0-9]")


def word_alternation(strings: Iterable[str], words: Iterable[str]) -> str | None:
    """Like ``alternation``, but each of ``words`` matches only as a whole word: a
    Latin edge does not start or end inside a Latin word or identifier ("B圈" is
    not in "IB圈"). A string in both sets is a whole word.

    Below a first character that is a letter or digit, the trie is given twice:
    once behind a check that no word character comes before it (every string may
    match there), and once without (only the plain strings). The longest string
    that may match still wins, as in a flat alternation of guarded strings.
    """
    whole = {s for s in words if s}
    kinds = {s: "plain" for s in strings if s}
    kinds.update((s, "word") for s in whole)
    if not kinds:
        return None
    root: dict = {}
    flat = []
    for s, kind in kinds.items():
        if len(s) > _MAX_NESTED:
            flat.append(s)
            continue
        node = root
        for c in s:
            node = node.setdefault(c, {})
        node[None] = kind
    parts = []
    for s in sorted(flat, key=lambda s: (-len(s), s)):
        p = re.escape(s)
        if kinds[s] == "word":
            if _WORD_CHAR.match(s[0]):
                p = r"(?<![A-Za-z0-9_])" + p
            if _WORD_CHAR.match(s[-1]):
                p += r"(?![A-Za-z0-9_])"
        parts.append(p)
    for c in sorted(root):
        first = re.escape(c)
        if _WORD_CHAR.match(c):
            at_edge = _word_rest(root[c], c, True)
            inside = _word_rest(root[c], c, False)
            # The check stands after the first character, so that every branch still
            # starts with a literal and the engine can skip ahead to where one begins.
            options = [r"(?<![A-Za-z0-9_].)" + at_edge] if at_edge is not None else []
            if inside is not None:
                options.append(inside)
            if options:
                parts.append(first + (options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"))
        else:
            rest = _word_rest(root[c], c, True)
            if rest is not None:
                parts.append(first + rest)
    return "|".join(parts) if parts else None


def _word_rest(node: dict, last: str, words_allowed: bool) -> str | None:
    """``_rest`` for ``word_alternation``; None where no string may end below ``node``."""
    branches = []
    for c in sorted(k for k in node if k is not None):
        rest = _word_rest(node[c], c, words_allowed)
        if rest is not None:
            branches.append(re.escape(c) + rest)
    kind = node.get(None)
    if kind == "plain":
        branches.append("")
    elif kind == "word" and words_allowed:
        branches.append(r"(?![A-Za-z0-9_])" if _WORD_CHAR.match(last) else "")
    if not branches:
        return None
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_GUARD_CHAR = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_EDGE_CHAR = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


class Literals:
    """Literal strings (``words`` of them only as whole words) as one matcher.

    ``finditer`` is the trie regex's (``alternation`` / ``word_alternation``), compiled on
    first use. ``match_end(text, p)`` is what that regex matches at ``p``, found by a dict
    lookup per string length instead: the regex tries its first characters one by one, so
    on Chinese text, where nearly every position starts some term of a large glossary, a
    whole scan costs time in proportion to the glossary. A caller that only asks about a
    few places (see ``edits.Protected``) asks there and nowhere else.
    """

    __slots__ = ("_strings", "_words", "_whole", "_lengths", "_regex", "max_len", "reach")

    def __init__(self, strings: Iterable[str], words: Iterable[str] = ()):
        self._strings = tuple(s for s in strings if s)
        self._words = tuple(s for s in words if s)
        # string -> whether it matches only as a whole word
        whole: dict[str, bool] = dict.fromkeys(self._strings, False)
        whole.update(dict.fromkeys(self._words, True))
        self._whole = whole
        lengths: dict[str, set[int]] = {}
        for s in whole:
            lengths.setdefault(s[0], set()).add(len(s))
        self._lengths = {c: tuple(sorted(ks, reverse=True)) for c, ks in lengths.items()}
        self.reach = {c: ks[0] for c, ks in self._lengths.items()}
        self.max_len = max(map(len, whole), default=0)
        self._regex: re.Pattern[str] | None = None

    def __bool__(self) -> bool:
        return bool(self._whole)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            if self._words:
                source = word_alternation(self._strings, self._words)
            else:
                source = alternation(self._strings)
            self._regex = re.compile(source or "(?!)")
        return self._regex

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return self.regex.finditer(text, pos, endpos)

    def match_end(self, text: str, p: int) -> int | None:
        """Where the longest string that may match at ``p`` ends, or None."""
        lengths = self._lengths.get(text[p]) if p < len(text) else None
        if lengths is None:
            return None
        room = len(text) - p
        whole = self._whole
        for k in lengths:
            if k > room:
                continue
            word = whole.get(text[p : p + k])
            if word is None:
                continue
            if word and (
                (p > 0 and text[p] in _EDGE_CHAR and text[p - 1] in _GUARD_CHAR)
                or (k < room and text[p + k - 1] in _EDGE_CHAR and text[p + k] in _GUARD_CHAR)
            ):
                continue  # a whole word inside a Latin word or identifier
            return p + k
        return None
