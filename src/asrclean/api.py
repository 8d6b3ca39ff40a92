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
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from . import silence
from ._version import __version__
from .chars import CJK
from .edits import Edit, Recorder, ascending_runs, shifted, shifted_all
from .errors import UsageError
from .glossary import Glossary, load_all
from .lazyre import lazy
from .pipeline import Pipeline, stage_class
from .settings import FILLER_LEVELS, LINES_MODES, PUNCTUATE_MODES, SCRIPTS, Settings
from .stages.sentences import split_sentences

_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


class Paragraph:
    """One paragraph of a cleaned document.

    ``sentences`` are computed from ``text`` when asked for, unless given: a
    long transcript's document then holds its text once, not twice.
    """

    __slots__ = ("text", "_sentences", "start", "speaker")

    def __init__(
        self,
        text: str,
        sentences: list[str] | None = None,
        start: float | None = None,  # seconds, for timed sources
        speaker: str | None = None,  # set on the first paragraph of a speaker's turn
    ):
        self.text = text
        self._sentences = sentences
        self.start = start
        self.speaker = speaker

    @property
    def sentences(self) -> list[str]:
        return split_sentences(self.text) if self._sentences is None else self._sentences

    @sentences.setter
    def sentences(self, value: list[str] | None) -> None:
        self._sentences = value

    def _key(self):
        return (self.text, self.sentences, self.start, self.speaker)

    def __eq__(self, other):
        return self._key() == other._key() if isinstance(other, Paragraph) else NotImplemented

    def __repr__(self) -> str:
        return f"Paragraph(text={self.text!r}, sentences={self.sentences!r}, start={self.start!r}, speaker={self.speaker!r})"


