"""Input files -> ``Source``: format detection, and one module per format.

- ``types``: ``Segment`` and ``Source``, shared by every format (the bottom);
- ``decoding``: bytes to text;
- ``markdown``: plain text's title line and the cleaner's own Markdown;
- ``subtitles``: SRT and WebVTT; ``recognizer_json``: Whisper, FunASR and own JSON.

Subtitles and recognizer JSON are imported only when such a file is read, so
a plain-text run never pays for ``srt``, ``webvtt``, ``json`` or
``charset_normalizer``. Every problem with the input becomes an
``InputError`` naming the file.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..errors import InputError, UsageError
from .decoding import SURROGATE_RE, decode, decode_noting
from .markdown import TITLE_RE, find_marker, parse_markdown, split_title, unescape
from .types import Segment, Source

__all__ = [
    "KINDS",
    "Segment",
    "Source",
    "decode",
    "decode_noting",
    "is_transcript_name",
    "kind_for_name",
    "parse",
    "plain",
    "read",
    "read_bytes",
    "read_data",
    "sniff",
    "split_title",
    "unescape",
]

KINDS = ("text", "markdown", "srt", "vtt", "json", "whisper", "funasr", "asrclean")

_SUFFIX_KIND = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".srt": "srt",
    ".vtt": "vtt",
    ".json": "json",
}
# Markdown is left out: .md files are the cleaner's own outputs, and a folder
# walk that picked them up would clean its results again as new inputs.
_TRANSCRIPT_SUFFIXES = frozenset((".txt", ".text", ".srt", ".vtt", ".json"))


def is_transcript_name(name: str) -> bool:
    """Whether a folder walk should pick up this file by default."""
    return Path(name).suffix.lower() in _TRANSCRIPT_SUFFIXES


def kind_for_name(name: str) -> str | None:
    """The kind a file name's suffix implies, or None (then the content decides)."""
    return _SUFFIX_KIND.get(Path(name).suffix.lower())


def parse(text: str, name: str, kind: str | None = None) -> Source:
    """A ``Source`` from decoded text; ``kind`` from the name's suffix, else sniffed."""
    # A str from elsewhere may hold lone surrogates; decoded bytes never do.
    return _parse(SURROGATE_RE.sub("\ufffd", text), name, kind, "utf-8")


def plain(text: str, name: str) -> Source:
    """A ``Source`` of one text taken as it is: no title, no format sniffed."""
    return Source(name, "text", "utf-8", None, (Segment(SURROGATE_RE.sub("\ufffd", text)),))


def _parse(text: str, name: str, kind: str | None, encoding: str) -> Source:
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown input format {kind!r} (choose from: {', '.join(KINDS)})")
    if text.startswith("\ufeff"):
        text = text[1:]
    kind = kind or kind_for_name(name) or sniff(text)
    if kind == "text":
        title, body = split_title(text)
        return Source(name, "text", encoding, title, (Segment(body),))
    if kind == "markdown":
        return parse_markdown(text, name, encoding)
    if kind == "srt":
        from .subtitles import parse_srt

        segments, notes = parse_srt(text, name)
        return Source(name, "srt", encoding, None, segments, tuple(notes))
    if kind == "vtt":
        from .subtitles import parse_vtt

        segments, notes = parse_vtt(text, name)
        return Source(name, "vtt", encoding, None, segments, tuple(notes))
    from .recognizer_json import parse_json

    kind, segments, title = parse_json(text, name)
    return Source(name, kind, encoding, title, segments)


def read_bytes(data: bytes, name: str, kind: str | None = None) -> Source:
    """A ``Source`` from raw bytes (standard input, an archive member)."""
    text, encoding, notes = decode_noting(data, name)
    src = _parse(text, name, kind, encoding)
    # (The decoder's notes first: they are about the bytes, the format's about what they say.)
    return dataclasses.replace(src, notes=tuple(notes) + src.notes) if notes else src


def read(path: str | Path, kind: str | None = None) -> Source:
    """Read, decode and parse one file; any problem is an ``InputError``."""
    return read_bytes(read_data(path), str(path), kind)


def read_data(path: str | Path) -> bytes:
    """A file's bytes, once (a FIFO cannot be read twice); problems are ``InputError``."""
    name = str(path)
    try:
        with open(path, "rb") as f:
            return f.read()
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


_WEBVTT_RE = re.compile(r"WEBVTT(?:[ \t]|\r?\n|\r|\Z)")
_SRT_START_RE = re.compile(r"\s*(?:\d+[ \t]*\r?\n)?\d+:\d\d:\d\d[,.]\d+[ \t]*-->")
_JSON_START_RE = re.compile(r"\s*[\[{]")


def sniff(text: str) -> str:
    """The kind of a text whose name says nothing (standard input, no suffix)."""
    if _WEBVTT_RE.match(text):
        return "vtt"
    if _SRT_START_RE.match(text):
        return "srt"
    if _JSON_START_RE.match(text):
        from .recognizer_json import looks_like_recognizer_json

        # A transcript may well open with "[音乐]": JSON only if it parses
        # into a shape we know.
        if looks_like_recognizer_json(text):
            return "json"
    # The cleaner's own output, with or without its file marker (as it comes
    # through a pipe): reading it as Markdown makes cleaning it again a no-op.
    if find_marker(text) is not None or TITLE_RE.match(text):
        return "markdown"
    return "text"
