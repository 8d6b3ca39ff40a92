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
    """``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"``, built item by item.

    The encoder that writes indented JSON is the pure-Python one, which holds
    every token of the whole output at once (a long transcript's edits are
    millions of tokens); one list item at a time, it holds one item's.
    """
    if not isinstance(data, dict) or not data:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    parts = ["{"]
    for n, (key, value) in enumerate(data.items()):
        parts.append(("," if n else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, list) and value:
            parts.append("[")
            for i, item in enumerate(value):
                # JSON strings hold no raw line breaks: every one is indentation.
                text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                parts.append(("," if i else "") + "\n    " + text)
            parts.append("\n  ]")
        else:
            parts.append(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))
    parts.append("\n}\n")
    return "".join(parts)


def with_checksum(data: dict) -> str:
    """``data`` as JSON text ending with a "checksum" of the text rendered without it."""
    data = {k: v for k, v in data.items() if k != "checksum"}
    body = _dumps(data)
    mark = checksum(body)
    if not data:
        return _dumps({"checksum": mark})
    # The same as dumping the data with the checksum as its last key.
    return body[: -len("\n}\n")] + ',\n  "checksum": ' + json.dumps(mark) + "\n}\n"


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
