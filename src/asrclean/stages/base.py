"""What every stage is: a named object built once from settings, called on text."""

from __future__ import annotations

import re
from typing import ClassVar

from ..chars import is_cjk
from ..edits import Edit, Prefiltered, Recorder, literal_pattern
from ..lazyre import lazy
from ..settings import Settings

# What a deletion can leave behind at the edges of lines and paragraphs: an
# emptied paragraph, a space at a line's edge.
# The guards keep the scan linear on long runs of white space: `\s+\Z` and
# ` +(?=\n)` tried at every position of a run would each rescan the rest of it.
# A run's first character is always tried (no match ends inside a run), so
# starting only there finds the same matches.
_EMPTIED_RE = re.compile(r"\A\s+|(?<!\s)\s+\Z|(?<=\n\n)\s+(?=\S)|(?<! ) +(?=\n)|(?<=\n) +")
# Every match begins with white space: tried only there (the pattern alone is tried
# at every character, and a Chinese text has little white space), and at a line
# break only where one can begin (the text's start, a run that ends it, or after
# two breaks): not at each of the two breaks between every two paragraphs.
_EMPTIED = Prefiltered(_EMPTIED_RE, re.compile(r"[^\S\n]|\n(?:(?<=\A\n)|(?<=\n\n\n)|(?=\s*\Z))"))
_EXTRA_BREAKS_RE = re.compile(r"\n{3,}")
# Where ``_EMPTIED`` can match in a text without white space at the edges of its lines:
# only after a paragraph break (white space there is a break too many, or a tab).
_BREAK_THEN_SPACE_RE = re.compile(r"\n\n\s")


def tidy_after_deletions(r: Recorder, text: str) -> str:
    """Remove the blank space a deleting stage left, so that later runs find nothing to do."""
    # Plain substring tests first: most texts need neither pass, and a regex
    # scan with lookarounds costs far more than `in`.
    if "\n\n\n" in text:
        text = r.sub(_EXTRA_BREAKS_RE, "\n\n", text, "emptied-paragraph")
    # (Each alternative of _EMPTIED_RE but the one after a paragraph break needs white space
    # at the edge of the text or of a line: a text of many paragraphs and no such space
    # skips a scan that tried every space.)
    if has_edge_space(text) or _BREAK_THEN_SPACE_RE.search(text):
        text = r.sub(_EMPTIED, "", text, "emptied-space")
    return text


def _spaced_word_char(c: str) -> bool:
    """A letter or digit of a script that puts spaces between words (not Chinese or Japanese):
    what ``[^\\W_{CJK}]`` matches (``re``'s \\w is ``isalnum()`` or "_"), tested without
    compiling that class."""
    return c.isalnum() and not is_cjk(c)


def joins_words(text: str, start: int, end: int) -> bool:
    """Whether deleting text[start:end] would run two Latin words or numbers together
    ("think呃that", "3呃5"): such a deletion leaves a space instead."""
    return (
        0 < start
        and end < len(text)
        and _spaced_word_char(text[start - 1])
        and _spaced_word_char(text[end])
    )


# Quotes and brackets that can stand empty: what a removal left ("“呃”"), or the recognizer's.
_PAIRS = {"”": "“", "’": "‘", "」": "「", "』": "『", "）": "（", ")": "(", "》": "《", "】": "【"}
_OPENING = frozenset(_PAIRS.values())
_BRACKETS = re.escape("".join(_PAIRS) + "".join(_OPENING))
# One bracket, or a run of anything else (handled in one step).
_BRACKET_OR_TEXT_RE = lazy(f"[{_BRACKETS}]| +|[^ {_BRACKETS}]+")


# A parenthesis straight after a Latin name or digit opens a call's arguments: "f()"
# holds no words, but taking its brackets away changes what was said ("f(x) 和 f()").
_CALL_OPENERS = frozenset("(")
_IDENTIFIER_END_RE = re.compile("[A-Za-z0-9_]")


def _has_empty_pair(text: str) -> bool:
    # Closers are few: finding each (str.find is fast) and looking back costs far less
    # than a regex scan of the whole text, which this runs in every round of fillers.
    for close, open_ in _PAIRS.items():
        i = text.find(close)
        while i != -1:
            j = i - 1
            while j >= 0 and text[j] == " ":
                j -= 1
            if j >= 0 and text[j] == open_:
                return True
            i = text.find(close, i + 1)
    return False


def empty_pair_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotes and brackets with nothing but spaces inside, nested ones
    ("《（）》") and runs ("《》《》") as one span, in one left-to-right scan."""
    spans: list[tuple[int, int]] = []
    if not _has_empty_pair(text):
        return spans  # every empty structure holds an empty pair: most texts have none
    stack: list[tuple[str, int]] = []  # openers with nothing inside them so far
    for m in _BRACKET_OR_TEXT_RE.finditer(text):
        i, c = m.start(), m.group()
        if c in _OPENING:
            if c in _CALL_OPENERS and i > 0 and _IDENTIFIER_END_RE.match(text, i - 1):
                stack.clear()  # "print()", "f()": a call in code talk, not an empty bracket
            else:
                stack.append((c, i))
        elif c in _PAIRS and stack and stack[-1][0] == _PAIRS[c]:
            start = stack.pop()[1]
            while spans and spans[-1][0] > start:
                spans.pop()  # an inner pair, now part of this one
            if spans and not text[spans[-1][1] : start].strip(" "):
                start = spans.pop()[0]  # pairs side by side go as one
            spans.append((start, i + 1))
        elif c[0] != " ":
            stack.clear()
    return spans


def remove_empty_pairs(r: Recorder, text: str) -> str:
    """Remove empty quotes and brackets, with a space left between two English words."""
    spans = empty_pair_spans(text)
    if not spans:
        return text
    changes = []
    for a, b in spans:
        if a > 0 and text[a - 1] == " ":
            while b < len(text) and text[b] == " ":
                b += 1  # one space stays of those on both sides
        changes.append((a, b, " " if joins_words(text, a, b) else "", None))
    return r.replace_spans(text, changes, "empty-pair")


def has_edge_space(text: str) -> bool:
    """Whether any line or the text begins or ends with white space."""
    return text[:1].isspace() or text[-1:].isspace() or " \n" in text or "\n " in text


class Stage:
    name: ClassVar[str]
    description: ClassVar[str]  # one line, shown by --list-stages

    def __init__(self, settings: Settings):
        self.settings = settings
        # The glossary's `keep` list is protected in every stage.
        self.protect = literal_pattern(settings.glossary.keep)

    def recorder(self) -> Recorder:
        return Recorder(self.name, self.protect)

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        """Return the new text and the edits that turned ``text`` into it."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<stage {self.name}>"
