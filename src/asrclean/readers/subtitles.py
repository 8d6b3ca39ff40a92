"""SubRip and WebVTT cues -> segments, through the ``srt`` and ``webvtt-py`` parsers.

Cue numbers, timings and formatting tags are dropped; each cue's lines stay
joined by "\\n", so the cleaner can mend a sentence that runs across lines and
cues. Cues keep the order of the file: it is the order the author meant to be
read, and sorting by start time would reorder overlapping cues of different
speakers.

Both libraries are lenient in ways that would lose text without a word:
``srt`` takes a cue with a broken timing line as more text of the cue before
it, and ``webvtt-py`` skips a block it cannot read. Both cases are checked
here and reported as an ``InputError`` with the line number.
"""

from __future__ import annotations

import re

from ..errors import InputError
from .types import Segment

_NEWLINE_RE = re.compile(r"\r\n?")
# A line that the srt parser kept as text although it is a cue's timing line.
_TIMING_LINE_RE = re.compile(r"^[^\n]*\d[^\n]*-->", re.MULTILINE)
# SubRip's HTML-like formatting tags, and the {\an8} position codes that
# ASS-to-SRT conversions leave behind. Only these: other "<...>" is text.
_SRT_TAG_RE = re.compile(r"</?(?:[bius]|font)(?:[ \t][^<>\n]*)?>|\{\\[^{}\n]*\}", re.IGNORECASE)
_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")
_LINE_EDGES_RE = re.compile(r"[ \t]+(?=\n|\Z)|(?<=\n)[ \t]+|\A[ \t]+")


def _tidy(text: str) -> str:
    """Cue text with blank and edge whitespace removed (nothing a reader sees)."""
    text = _LINE_EDGES_RE.sub("", text)
    return _BLANK_LINES_RE.sub("\n", text).strip("\n")


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# --- SubRip --------------------------------------------------------------------


def parse_srt(text: str, name: str) -> tuple[tuple[Segment, ...], list[str]]:
    """The cues' segments, and warnings about their timings (``timing_notes``)."""
    import srt

    text = _NEWLINE_RE.sub("\n", text)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        unmatched = text[exc.expected_start : exc.actual_start]
        broken = _TIMING_LINE_RE.search(unmatched)
        if broken:
            pos, problem = exc.expected_start + broken.start(), "broken cue timing"
        else:
            pos, problem = exc.expected_start + len(unmatched) - len(unmatched.lstrip()), "not a SubRip cue"
        snippet = text[pos:].split("\n", 1)[0].strip()[:60]
        raise InputError(f"{name}:{_line_of(text, pos)}: {problem}: {snippet!r}") from None
    except Exception as exc:  # the parser raises assorted types on malformed timings
        bad = _unreadable_timing(text, _srt_timing_reads)
        if bad is not None:
            raise InputError(f"{name}:{_line_of(text, bad.start())}: broken cue timing: {bad.group(0).strip()[:60]!r}") from None
        raise InputError(f"{name}: not valid SubRip: {exc}") from None
    segments = []
    notes = timing_notes(name, text, [(sub.index, sub.start.total_seconds(), sub.end.total_seconds()) for sub in subtitles])
    for sub in subtitles:
        content = sub.content
        broken = _TIMING_LINE_RE.search(content)
        if broken:
            line = content[broken.start() :].split("\n", 1)[0]
            raise InputError(f"{name}:{_line_of(text, text.find(line))}: broken cue timing: {line.strip()[:60]!r}")
        # SubRip has no entities of its own, but files written by HTML-minded
        # tools carry "&amp;" and "&lt;": they stand for the characters.
        content = _tidy(_unescape(_SRT_TAG_RE.sub("", content)))
        if content:
            segments.append(Segment(content, sub.start.total_seconds(), sub.end.total_seconds()))
    return tuple(segments), notes


def timing_notes(name: str, text: str, cues: list[tuple[int | str | None, float, float]]) -> list[str]:
    """Warnings, one line per kind, for cue timings that cannot be right: a cue that
    ends before it starts or lasts no time, and a cue that starts before the one
    above it. Such files come from hand edits and broken converters; the text of
    every cue is still cleaned, in the file's order (see the module's docstring),
    but the timing (silences, paragraph breaks, the timed output) is suspect, and
    saying so beats a silent run. ``cues``: (number as written or None, start, end)
    in file order; the line named is the cue's timing line."""
    lines = [_line_of(text, m.start()) for m in _TIMING_LINE_RE.finditer(text)]
    if len(lines) != len(cues):
        lines = []  # (a "-->" in a cue's text: name the cue by its number alone)
    found: dict[str, list[str]] = {}
    previous = None
    for k, (number, start, end) in enumerate(cues):
        label = f"cue {number if number not in (None, '') else k + 1}"
        where = f"{name}:{lines[k]}" if lines else name
        if end < start:
            found.setdefault("backwards", []).append(f"{where}: {label} ends before it starts ({start:.3f}s -> {end:.3f}s)")
        elif end == start:
            found.setdefault("empty", []).append(f"{where}: {label} lasts no time ({start:.3f}s -> {end:.3f}s)")
        if previous is not None and start < previous:
            found.setdefault("order", []).append(f"{where}: {label} starts before the cue above it ({start:.3f}s < {previous:.3f}s)")
        previous = start
    notes = []
    for kind in ("backwards", "empty", "order"):
        items = found.get(kind)
        if items:
            more = f" ({len(items) - 1} more such cue{'s' if len(items) > 2 else ''})" if len(items) > 1 else ""
            notes.append(f"{items[0]}{more}; its text is kept and cleaned in the file's order")
    return notes


