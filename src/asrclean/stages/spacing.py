"""spacing: one space between Chinese and Latin letters or digits; digits read out one by one joined.

This is the convention of Chinese copywriting guides (and of pangu): "在 AI 上",
"花了 5000 元", "15% 的". No space next to full-width punctuation, which
carries its own spacing.
"""

from __future__ import annotations

import itertools
import re

from ..chars import CJK
from ..edits import Edit, Prefiltered
from ..lazyre import lazy
from .base import Stage as _Base

# Currency signs lead a number, percent/degree signs close one: they go with
# the Latin side ("花了 $100", "涨了 15% 的").
_CJK_THEN_LATIN_RE = lazy(f"(?<=[{CJK}])(?=[A-Za-z0-9$€£])")
_LATIN_THEN_CJK_RE = lazy(f"(?<=[A-Za-z0-9%‰°])(?=[{CJK}])")
# Tried only at the edges of Latin runs, which a scan finds fast in Chinese text:
# the patterns alone are tried at every character.
_CJK_THEN_LATIN = Prefiltered(_CJK_THEN_LATIN_RE, re.compile("[A-Za-z0-9$€£]+"))
_LATIN_THEN_CJK = Prefiltered(_LATIN_THEN_CJK_RE, re.compile("[A-Za-z0-9%‰°]+"), at_end=True)
# The same places, in one scan of C code: as the starts of the Latin characters after
# them, and as the ends of the Latin characters before them (the two classes have no
# character in common, so no place is missed). Each opens with its Latin class, which
# ``re`` skips ahead to in a fast scan: a pattern that opens with the Chinese class is
# tried at most characters of a Chinese text.
_LATIN_AFTER_CJK_RE = lazy(f"[A-Za-z0-9$€£](?<=[{CJK}].)")
_LATIN_BEFORE_CJK_RE = lazy(f"[A-Za-z0-9%‰°](?=[{CJK}])")

# Digits read out one by one ("工号是 3 5 7 2", "尾号 8 8 0 1"): one number when it
# is clearly one, that is right after a word that names an identifier, or seven
# digits or more (a phone number) that do not count up or down by one. "第 1 2 3 名",
# a score "3 1" and counting ("1 2 3", "7 6 5 4 3 2 1") stay apart. A run is entered
# only at its first digit.
# Not part of a decimal, a time or a ratio ("1.2 3 4", "10:3 0"): a point or a
# colon counts only between digits, so that "号:1 2 3" is joined as "号：1 2 3"
# would be on a second pass. The whole run or nothing ("3 1 2 3uh" is not "312 3uh").
_SPOKEN_DIGITS_RE = re.compile(
    r"(?<![0-9A-Za-z,_])(?<![0-9][.:：．])[0-9](?: [0-9]){2,}(?![0-9A-Za-z,%_])(?![.:：．][0-9])(?! [0-9])"
)
_ID_CUE_RE = lazy(
    "(?:号|號|号码|號碼|电话|電話|手机|手機|编号|編號|工号|工號|账号|帳號|帐号|卡号|卡號|学号|學號|尾号|尾號|"
    "单号|單號|验证码|驗證碼|密码|密碼|邮编|郵編|分机|分機|身份证|身份證|车牌|車牌|房间|房間|ID|id|PIN|pin)"
    # A comma the restore stage put after the word ("工号是，3 5 7 2") may stand between.
    "(?:是|為|为)?[：:，,]? ?\\Z"
)
_ID_CUE_REACH = 16  # characters before the digits where the word may stand
_MIN_BARE_DIGITS = 7


def _counting(digits: str) -> bool:
    """Whether the digits go up or down by one each ("1 2 3 4 5 6 7", a countdown "9 8 7 … 1")."""
    steps = {int(b) - int(a) for a, b in itertools.pairwise(digits)}
    return steps == {1} or steps == {-1}


def _spoken_number(m: re.Match) -> str | None:
    digits = m.group(0).replace(" ", "")
    if len(digits) >= _MIN_BARE_DIGITS and not _counting(digits):
        # (Counting is not a phone number: "倒计时 10 9 8 7 6 5 4 3 2 1" became "10 987654321",
        # "1 2 3 4 5 6 7 号选手" one player.)
        return digits
    before = m.string[max(0, m.start() - _ID_CUE_REACH) : m.start()]
    return digits if _ID_CUE_RE.search(before) else None


class Stage(_Base):
    name = "spacing"
    description = "one space between Chinese characters and Latin letters or digits"

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        r = self.recorder()
        # Here, after fillers, terms and marks are final: a hesitation between
        # the word and the digits ("工号是呃 3 5 7 2") is gone, on every pass alike.
        if " " in text:
            text = r.sub(_SPOKEN_DIGITS_RE, _spoken_number, text, "spoken-digits")
        text = r.insert(text, [m.start() for m in _LATIN_AFTER_CJK_RE.finditer(text)], " ", "space-cjk-latin")
        text = r.insert(text, [m.end() for m in _LATIN_BEFORE_CJK_RE.finditer(text)], " ", "space-latin-cjk")
        return text, r.edits
