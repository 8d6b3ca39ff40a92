"""Repeats: stutters inside and across words, restarts, and reduplication that stays."""

from __future__ import annotations

import re

from ...chars import OPENERS, settled_mark
from ...edits import Prefiltered
from ...lazyre import lazy
from ..terms.tables import words_zh_total, zh_levels
from .common import (
    _A_NOT_A,
    _BEFORE_DEMONSTRATIVE_PAUSE,
    _ANSWERS,
    _FINAL_PARTICLES,
    _INTENSIFIERS,
    _NEVER_EMPHATIC,
    _NUMERALS,
    _PARTICLES,
    _SOUNDS,
    _STANDALONE,
    HAN,
    PAUSE,
    STOP,
    _clause_end,
    _clause_start,
    _covered,
    _pause_space,
)

# A stutter: one Han character said again, perhaps after a space.
_CHAR_REPEAT_RE = lazy(f"([{HAN}])\\1+")
_CHAR_REPEATS = Prefiltered(_CHAR_REPEAT_RE, re.compile(r"(.)(?=\1)"))
# A restart across a pause: "我 我觉得", "这个，这个问题". A space between Chinese
# characters is a pause like a comma (punctuation makes it one), so both are
# handled here alike, and a second run finds the same repeats as the first.
# Only a copy that opens its clause can restart (see Stage._restart), so the
# pattern is anchored there: after a mark, a line break, or a pause space.
# The longest unit said again across a pause that is a restart: a phrase of
# words ("把那个文件，把那个文件发给我").
_MAX_RESTART = 6
_CLAUSE_OPENING = f"(?:^|(?<=[{re.escape(PAUSE + STOP + OPENERS)}\n])|(?<=[{re.escape(PAUSE + STOP + OPENERS)}] )|(?<=[{HAN}] ))"
_RESTART_RE = lazy(
    f"{_CLAUSE_OPENING}([{HAN}]{{1,{_MAX_RESTART}}}?)(?:(?:(?: *[，,、])+ *| +)\\1)+(?=[{HAN}]| ?[A-Za-z0-9])",
    re.MULTILINE,
)
_CLAUSE_OPENING_RE = lazy(f"{_CLAUSE_OPENING}(?=[{HAN}])", re.MULTILINE)
_HAN_RUN_RE = lazy(f"[{HAN}]+")
_PAUSE_RUN_RE = re.compile("[ ，,、]+")
_AFTER_RESTART_RE = lazy(f"[{HAN}]| ?[A-Za-z0-9]")
# A whole pause run followed by a character that is one of the _MAX_RESTART
# before the run (the first character of a copy said again). The pause class
# first, for a fast scan; the look back keeps a long run from being tried again
# at each of its characters; each look back after it holds one of those
# characters. (Any character, not only Han: _openings checks the run of Han
# before the pause, and a class of every Han character written six times over
# cost a tenth of the stage's compiling at each start.)
_PAUSE_BEFORE_COPY_RE = lazy(
    "[ ，,、](?<![ ，,、].)(?:"
    + "|".join(f"(?<=(\\S){'.' * (k + 1)})" for k in range(_MAX_RESTART))
    + ")[ ，,、]*(?:"
    + "|".join(f"\\{k + 1}" for k in range(_MAX_RESTART))
    + ")"
)
_HAN_TAIL_RE = lazy(f"[{HAN}]+\\Z")


def _pauses_before_copies(text: str):
    """The pause runs (start, end) whose next character is among the
    _MAX_RESTART before them: every pause a copy said again can follow, found
    by one scan (looking at each pause run in Python was a fifth of the stage's
    time on punctuated text, which has a comma every few words)."""
    for m in _PAUSE_BEFORE_COPY_RE.finditer(text):
        yield _PAUSE_RUN_RE.match(text, m.start()).span()


