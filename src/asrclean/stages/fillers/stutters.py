"""Stutters: one character said again (我我 -> 我, 公公司 -> 公司), told from the
doubled characters that are words (狗狗, 看看书, 美国|国会) by pattern and by the
dictionary's word frequencies."""

from __future__ import annotations

import re

from ...chars import han_at, settled_mark
from ...edits import Prefiltered
from ...lazyre import lazy
from ..terms.tables import zh_levels
from .common import (
    _ANSWERS,
    _NEVER_EMPHATIC,
    _NUMERALS,
    _SOUNDS,
    _STANDALONE,
    HAN,
    _clause_start,
    _covered,
    _nouns_one,
    _pause_space,
)
from .doubled import (
    _COMMON_REDUP,
    _COUNTED,
    _DIGITS,
    _DISTRIBUTIVE_NOUNS,
    _MEASURES,
    _NEVER_DOUBLED,
    Doubled,
    _common_word_at,
)

# A stutter: one Han character said again, perhaps after a space.
_CHAR_REPEAT_RE = lazy(f"([{HAN}])\\1+")
# (Tried only where a character comes again right after itself. This scan costs about
# what ``repeats.repeat_starts`` costs for one distance, with less memory. The pair is
# taken whole, not looked ahead to (a third less time): a run of one character is
# one match of the pattern from its first pair on, and a pair of any other character
# starts none, so no match can begin at the second character of a pair found.)
_CHAR_REPEATS = Prefiltered(_CHAR_REPEAT_RE, re.compile(r"(.)\1"))


def _focus_frame(text: str, e: int) -> bool:
    """Whether 都 or 也 follows ``e`` within a few characters of the same run
    of Han characters, after one at least: the frame 连…都 ("even")."""
    for i in range(e + 1, min(len(text), e + 6)):
        if text[i] in "都也":
            return True
        if not han_at(text, i):
            return False
    return False


# Marks that make a point before them one of a pile (an ellipsis "..." is not one).
_PILED_AFTER_POINT = frozenset("。！!；;，,、：:？?")


def _asks(text: str, e: int, reach: int = 40) -> bool:
    """Whether the sentence going on at ``e`` ends in a question mark (looked
    for no further than ``reach`` characters): "是是是一阵一阵的疼吗？" asks,
    so its 是是是 is a stutter, not an answer."""
    end = min(len(text), e + reach)
    for i in range(e, end):
        if text[i] in "？?":
            return True
        if text[i] in "。！!；;" or (text[i] == "." and text[i + 1 : i + 2] in _PILED_AFTER_POINT):
            # A run of marks is read as the one it settles to ("我;？" is "我？"); a
            # point opening one is no decimal point, and wins over "；" (".;" -> ".").
            return settled_mark(text, i) == "？"
        if text[i] == "\n":
            return False
    return False


# One character said again across a pause space, inside a word ("我们公 公司的预算",
# "说话的时 时候"): a Whisper-style transcript writes the pause of a cut-off word.
_SPACED_CHAR_REPEAT_RE = lazy(f"([{HAN}]) \\1(?!\\1)")
# How much of the text around the copies the stutter rules read (the word before,
# the words after, a question mark ahead): enough for every rule of _char_repeat.
_WINDOW = 24
# The highest log2 level of jieba's frequencies at which a character is seldom a
# word of its own (公 12, 政 11; 行 14, 时 16 and 我 18 are words often).
_BOUND_LEVEL = 13


# Demonstratives, which a measure word follows, and the measure words (not the
# prepositions 把/对, which follow one as often: "你这把把他打败了").
_DEMONSTRATIVES = frozenset("这那哪某该此")
_COUNTING_MEASURES = (_MEASURES | frozenset("组套种场轮节段首台辆部篇支双")) - frozenset("把对")


