"""The one error family the command line catches and prints as a single line."""

from __future__ import annotations

# Exit codes, documented in README.md; cli.py is the only place that uses them.
EXIT_OK = 0
EXIT_WOULD_CHANGE = 1  # --check: some output would be created or would differ
EXIT_ERROR = 2  # usage error, bad glossary, or an input that could not be cleaned


class AsrcleanError(Exception):
    """An error the user can act on; its message is shown without a traceback."""


class UsageError(AsrcleanError):
    pass


class GlossaryError(AsrcleanError):
    pass


class InputError(AsrcleanError):
    """One input file could not be read or cleaned; the others still run."""