class _Restarts:
    """``_RESTART_RE`` for ``Recorder.sub``, in time linear in the text.

    The regex alone is quadratic on a chain of copies that ends on a mark, as
    Whisper writes when it hallucinates on silence ("对，对，对，…"): tried at
    every copy, it follows the chain to its end, then fails. Here each chain
    is followed once. The pattern's matches are found thus: a unit can repeat
    only if a pause (spaces and commas, all of it) follows it, so the unit is
    the whole run of Han characters at the clause opening (one to six); the
    copies go on while the same unit follows the next pause; a match needs
    Han or Latin after the last copy. The regex then gives the match object.
    """

    @staticmethod
    def finditer(text: str):
        """The matches of ``_RESTART_RE`` that do not overlap, left to right, as ``finditer`` gives them."""
        pos = 0
        ends: dict[int, int] = {}  # copy start -> end of its chain's last copy
        for p in _Restarts._openings(text):
            if p < pos:
                continue
            end = _Restarts._chain_end(text, p, ends)
            if end is None or _AFTER_RESTART_RE.match(text, end) is None:
                continue
            m = _RESTART_RE.match(text, p)
            yield m
            pos = m.end()

    @staticmethod
    def _openings(text: str):
        """The clause openings where a chain of copies can start, left to right.

        A copy is the whole run of one to _MAX_RESTART Han characters there, and
        a pause run and the same copy follow it: so only the pause runs before a
        Han character are looked at (a fast scan), and of those only the ones
        whose next character is among the _MAX_RESTART before them. Every other clause opening
        has no chain (``_chain_end`` is None), and a text has far fewer such
        pauses than clause openings. (The test is the pattern's: see below.)"""
        for m in _PAUSE_BEFORE_COPY_RE.finditer(text):
            a = m.start()
            reach = a - _MAX_RESTART - 1
            run = _HAN_TAIL_RE.search(text, max(0, reach), a)
            # The whole run (nothing Han before it) of at most _MAX_RESTART.
            if run is not None and run.start() > reach and _CLAUSE_OPENING_RE.match(text, run.start()):
                yield run.start()

    @staticmethod
    def sub(repl, text: str) -> str:
        out: list[str] = []
        pos = 0
        for m in _Restarts.finditer(text):
            out.append(text[pos : m.start()])
            out.append(repl(m))
            pos = m.end()
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)

    @staticmethod
    def _chain_end(text: str, p: int, ends: dict[int, int]) -> int | None:
        if p in ends:
            return ends[p]
        size = _HAN_RUN_RE.match(text, p).end() - p
        if size > _MAX_RESTART:
            return None
        unit = text[p : p + size]
        copies = [p]
        end = None
        while end is None:
            pause = _PAUSE_RUN_RE.match(text, copies[-1] + size)
            if pause is None or not text.startswith(unit, pause.end()):
                end = copies[-1] + size
                break
            copies.append(pause.end())
            end = ends.get(copies[-1])  # the rest of this chain was followed before
        if len(copies) == 1:
            return None
        for k in copies[:-1]:
            ends[k] = end
        return end


# Discourse words and conjunctions, which a speaker says again across a pause
# while finding the next words ("然后，然后，那个，", "我们就是，就是要"). They
# carry no content a listener would want twice, unlike a noun or a verb picked
# up again to open a clause ("要靠政府，政府花钱"), which stays.
_DISCOURSE_UNITS = ("就是", "然后", "所以", "但是", "因为", "可是", "而且", "其实", "还是", "那么", "这个", "那个")
# (Only a copy before a pause can be said again across one.)
_DISCOURSE_UNIT_RE = re.compile(f"(?:{'|'.join(_DISCOURSE_UNITS)})(?=[ ，,、])")
# What words said again across a pause inside a clause may end on, to be a
# restart (see Repeats._function_restarts): prepositions, 的, and verbs that
# need what follows. 是/要/会/能 are left out: they may answer ("我会，会一点").
_OPEN_ENDINGS = tuple("在到给把被对跟和从向往比的") + ("觉得", "认为", "需要", "应该", "希望", "打算", "准备")
_MAX_FUNCTION_RESTART = 4
# Of these, the ones that cannot start a clause of their own with what the last
# one ended on: 这个/那个 can ("我要这个，这个好看"), 那么 too ("就那么，那么办吧").
_CONJUNCTIONS = frozenset(("就是", "然后", "所以", "但是", "因为", "可是", "而且", "其实", "还是"))
_LATIN_OR_DIGIT_RE = re.compile(" ?[A-Za-z0-9]")

