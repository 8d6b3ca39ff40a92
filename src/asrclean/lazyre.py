"""Regular expressions compiled on first use instead of at import.

Python's ``re`` compiles a character class one code point at a time: a class holding the
CJK ranges (28,000 code points) costs about a millisecond, twice over when a pattern starts
with it, and the stages hold dozens of them. Compiled at import they were over a third of
a cold start (``clean file.txt``), though a punctuated transcript needs about half of them
(restoring marks, timed input, English runs and layouts it lacks use the rest).

``lazy(pattern, flags)`` stands where ``re.compile(pattern, flags)`` stood and compiles the
pattern the first time one of its methods or attributes is asked for; from then on those are
the compiled pattern's own, so a call costs what it did. It is no ``re.Pattern``: pass
``p.compiled`` where a real one is needed (``re.sub(p, ...)`` and the like). Only patterns
that are costly to compile are worth it, and the larger of those a punctuated transcript
seldom needs (rules for English, addresses, structured lines: 0.2-0.6 ms each, together about
a twentieth of a cold start); small ones stay ``re.compile``.
"""

from __future__ import annotations

import re

# What the stages use of a pattern; each becomes an attribute of the LazyPattern once compiled.
_FORWARDED = (
    "match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
    "pattern", "flags", "groups", "groupindex",
)


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled when first used (once, then cached)."""

    __slots__ = ("_source", "_flags", "compiled", *_FORWARDED)

    def __init__(self, pattern: str, flags: int = 0):
        self._source = pattern
        self._flags = flags

    def __getattr__(self, name: str):
        # Called only for an attribute not set yet: compile, then forward everything.
        if name not in _FORWARDED and name != "compiled":
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        self.compiled = compiled
        for attr in _FORWARDED:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(self, name)

    def __reduce__(self):
        return (LazyPattern, (self._source, self._flags))

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, deferred to the first use."""
    return LazyPattern(pattern, flags)
