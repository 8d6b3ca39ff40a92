"""Recognizer JSON -> segments. The shape is sniffed from the keys:

- Whisper / whisperX / faster-whisper: ``{"text", "segments": [{"start", "end",
  "text", "speaker"?, "words"?}]}`` (seconds), or a bare list of such segments.
  whisperX sometimes puts speakers on words only: a segment then takes the
  speaker of most of its words (the first one to appear on a tie).
- whisper.cpp (``-oj``): ``{"transcription": [{"offsets": {"from", "to"}, "text"}]}``
  (milliseconds).
- FunASR: a dict, or a list of dicts (one per input), with ``"text"`` and
  optional ``"sentence_info"`` (older ModelScope pipelines: ``"sentences"``):
  ``[{"text", "start", "end", "spk"?}]`` in milliseconds. FunASR numbers speakers
  from 0; an integer speaker n becomes "Speaker n+1", as people count. A
  speaker given as a string is kept as written ("SPEAKER_00").

Without timed segments, the top-level ``"text"`` is the transcript.
"""

from __future__ import annotations

import math
import re

from ..errors import InputError
from .decoding import SURROGATE_RE
from .types import Segment

_EXPECTED = (
    'expected Whisper/whisperX ("segments"), whisper.cpp ("transcription") '
    'or FunASR ("text", "sentence_info") output'
)


class _Shape(Exception):
    """The JSON is valid but not a shape we read; ``where`` says which part."""


def load(text: str, name: str):
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{name}: invalid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise InputError(f"{name}: invalid JSON: {exc}") from None


def looks_like_recognizer_json(text: str) -> bool:
    """For sniffing a file without a suffix: valid JSON of a shape we know."""
    try:
        _segments(load(text, "<sniff>"))
    except (InputError, _Shape):
        return False
    return True


def parse_json(text: str, name: str) -> tuple[str, tuple[Segment, ...], str | None]:
    """(kind, segments, title): kind is "whisper", "funasr", or "asrclean" (the
    cleaner's own JSON output, read back so that cleaning it again changes nothing)."""
    data = load(text, name)
    try:
        if _is_own_output(data):
            return "asrclean", _own_output(data), data.get("title") if isinstance(data.get("title"), str) else None
        kind, segments = _segments(data)
        return kind, segments, None
    except _Shape as exc:
        raise InputError(f"{name}: {exc}") from None


def _is_own_output(data) -> bool:
    return isinstance(data, dict) and str(data.get("generator", "")).startswith("asrclean") and "paragraphs" in data


# In the cleaner's output a sentence that ends with a Latin mark is followed by
# a space, one that ends with a Chinese mark is not: that is how its
# paragraphs are put back together from their sentences.
_LATIN_END = re.compile(r"[.!?][\"')\]]*\Z")


def join_sentences(sentences) -> str:
    """A paragraph of the cleaner's JSON output from its sentences."""
    text = ""
    for s in sentences:
        text += (" " if text and _LATIN_END.search(text) else "") + s
    return text


def _own_output(data: dict) -> tuple[Segment, ...]:
    paragraphs = _list(data["paragraphs"], "paragraphs")
    info = data.get("paragraph_info")
    info = _list(info, "paragraph_info") if info is not None else []
    segments = []
    for i, sentences in enumerate(paragraphs):
        sentences = [s for s in _list(sentences, f"paragraphs[{i}]") if isinstance(s, str)]
        extra = info[i] if i < len(info) and isinstance(info[i], dict) else {}
        text = extra.get("text")
        if not isinstance(text, str):
            text = join_sentences(sentences)
        text = SURROGATE_RE.sub("\ufffd", text)
        start = extra.get("start")
        start = float(start) if isinstance(start, (int, float)) and not isinstance(start, bool) and start >= 0 else None
        segments.append(Segment(text, start, None, _speaker(extra.get("speaker"), f"paragraph_info[{i}].speaker")))
    return tuple(segments)


def _segments(data) -> tuple[str, tuple[Segment, ...]]:
    if isinstance(data, dict):
        if "segments" in data:
            return "whisper", _whisper(data["segments"], "segments", data)
        if "transcription" in data:
            return "whisper", _whisper_cpp(data["transcription"])
        if "text" in data or "sentence_info" in data or "sentences" in data:
            return "funasr", _funasr(data, "")
        raise _Shape(f"unknown JSON shape: {_EXPECTED}")
    if isinstance(data, list):
        if all(isinstance(item, dict) for item in data):
            # A bare list of timed segments (seconds) versus FunASR's list of
            # results, which carry their times inside "sentence_info".
            if data and all("start" in item and "text" in item for item in data):
                return "whisper", _whisper(data, "", None)
            if all("text" in item or "sentence_info" in item for item in data):
                segments = []
                for i, item in enumerate(data):
                    segments.extend(_funasr(item, f"[{i}]"))
                return "funasr", tuple(segments)
    raise _Shape(f"unknown JSON shape: {_EXPECTED}")