# A word of two to four characters said again right away.
# Up to six characters: a phrase restarted whole ("期中考试占期中考试占").
_WORD_REPEAT_RE = lazy(f"([{HAN}]{{2,6}}?)\\1+")
# The same matches, the pattern tried only where some unit is said again at all:
# the greedy look ahead costs half the lazy pattern at each character, and few
# places repeat. (A stutter of one character likewise.)
_WORD_REPEATS = Prefiltered(_WORD_REPEAT_RE, lazy(f"(?=([{HAN}]{{2,6}})\\1)"))
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
    def finditer(text: str):
        pos = 0
        for w in _LATIN_WORD_RE.finditer(text):
            start, end = w.span()
            # The unit holds this whole word (one to sixteen characters), and its
            # next copy holds it again after one to four Chinese characters.
            if start < pos or text.find(w.group(), end + 1, end + 5 + (end - start)) < 0:
                continue
            for a in range(max(pos, start - 4), start + 1):
                m = _MIXED_REPEAT_RE.match(text, a)
                if m is not None:
                    yield m
                    pos = m.end()
                    break


# A reduplicated word less common than this gives way to a word that follows:
# "推推进" is a stutter of 推进, "看看书" is 看看 + 书.
_COMMON_REDUP = 100
# How unlikely a stutter is, in log2 units of the dictionary's word
# frequencies: "的时时候" (时时|候 against 时候) is far past it, "刚刚才" and
# "最最低" (an intensifier said twice) are not.
_STUTTER_COST = 17
# Characters that never double as a word: pronouns, demonstratives, particles,
# prepositions and other function words ("我我", "的的", "这这", "被被").
_NEVER_DOUBLED = frozenset(
    "我你您他她它咱这那哪们的了着过先再已曾将只地得吗呢吧是在就才也都还又要会能有不没和跟与及把被给对到让从向往为很太更而但却所因如若则该此其之啊呀嘛"
)
# What stands before a measure word that is one (这份, 一个, 几条), not the end
# of a word (大家, 一些).
_COUNTED = frozenset("这那哪每该此几一两二三四五六七八九十百千万半")
_ORDER_UNITS = frozenset("个周星月次回届季年期礼轮场批")
# Measure words: 一A一A with one of them is distributive ("一个一个来",
# "一步一步"); 一直一直 is a stutter.
_MEASURES = frozenset(
    "个步条天次点片块张本件位口棵声下遍批层页家间句字行年月周回趟笔颗粒滴根封份项门半"
)
# Digits that a stutter doubles before a unit (两 has its own rule), and the
# units: one-character measure words (not 年/月/周: 二二年 is a year) and
# words a count goes with.
_DIGITS = frozenset("一二三四五六七八九十")
_DIGIT_MEASURES = _MEASURES - frozenset("年月周点半下口声字行门")
_COUNTED_UNITS = ("分钟", "小时", "个月", "个人", "星期", "礼拜", "公里", "公斤", "块钱", "岁")
# Units of time, and what counts or points at one ("这个月", "本月", "每年").
_TIME_UNITS = frozenset("月年周季天")
_POINTS_AT = frozenset("这那本每上下今明去前后该此当")
# Numerals that open a quantity after a verb ("吃两片", "煮二十分钟"); 一 only
# in 一点 (see _vv_before_complement).
_QUANTITY = frozenset("两二三四五六七八九十几半百千")
# Measure words of an amount (a spoonful, a cup, a pinch).
_AMOUNTS = frozenset("勺杯碗瓶袋包盒碟盘壶罐匙撮斤克滴")
# Resultative complements: 切成, 吃完, 翻到.
_RESULTS = frozenset("成完到")
# Prepositions that a verb takes into itself (放在, 走到, 送给, 变成), and the
# one-syllable verbs that take them (现在 is a time word, not 现 + 在).
_BOUND_PREPOSITIONS = frozenset("在到给成于")
_TAKES_PREPOSITION = frozenset("放住停落留躲藏坐站躺睡活生死变当做送交寄递带拿搬走跑来回写印贴挂摆存装")
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
# Verb-object words whose verb doubles before the object (AAB: 洗洗澡, 聊聊天).
# A closed class of separable words (离合词) with a one-syllable action verb.
_VERB_OBJECT = frozenset(
    "洗澡 洗脸 洗手 洗碗 洗头 跳舞 跳绳 浇花 散步 聊天 睡觉 唱歌 帮忙 见面 照相 拍照 游泳 跑步 吃饭 喝茶 喝酒 握手 鞠躬 打球 下棋 写字 画画 弹琴 读书 看书 买菜 做饭 扫地 逛街 爬山 钓鱼 打牌 泡澡 泡脚 遛狗 抽烟 理发 刷牙 念书 练字 写信 上网 捶背 揉肩 晒太阳 说话 讲话 谈心 走路 看病 问路".split()  # noqa: SIM905 (a word list reads best as one string)
)


