"""spacing: one space between Chinese and Latin letters or digits.

This is the convention of Chinese copywriting guides (and of pangu): "在 AI 上",
"花了 5000 元", "15% 的". No space next to full-width punctuation, which
carries its own spacing.
"""

from __future__ import annotations

import re

from ..chars import CJK
from ..edits import Edit
from .base import Stage as _Base

# Currency signs lead a number, percent/degree signs close one: they go with
# the Latin side ("花了 $100", "涨了 15% 的").
_CJK_THEN_LATIN_RE = re.compile(f"(?<=[{CJK}])(?=[A-Za-z0-9$€£])")
_LATIN_THEN_CJK_RE = re.compile(f"(?<=[A-Za-z0-9%‰°])(?=[{CJK}])")


class Stage(_Base):
    name = "spacing"
    description = "one space between Chinese characters and Latin letters or digits"

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        r = self.recorder()
        text = r.sub(_CJK_THEN_LATIN_RE, " ", text, "space-cjk-latin")
        text = r.sub(_LATIN_THEN_CJK_RE, " ", text, "space-latin-cjk")
        return text, r.edits
