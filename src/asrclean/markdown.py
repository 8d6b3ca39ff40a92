"""Markdown output: the last step, not a stage. Text renders exactly as written."""

from __future__ import annotations

import hashlib
import re

# Inline characters that CommonMark (and GitHub's tables/strikethrough) would
# read as markup anywhere in a line.
_INLINE_RE = re.compile(r"([\\`*_\[\]<>|~])")
# An entity reference ("&amp;", "&#20320;") would render as the character it names.
_ENTITY_RE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# At the start of a line: headings, block quotes, list items, thematic breaks,
# setext underlines.
_LINE_START_RE = re.compile(r"^([#>+=-])", re.MULTILINE)
_ORDERED_LIST_RE = re.compile(r"^(\d{1,9})([.)])", re.MULTILINE)
# Four leading spaces would make an indented code block.
_LEADING_SPACE_RE = re.compile(r"^ +", re.MULTILINE)

# Files this tool writes end with this marker, holding a checksum of the text
# above it: a file whose text still matches is ours to replace, anything else
# (a hand-edited or foreign file) is not overwritten without --force.
MARKER_PREFIX = "<!-- asrclean:"
_MARKER_RE = re.compile(r"\n?<!-- asrclean:([0-9a-f]{12}) -->\n?\Z")


def escape(text: str) -> str:
    text = _INLINE_RE.sub(r"\\\1", text)
    text = _ENTITY_RE.sub(r"\\&", text)
    text = _LINE_START_RE.sub(r"\\\1", text)
    text = _ORDERED_LIST_RE.sub(r"\1\\\2", text)
    return _LEADING_SPACE_RE.sub("", text)


def timestamp(seconds: float) -> str:
    s = int(seconds)
    return f"[{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}]"


def render(title: str | None, paragraphs) -> str:
    """``paragraphs``: objects with ``text``, ``start`` (seconds or None) and
    ``speaker`` (set on the first paragraph of a speaker's turn)."""
    blocks = []
    # A title is one line, read back without its edge spaces; one of spaces alone
    # (a file named " .txt") would be written "# " and read back as text.
    title = " ".join(title.split()) if title else None
    if title:
        blocks.append("# " + escape(title))
    # Paragraphs without a time or speaker are escaped together: every escape acts
    # within a line, so escaping lines joined is escaping each, and one call for a
    # run of paragraphs costs far less than five regex passes for each.
    plain: list[str] = []
    for p in paragraphs:
        prefix = ""
        if p.start is not None:
            prefix += timestamp(p.start) + " "
        if p.speaker:
            prefix += f"**{escape(p.speaker)}:** "
        if not prefix:
            plain.append(p.text)
            continue
        if plain:
            blocks.append(escape("\n\n".join(plain)))
            plain = []
        blocks.append(prefix + escape(p.text))
    if plain:
        blocks.append(escape("\n\n".join(plain)))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


def with_marker(body: str) -> str:
    return f"{body}\n{MARKER_PREFIX}{checksum(body)} -->\n"


def split_marker(text: str) -> tuple[str, str | None]:
    """(text without the marker, the checksum it carried or None)."""
    m = _MARKER_RE.search(text)
    if not m:
        return text, None
    return text[: m.start()], m.group(1)


def is_untouched_output(text: str) -> bool:
    """True if ``text`` is a file this tool wrote and nobody has edited since."""
    body, mark = split_marker(text)
    return mark is not None and checksum(body) == mark
