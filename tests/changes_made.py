"""Test helper: the edits a later stage might make, applied to a text (shared by the tests
that check a look near the changes against a look at the whole text)."""

from __future__ import annotations

from asrclean.edits import make_edit


def apply_changes(text: str, changes, stage: str) -> tuple[str, list]:
    """``changes``: (where as a fraction of the text, how many characters, what goes there),
    applied in turn; returns the new text and the edits, as ``stage`` would record them."""
    edits = []
    for where, size, after in changes:
        start = int(where * len(text))
        end = min(len(text), start + size)
        if text[start:end] == after:
            continue
        edits.append(make_edit(stage, "test", start, end, text[start:end], after))
        text = text[:start] + after + text[end:]
    return text, edits
