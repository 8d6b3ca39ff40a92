"""asrclean: turn raw speech-recognition transcripts into clean, readable Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__

# The public names are imported on first use (PEP 562): ``clean --help``,
# ``--version`` and every module of the package import this file, and none of
# them needs the pipeline that ``api`` loads.
_LAZY = {
    "Cleaner": "api",
    "Document": "api",
    "Paragraph": "api",
    "clean_text": "api",
    "Edit": "edits",
    "AsrcleanError": "errors",
    "GlossaryError": "errors",
    "InputError": "errors",
    "UsageError": "errors",
    "Glossary": "glossary",
    "Term": "glossary",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:  # for type checkers and IDEs; at run time __getattr__ imports
    from .api import Cleaner, Document, Paragraph, clean_text  # noqa: F401
    from .edits import Edit  # noqa: F401
    from .errors import AsrcleanError, GlossaryError, InputError, UsageError  # noqa: F401
    from .glossary import Glossary, Term  # noqa: F401


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'asrclean' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
