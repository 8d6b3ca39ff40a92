"""Discourse fillers and pause particles: the aggressive (clean-verbatim) level."""

from __future__ import annotations

import re

from .common import (
    _WORD_CHAR_RE,
    PAUSE,
    _clause_start,
    _next,
    _pause_space,
)

_AGGRESSIVE_OPENERS_RE = re.compile("然后呢|就是说|那个")
_PAUSE_NE_RE = re.compile("呢")


class Discourse:
    """The aggressive (clean-verbatim) rules, mixed into the stage."""

    def _aggressive_opener(self, text, s, e) -> bool:
        if not _clause_start(text, s) or _next(text, e) in "？?":
            return False  # "然后呢？" asks what happened next
        if text[s:e] != "那个":
            return True
        # 那个 is a demonstrative before a noun ("那个人"); it is a filler when a
        # pause, a pronoun or a conjunction follows it.
        # A pause space counts as the comma the punctuation stage makes of it.
        return _next(text, e) in "，、,我你他她它咱这那就然所因但其可也都还在从把被让对如" or _pause_space(text, e)

    def _pause_ne(self, text, s, e) -> bool:
        # Before a comma or more words 呢 marks a topic pause; before 。？！ it ends a sentence.
        nx = _next(text, e)
        return (
            not _clause_start(text, s)
            and (nx in PAUSE or _WORD_CHAR_RE.match(nx) is not None)
            and not self._in_word(text, s, e)
        )

