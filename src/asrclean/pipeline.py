"""The pipeline: a named, ordered list of stages that users can see and switch off."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from .edits import Edit
from .errors import UsageError
from .settings import Settings

# The order matters; each stage assumes the ones before it have run.
DEFAULT_ORDER: tuple[str, ...] = (
    # Tidy whitespace, widths and script first: every later rule assumes
    # ASCII letters/digits, single spaces and Chinese marks in full width.
    "normalize",
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
        self.stages = [stage_class(n)(self.settings) for n in self.names]

    def __call__(self, text: str, *, keep: bool = True) -> Run:
        """Run the stages; ``keep=False`` counts each stage's edits and lets them go."""
        edits: list[Edit] = []
        counts: dict[str, int] = {}
        for stage in self.stages:
            text, made = stage.apply(text)
            if keep:
                edits.extend(made)
            else:
                for e in made:
                    if e.before != e.after:
                        key = f"{e.stage}/{e.rule}"
                        counts[key] = counts.get(key, 0) + 1
            del made
        return Run(text, edits, None if keep else counts)