_ARROW_LINE_RE = re.compile(r"(?m)^.*-->.*$")
_TIMINGS_RE = re.compile(r"\s*(\S+)\s*-->\s*(\S+)")


def _unreadable_timing(text: str, reads) -> re.Match | None:
    """The first timing line (a line with "-->") whose times ``reads`` cannot
    read, to name its line when a parser failed without saying where."""
    for line in _ARROW_LINE_RE.finditer(text):
        m = _TIMINGS_RE.match(line.group(0))
        if m is None or not (reads(m.group(1)) and reads(m.group(2))):
            return line
    return None


def _srt_timing_reads(stamp: str) -> bool:
    import srt

    try:
        srt.srt_timestamp_to_timedelta(stamp)
    except Exception:  # ValueError, OverflowError (hours beyond a C int), ...
        return False
    return True


def _vtt_timing_reads(stamp: str) -> bool:
    from webvtt.models import Timestamp

    try:
        Timestamp.from_string(stamp)
    except Exception:
        return False
    return True


# --- WebVTT ----------------------------------------------------------------------

# The voice span opens a speaker's words: "<v Anna>", "<v.loud Anna Li>".
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)*[ \t]+([^>\n]*?)[ \t]*>")
# In WebVTT a literal "<" is written "&lt;", so every "<...>" is a tag.
_VTT_TAG_RE = re.compile(r"<[^>\n]*>")
# Blocks end at an empty line; a line of spaces belongs to its block, as in
# the WebVTT parsing rules that webvtt-py follows.
_BLOCK_RE = re.compile(r"(?m)^.+(?:\n.+)*")
_VTT_TIMING_RE = re.compile(r"[ \t]*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}[ \t]*-->[ \t]*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}")
_NON_CUE_BLOCKS = ("NOTE", "STYLE", "REGION", "WEBVTT")


def parse_vtt(text: str, name: str) -> tuple[tuple[Segment, ...], list[str]]:
    """The cues' segments (one per speaker's voice span), and warnings about their timings."""
    import webvtt

    text = _NEWLINE_RE.sub("\n", text)
    try:
        captions = webvtt.from_string(text).captions
    except Exception as exc:  # MalformedFileError, MalformedCaptionError, ValueError from timings
        detail = "no WEBVTT header" if not text.startswith("WEBVTT") else str(exc)
        raise InputError(f"{name}: not valid WebVTT: {detail}") from None
    _check_nothing_skipped(text, len(captions), name)
    segments = []
    times = [(cap.start_time.in_milliseconds() / 1000, cap.end_time.in_milliseconds() / 1000) for cap in captions]
    notes = timing_notes(name, text, [(None, start, end) for start, end in times])
    for cap, (start, end) in zip(captions, times):
        raw = cap.raw_text
        # Split at each voice span: a cue may hold the words of two speakers.
        pieces = [(None, 0)] + [(m.group(1) or None, m.end()) for m in _VOICE_RE.finditer(raw)]
        bounds = [m.start() for m in _VOICE_RE.finditer(raw)] + [len(raw)]
        for (speaker, begin), stop in zip(pieces, bounds):
            piece = _tidy(_unescape(_VTT_TAG_RE.sub("", raw[begin:stop])))
            if piece:
                segments.append(Segment(piece, start, end, _unescape(speaker) if speaker else None))
    return tuple(segments), notes


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    import html

    return html.unescape(text)


def _check_nothing_skipped(text: str, parsed: int, name: str) -> None:
    """``webvtt-py`` silently skips blocks it cannot read: refuse rather than lose them."""
    for m in _BLOCK_RE.finditer(text):
        block = m.group(0)
        if "-->" not in block and block.strip() and not block.lstrip().startswith(_NON_CUE_BLOCKS):
            first = block.strip().split("\n", 1)[0]
            raise InputError(f"{name}:{_line_of(text, m.start())}: text outside any cue: {first[:60]!r}")
    if text.count("-->") != parsed:
        for line in _ARROW_LINE_RE.finditer(text):
            if not _VTT_TIMING_RE.match(line.group(0)):
                break
        else:
            line = _unreadable_timing(text, _vtt_timing_reads)  # well formed, out of range ("00:99.000")
        if line is not None:
            raise InputError(f"{name}:{_line_of(text, line.start())}: broken cue timing: {line.group(0).strip()[:60]!r}")
        raise InputError(f"{name}: not valid WebVTT: {text.count('-->') - parsed} cue(s) could not be read")
