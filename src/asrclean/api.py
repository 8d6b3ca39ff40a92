"""The library API. The command line calls exactly this, so scripts, notebooks
and corpus jobs (map ``Cleaner.clean_text`` over many texts) get what ``clean`` does.

    >>> from asrclean import Cleaner
    >>> cleaner = Cleaner(["finance"])          # build once: loads what the stages need
    >>> doc = cleaner.clean_text("呃，我我我觉得。，这个问题？？")
    >>> doc.text
    '我觉得。这个问题？'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ._version import __version__
from .edits import Edit
from .errors import UsageError
from .glossary import Glossary, load_all
from .pipeline import Pipeline
from .settings import FILLER_LEVELS, PUNCTUATE_MODES, SCRIPTS, Settings
from .stages.sentences import split_sentences

_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


@dataclass
class Paragraph:
    text: str
    sentences: list[str]
    start: float | None = None  # seconds, for timed sources
    speaker: str | None = None  # set on the first paragraph of a speaker's turn


@dataclass
class Document:
    source: str | None
    title: str | None
    paragraphs: list[Paragraph]
    # Replayable over the raw text (segments joined as in ``Cleaner.clean_source``).
    edits: list[Edit] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def to_markdown(self, timestamps: bool = True) -> str:
        from .markdown import render

        if timestamps:
            return render(self.title, self.paragraphs)
        return render(self.title, [Paragraph(p.text, p.sentences, None, p.speaker) for p in self.paragraphs])

    def to_json(self, timestamps: bool = True) -> dict:
        out = {
            "source": self.source,
            "title": self.title,
            "paragraphs": [p.sentences for p in self.paragraphs],
            "edits": [e.as_dict() for e in self.edits],
        }
        timed = timestamps and any(p.start is not None for p in self.paragraphs)
        if timed or any(p.speaker for p in self.paragraphs):
            # Every paragraph names its speaker here (Markdown names only a turn's first):
            # a program reading the JSON should not have to carry turns forward.
            info, speaker = [], None
            for p in self.paragraphs:
                speaker = p.speaker or speaker
                info.append({k: v for k, v in (("start", p.start if timed else None), ("speaker", speaker)) if v is not None})
            out["paragraph_info"] = info
        out["generator"] = f"asrclean {__version__}"
        return out


class Cleaner:
    """A pipeline built once from a glossary and options, then used on many texts."""

    def __init__(
        self,
        glossary: Glossary | Sequence[str] | None = None,
        *,
        only: Iterable[str] | None = None,
        skip: Iterable[str] | None = None,
        script: str = "keep",
        fillers: str = "standard",
        default_glossary: bool = True,
        punctuate: str = "auto",
    ):
        if script not in SCRIPTS:
            raise UsageError(f"unknown script {script!r} (choose from: {', '.join(SCRIPTS)})")
        if fillers not in FILLER_LEVELS:
            raise UsageError(f"unknown fillers level {fillers!r} (choose from: {', '.join(FILLER_LEVELS)})")
        if punctuate not in PUNCTUATE_MODES:
            raise UsageError(f"unknown punctuate mode {punctuate!r} (choose from: {', '.join(PUNCTUATE_MODES)})")
        if not isinstance(glossary, Glossary):
            glossary = load_all(list(glossary or []), use_default=default_glossary)
        self.settings = Settings(glossary=glossary, script=script, fillers=fillers, punctuate=punctuate)
        self.pipeline = Pipeline(
            self.settings,
            only=list(only) if only is not None else None,
            skip=list(skip) if skip is not None else None,
        )

    @property
    def stage_names(self) -> list[str]:
        return list(self.pipeline.names)

    def clean_text(self, text: str, *, source: str | None = None, title: str | None = None) -> Document:
        """Clean a plain-text transcript (a leading ``# title`` line becomes the title)."""
        from .readers import parse

        src = parse(text, source or "<text>", kind="text")
        return self.clean_source(src, default_title=title)

    def clean_source(self, src, *, default_title: str | None = None) -> Document:
        """Clean a parsed source (see ``readers``), keeping speakers and timings.

        Segments are joined into one text per speaker turn, so a sentence that
        runs across subtitle cues is cleaned as one sentence.
        """
        paragraphs: list[Paragraph] = []
        edits: list[Edit] = []
        has_speakers = any(s.speaker for s in src.segments)
        # Paragraphs of the cleaner's own Markdown are real breaks; cue and
        # segment boundaries elsewhere are where the recognizer paused.
        # Paragraphs of the cleaner's own output are real breaks. A recognizer's
        # segment or a subtitle cue ends where the speaker paused: normalize and
        # punctuation make the boundary a comma between Chinese words, a space
        # between English ones, and nothing next to a mark.
        joiner = {"markdown": "\n\n", "asrclean": "\n\n", "whisper": " ", "funasr": " "}.get(src.kind, "\n")
        done = 0  # length of the cleaned text so far, so edits replay over the whole
        shown = None  # the speaker of the last paragraph written
        for speaker, segments in _turns(src.segments):
            raw, offsets = _join(segments, joiner)
            run = self.pipeline(raw)
            shift = done + (2 if done else 0)
            edits.extend(_shifted(e, shift) for e in run.edits)
            first = True
            found = list(_PARAGRAPH_RE.finditer(run.text))
            timed = segments[0].start is not None
            origins = map_back_many([m.start() for m in found], run.edits) if timed else []
            for n, m in enumerate(found):
                start = None
                if timed:
                    seg = segments[max(0, bisect.bisect_right(offsets, origins[n]) - 1)]
                    start = seg.start
                paragraphs.append(
                    Paragraph(
                        text=m.group(0),
                        sentences=split_sentences(m.group(0)),
                        start=start,
                        # A turn that cleaned to nothing ("嗯。") leaves no
                        # paragraph: the speaker before it goes on unnamed.
                        speaker=speaker if (first and has_speakers and speaker != shown) else None,
                    )
                )
                first = False
                shown = speaker
            if run.text:
                done = shift + len(run.text)
        return Document(source=src.name, title=src.title or default_title, paragraphs=paragraphs, edits=edits)


def _turns(segments):
    """Consecutive segments of one speaker; a segment without a speaker continues the turn."""
    turns: list[tuple[str | None, list]] = []
    current = None
    for seg in segments:
        speaker = seg.speaker or current
        if not turns or speaker != current:
            turns.append((speaker, []))
            current = speaker
        turns[-1][1].append(seg)
    return turns


# A silence this long (seconds) between timed segments starts a new paragraph.
PARAGRAPH_GAP = 10.0


def _join(segments, joiner: str) -> tuple[str, list[int]]:
    parts, offsets, pos = [], [], 0
    prev = None
    for seg in segments:
        if parts:
            sep = joiner
            if prev.end is not None and seg.start is not None and seg.start - prev.end >= PARAGRAPH_GAP:
                sep = "\n\n"
            parts.append(sep)
            pos += len(sep)
        prev = seg
        offsets.append(pos)
        parts.append(seg.text)
        pos += len(seg.text)
    return "".join(parts), offsets


def _shifted(e: Edit, by: int) -> Edit:
    if not by:
        return e
    return Edit(e.stage, e.rule, e.start + by, e.end + by, e.before, e.after, e.detail)


def map_back(pos: int, edits: Sequence[Edit]) -> int:
    """The offset in the original text of offset ``pos`` in the edited text."""
    return map_back_many([pos], edits)[0]


def map_back_many(positions: Sequence[int], edits: Sequence[Edit]) -> list[int]:
    """``map_back`` for many sorted positions at once, in time linear in both.

    Edits come in runs that are sorted and do not overlap (one regex pass makes
    one): inside such a run an edit's span is the same in the run's output as
    when it was applied, so one merge maps every position through the run.
    A position inside a replaced span maps to the span's start.
    """
    pos = list(positions)
    runs: list[list[Edit]] = []
    for e in edits:
        if runs and e.start >= runs[-1][-1].start + len(runs[-1][-1].after):
            runs[-1].append(e)
        else:
            runs.append([e])
    for run in reversed(runs):
        out = []
        k = 0
        shift = 0  # how much longer the run's output is than its input, up to edit k
        for p in pos:
            while k < len(run) and run[k].start + len(run[k].after) <= p:
                shift += len(run[k].after) - len(run[k].before)
                k += 1
            if k < len(run) and run[k].start < p:
                out.append(run[k].start - shift)  # inside a replacement: its start
            else:
                out.append(p - shift)
        pos = out
    return pos


def clean_text(text: str, glossary: Glossary | Sequence[str] | None = None, **options) -> Document:
    """Clean one text; for many texts build a ``Cleaner`` once and reuse it."""
    return Cleaner(glossary, **options).clean_text(text)