@dataclass
class Document:
    source: str | None
    title: str | None
    paragraphs: list[Paragraph]
    # Replay in order over ``base_text(source)`` to ``text``; empty when the
    # document was cleaned with ``edits=False``.
    edits: list[Edit] = field(default_factory=list)
    # "stage/rule" -> how many edits changed the text (suggestions left out).
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def to_markdown(self, timestamps: bool = True) -> str:
        from .markdown import render

        if timestamps:
            return render(self.title, self.paragraphs)
        return render(self.title, [Paragraph(p.text, p._sentences, None, p.speaker) for p in self.paragraphs])

    def to_json(self, timestamps: bool = True) -> dict:
        sentences = [p.sentences for p in self.paragraphs]
        out = {
            "source": self.source,
            "title": self.title,
            "paragraphs": sentences,
            "edits": [e.as_dict() for e in self.edits],
        }
        timed = timestamps and any(p.start is not None for p in self.paragraphs)
        # A paragraph is its sentences put back together by ``join_sentences``;
        # the few that are not (a space the rule does not expect between two
        # sentences) carry their exact text, so reading the JSON back is exact.
        from .readers.recognizer_json import join_sentences

        odd = [join_sentences(ss) != p.text for ss, p in zip(sentences, self.paragraphs)]
        if timed or any(odd) or any(p.speaker for p in self.paragraphs):
            # Every paragraph names its speaker here (Markdown names only a turn's first):
            # a program reading the JSON should not have to carry turns forward.
            info, speaker = [], None
            for p, exact in zip(self.paragraphs, odd):
                speaker = p.speaker or speaker
                items = (("start", p.start if timed else None), ("speaker", speaker), ("text", p.text if exact else None))
                info.append({k: v for k, v in items if v is not None})
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
        lines: str = "auto",
    ):
        if script not in SCRIPTS:
            raise UsageError(f"unknown script {script!r} (choose from: {', '.join(SCRIPTS)})")
        if fillers not in FILLER_LEVELS:
            raise UsageError(f"unknown fillers level {fillers!r} (choose from: {', '.join(FILLER_LEVELS)})")
        if punctuate not in PUNCTUATE_MODES:
            raise UsageError(f"unknown punctuate mode {punctuate!r} (choose from: {', '.join(PUNCTUATE_MODES)})")
        if lines not in LINES_MODES:
            raise UsageError(f"unknown lines mode {lines!r} (choose from: {', '.join(LINES_MODES)})")
        if not isinstance(glossary, Glossary):
            glossary = load_all(list(glossary or []), use_default=default_glossary)
        self.settings = Settings(glossary=glossary, script=script, fillers=fillers, punctuate=punctuate, lines=lines)
        # Lines are joined here whatever ``lines`` says: it is about plain text
        # only (a subtitle's cues are lines too), and ``_pipeline_for`` decides.
        self.pipeline = Pipeline(
            dataclasses.replace(self.settings, lines="join"),
            only=list(only) if only is not None else None,
            skip=list(skip) if skip is not None else None,
        )
        self._turns_pipeline = None
        self._unmarked_pipeline = None

    def _pipeline_for(self, src) -> Pipeline:
        """The pipeline for a source: plain text whose lines are turns keeps a
        paragraph per line (``--lines``); everything else joins its lines."""
        if src.kind in _SEGMENTED and self.settings.punctuate == "auto" and _without_marks(src.segments):
            return self._unmarked_segments_pipeline()
        if src.kind != "text" or self.settings.lines == "join":
            return self.pipeline
        if self.settings.lines == "auto" and not lines_are_turns(src.segments):
            return self.pipeline
        if self._turns_pipeline is None:
            # The same stages but normalize and restore, built again with
            # lines="paragraphs": the glossary's indexes are not built twice.
            # Asked for (``--lines paragraphs``), a turn is a paragraph of its
            # own and ends a sentence: restore (``auto``) treats every line as
            # ``always`` does, so that a short line without marks ("好那我们开始吧")
            # gets its sentence end too. (Lines found to be turns are punctuated
            # already, and keep the ``auto`` reading.)
            punctuate = self.settings.punctuate
            if punctuate == "auto" and self.settings.lines == "paragraphs":
                punctuate = "always"
            settings = dataclasses.replace(self.settings, lines="paragraphs", punctuate=punctuate)
            self._turns_pipeline = self.pipeline.with_stages(
                [stage_class(s.name)(settings) if s.name in ("normalize", "restore") else s for s in self.pipeline.stages]
            )
        return self._turns_pipeline

    def _unmarked_segments_pipeline(self) -> Pipeline:
        """Subtitles or recognizer segments with no mark anywhere (a recognizer
        that writes none): restore treats every turn as ``always`` does, so a
        short turn ("那我们下周再说吧") ends its sentence as a long one does. The
        Markdown written has its marks, and reads as ``auto`` the next time."""
        if self._unmarked_pipeline is None:
            settings = dataclasses.replace(self.settings, lines="join", punctuate="always")
            self._unmarked_pipeline = self.pipeline.with_stages(
                [stage_class(s.name)(settings) if s.name == "restore" else s for s in self.pipeline.stages]
            )
        return self._unmarked_pipeline

    @property
    def stage_names(self) -> list[str]:
        return list(self.pipeline.names)

    def clean_text(
        self, text: str, *, source: str | None = None, title: str | None = None, format: str = "plain"
    ) -> Document:
        """Clean a transcript given as a string.

        ``format`` says how to read it:

        - ``"plain"`` (the default): the text as it is, nothing taken out of it,
          so that ``clean_text(doc.text)`` gives ``doc.text`` back;
        - ``"markdown"``: the cleaner's own Markdown, as ``clean`` reads a ``.md``
          file: a leading ``# title`` line is the title, ``[00:01:02]`` and
          ``**Speaker:**`` prefixes are times and speakers, escapes are undone,
          so that ``clean_text(doc.to_markdown(), format="markdown")`` gives the
          same title and text back;
        - any other input kind (``"text"``, ``"srt"``, ``"vtt"``, ``"json"``) is
          read as ``clean`` reads a file of that kind (``"text"``: a leading
          ``# title`` line becomes the title, as for a ``.txt`` file).

        ``title`` is used when the text itself gives none.
        """
        from .readers import KINDS, parse, plain

        if format != "plain" and format not in KINDS:
            raise UsageError(f"unknown format {format!r} (choose from: plain, {', '.join(KINDS)})")
        name = source or "<text>"
        src = plain(text, name) if format == "plain" else parse(text, name, kind=format)
        return self.clean_source(src, default_title=title)

    def clean_source(self, src, *, default_title: str | None = None, edits: bool = True) -> Document:
        """Clean a parsed source (see ``readers``), keeping speakers and timings.

        Segments are joined into one text per speaker turn, so a sentence that
        runs across subtitle cues is cleaned as one sentence. ``Document.edits``
        replay exactly over ``base_text(src)`` to ``Document.text``; with
        ``edits=False`` they are only counted (``Document.counts``), which keeps
        the memory a long transcript takes small.
        """
        has_speakers = any(s.speaker for s in src.segments)
        joiner = _joiner(src.kind)
        pipeline = self._pipeline_for(src)
        units: list[_Unit] = []
        for speaker, segments in _turns(src.segments):
            units.extend(_units_of_turn(speaker, segments, joiner, pipeline, edits, has_speakers))
        if has_speakers:
            units = _merge_interrupted_turns(units, pipeline, edits)

        paragraphs: list[Paragraph] = []
        kept: list[Edit] = []
        counts: Counter = Counter()
        pos = 0  # end of the finished output in the text being replayed
        shown = None  # the speaker of the last paragraph written
        for n, unit in enumerate(units):
            counts.update(unit.counts)
            # Before this unit the replayed text holds the finished output, then
            # (after the first unit) what joins it to the one before in the base
            # text: "\n\n" between turns, the blank lines where a long turn was cut.
            sep = unit.sep if n else ""
            if edits:
                kept.extend(shifted_all(unit.edits, pos + len(sep)))
                unit.edits = unit.run_edits = None  # the shifted copies replace them
            layout = None
            if sep and (not unit.length or not pos):
                # A turn that cleaned to nothing takes its break with it, as does
                # a turn that only turns that cleaned to nothing came before.
                layout = Edit(LAYOUT, "emptied-turn", pos, pos + len(sep), sep, "")
                sep = ""
            elif sep != "\n\n" and sep:
                layout = Edit(LAYOUT, "paragraph-breaks", pos, pos + len(sep), sep, "\n\n")
                sep = "\n\n"
            if layout is not None:
                counts[f"{LAYOUT}/{layout.rule}"] += 1
                if edits:
                    kept.append(layout)
            if not unit.length:
                continue
            pos += len(sep) + unit.length
            first = True
            for text, start in unit.paras:
                paragraphs.append(
                    Paragraph(
                        text=text,
                        start=start,
                        speaker=unit.speaker if (first and has_speakers and unit.speaker != shown) else None,
                    )
                )
                first = False
                shown = unit.speaker
        return Document(
            source=src.name, title=src.title or default_title, paragraphs=paragraphs, edits=kept, counts=dict(counts)
        )


