"""asrclean: turn raw speech-recognition transcripts into clean, readable Markdown."""

from ._version import __version__
from .api import Cleaner, Document, Paragraph, clean_text
from .edits import Edit
from .errors import AsrcleanError, GlossaryError, InputError, UsageError
from .glossary import Glossary, Term

__all__ = [
    "__version__",
    "Cleaner",
    "Document",
    "Paragraph",
    "clean_text",
    "Edit",
    "AsrcleanError",
    "GlossaryError",
    "InputError",
    "UsageError",
    "Glossary",
    "Term",
]
