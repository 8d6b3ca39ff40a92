"""English hesitations (uh, um, er) and doubled function words ("the the")."""

from __future__ import annotations

import re

# Rule patterns. Latin fillers are lowercase or capitalised, whole words: "UM"
# is more likely an acronym than a hesitation.
_NOT_WORD_BEFORE = r"(?<![A-Za-z0-9'\-])"
_NOT_WORD_AFTER = r"(?![A-Za-z0-9'\-])"
# "uh oh" / "uh-oh" is an interjection of its own, not a hesitation.
_EN_LIGHT = r"[Uu](?:m+|h+(?![ -]?[Oo]h\b)|hm+)"
_EN_STANDARD = r"[Uu](?:m+|h+(?![ -]?[Oo]h\b)|hm+)|[Ee]rm*|[Hh]mm+"
_CN_LIGHT_RE = re.compile("[呃嗯]+")
_EN_LIGHT_RE = re.compile(f"{_NOT_WORD_BEFORE}(?:{_EN_LIGHT}){_NOT_WORD_AFTER}")
_EN_STANDARD_RE = re.compile(f"{_NOT_WORD_BEFORE}(?:{_EN_STANDARD}){_NOT_WORD_AFTER}")
# English words that are never doubled in grammatical speech ("the the").
# Prepositions are left out: "turn it on on Monday", "log in in the morning".
# (The lookahead on first letters lets the regex engine skip most positions.)
_EN_REPEAT_RE = re.compile(
    r"(?=[AaIiWwYyTtHhSsMmOoFf])(?<![A-Za-z'])(the|a|an|I|we|you|they|he|she|my|our|your|and)"
    r"((?: \1)+)(?= [A-Za-z])",
    re.IGNORECASE,
)
# After this many rounds the text has settled; a round that changes nothing stops earlier.