# The stage name of the edits ``clean_source`` itself makes when it puts the
# cleaned turns together: the break before a turn that cleaned to nothing goes,
# the blank lines where a long turn was cut become one paragraph break, and
# (only when normalize is skipped) blank lines at a turn's edges go.
LAYOUT = "layout"
_PARAGRAPH_GAPS_RE = re.compile(r"\A\n+|\n+\Z|\n{2,}")


def _paragraph_gap(m: re.Match) -> str:
    # Blank lines inside a turn are one paragraph break; at its edges they go.
    return "\n\n" if m.start() and m.end() < len(m.string) else ""


def _joiner(kind: str) -> str:
    # Paragraphs of the cleaner's own output are real breaks. A recognizer's
    # segment or a subtitle cue ends where the speaker paused: normalize and
    # punctuation make the boundary a comma between Chinese words, a space
    # between English ones, and nothing next to a mark.
    return {"markdown": "\n\n", "asrclean": "\n\n", "whisper": " ", "funasr": " "}.get(kind, "\n")


def base_text(src) -> str:
    """The text that ``Document.edits`` replay over: the segments of each
    speaker turn joined as the source's kind joins them (``"\\n\\n"`` for the
    cleaner's own Markdown and JSON, ``" "`` for recognizer JSON, ``"\\n"`` for
    text and subtitles; ``"\\n\\n"`` across a silence of ``SECTION_GAP``
    seconds), and the turns joined by ``"\\n\\n"``."""
    joiner = _joiner(src.kind)
    return "\n\n".join(_join(segments, joiner)[0] for _, segments in _turns(src.segments))