def _whisper(items, where: str, top: dict | None) -> tuple[Segment, ...]:
    items = _list(items, where)
    if not items and top is not None:
        # No timed segments: the whole text, if there is one.
        return _plain(top, "")
    out = []
    for i, seg in enumerate(items):
        at = f"{where}[{i}]"
        seg = _dict(seg, at)
        speaker = _speaker(seg.get("speaker"), f"{at}.speaker")
        if speaker is None and "words" in seg:
            speaker = _words_speaker(seg["words"], f"{at}.words")
        start, end = _seconds(seg, "start", 1, at), _seconds(seg, "end", 1, at)
        text = seg.get("text")
        if text is None and "words" in seg:
            # A segment that holds its words only (text left out or null, as some
            # exporters and hand-made files do) is what its words say: skipping it lost them.
            _add(out, _words_text(seg["words"], f"{at}.words"), f"{at}.words", start, end, speaker)
        else:
            _add(out, text, f"{at}.text", start, end, speaker)
    return tuple(out)


# Latin letters and digits: two words that end and begin with one need a space between
# them when the recognizer wrote none (whisperX's "word" has no leading space; Whisper's has).
_LATIN_EDGE = re.compile("[A-Za-z0-9]")


def _words_text(words, where: str) -> str:
    """The text of a segment from its words (``word``, or ``text``), in order."""
    text = ""
    for i, word in enumerate(_list(words, where)):
        word = _dict(word, f"{where}[{i}]")
        piece = word.get("word", word.get("text"))
        if piece is None:
            continue
        if not isinstance(piece, str):
            raise _Shape(f"{where}[{i}].word: expected a string, got {_show(piece)}")
        if text and piece and _LATIN_EDGE.match(text[-1]) and _LATIN_EDGE.match(piece[0]):
            text += " "
        text += piece
    return text


def _whisper_cpp(items) -> tuple[Segment, ...]:
    out = []
    for i, seg in enumerate(_list(items, "transcription")):
        at = f"transcription[{i}]"
        seg = _dict(seg, at)
        offsets = _dict(seg.get("offsets", {}), f"{at}.offsets")
        start = _seconds(offsets, "from", 1000, f"{at}.offsets")
        end = _seconds(offsets, "to", 1000, f"{at}.offsets")
        _add(out, seg.get("text"), f"{at}.text", start, end, None)
    return tuple(out)


def _funasr(item, where: str) -> tuple[Segment, ...]:
    item = _dict(item, where or "top level")
    key = "sentence_info" if "sentence_info" in item else "sentences" if "sentences" in item else None
    sentences = _list(item[key], f"{where}.{key}".lstrip(".")) if key else []
    if not sentences:
        return _plain(item, where)
    out = []
    for i, sent in enumerate(sentences):
        at = f"{where}.{key}[{i}]".lstrip(".")
        sent = _dict(sent, at)
        speaker = _speaker(sent.get("spk", sent.get("speaker")), f"{at}.spk")
        start, end = _seconds(sent, "start", 1000, at), _seconds(sent, "end", 1000, at)
        _add(out, sent.get("text"), f"{at}.text", start, end, speaker)
    return tuple(out)


def _plain(item: dict, where: str) -> tuple[Segment, ...]:
    out = []
    _add(out, item.get("text"), f"{where}.text".lstrip("."), None, None, None)
    return tuple(out)


def _add(out: list, text, where: str, start, end, speaker) -> None:
    if text is None:
        return
    if not isinstance(text, str):
        raise _Shape(f"{where}: expected a string, got {_show(text)}")
    text = SURROGATE_RE.sub("\ufffd", text).strip()
    if text:
        out.append(Segment(text, start, end, speaker))


def _seconds(obj: dict, key: str, per_second: int, where: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        unit = "seconds" if per_second == 1 else "milliseconds"
        raise _Shape(f"{where}.{key}: expected a number of {unit}, got {_show(value)}")
    return value / per_second


def _speaker(value, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"Speaker {value + 1}"
    if isinstance(value, str):
        # A label is one line: it is written before the turn's first paragraph.
        return " ".join(SURROGATE_RE.sub("\ufffd", value).split()) or None
    raise _Shape(f"{where}: expected a string or a number, got {_show(value)}")


def _words_speaker(words, where: str) -> str | None:
    counts: dict[str, int] = {}
    for i, word in enumerate(_list(words, where)):
        if isinstance(word, dict):
            label = _speaker(word.get("speaker"), f"{where}[{i}].speaker")
            if label is not None:
                counts[label] = counts.get(label, 0) + 1
    # max() keeps the first of equal counts: dicts remember insertion order.
    return max(counts, key=counts.get) if counts else None


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise _Shape(f"{where or 'top level'}: expected a list, got {_show(value)}")
    return value


def _dict(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _Shape(f"{where}: expected an object, got {_show(value)}")
    return value


def _show(value) -> str:
    text = repr(value)
    return SURROGATE_RE.sub("\ufffd", text if len(text) <= 40 else text[:37] + "...")
