"""What every stage is: a named object built once from settings, called on text."""

from __future__ import annotations

import re
from typing import ClassVar

from ..edits import Edit, Recorder, literal_pattern
from ..settings import Settings

# What a deletion can leave behind at the edges of lines and paragraphs: an
# emptied paragraph, a space at a line's edge.
# The guards keep the scan linear on long runs of white space: `\s+\Z` and
# ` +(?=\n)` tried at every position of a run would each rescan the rest of it.
# A run's first character is always tried (no match ends inside a run), so
# starting only there finds the same matches.
_EMPTIED_RE = re.compile(r"\A\s+|(?<!\s)\s+\Z|(?<=\n\n)\s+(?=\S)|(?<! ) +(?=\n)|(?<=\n) +")
_EXTRA_BREAKS_RE = re.compile(r"\n{3,}")


def tidy_after_deletions(r: Recorder, text: str) -> str:
    """Remove the blank space a deleting stage left, so that later runs find nothing to do."""
    # Plain substring tests first: most texts need neither pass, and a regex
    # scan with lookarounds costs far more than `in`.
    if "\n\n\n" in text:
        text = r.sub(_EXTRA_BREAKS_RE, "\n\n", text, "emptied-paragraph")
    if has_edge_space(text) or "\n\n" in text:
        text = r.sub(_EMPTIED_RE, "", text, "emptied-space")
    return text


def has_edge_space(text: str) -> bool:
    """Whether any line or the text begins or ends with white space."""
    return text[:1].isspace() or text[-1:].isspace() or " \n" in text or "\n " in text


class Stage:
    name: ClassVar[str]
    description: ClassVar[str]  # one line, shown by --list-stages

    def __init__(self, settings: Settings):
        self.settings = settings
        # The glossary's `keep` list is protected in every stage.
        self.protect = literal_pattern(settings.glossary.keep)

    def recorder(self) -> Recorder:
        return Recorder(self.name, self.protect)

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        """Return the new text and the edits that turned ``text`` into it."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<stage {self.name}>"
