"""How this tool tells its own output files from everything else.

Markdown outputs end with a marker line holding a checksum of the text above
it (``markdown.with_marker``); JSON outputs and reports end with a
``"checksum"`` key over the rest. A file whose checksum still matches was
written by this tool and not edited since: it may be replaced, and a folder
walk passes over it. Anything else (a transcript that merely quotes the
marker, a hand-edited output, a user's own file) is never replaced without
``--force``.
"""

from __future__ import annotations

import json

from .markdown import checksum, is_untouched_output


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def with_checksum(data: dict) -> str:
    """``data`` as JSON text ending with a "checksum" of the text rendered without it."""
    data = {k: v for k, v in data.items() if k != "checksum"}
    return _dumps({**data, "checksum": checksum(_dumps(data))})


def is_untouched_json(text: str) -> bool:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, dict) or not str(data.get("generator", "")).startswith("asrclean"):
        return False
    mark = data.pop("checksum", None)
    return isinstance(mark, str) and checksum(_dumps(data)) == mark


def is_own_output_text(text: str, fmt: str | None = None) -> bool:
    """Whether ``text`` is an untouched output of this tool (``fmt`` "md" or "json"; None: either)."""
    if fmt != "json" and is_untouched_output(text):
        return True
    return fmt != "md" and is_untouched_json(text)


def is_own_output_bytes(data: bytes, fmt: str | None = None) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return is_own_output_text(text, fmt)
