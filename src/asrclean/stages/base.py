"""What every stage is: a named object built once from settings, called on text."""

from __future__ import annotations

from typing import ClassVar

from ..edits import Edit, Recorder, literal_pattern
from ..settings import Settings


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
