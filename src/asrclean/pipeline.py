"""The pipeline: a named, ordered list of stages that users can see and switch off."""

from __future__ import annotations

import copy
import importlib
import inspect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .chars import CJK
from .edits import Edit, touched_spans
from .errors import UsageError
from .gcpause import paused
from .lazyre import lazy
from .settings import Settings

# The order matters; each stage assumes the ones before it have run.
DEFAULT_ORDER: tuple[str, ...] = (
    # Tidy whitespace, widths and script first: every later rule assumes
    # ASCII letters/digits, single spaces and Chinese marks in full width.
    "normalize",
    # Restore the marks a recognizer never wrote right after: every later
    # stage then sees punctuated text, as it would on a second run (fillers
    # read a restart differently after a sentence end than after a pause, so
    # restoring after them would make cleaning twice differ from once), and
    # punctuation no longer turns every pause space into a comma.
    "restore",
    # Remove fillers and stutters before terms are matched, so a hesitation
    # inside a phrase does not hide it, and before punctuation, which then
    # merges any marks a removal brought together.
    "fillers",
    # Repair terms while the text still has its raw spacing: garbled English
    # is split by spaces, and spacing would add more of them.
    "terms",
    "punctuation",
    # Space Chinese and Latin text after terms and marks are final.
    "spacing",
    # Segment last, on the finished text.
    "sentences",
)


# A later stage whose changes an earlier one must see, and that one. A term
# replacement can leave a filler or a repeat for the fillers stage: a glossary
# `replace` that deletes a noise tag ("[音乐]啊" -> "啊"), a repair that makes a
# stutter ("币B圈" -> "币币圈"). Without a second look, cleaning the output again
# would change it.
#
# Restore looks again after fillers (and so after a term's look too): it judges a
# paragraph by its marks and words, and what fillers or a term take out ("you
# know," "um," "[音乐],") can change that judgement; a second run would judge
# the text they leave. (On a text it leaves alone the look costs a scan.)
#
# Restore looks again after sentences too: it weighs a paragraph's marks (how many
# a long stretch has around it, whether the text ends sentences), and the paragraph
# breaks sentences puts in cut a paragraph into smaller ones, which a second run
# weighs one by one: a stretch left alone in a well-marked paragraph of 187 Chinese
# characters and 12 marks sat, after a break, in one with 4, and a second run gave it
# marks (the adversary's fuzzing, tools/fuzz_cleans_once.py --seed 8).
LOOK_AGAIN: dict[str, str] = {"terms": "fillers", "fillers": "restore", "sentences": "restore"}
# Later stages whose looker reads only what that stage changed: the paragraphs the
# sentences stage cut. What the stages between changed since restore ran is no matter
# of the paragraph breaks, and following their edits all the way cost a tenth more time
# on a punctuated transcript.
LOOK_AT_OWN = frozenset({"sentences"})
MAX_LOOKS = 3
_HAN_RE = lazy(f"[{CJK}]")


def _worth_a_look(edits: list[Edit]) -> bool:
    """Whether the changes can give the earlier stage work: a deletion, or Chinese text
    written or replaced. An English repair between English words ("deep seek" ->
    "DeepSeek", the common case) changes nothing that fillers reads, and a second
    look at a long text is not free."""
    return any(
        e.before != e.after
        and (
            not e.after.strip()
            or _HAN_RE.search(e.before)
            or _HAN_RE.search(e.after)
            # A deletion written as what stays ("we need to, we need to" -> "we need to"):
            # it can take a paragraph's only marks, and restore must look again.
            or (len(e.after) < len(e.before) and e.after in e.before)
        )
        for e in edits
    )


def stage_class(name: str) -> type:
    module = importlib.import_module(f"asrclean.stages.{name}")
    return module.Stage


def describe() -> list[tuple[str, str]]:
    """(name, one-line description) for each stage, in order."""
    return [(n, stage_class(n).description) for n in DEFAULT_ORDER]


def select(only: list[str] | None = None, skip: list[str] | None = None) -> list[str]:
    """The stage names to run; an unknown name is an error listing the valid ones."""
    for names in (only or [], skip or []):
        unknown = [n for n in names if n not in DEFAULT_ORDER]
        if unknown:
            raise UsageError(
                f"unknown stage {', '.join(map(repr, unknown))} "
                f"(valid stages: {', '.join(DEFAULT_ORDER)})"
            )
    chosen = [n for n in DEFAULT_ORDER if not only or n in only]
    return [n for n in chosen if n not in (skip or [])]


