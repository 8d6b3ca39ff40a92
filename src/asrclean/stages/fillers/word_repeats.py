"""Words and phrases said again right away (所以所以, 我们的KPI我们的KPI), and the
reduplication of words that is grammar (研究研究, 一个一个, 哗啦哗啦)."""

from __future__ import annotations

import re

from ...chars import han_at, han_run_end
from ...edits import matches_at
from ...repeats import RepeatPrefiltered
from ...lazyre import lazy
from ..terms.tables import zh_levels
from .common import (
    _A_NOT_A,
    _INTENSIFIERS,
    _NUMERALS,
    HAN,
    _clause_end,
    _clause_start,
    _covered,
)
from .doubled import _COUNTED, _MEASURES, _NEVER_DOUBLED

# A word of two to four characters said again right away.
# Up to six characters: a phrase restarted whole ("期中考试占期中考试占").
_WORD_REPEAT_RE = lazy(f"([{HAN}]{{2,6}}?)\\1+")
# The same matches, the pattern tried only where two characters come again two
# to six characters later (found in bulk, not by a regex started at every
# character): few places repeat. (A stutter of one character likewise.)
_WORD_REPEATS = RepeatPrefiltered(_WORD_REPEAT_RE, range(2, 7), 2)
# A phrase of Chinese and Latin said again right away ("我们的KPI我们的KPI"):
# Chinese around one Latin word, each part bounded, so that a try at any
# position costs a bounded amount however long a run of letters is.
_MIXED_REPEAT_RE = lazy(
    f"((?:[{HAN}]{{1,4}}[A-Za-z][A-Za-z0-9]{{0,15}}|(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]{{0,15}}[{HAN}]{{1,4}}))"
    "\\1+(?![A-Za-z0-9])"
)

_LATIN_WORD_RE = re.compile("[A-Za-z][A-Za-z0-9]*")


class _MixedRepeats:
    """``_MIXED_REPEAT_RE`` for ``Recorder.sub``, tried only near Latin words.

    Every match holds a Latin word that starts at most four characters after
    the match does, so the pattern is tried at those few positions before each
    word instead of at every character of a Chinese text (the same matches,
    left to right, without overlaps, as ``finditer`` gives them).
    """

    @staticmethod
    def finditer(text: str, starts: list[int] | None = None):
        """(``starts``: where each run of ``english.LETTERS`` begins, as every Latin word does.)"""
        pos = 0
        words = _LATIN_WORD_RE.finditer(text) if starts is None else matches_at(_LATIN_WORD_RE, text, starts)
        for w in words:
            start, end = w.span()
            # The unit holds this whole word (one to sixteen characters), and its
            # next copy holds it again after one to four Chinese characters.
            if start < pos or text.find(w.group(), end + 1, end + 5 + (end - start)) < 0:
                continue
            # Those are the Han characters right after the word. (Tested in Python: the
            # pattern, two classes of every Han character, is compiled only for a text
            # that may repeat.)
            han_end = han_run_end(text, end, 4)
            if han_end == end or text.find(w.group(), end + 1, han_end + (end - start)) < 0:
                continue
            for a in range(max(pos, start - 4), start + 1):
                m = _MIXED_REPEAT_RE.match(text, a)
                if m is not None:
                    yield m
                    pos = m.end()
                    break


# Demonstratives and conjunctions said twice as a whole clause hold the floor
# while the speaker finds the words ("那个那个，左边有人", "然后然后，"): nothing
# in them is meant twice, as an answer ("对对对，") or a cry ("快跑快跑！") is.
# (Not 就是: "就是就是，" agrees, "exactly".)
_NEVER_EMPHATIC_WORDS = frozenset(("那个", "这个", "然后", "所以", "但是", "因为", "可是", "而且", "那么"))
# Degree adverbs: "很高很高", "好大好大", "太美太美" are emphasis.
_DEGREE = frozenset("很好太真超蛮挺特极")
# What may follow a clause-opening ABAB: 研究研究吧, 商量商量一下, 研究研究再定, 想想看.
_AFTER_OPENING_ABAB = frozenset("吧一再看了啊呗嘛")
# What stands before a verb: a subject pronoun's end, a modal or an adverb.
_BEFORE_VERB = frozenset("们我你他她咱要得想去来先再就能可该好")
# Adverbs and other words made with 一 that are not "one A": said twice, a stutter.
_YI_ADVERBS = frozenset(
    "一直 一定 一起 一样 一般 一再 一向 一共 一切 一旦 一律 一概 一味 一度 一同 一齐 一并 一贯 一经 一些 一致 一方".split()  # noqa: SIM905 (a word list reads best as one string)
)


