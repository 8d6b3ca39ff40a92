"""Everything a pipeline is built from: the glossary plus a few switches."""

from __future__ import annotations

from dataclasses import dataclass, field

from .glossary import Glossary

SCRIPTS = ("keep", "simplified", "traditional", "taiwan", "hongkong")
FILLER_LEVELS = ("light", "standard", "aggressive")
PUNCTUATE_MODES = ("auto", "always", "never")
LINES_MODES = ("auto", "join", "paragraphs")


@dataclass(frozen=True)
class Settings:
    glossary: Glossary = field(default_factory=Glossary)
    # Chinese script conversion with OpenCC; "keep" leaves the script alone.
    script: str = "keep"
    # How much the fillers stage removes (see stages/fillers.py).
    fillers: str = "standard"
    # Where the restore stage puts back missing marks (see stages/restore.py).
    punctuate: str = "auto"
    # What a single line break in a plain-text transcript is: "join" (a cue or a
    # pause inside a paragraph), "paragraphs" (every line its own paragraph, as in
    # exported turns), or "auto" (decided per text: see ``api.lines_are_turns``).
    # The normalize stage reads only "paragraphs"; the API makes that choice.
    lines: str = "auto"