class SpacedRepeats:
    """``_SPACED_CHAR_REPEAT_RE`` for ``Recorder.sub``, tried only at a space between
    two equal characters (found with ``str.find``): linear in the text."""

    @staticmethod
    def finditer(text: str):
        pos = 0
        i = text.find(" ", 1)
        while i != -1:
            # (The pattern's own test, in Python: it is compiled, a class of every Han
            # character, only for a text that has such a repeat.)
            if (
                i - 1 >= pos
                and i + 1 < len(text)
                and text[i - 1] == text[i + 1]
                and han_at(text, i - 1)
                and not text.startswith(text[i - 1], i + 2)
            ):
                m = _SPACED_CHAR_REPEAT_RE.match(text, i - 1)
                if m is not None:
                    yield m
                    pos = m.end()
            i = text.find(" ", i + 1)


class Stutters(Doubled):
    """One character said again, mixed into the stage (the tests it asks: doubled.py)."""

    def _spaced_char_repeat(self, m: re.Match):
        """A character said twice across a pause space inside a clause is read as
        the same two characters said without it ("我们公 公司" as "我们公公司", a
        stutter; "美国 国会" as "美国国会", two words; "他说 说明书" stays). At a
        clause opening the copy is a restart (see Restarts._restart)."""
        text = m.string
        s = m.start()
        c = m.group(1)
        # A pause space often ends a clause ("来看我 我要找", "就行 行程"): only a
        # character that is seldom a word of its own, and whose second copy begins a
        # word, is a word cut off (公 公司, 政 政治). A verb that doubles (说说) or any
        # common word before the pause is a word the speaker finished: "他说 说明书" stays.
        if (
            c in _NUMERALS
            or c in _NEVER_DOUBLED
            or c in _STANDALONE
            or c in self.vv_verbs
            or zh_levels().get(c, 0) > _BOUND_LEVEL
            or _clause_start(text, s)
            or not _pause_space(text, s + 1)
        ):
            return None
        lo = max(0, s - _WINDOW)
        window = text[lo : s + 1] + text[s + 2 : s + 2 + _WINDOW]
        joined = _CHAR_REPEAT_RE.match(window, s - lo)
        if joined is None or joined.end() != s - lo + 2 or not self._right_word(window, joined.end()):
            return None
        if self._char_repeat(joined) is None:
            return None
        return c, f"2x {c} across a pause"

    def _noun_said_over(self, text: str, s: int, copies: int) -> bool:
        """A noun said three times or more opening its clause is a stutter even
        before a pause ("盐盐盐，放一点点就够了"): a chant is a verb, an adjective or
        an answer (卖卖卖，快快快，对对对，), a noun is started on again."""
        c = text[s]
        e = s + copies
        return (
            copies >= 3
            and _clause_start(text, s)
            # Shouted, it is meant: "水水水！快拿水来！"
            and text[e : e + 1] not in "！!"
            and c in _nouns_one()
            and c not in self.vv_verbs
            and c not in _ANSWERS
            and c not in self.sound_chars
            and c + c not in self.redup
        )

    def _char_repeat(self, m: re.Match):
        """One character said again: a stutter only on evidence, since many
        doubled characters are words, dictionary or not (狗狗, 滴滴, 岁岁平安)."""
        text = m.string
        s, e = m.span()
        c = m.group(1)
        copies = e - s - text.count(" ", s, e)
        if copies == 2 and c == "两" and text[e : e + 1] in _MEASURES and text[e] != "年":
            return c, "2x 两 before a measure word"  # 两两个星期; 两两配对 stays
        if copies == 2 and c in _DIGITS and self._counts_unit(text, s, e):
            return c, f"2x {c} before a measure word"  # 三三分钟, 一一个问题; 一一回答 stays
        if c in _NUMERALS or (
            c not in _NEVER_EMPHATIC
            and self._emphatic(text, s, e, copies)
            and not self._noun_said_over(text, s, copies)
        ):
            return None
        # A sound said three times or more is meant ("啦啦啦"); a word said so
        # mid-clause is a stutter ("来来来来孕育"), before a mark a chant (above).
        if copies >= 3 and c in _SOUNDS:
            return None
        # An answer said three times or more opens its clause: agreement, not a
        # stutter ("是是是，好的", "对对对我知道"), whatever follows it.
        if (
            copies >= 3
            and c in _ANSWERS
            and _clause_start(text, s)
            and not _asks(text, e)
        ):
            return None
        if self._aabb(text, s, e):
            return None
        if copies == 2 and text[s - 1 : s] == "每" and c + c in self.redup and not _common_word_at(text, e - 1):
            # 每 and a doubled measure word both say "every": "每天天都在加班"
            # is 每天 said with a stutter ("每天天气" is 每天 + 天气).
            return c, f"2x {c} after 每"
        if (
            copies == 2
            and c == "连"
            and _focus_frame(text, e)
            and text[e : e + 2] not in self.abab
            and text[e : e + 1] not in self.vv_verbs
        ):
            # 连…都/也 ("even … "): "穷到连连房租都付不出" is 连 said twice; 连连
            # ("again and again") goes before a verb (连连点头, 连连失利也不奇怪).
            return c, "2x 连 before 连…都"
        if copies == 2 and (
            self._verb_object(text, s, e)
            or self._boundary(text, s, e)
            or self._order(text, s, e)
            or self._counted_time(text, s, e)
            or self._kind_then_word(text, s, e)
        ):
            return None
        if copies == 2 and self._vv_before_complement(text, s, e):
            return c, f"2x {c} before a complement"
        if (
            copies == 2
            and c in _DISTRIBUTIVE_NOUNS
            and s >= 2
            and text[s - 1] in _MEASURES
            and text[s - 2] in _COUNTED
            and text[e : e + 1] not in "都也"
            and not self._right_word(text, e)
        ):
            # 事事 ("every matter"), 人人 ("everyone") say "every" themselves and take no
            # number: after a counted measure word the noun is said twice ("还有一件事事，").
            # Before 都/也 they are the distributive after all: "这个人人都知道" (this,
            # everyone knows); and the second copy may begin a word: "那件事|事后再说".
            return c, f"2x {c} after a measure word"
        if copies == 2 and c in "把对" and text[s - 1 : s] in _DEMONSTRATIVES | _COUNTED:
            return None  # a measure word, then the preposition: "你这把|把他打败了", "这对|对我很重要"
        if (
            copies == 2
            and text[s - 1 : s] in _DEMONSTRATIVES
            and c in _COUNTING_MEASURES
            and text[e : e + 1] not in "都也"
            and not self._right_word(text, e)
        ):
            # A doubled measure word says "every" (个个, 本本) and takes no
            # demonstrative: "这个个问题", "那本本书" say the measure word twice
            # (一条条 describes; "这个个子" is 这个 + 个子).
            return c, f"2x {c} after a demonstrative"
        word = (
            None if text[s + 1] == " " else _covered(text, s, c + c, self.redup_index)
        )
        if word is not None:
            if word != c + c or copies > 4 or c in self.sound_chars:
                return None  # 的的确确, 咚咚咚: a longer word, or a sound
            if copies == 3:
                # Said three times inside a clause: a verb doubled as grammar
                # and one more copy ("看看看这个" -> 看看), else a stutter of
                # one ("说说说这个功能" -> 说, 说说 being rare; "重重重录" -> 重录).
                # A distributive before 都/也 keeps its two copies ("人人人都有责任").
                common = self.redup[word] >= _COMMON_REDUP and not self._right_word(text, e)
                keep = c + c if common and (c in self.vv_verbs or text[e : e + 1] in "都也") else c
                return keep, f"3x {c}"
            if copies == 4:
                return c + c, f"2x {c + c}"  # 常常常常: a reduplicated word said twice
            # A doubled form gives way to the word the second copy starts when
            # that reading is much the likelier: "推推进" is 推进 with a stutter
            # (推推 is rare), "的时时候" is 的时候; "看看书" is 看看 + 书.
            if not self._second_copy_starts_word(text, s, e, word):
                return None
        # Not a dictionary word: a stutter only when the character never
        # doubles (我我, 的的, 这这), the second copy begins a word (公公司), or
        # a noun said twice opens the clause before its predicate (糖糖要).
        elif (
            copies == 2
            and c not in _NEVER_DOUBLED
            and not self._right_word(text, e)
            and not self._topic_said_twice(text, s, e)
        ):
            return None
        return c, f"{copies}x {c}"