# ``--lines auto``: a plain-text transcript whose lines are turns (meeting
# notes, exported dialogue) keeps one paragraph per line. Its lines look so:
# there are a few, no blank line already sets paragraphs apart, nearly every
# line ends a sentence, and the lines hold more than a sentence each on
# average. Subtitle-like text (a phrase a line, no marks) and one sentence a
# line (a recognizer's segments) are joined, as before.
_MIN_TURN_LINES = 3
_ENDED_SHARE = 0.8
_SENTENCES_PER_LINE = 1.5
_BLANK_LINE_RE = re.compile(r"\n[ \t\r]*\n")
_LINE_ENDS_SENTENCE_RE = lazy(r"[。！？!?…][\"'”’」』)）\]]*[ \t\r]*\Z")
_SENTENCE_END_RE = re.compile(r"[。！？!?]+|\.(?=\s|\Z)")


_SEGMENTED = frozenset(("srt", "vtt", "whisper", "funasr"))
_ANY_MARK_RE = lazy("[。！？，、；：.!?,;:…]")


def _without_marks(segments) -> bool:
    """Not one mark in any segment. A file of one cue counts too: a subtitle
    or recognizer file is the recognizer's own output, and one cue of it
    without a mark is as unpunctuated as a hundred."""
    return bool(segments) and not any(_ANY_MARK_RE.search(seg.text) for seg in segments)


def lines_are_turns(segments) -> bool:
    """Whether a plain-text source's lines look like turns, one paragraph each."""
    if len(segments) != 1:
        return False
    text = segments[0].text
    if "\n" not in text or _BLANK_LINE_RE.search(text):
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < _MIN_TURN_LINES:
        return False
    ended = sum(1 for line in lines if _LINE_ENDS_SENTENCE_RE.search(line))
    if ended < _ENDED_SHARE * len(lines):
        return False
    return len(_SENTENCE_END_RE.findall(text)) >= _SENTENCES_PER_LINE * len(lines)


# A turn longer than this (characters) is cleaned in pieces cut at blank
# lines, each piece as a text of its own: the memory a clean takes then grows
# with the piece, not with the transcript (a piece is hours of speech).
CHUNK_CHARS = 100_000
# A blank line: where a long turn may be cut. Only a line break starts a match,
# so a scan is linear however long the runs of spaces.
_BLANK_RUN_RE = re.compile(r"\n[ \t\r]*\n[ \t\r\n]*")
# Text with one cue a line and no blank line anywhere (a recognizer's line-per-
# segment output) is cut, failing a blank line within another CHUNK_CHARS, at
# the line break after a sentence end: the paragraph break that the cut makes
# then falls between two sentences, where the sentences stage could have put one.
_SENTENCE_LINE_END_RE = re.compile(r"(?<=[。！？!?])[ \t\r]*\n[ \t\r\n]*")
# Last resorts, past twice CHUNK_CHARS, for text with no sentence end at all
# (a recognizer that writes no marks, one cue a line or pause spaces on one
# line): any line break, else a pause space between Chinese words. The piece
# then ends at a pause, where the restore stage can end a sentence.
# (Entered only at a line break or right after a Chinese character, so a long
# run of spaces is not scanned again from each of its spaces.)
_ANY_LINE_BREAK_RE = re.compile(r"\n[ \t\r\n]*")
_PAUSE_SPACE_RE = lazy(f"(?<=[{CJK}]) +(?=[{CJK}])")


