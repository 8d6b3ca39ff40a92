"""The shared types of every input format: a ``Source`` of ``Segment`` items.

At the bottom of the readers package: every format module imports these, and
this module imports nothing of the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Manifests (rows of a corpus) by file name suffix. Here, not in manifests.py, so
# that telling a transcript from a manifest imports nothing of the manifest readers.
MANIFEST_KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet"}


def manifest_kind(name: str) -> str | None:
    """The manifest format a file name's suffix implies, or None."""
    return MANIFEST_KINDS.get(Path(name).suffix.lower())


@dataclass(frozen=True)
class Segment:
    text: str
    start: float | None = None  # seconds
    end: float | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class Source:
    name: str  # file name as given (for messages)
    kind: str  # "text" | "markdown" | "srt" | "vtt" | "whisper" | "funasr" | "asrclean" (own JSON)
    encoding: str  # detected encoding, e.g. "utf-8", "utf-8-sig", "utf-16", "gb18030"
    title: str | None  # from a leading "# title" line (text/markdown), else None
    segments: tuple[Segment, ...]
    # Things tolerated while reading (bytes replaced, stray NULs), one line each.
    notes: tuple[str, ...] = ()
