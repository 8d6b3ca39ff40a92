"""The cleaner's own Markdown output read back, so cleaning it again is a no-op.

Also the "# title" first line of plain text.
"""

from __future__ import annotations

import re

from .decoding import SURROGATE_RE
from .types import Segment, Source

# The first non-blank line, if it starts with "# " and has something after it.
TITLE_RE = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))*# +([^\r\n]*?\S)[ \t]*(?:\r\n|\r|\n|\Z)")


def split_title(text: str) -> tuple[str | None, str]:
    """(title, rest) for a text whose first non-blank line is "# title"."""
    m = TITLE_RE.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end() :]


# The renderer's closing marker (see ``markdown.with_marker``); it is not text.
_MARKER_RE = re.compile(r"\n?<!-- asrclean:[0-9a-f]{12} -->\s*\Z")


def find_marker(text: str) -> re.Match | None:
    # Only the tail can hold it; searching a long text from the start would not pay.
    return _MARKER_RE.search(text, max(0, len(text) - 200))


_NEWLINE_RE = re.compile(r"\r\n?")
_BLOCK_SPLIT_RE = re.compile(r"\n[ \t]*\n\s*")
# "[HH:MM:SS] " or "[MM:SS] ", then "**Name:** ", in the order the renderer writes them.
_PREFIX_RE = re.compile(
    r"(?:\[(?:(\d+):)?([0-5]?\d):([0-5]\d)\] )?"
    r"(?:\*\*((?:\\.|[^\\*\n])+?):\*\* )?"
)
# CommonMark: a backslash before ASCII punctuation stands for the mark itself;
# an entity reference stands for its character.
_UNESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])|&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")


def unescape(text: str) -> str:
    if "\\" not in text and "&" not in text:
        return text
    return _UNESCAPE_RE.sub(_unescape_one, text)


def _unescape_one(m: re.Match) -> str:
    if m.group(1) is not None:
        return m.group(1)
    import html

    # html.unescape leaves unknown names ("&foo;") as they were.
    return SURROGATE_RE.sub("\ufffd", html.unescape(m.group(0)))


def parse_markdown(text: str, name: str, encoding: str) -> Source:
    text = _NEWLINE_RE.sub("\n", text)
    marker = find_marker(text)
    if marker is not None:
        text = text[: marker.start()]
    title, body = split_title(text)
    if title is not None:
        title = unescape(title)
    segments = []
    for block in _BLOCK_SPLIT_RE.split(body.strip()):
        if not block:
            continue
        m = _PREFIX_RE.match(block)
        hours, minutes, seconds, speaker = m.groups()
        start = None
        if seconds is not None:
            start = float(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))
        if speaker is not None:
            speaker = unescape(speaker)
        segments.append(Segment(unescape(block[m.end() :]), start, None, speaker))
    return Source(name, "markdown", encoding, title, tuple(segments))