class _Unit:
    """A piece of the base text cleaned as one text: a speaker turn, a piece of
    a long turn, or turns cleaned together (``_merge_interrupted_turns``).

    ``sep`` is what comes before it in the base text; ``edits`` (when kept) turn
    the unit's span of the base text into its cleaned text, ``length`` long,
    whose paragraphs are ``paras``: (text, start time). ``input`` (kept only for
    a merge) is what the pipeline ran on, with ``segments`` at ``offsets``.
    """

    __slots__ = ("speaker", "segments", "offsets", "input", "sep", "edits", "run_edits", "length", "paras", "counts")

    def _clean(self, pipeline, prelude: list[Edit] | None, keep_input: bool) -> None:
        timed = self.segments[0].start is not None
        # Paragraph times are found through the edits: a timed text needs them.
        # Its silences weigh in on the restored marks and start paragraphs.
        hook = None
        if timed and len(self.segments) > 1:
            found = silence.gaps(self.segments, self.offsets, self.input)
            if found:
                hook = silence.hook(found)
        breaks = _segment_spaces(self.segments, self.offsets, self.input) if len(self.segments) > 1 else ()
        run = pipeline(self.input, keep=prelude is not None or timed, after_restore=hook, breaks=breaks)
        edits, text = run.edits, run.text
        if text[:1] == "\n" or text[-1:] == "\n" or "\n\n\n" in text:
            # Only when normalize is skipped: paragraphs are what lies between
            # blank lines, so the text must have nothing else there.
            rec = Recorder(LAYOUT)
            text = rec.sub(_PARAGRAPH_GAPS_RE, _paragraph_gap, text, "paragraph-breaks")
            edits = edits + rec.edits
            if run.counts is not None:
                run.counts[f"{LAYOUT}/paragraph-breaks"] = len(rec.edits)
        self.length = len(text)
        if run.counts is not None:
            self.counts = run.counts
        else:
            # Counted by (stage, rule), each name made once: a string per edit cost more.
            pairs = Counter((e.stage, e.rule) for e in edits if e.before != e.after)
            self.counts = Counter({f"{stage}/{rule}": n for (stage, rule), n in pairs.items()})
        found = list(_PARAGRAPH_RE.finditer(text))
        if not timed:
            self.paras = [(m.group(0), None) for m in found]
        else:
            origins = map_back_many([m.start() for m in found], edits)
            self.paras = [
                (m.group(0), self.segments[max(0, bisect.bisect_right(self.offsets, o) - 1)].start)
                for m, o in zip(found, origins)
            ]
        if prelude is None:  # edits not asked for
            self.edits = self.run_edits = None
        else:
            self.run_edits = edits
            self.edits = prelude + edits if prelude else edits
        if not keep_input:
            self.input = None


def _segment_spaces(segments, offsets: Sequence[int], text: str) -> list[int]:
    """Offsets of the spaces that join two segments (a recognizer's segments
    joined by a space): each is where the speaker paused, which the English
    restore weighs. (Segments joined by a line break need no telling: the
    pipeline reads single line breaks as cue breaks itself.)"""
    out = []
    for i in range(1, len(segments)):
        a = offsets[i - 1] + len(segments[i - 1].text)
        if offsets[i] - a == 1 and a < len(text) and text[a] == " ":
            out.append(a)
    return out


def _units_of_turn(speaker, segments, joiner: str, pipeline, keep: bool, keep_input: bool) -> list[_Unit]:
    text, offsets = _join(segments, joiner)
    pieces = [("\n\n", text)]
    if len(text) > CHUNK_CHARS and len(segments) == 1:
        pieces = []
        sep, pos = "\n\n", 0
        while len(text) - pos > CHUNK_CHARS:
            limit = pos + 2 * CHUNK_CHARS
            m = _BLANK_RUN_RE.search(text, pos + CHUNK_CHARS, limit)
            if m is None:
                m = _SENTENCE_LINE_END_RE.search(text, pos + CHUNK_CHARS, limit)
            if m is None:
                m = _ANY_LINE_BREAK_RE.search(text, limit) or _PAUSE_SPACE_RE.search(text, limit)
            if m is None:
                break
            pieces.append((sep, text[pos : m.start()]))
            sep, pos = m.group(0), m.end()
        pieces.append((sep, text[pos:]))
        del text
    units = []
    for sep, piece in pieces:
        u = _Unit()
        u.speaker, u.segments, u.offsets, u.input, u.sep = speaker, segments, offsets, piece, sep
        u._clean(pipeline, [] if keep else None, keep_input)
        units.append(u)
    return units