@dataclass
class Run:
    text: str
    edits: list[Edit] = field(default_factory=list)
    # "stage/rule" -> edits that changed the text; only when the edits were not kept.
    counts: dict[str, int] | None = None


class Pipeline:
    """Stages built once (heavy resources load here, only for stages in use)."""

    def __init__(self, settings: Settings | None = None, *, only=None, skip=None):
        self.settings = settings or Settings()
        self.names = select(only, skip)
        with paused():  # a large glossary's indexes are many long-lived objects (see gcpause)
            self.stages = [stage_class(n)(self.settings) for n in self.names]
        self._link()

    def with_stages(self, stages: list) -> Pipeline:
        """A copy that runs ``stages`` (the same names, some built with other settings).

        What is derived from the stages is derived again: a copy that only swapped its
        list kept the old restore stage as the one that looks again after fillers, so a
        paragraph a removal left without its end got none until a second run."""
        pipe = copy.copy(self)
        pipe.stages = list(stages)
        pipe._link()
        return pipe

    def _link(self) -> None:
        by_name = dict(zip(self.names, self.stages))
        self._looks_again = {
            later: by_name[earlier] for later, earlier in LOOK_AGAIN.items() if later in by_name and earlier in by_name
        }
        self._restores = "restore" in by_name and by_name["restore"].settings.punctuate != "never"
        # Stages that look again -> whether they can look only where the text changed.
        self._lookers = {
            s.name: "changed" in inspect.signature(s.apply).parameters for s in self._looks_again.values()
        }
        # The last stage that a second look follows: what changes after it is not followed.
        later = [n for n in self.names if n in self._looks_again and n not in LOOK_AT_OWN]
        self._last_looked_after = frozenset(later[-1:])

    def __call__(self, text: str, *, keep: bool = True, after_restore=None, breaks: Sequence[int] = ()) -> Run:
        """Run the stages; ``keep=False`` counts each stage's edits and lets them go.

        ``after_restore(text, edits) -> (text, edits)`` (only with ``keep``)
        runs once after the restore stage, or where it would have run when it
        is not in use, with the edits so far: what only the caller knows about
        the text (a timed source's silences, see ``asrclean.silence``) acts on
        the marks there, before any later stage reads them.

        ``breaks``: offsets in ``text`` of the spaces that join two segments
        of the source (a recognizer's segments joined by a space). They and
        the text's own single line breaks (one cue or utterance a line) are
        where the speaker paused: the restore stage is told where they are
        in its input, since normalize joins English lines with a plain
        space, which tells nothing (see ``_cue_pauses``).
        """
        # The cyclic collector waits until the text is cleaned: a clean of a long piece
        # (at most ``api.CHUNK_CHARS``) makes tens of thousands of objects that live to its
        # end (edits, spans) and no garbage cycles, and each young collection on the way
        # walked them again, each full one (every few cleans) all a large glossary's
        # objects too: about 7 % of a clean with 5,000 terms. (See ``gcpause``.)
        with paused():
            return self._run(text, keep, after_restore, breaks)

    def _run(self, text: str, keep: bool, after_restore, breaks: Sequence[int]) -> Run:
        hook_after = None
        if after_restore is not None:
            if not keep:
                raise ValueError("after_restore needs the edits: keep=True")
            at = DEFAULT_ORDER.index("restore")
            earlier = [n for n in self.names if DEFAULT_ORDER.index(n) <= at]
            hook_after = earlier[-1] if earlier else ""
        edits: list[Edit] = []
        counts: dict[str, int] = {}

        def take(made: list[Edit], suggestions: bool = True) -> None:
            if keep:
                edits.extend(made if suggestions else (e for e in made if e.before != e.after))
                return
            for e in made:
                if e.before != e.after:
                    key = f"{e.stage}/{e.rule}"
                    counts[key] = counts.get(key, 0) + 1

        if hook_after == "":
            text, made = after_restore(text, edits)
            take(made)
        cues = _cue_breaks(text, breaks) if self._restores else []
        before_restore: list[Edit] = []  # the edits that took ``text`` to the restore stage's input
        # looker stage -> spans of the text that changed since it last ran (or None: all of it).
        since: dict[str, list[tuple[int, int]] | None] = {}
        for stage in self.stages:
            if cues and stage.name == "restore":
                pauses = _cue_pauses(cues, before_restore, text)
                text, made = stage.apply(text, pauses=pauses)
                cues = []
                self._follow(since, stage.name, made)
                if pauses and since.get(stage.name) is not None:
                    # Read with its pauses, which a look again is not told of: the lines
                    # that hold one are read again, as if changed.
                    since[stage.name] = touched_spans(made, [(p, p + 1) for p in sorted(pauses)])
            else:
                text, made = stage.apply(text)
                if cues:
                    before_restore.extend(made)
                self._follow(since, stage.name, made)
            take(made)
            looker = self._looks_again.get(stage.name)
            if looker is not None and _worth_a_look(made):
                if stage.name in LOOK_AT_OWN:
                    # (A looker that cannot look near the changes reads the whole text.)
                    since[looker.name] = touched_spans(made) if self._lookers[looker.name] else None
                text = self._look_again(looker, stage, text, take, since)
                # What the two changed, the looker's own looker sees too (a term
                # deleted, a filler left: restore judges the text they leave).
                further = self._looks_again.get(looker.name)
                if further is not None:
                    text = self._look_again(further, looker, text, take, since)
            if stage.name in self._last_looked_after:
                since.clear()  # no second look comes after this stage: nothing to follow
            del made
            if stage.name == hook_after:
                text, made = after_restore(text, edits)
                take(made)
                self._follow(since, "", made)
        return Run(text, edits, None if keep else counts)

    def _follow(self, since: dict[str, list[tuple[int, int]] | None], name: str, made: list[Edit]) -> None:
        """Carry ``since`` (looker stage -> spans of the text changed since it last ran,
        or None: unknown) over the edits ``made`` by stage ``name``; a looker that just
        ran counts what it changed itself (a second round of it may find more there)."""
        if not made and name not in self._lookers:
            return
        for other, spans in since.items():
            if spans is not None and other != name:
                since[other] = touched_spans(made, spans)
        if name in self._lookers:
            since[name] = touched_spans(made) if self._lookers[name] else None

    def _look_again(self, looker, stage, text: str, take, since: dict) -> str:
        """Run ``looker`` again on what ``stage`` changed, and ``stage`` after it, until
        neither changes anything (a few rounds at most; most texts need none).

        ``since[looker.name]``: the spans of ``text`` that differ from what ``looker``
        last gave (None or missing: unknown). A looker that takes them (``apply(text,
        changed=...)``) looks only there and near: what it left elsewhere it would leave
        again. ``since`` is carried over every edit of the look."""
        for _ in range(MAX_LOOKS):
            changed = since.get(looker.name)
            if changed is not None:
                text, made = looker.apply(text, changed=changed)
            else:
                text, made = looker.apply(text)
            take(made)
            self._follow(since, looker.name, made)
            if not _changed(made):
                break
            text, again = stage.apply(text)
            # Suggestions were made on the first run; the same ones again would be noise.
            take(again, suggestions=False)
            self._follow(since, stage.name, again)
            if not _changed(again):
                break
        return text


# (The line break first, then the looks around: a pattern that opens with a look back
# is tried at every character of the text.)
_LINE_BREAK_RE = re.compile("\n(?<!\n\n)(?!\n)")


def _cue_breaks(text: str, breaks: Sequence[int]) -> list[int]:
    """Sorted offsets of the single line breaks of ``text`` and of ``breaks``."""
    found = [m.start() for m in _LINE_BREAK_RE.finditer(text)] if "\n" in text else []
    if breaks:
        found = sorted(set(found).union(breaks))
    return found


def _cue_pauses(cues: list[int], edits: list[Edit], text: str) -> frozenset[int]:
    """Where the cue breaks ``cues`` of the original text are in ``text`` (what
    ``edits`` made of it), those that are a space there: a line break between
    English words that normalize joined, or a segment's space. (Between Chinese
    characters that space is the pause space the restore stage sees anyway;
    one that became a paragraph break or went is no pause inside a run.)"""
    from .silence import map_forward_many  # (silence imports a stage; only needed here)

    n = len(text)
    return frozenset(q for q in map_forward_many(cues, edits) if q < n and text[q] == " ")


def _changed(edits: list[Edit]) -> bool:
    return any(e.before != e.after for e in edits)