# Verbs that take a counted object (做一个汤, 买一本书), and what follows one by one
# as an adverbial: a manner particle, 都/也, a verb of motion, or a measure (一个一个个).
_TAKES_COUNTED_OBJECT = frozenset("做买吃喝写找讲拿选画唱读煮炒点")
_AFTER_ONE_BY_ONE = frozenset("地的得都也来去走过上下进出回个")


class WordRepeats:
    """Words said again, mixed into the stage."""

    def _word_repeat(self, m: re.Match):
        text = m.string
        s, e = m.span()
        unit = m.group(1)
        copies = (e - s) // len(unit)
        if (
            len(set(unit)) == 1
            or all(ch in _NUMERALS for ch in unit)  # "二零二零年"
            or unit[-1] == "着"  # "说着说着就到了"
            or _A_NOT_A.match(unit)
            or unit in _INTENSIFIERS
            or self._onomatopoeia(unit)  # 哗啦哗啦, 叮咚叮咚
            or (self._emphatic(text, s, e, copies) and unit not in _NEVER_EMPHATIC_WORDS)
            or not (self._is_word(unit) or self._phrase_said_again(text, s, e, unit))
            or self._cuts_a_word(text, s, unit)
            or self._redup_word(text, s, e)
        ):
            return None
        # Grammar said twice stays: 一A一A ("一个一个来"), ABAB (研究研究) and an
        # intensified adjective said again for emphasis ("很高很高"). Said three
        # times or more inside a clause, it is a stutter again ("一个一个一个一个问题").
        if copies == 2 and (
            self._distributive(text, e, unit)
            or (len(unit) == 2 and unit[0] in _DEGREE)
            or self._abab(text, s, e, unit)
        ):
            return None
        return unit, f"{copies}x {unit}"

    def _mixed_repeat(self, m: re.Match):
        """A phrase of Chinese and a Latin word said again before more words: a
        restart, as ``_phrase_said_again``; before a mark it may be meant."""
        text = m.string
        s, e = m.span()
        unit = m.group(1)
        if _clause_end(text, e) or e >= len(text):
            return None
        return unit, f"{(e - s) // len(unit)}x {unit}"

    @staticmethod
    def _phrase_said_again(text: str, s: int, e: int, unit: str) -> bool:
        """Three characters or more said again right away, before more words,
        the dictionary's words or not (a name: "苏炳添苏炳添起跑"): Chinese
        has no reduplication of that length, and two phrases that happen to meet
        so are rare beside a restart. 一 opening it may be 一A一A ("一个人一个人")."""
        return len(unit) >= 3 and unit[0] != "一" and e < len(text) and han_at(text, e)

    def _distributive(self, text: str, e: int, unit: str) -> bool:
        """一A一A, one by one ("一个一个来", "一阵一阵的疼"), unless 一A is an
        adverb (一直一直) or the last copy begins a longer word (一部一部分).
        With its noun too: "一个人一个人地进来"."""
        if len(unit) == 3 and unit[0] == "一" and unit[1] in _MEASURES:
            return True
        if len(unit) != 2 or unit[0] != "一" or unit in _YI_ADVERBS:
            return False
        if unit[1] in _MEASURES:
            return not self._counted_object(text, e - 2 * len(unit), e)
        return not any(
            text[e - 2 : e + k] in self.context for k in (1, 2) if e + k <= len(text)
        )

    @staticmethod
    def _counted_object(text: str, s: int, e: int) -> bool:
        """一A一A between a verb and its noun counts the object once: "做一个一个汤"
        says 一个 twice. One by one goes before a verb ("一个一个来", "一个一个过一下")
        or takes 地/的 ("一个一个地"), and after a noun or a pronoun ("同学一个一个上台")."""
        return (
            s > 0
            and text[s - 1] in _TAKES_COUNTED_OBJECT
            and han_at(text, e)
            and text[e] not in _AFTER_ONE_BY_ONE
        )

    def _abab(self, text: str, s: int, e: int, unit: str) -> bool:
        """ABAB reduplication of a verb (研究研究, 商量商量), told by pattern as
        well as by the dictionary's tag, which is often wrong (商量 is tagged a
        noun, 合同 an adjective)."""
        if len(unit) != 2:
            return False
        nxt = text[e : e + 1]
        # A verb doubled to soften it ("研究研究") takes no complement with 得,
        # and after a measure word, 的 or a demonstrative the word is a noun
        # ("这份合同合同是", "视力下降下降得很厉害"): said twice, a restart.
        # Nor does it stand before a degree adverb, which a subject or a
        # topic does ("创作创作最重要的是", "设计设计很关键"; 最好 may advise:
        # "先研究研究最好").
        degree = nxt != "" and nxt in "最很更太挺" and not text.startswith("最好", e)
        # After the copula a verb doubled to soften it only goes on to a suggestion
        # ("意思是研究研究再说"); before anything else it is a noun said twice
        # ("对口的是实验实验小学").
        after_copula = s > 0 and text[s - 1] == "是" and not (_clause_end(text, e) or nxt in _AFTER_OPENING_ABAB)
        if nxt == "得" or degree or after_copula or (s > 0 and text[s - 1] in "的这那该此") or (
            s > 1 and text[s - 1] in _MEASURES and text[s - 2] in _COUNTED
        ):
            return False
        # The last copy begins a longer word: "最重最重要", "考试考试范围".
        longer = (text[e - 2 : e + k] for k in (1, 2) if e + k <= len(text))
        if any(w in self.context or zh_levels().get(w, 0) > 0 for w in longer):
            return False
        if _clause_start(text, s) and not (_clause_end(text, e) or nxt in _AFTER_OPENING_ABAB):
            # Opening a clause, ABAB is a suggestion that ends there or goes on
            # with 吧/一下/再 ("研究研究再定"); before anything else it is a
            # subject said twice ("教练教练在场边", "比赛比赛马上就要开始了").
            return False
        if unit in self.abab:
            return True
        # A word doubled after a subject or a modal, ending its clause or
        # before 吧/一下: "我们商量商量。", "你得整理整理吧".
        ends = _clause_end(text, e) or nxt in "吧" or text.startswith("一下", e)
        return (
            ends
            and s > 0
            and text[s - 1] in _BEFORE_VERB
            and unit[0] not in _NEVER_DOUBLED
        )

    def _onomatopoeia(self, unit: str) -> bool:
        """A sound word, or two characters that each write a sound (叮咚: 叮当, 咚咚)."""
        if unit in self.onomatopoeia:
            return True
        return len(unit) == 2 and all(c in self.sound_chars for c in unit)

    def _redup_word(self, text: str, s: int, e: int) -> bool:
        """Whether a reduplicated word spans the repeat ("哈哈哈哈", "一一对应")."""
        return any(
            text[i] == text[i + 1]
            and _covered(text, i, text[i : i + 2], self.redup_index)
            for i in range(s, e - 1)
        )

    def _cuts_a_word(self, text: str, s: int, unit: str) -> bool:
        """Whether a repeat's first character ends a word begun before it: in
        "这个一个一个" the repeat found first, 个一|个一, cuts 这个 apart, and
        the words said again are 一个 (whose own rules apply)."""
        n = len(unit)
        return (
            s > 0
            and unit not in self.context
            and text[s - 1 : s + 1] in self.context
            and text[s + 1 : s + 1 + n] == text[s + 1 + n : s + 1 + 2 * n]
        )

    def _is_word(self, unit: str) -> bool:
        """Whether a repeated unit is made of words ("所以", "我觉得", "也在"):
        a stutter repeats words, while a repeat that cuts words apart is
        usually two phrases meeting ("前一|前一段")."""
        ctx = self.context
        if unit in ctx:
            return True
        return any(
            (unit[:k] in ctx or k == 1) and (unit[k:] in ctx or len(unit) - k == 1)
            for k in range(1, len(unit))
        )

    @staticmethod
    def _emphatic(text: str, s: int, e: int, copies: int) -> bool:
        """A repeat that makes up a whole clause ("对对对，", "没有没有，") or a
        chant ("卖卖卖，") is said on purpose; "方案方案。" is a stutter."""
        return _clause_end(text, e) and (_clause_start(text, s) or copies >= 3)

    # -- stage --------------------------------------------------------------