def _merge_interrupted_turns(units: list[_Unit], pipeline, keep: bool) -> list[_Unit]:
    """Clean as one turn the turns of a speaker that only turns cleaned to
    nothing come between ("好的" / "嗯嗯" / "我们继续"): the output shows them as one
    turn, and reading it again must clean them the same way."""
    while True:
        out: list[_Unit] = []
        changed = False
        i = 0
        while i < len(units):
            u = units[i]
            chain = [u]
            j = i + 1
            if u.length:
                # Extend over empty units to the next unit of the same speaker.
                while True:
                    k = j
                    while k < len(units) and not units[k].length:
                        k += 1
                    if k == j or k == len(units) or units[k].speaker != u.speaker:
                        break
                    chain.extend(units[j : k + 1])
                    j = k + 1
            if len(chain) > 1:
                out.append(_merged(chain, pipeline, keep))
                changed = True
            else:
                out.append(u)
            i = j
        units = out
        if not changed:
            return units


def _merged(chain: list[_Unit], pipeline, keep: bool) -> _Unit:
    m = _Unit()
    m.speaker = chain[0].speaker
    m.sep = chain[0].sep
    prelude: list[Edit] = []
    inputs: list[str] = []
    segments: list = []
    offsets: list[int] = []
    cur = 0  # end, in the text being replayed, of the kept units' inputs so far
    for n, u in enumerate(chain):
        # The chain's span of the base text: its units, each after its ``sep``.
        # Units before ``u`` are done: kept ones are back to their inputs, joined
        # by "\n\n"; empty ones are gone with what came before them.
        sep = u.sep if n else ""
        at = cur + len(sep)
        if u.length:
            if keep:
                # Not its own cleaning (the chain is cleaned afresh): only the
                # edits that took its span to its input.
                prelude.extend(_shifted(e, at) for e in u.edits[: len(u.edits) - len(u.run_edits)])
                if sep != "\n\n" and sep:
                    prelude.append(Edit(LAYOUT, "paragraph-breaks", cur, at, sep, "\n\n"))
            at = cur + (2 if n else 0)
            offsets.extend(o + at for o in u.offsets)
            segments.extend(u.segments)
            inputs.append(u.input)
            cur = at + len(u.input)
        elif keep:
            prelude.extend(_shifted(e, at) for e in u.edits)
            prelude.append(Edit(LAYOUT, "emptied-turn", cur, at, sep, ""))
    m.input = "\n\n".join(inputs)
    m.segments = segments
    m.offsets = offsets
    m._clean(pipeline, prelude if keep else None, True)
    return m


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


# A silence this long (seconds) between timed segments is a section break: the
# segments are joined by a blank line, a paragraph break that every stage
# respects (the restore stage ends the sentence before it). Shorter silences
# are weighed in ``asrclean.silence``: from ``silence.PARAGRAPH_SILENCE`` on
# they start a paragraph at the next sentence end, never inside a sentence.
SECTION_GAP = 10.0
PARAGRAPH_GAP = SECTION_GAP  # the old name


def _join(segments, joiner: str) -> tuple[str, list[int]]:
    parts, offsets, pos = [], [], 0
    prev = None
    for seg in segments:
        if parts:
            sep = joiner
            if prev.end is not None and seg.start is not None and seg.start - prev.end >= SECTION_GAP:
                sep = "\n\n"
            parts.append(sep)
            pos += len(sep)
        prev = seg
        offsets.append(pos)
        parts.append(seg.text)
        pos += len(seg.text)
    return "".join(parts), offsets


_shifted = shifted


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
    runs = ascending_runs(edits)
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


def clean_text(
    text: str, glossary: Glossary | Sequence[str] | None = None, *, format: str = "plain", **options
) -> Document:
    """Clean one text; for many texts build a ``Cleaner`` once and reuse it."""
    return Cleaner(glossary, **options).clean_text(text, format=format)
