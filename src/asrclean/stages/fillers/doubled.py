"""When a doubled character is a word, grammar or a boundary between two words,
and when it counts or is a stutter after all: the tests the stutter rule
(stutters.py) asks, with the word classes and the dictionary's frequencies
they read."""

from __future__ import annotations

from ...chars import han_run_end
from ..terms.tables import words_zh_total, zh_levels
from .common import (
    _NUMERALS,
    _PARTICLES,
    _STANDALONE,
    _clause_start,
    _doubled_more,
    _nouns_one,
)

# A reduplicated word less common than this gives way to a word that follows:
# "推推进" is a stutter of 推进, "看看书" is 看看 + 书.
_COMMON_REDUP = 100
# How unlikely a stutter is, in log2 units of the dictionary's word
# frequencies: "的时时候" (时时|候 against 时候) is far past it, "刚刚才" and
# "最最低" (an intensifier said twice) are not.
_STUTTER_COST = 17
# Characters that never double as a word: pronouns, demonstratives, particles,
# prepositions and other function words ("我我", "的的", "这这", "被被"), and the
# verbs of polite formulas, 请 ("please") and 祝 ("wish"), which open a request or a
# wish and are never reduplicated ("请请大家安静", "祝祝大家晚安").
_NEVER_DOUBLED = frozenset(
    "我你您他她它咱这那哪们的了着过先再已曾将只地得吗呢吧是在就才也都还又要会能有不没和跟与及把被给对到让从向往为很太更而但却所因如若则该此其之啊呀嘛请祝"
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
# One-syllable verbs whose object is an amount counted out (prescribe, eat,
# buy, add): their doubled form, however common (开开门, 打打球), is never
# followed by a number ("开开三天的药", "打打两针" are stutters).
_COUNTS_OUT = frozenset("开吃喝买卖煮炒放加拿花做打交借")
# Resultative complements: 切成, 吃完, 翻到.
_RESULTS = frozenset("成完到")
# Prepositions that a verb takes into itself (放在, 走到, 送给, 变成), and the
# one-syllable verbs that take them (现在 is a time word, not 现 + 在).
_BOUND_PREPOSITIONS = frozenset("在到给成于")
_TAKES_PREPOSITION = frozenset("放住停落留躲藏坐站躺睡活生死变当做送交寄递带拿搬走跑来回写印贴挂摆存装")
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


# Measure words of a kind: 这种病, 那类药, 各样菜.
_KINDS = frozenset("种类样")
# What opens a predicate, or a clause's subject after its topic, right after a
# noun that opens the clause: modals, adverbs and personal pronouns (水水要,
# 馅馅就, 盐盐我们). (Not 你/您: "甜甜你过来" calls someone.)
_OPENS_PREDICATE = frozenset("要就也都还会能得先再别已我他她咱")
# The level (see _doubled_more) from which a doubled form of everyday writing is
# a word: 车车 4, 糖糖 5 are names or baby talk; 水水 2 is not.
_MEANT_LEVEL = 4


# Nouns and measure words whose doubled form means "every" (事事, 人人, 处处, 样样):
# a closed class of distributives, unlike the doubled nouns a count may go
# before (一个宝宝, 一位姐姐, 一颗星星).
_DISTRIBUTIVE_NOUNS = frozenset("事人处样件家户条句字代")
# Prepositions, which take an object after them and never end a word they are said twice in.
_PREPOSITIONS = frozenset("从在对把被给向往跟")
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


# _best_words by the characters it reads: a long text asks about the same few
# characters around its doubled ones again and again (and its later rounds and
# second looks ask again). The dictionary is the same for the whole process.
_BEST_WORDS: dict[str, float] = {}


def _best_words(text: str, a: int, b: int, words) -> float:
    """The likeliest split of text[a:b] into dictionary words (a few
    characters at most), as a sum of log2 probabilities (levels minus the
    dictionary's total, per word): a small unigram segmenter. (``words``:
    ``zh_levels()``, whichever copy of it.)"""
    key = text[a:b]
    got = _BEST_WORDS.get(key)
    if got is None:
        if len(_BEST_WORDS) > 100_000:
            _BEST_WORDS.clear()
        got = _BEST_WORDS[key] = _split_score(key, words)
    return got


def _split_score(text: str, words) -> float:
    a, b = 0, len(text)
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


class Doubled:
    """The tests on a doubled character, mixed into the stage (which holds the tables)."""

    def _vv_before_complement(self, text: str, s: int, e: int) -> bool:
        """A doubled verb (VV, "try V") takes no number after it, nor a
        result: 吃吃两片, 煮煮二十分钟, 切切成丝 are stutters of 吃, 煮, 切.
        Not a word said twice as grammar: 天天三顿, 人人两份 (common doubled
        words stay), nor a function word after the word it ends (可是|是三个).
        一 only in 一点 and before an amount ("放放一点油", "加加一勺"): "看看一个例子" is said."""
        c = text[s]
        doubled = c + c
        if c in _STANDALONE or c in _NEVER_DOUBLED:
            return False
        if self.redup.get(doubled, 0) >= _COMMON_REDUP and c not in _COUNTS_OUT:
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

    def _kind_then_word(self, text: str, s: int, e: int) -> bool:
        """A noun counted as a kind (这种病, 那类药), then a word its second copy
        begins: "这种病|病人" are the patients of this disease. (After 个 the noun
        is one thing, and its doubling a stutter as often: "这个药药量".)"""
        return (
            s >= 2
            and text[s - 1] in _KINDS
            and text[s - 2] in _COUNTED | _POINTS_AT | frozenset("各某")
            and any(text[e - 1 : e + k] in self.context for k in (1, 2))
        )

    def _topic_said_twice(self, text: str, s: int, e: int) -> bool:
        """A one-character noun said twice opens the clause, and a predicate or a
        subject follows at once: "水水要没过肉", "馅馅我们用猪肉白菜". Only a noun
        (jieba's tag: not 暖暖, 甜甜, adjectives that make names), in a doubled form
        no dictionary holds (not 星星, 狗狗, 果果: words, pet names, baby talk)."""
        c = text[s]
        return (
            _clause_start(text, s)
            and text[e : e + 1] in _OPENS_PREDICATE
            # A pet name or baby talk (狗狗, 甜甜, 果果) is meant.
            and _doubled_more().get(c + c, 0) < _MEANT_LEVEL
            and c in _nouns_one()
            and c not in self.vv_verbs
            and c not in self.sound_chars
        )

    @staticmethod
    def _order(text: str, s: int, e: int) -> bool:
        """上上/下下 before a unit of time or order: the one before last, after next (上上个月, 下下周)."""
        return text[s] in "上下" and text[e : e + 1] in _ORDER_UNITS

    def _right_word(self, text: str, e: int) -> bool:
        """Whether the last copy, ending at ``e``, begins a word with what follows."""
        # (Asked about every doubled character: written out, not as generators.)
        ctx = self.context
        if text[e - 1 : e + 1] in ctx or text[e - 1 : e + 2] in ctx:
            return True
        terms = self.term_starts.get(text[e - 1])
        return terms is not None and text.startswith(terms, e - 1)

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
        end = han_run_end(text, e, _READ_AHEAD)
        words = zh_levels()
        level = words.get(word)
        if level is None:
            level = max(self.redup.get(word, 1), 1).bit_length() - 1
        doubled = level - words_zh_total() + _best_words(text, e, end, words)
        stutter = _best_words(text, e - 1, end, words) - _STUTTER_COST
        return stutter > doubled

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
        # (Written out, not as generators: asked about every doubled character.)
        left = False
        for a in (s - 1, s - 2):
            if (
                a >= 0
                and text[a : s + 1] in ctx
                and not (a == s - 1 and self._particle_first(text[a : s + 1]))
                and not _cut_from_before(text, a, s + 1)
            ):
                left = True
                break
        size = len(text)
        right = (e + 1 <= size and text[e - 1 : e + 1] in ctx) or (e + 2 <= size and text[e - 1 : e + 2] in ctx)
        if left and c in _PREPOSITIONS and text[s - 1] in _STANDALONE and not right:
            # A "word" of two function words ("是从", "就在") is a phrase: the
            # preposition still needs its object, and said twice it is a stutter
            # ("我是从从杭州打来的", "就在在门口").
            return False
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
        # while "政政治" or "推推进" is a stutter at the start of a word. A word that
        # is the particle and a common word after it ("是因为" = 是 + 因为, "是为了")
        # holds the same particle: "最开始是是因为好奇" says 是 twice.
        return right and c in _PARTICLES and not self._particle_and_word(text, e)

    @staticmethod
    def _particle_and_word(text: str, e: int) -> bool:
        """Whether the words the last copy (ending at ``e``) begins are all that
        copy and a common word of two characters (是|因为), not a word of their own (的确, 是否)."""
        words = zh_levels()
        begun = [text[e - 1 : b] for b in (e + 1, e + 2) if b <= len(text) and words.get(text[e - 1 : b]) is not None]
        return bool(begun) and all(len(w) == 3 and words.get(w[1:], 0) >= _COMMON_LEVEL for w in begun)