# How many characters after a doubled word its two readings are compared on.
_READ_AHEAD = 4
# The level of a character the dictionary does not hold as a word of its own.
_UNKNOWN_LEVEL = -1


# A word this common (a log2 level of jieba's frequencies) is one a speaker
# means: 月底, 天气, not the place name 天都.
_COMMON_LEVEL = 8


# A word rarer than this, begun by a structural particle, is read as the
# particle and a character (see Repeats._boundary).
_RARE_WORD = 7
_STRUCTURAL = frozenset("的地得了着过")
# Nouns that end in 的: 的 may follow them ("目的的实现").
_NOUNS_IN_DE = frozenset(("目的", "标的", "箭的"))


def _common_word_at(text: str, i: int) -> bool:
    """Whether a common word of two or three characters begins at text[i]."""
    words = zh_levels()
    return any(words.get(text[i : i + k], 0) >= _COMMON_LEVEL for k in (2, 3))


def _best_words(text: str, a: int, b: int, words) -> float:
    """The likeliest split of text[a:b] into dictionary words (a few
    characters at most), as a sum of log2 probabilities (levels minus the
    dictionary's total, per word): a small unigram segmenter."""
    total = words_zh_total()
    best = [0.0] + [float("-inf")] * (b - a)
    for i in range(a, b):
        here = best[i - a]
        for k in range(1, min(4, b - i) + 1):
            level = words.get(text[i : i + k])
            if level is None:
                if k > 1:
                    continue
                level = _UNKNOWN_LEVEL
            score = here + level - total
            if score > best[i + k - a]:
                best[i + k - a] = score
    return best[b - a]


# How much likelier (log2) the words before must read without a left word, for
# that word to be cut from them (see _cut_from_before).
_CUT_MARGIN = 4


def _cut_from_before(text: str, a: int, b: int) -> bool:
    """Whether the word text[a:b] would cut a likelier word before it in two:
    in "大概要要三天" the 要 ends 大概|要, not 大|概要, so 要要 is a stutter."""
    words = zh_levels()
    level = words.get(text[a:b])
    if level is None or a == 0:
        return False
    lo = max(0, a - 2)
    with_word = _best_words(text, lo, a, words) + level - words_zh_total()
    return _best_words(text, lo, b, words) > with_word + _CUT_MARGIN


def _focus_frame(text: str, e: int) -> bool:
    """Whether 都 or 也 follows ``e`` within a few characters of the same run
    of Han characters, after one at least: the frame 连…都 ("even")."""
    for i in range(e + 1, min(len(text), e + 6)):
        if text[i] in "都也":
            return True
        if not _HAN_RUN_RE.match(text, i):
            return False
    return False


def _asks(text: str, e: int, reach: int = 40) -> bool:
    """Whether the sentence going on at ``e`` ends in a question mark (looked
    for no further than ``reach`` characters): "是是是一阵一阵的疼吗？" asks,
    so its 是是是 is a stutter, not an answer."""
    end = min(len(text), e + reach)
    for i in range(e, end):
        if text[i] in "？?":
            return True
        if text[i] in "。！!；;":
            # A run of marks is read as the one it settles to ("我;？" is "我？").
            return settled_mark(text, i) == "？"
        if text[i] == "\n":
            return False
    return False


class Repeats:
    """Stutters, restarts and the reduplication that is grammar, mixed into the stage."""

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
            c not in _NEVER_EMPHATIC and self._emphatic(text, s, e, copies)
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
        ):
            return None
        if copies == 2 and self._vv_before_complement(text, s, e):
            return c, f"2x {c} before a complement"
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
        # doubles (我我, 的的, 这这) or the second copy begins a word (公公司).
        elif copies == 2 and c not in _NEVER_DOUBLED and not self._right_word(text, e):
            return None
        return c, f"{copies}x {c}"

    def _vv_before_complement(self, text: str, s: int, e: int) -> bool:
        """A doubled verb (VV, "try V") takes no number after it, nor a
        result: 吃吃两片, 煮煮二十分钟, 切切成丝 are stutters of 吃, 煮, 切.
        Not a word said twice as grammar: 天天三顿, 人人两份 (common doubled
        words stay), nor a function word after the word it ends (可是|是三个).
        一 only in 一点 and before an amount ("放放一点油", "加加一勺"): "看看一个例子" is said."""
        c = text[s]
        doubled = c + c
        if c in _STANDALONE or c in _NEVER_DOUBLED or self.redup.get(doubled, 0) >= _COMMON_REDUP:
            return False
        nxt = text[e : e + 1]
        if nxt in _QUANTITY or text.startswith("一点", e):
            return True
        # An amount measured out is a quantity too ("加加一勺", "倒倒一杯"); 一个
        # is not one ("看看一个例子").
        if nxt == "一" and text[e + 1 : e + 2] in _AMOUNTS:
            return True
        # A resultative complement, unless it begins a word (说说成绩, 想想到底).
        return nxt in _RESULTS and not any(text[e : e + k] in self.context for k in (2, 3))

    def _counts_unit(self, text: str, s: int, e: int) -> bool:
        """A digit said twice before the unit it counts ("三三分钟", "五五个人"):
        no number doubles so, while 一一 before a verb is "one by one" (一一回答:
        the unit begins a word with what follows), 二二年 a year, 五五开 a split,
        and a digit after another one part of a longer number."""
        if text[s - 1 : s] in _NUMERALS or text[s - 1 : s].isdigit():
            return False
        if text.startswith(_COUNTED_UNITS, e):
            return True
        return text[e : e + 1] in _DIGIT_MEASURES and not any(
            text[e : e + k] in self.context for k in (2, 3) if e + k <= len(text)
        )

    def _counted_time(self, text: str, s: int, e: int) -> bool:
        """A unit of time counted or pointed at, then a word it begins:
        这个月|月底, 本月|月初, 这一年|年底. (Nouns in general are not told
        apart so: "这个药药量" is a stutter as often as "这种病|病人" is not.)"""
        c = text[s]
        if c not in _TIME_UNITS or not _common_word_at(text, e - 1):
            return False
        before = text[s - 1 : s]
        return before in _POINTS_AT or (
            before in "个一" and text[max(0, s - 2) : s - 1] in _POINTS_AT | _COUNTED
        )

    @staticmethod
    def _order(text: str, s: int, e: int) -> bool:
        """上上/下下 before a unit of time or order: the one before last, after next (上上个月, 下下周)."""
        return text[s] in "上下" and text[e : e + 1] in _ORDER_UNITS

    def _right_word(self, text: str, e: int) -> bool:
        """Whether the last copy, ending at ``e``, begins a word with what follows."""
        return any(text[e - 1 : e + k] in self.context for k in (1, 2)) or any(
            text.startswith(t, e - 1) for t in self.term_starts.get(text[e - 1], ())
        )

    def _verb_object(self, text: str, s: int, e: int) -> bool:
        """AAB: a one-syllable action verb doubled before the object of its
        verb-object word (洗洗澡, 跳跳舞, 聊聊天, 散散步)."""
        return (
            text[e - 1 : e + 1] in _VERB_OBJECT or text[e - 1 : e + 2] in _VERB_OBJECT
        )

    def _second_copy_starts_word(self, text: str, s: int, e: int, word: str) -> bool:
        if not self._right_word(text, e):
            return False
        if self.redup[word] >= _COMMON_REDUP and text[s] in self.vv_verbs:
            return False  # 看看书, 问问题: a verb said twice, then its object
        return self._stutter_likelier(text, s, e, word)

    def _stutter_likelier(self, text: str, s: int, e: int, word: str) -> bool:
        """Compare the two readings of the next few characters with the
        dictionary's word frequencies: AA as a word and then the best words
        after it, or a stutter and then the best words from the second copy on.
        A stutter is rare, so it must win by a margin. Read as far as the words
        go, a rare doubled word is not cut from the word after it: "拜拜|金额"
        beats "拜金|额" however rare 拜拜 is, while "推推进" is 推进."""
        end = e + _HAN_RUN_RE.match(text, e).end() - e if _HAN_RUN_RE.match(text, e) else e
        end = min(end, e + _READ_AHEAD)
        words = zh_levels()
        level = words.get(word)
        if level is None:
            level = max(self.redup.get(word, 1), 1).bit_length() - 1
        doubled = level - words_zh_total() + _best_words(text, e, end, words)
        stutter = _best_words(text, e - 1, end, words) - _STUTTER_COST
        return stutter > doubled

    def _restart(self, m: re.Match):
        """The speaker stops after a word and says it again to go on: one copy stays.

        Only a copy that makes up its whole clause is a restart ("我 我觉得",
        "，这个，这个问题"): after other words, the repeat opens a new clause
        with the word the last one ended on ("盈利在增长，增长就是", "要靠政府，
        政府花钱"), which is how people talk. The last copy must go on into the
        clause: "对，对，对" is emphasis and stays.
        """
        text = m.string
        unit = m.group(1)
        if (
            not _clause_start(text, m.start())
            or all(c in _NUMERALS for c in unit)
            or _A_NOT_A.match(unit)
        ):
            return None
        # (Five characters or more are a phrase, said again only to restart it.)
        if len(unit) > 1 and ((len(unit) < 5 and not self._is_word(unit)) or len(set(unit)) == 1):
            return None
        if len(unit) == 1 and unit in _ANSWERS:
            return None  # "不，不是这样": the first copy answers; "是，是他" too
        e = m.end()
        # The last copy begins a longer word ("对，对面的人"): two different words.
        if any(text[e - len(unit) : e + k] in self.context for k in (1, 2)):
            return None
        # Only a particle follows ("救命，救命啊！"): a cry said twice, not a restart.
        if text[e : e + 1] in _FINAL_PARTICLES and _clause_end(text, e + 1):
            return None
        return unit, f"restart: {unit}"

    def _discourse_restarts(self, r, text: str) -> str:
        """A discourse word or conjunction said again across a pause: one copy stays.

        ``_restart`` takes a repeat only where the first copy makes up its
        clause and the last goes on into words. A discourse word also restarts
        when the copies end on a pause ("然后，然后，那个，我们"), and a
        conjunction also after other words ("我们就是，就是要"). Each chain of
        copies is followed once, so the pass is linear in the text.
        """
        spans = []
        done = 0
        words = zh_levels()
        for m in _DISCOURSE_UNIT_RE.finditer(text):
            p, unit = m.start(), m.group()
            if p < done:
                continue
            j = m.end()
            copies = 1
            while True:
                pause = _PAUSE_RUN_RE.match(text, j)
                if pause is None or not text.startswith(unit, pause.end()):
                    break
                j = pause.end() + len(unit)
                copies += 1
            done = j
            if copies == 1:
                continue
            goes_on = j < len(text) and (
                _HAN_RUN_RE.match(text, j) is not None or _LATIN_OR_DIGIT_RE.match(text, j) is not None
            )
            if goes_on and any(words.get(text[j - len(unit) : j + k], 0) > 0 for k in (1, 2)):
                continue  # the last copy begins a longer word
            if _clause_start(text, p):
                # (A pause space is a pause: "这个 这个 功能" in a Whisper-style line.)
                if not (goes_on or text[j : j + 1] in PAUSE or _pause_space(text, j)):
                    continue  # "然后，然后。": said and left, not a restart
            elif not (
                goes_on
                # After a discourse word 这个/那个 is a pause too ("然后这个，这个函数"),
                # and after a preposition or a pronoun, which it cannot end ("把这个，这个变量").
                and (
                    unit in _CONJUNCTIONS
                    or text[max(0, p - 2) : p] in _DISCOURSE_UNITS
                    or (unit in ("这个", "那个") and text[p - 1] in _BEFORE_DEMONSTRATIVE_PAUSE)
                )
                and _HAN_RUN_RE.match(text, p - 1) is not None
                # The copy is a word of its own, not the end of one (诊所|以).
                and words.get(text[p - 1 : p + 1], 0) <= 0
            ):
                continue
            spans.append((p, j, unit, f"restart: {unit}"))
        return r.replace_spans(text, spans, "restart") if spans else text

    def _function_restarts(self, r, text: str) -> str:
        """Words said again across a pause inside a clause, when the words
        before the pause cannot end one: they end on a preposition, 的 or a
        verb that needs what follows ("定在，定在十五号", "这是我们的，我们的
        目标", "我们需要，需要更多人手"). A noun picked up again opens a clause
        and stays ("要靠政府，政府花钱"); so do 是/要/会/能, which may answer
        ("我会，会一点"). One pass over the pauses, each looked at once."""
        spans = []
        for p, q in _pauses_before_copies(text):
            if p == 0 or q >= len(text) or (text[p] == " " and not _pause_space(text, p)):
                continue
            k = 0
            for n in range(_MAX_FUNCTION_RESTART, 0, -1):
                if p >= n and text.startswith(text[p - n : p], q) and _HAN_RUN_RE.fullmatch(text, p - n, p):
                    k = n
                    break
            if k == 0:
                continue
            unit = text[p - k : p]
            if not unit.endswith(_OPEN_ENDINGS) or all(c in _NUMERALS for c in unit):
                continue
            if _clause_start(text, p - k):
                continue  # a clause-opening copy is _restart's
            e = q + k
            goes_on = e < len(text) and (_HAN_RUN_RE.match(text, e) or _LATIN_OR_DIGIT_RE.match(text, e))
            # The second copy begins a longer word ("的，的确"): two different words.
            if not goes_on or any(text[e - 1 : e + j] in self.context for j in (1, 2)):
                continue
            spans.append((p, e, "", f"restart: {unit}"))
        return r.replace_spans(text, spans, "restart") if spans else text

    def _aabb(self, text: str, s: int, e: int) -> bool:
        """AABB reduplication of a two-character word: 开开心心, 清清楚楚."""
        if e - s != 2:
            return False
        after, before = text[e : e + 2], text[max(0, s - 2) : s]
        return (
            len(after) == 2
            and after[0] == after[1]
            and text[s] + after[0] in self.context
        ) or (
            len(before) == 2
            and before[0] == before[1]
            and before[0] + text[s] in self.context
        )

    @staticmethod
    def _particle_first(word: str) -> bool:
        """A rare two-character word begun by a structural particle (地学, 得力 is common)."""
        return word[0] in _STRUCTURAL and zh_levels().get(word, 0) < _RARE_WORD

    def _boundary(self, text: str, s: int, e: int) -> bool:
        """Whether the two copies belong to two words: 美国|国会, 但是|是他, 说的|的确."""
        ctx = self.context
        c = text[s]
        # A rare word that a structural particle would begin is the particle
        # and the first copy: 不断地|学, not 不断|地学 (地学, geoscience).
        left = any(
            text[a : s + 1] in ctx
            and not (a == s - 1 and self._particle_first(text[a : s + 1]))
            and not _cut_from_before(text, a, s + 1)
            for a in (s - 1, s - 2)
            if a >= 0
        )
        right = any(text[e - 1 : b] in ctx for b in (e + 1, e + 2) if b <= len(text))
        if left:
            # Of the words that end in 的, only a noun takes 的 after it (目的的
            # 实现); after an adverb or a word cut from a longer one (真的, 后端|的)
            # 的的 is a stutter.
            if c == "的" and not right and text[s - 1 : s + 1] not in _NOUNS_IN_DE:
                return False
            # A verb with its preposition built in is not followed by that
            # preposition again: "放在在阳光下", "走到到门口" are stutters.
            if c in _BOUND_PREPOSITIONS and text[s - 1 : s] in _TAKES_PREPOSITION and not right:
                return False
            # After a word, a function word may begin the next phrase ("刚才|才知道").
            return right or c in _STANDALONE
        # A particle ends a phrase and a word may start with it ("说的|的确", "坐的|的士"),
        # while "政政治" or "推推进" is a stutter at the start of a word.
        return right and c in _PARTICLES

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
            or self._emphatic(text, s, e, copies)
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
        return len(unit) >= 3 and unit[0] != "一" and e < len(text) and _HAN_RUN_RE.match(text, e) is not None

    def _distributive(self, text: str, e: int, unit: str) -> bool:
        """一A一A, one by one ("一个一个来", "一阵一阵的疼"), unless 一A is an
        adverb (一直一直) or the last copy begins a longer word (一部一部分).
        With its noun too: "一个人一个人地进来"."""
        if len(unit) == 3 and unit[0] == "一" and unit[1] in _MEASURES:
            return True
        if len(unit) != 2 or unit[0] != "一" or unit in _YI_ADVERBS:
            return False
        if unit[1] in _MEASURES:
            return True
        return not any(
            text[e - 2 : e + k] in self.context for k in (1, 2) if e + k <= len(text)
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
        if nxt == "得" or degree or (s > 0 and text[s - 1] in "的这那该此") or (
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
