"""Discourse fillers and pause particles: the aggressive (clean-verbatim) level."""

from __future__ import annotations

import re

from ...chars import settled_mark
from ...lazyre import lazy
from .common import (
    _BEFORE_DEMONSTRATIVE_PAUSE,
    HAN,
    _WORD_CHAR_RE,
    PAUSE,
    _after_latin_word,
    _answers,
    _clause_end,
    _clause_start,
    _next,
    _pause_space,
)

_AGGRESSIVE_OPENERS_RE = lazy("然后呢|然后|就是说|就是|那个|这个|那么")
# Tone-only particles that end a statement: "这个很重要啊。" -> "这个很重要。"
# (As "[啊呀啦嘛哦哈]+", opening with the class for a fast scan: see hesitations._CN_LIGHT_RE.)
_FINAL_TONE_RE = lazy("[啊呀啦嘛哦哈][啊呀啦嘛哦哈]*")
# Discourse words that may open a clause before 就是说 ("然后就是说，", "所以就是说").
_OPENING_WORDS = frozenset(("然后", "所以", "那么", "但是", "其实"))
# Degree and frequency adverbs: what 就是 as a hedge may stand before (see _aggressive_opener).
# (Words, not characters: 就是总经理, 就是有人 are a copula.)
_DEGREE_ADVERBS = ("很", "太", "挺", "蛮", "特别", "非常", "比较", "有点", "一直", "总是", "老是", "老觉得", "超级", "越来越")
# Nouns that 就是 makes a copula after: what they name is the clause after it
# ("问题就是，太贵了": the problem is, it's too dear).
_PROPOSITION_NOUNS = ("问题", "关键", "重点", "原因", "意思", "结果", "办法", "目的", "区别", "特点", "好处", "坏处", "缺点", "优点", "麻烦", "难点", "情况")
# What may follow a demonstrative or 那么 used as a pause: a pronoun or a
# conjunction opening the clause it leads into ("那个，我们", "那么我们").
_AFTER_PAUSE_WORD = set("，、,我你他她它咱这那就然所因但其可也都还在从把被让对如")
# First characters of the adjectives and verbs of feeling that 那么 ("so")
# intensifies: 那么多, 那么好, 那么容易, 那么喜欢.
_AFTER_SO = set("多少大小好快慢高低长短远近重轻难容简复美漂厉严热冷贵便强弱深浅早晚急喜爱想在认清明开伤着激紧可有无成一")
# Words that make a clause a question, though the recognizer wrote no mark.
# 多 before an adjective of measure asks how much of it ("多长时间", "多久", "多远").
_QUESTION_WORDS = (
    "什么", "怎么", "为什么", "哪", "谁", "吗", "干嘛", "多少", "是不是", "有没有", "要不要", "能不能", "对不对",
    "好不好", "行不行", "多长", "多久", "多远", "多大", "多高", "多重", "多快", "多深", "多宽",
)
# How far back a final particle's clause is read for question words.
_CLAUSE_REACH = 40
# One-word answers whose particle is part of the answer: "对啊", "是啊", "好呀".
_ANSWER_CHARS = set("对是好行嗯")
_PAUSE_NE_RE = re.compile("呢")
# Verbs whose object is a clause (see Discourse._ne_owns_pause).
_CLAUSE_OBJECT_VERBS = frozenset(("觉得", "认为", "希望", "发现", "相信", "感觉", "以为", "听说", "估计", "记得", "怀疑", "担心", "觉着"))
# 是 or 就是 as the verb after a pause ("这个，就是重点"), not 就是 as a hedge ("这个，就是，").
# A space is a pause only between Chinese characters: before an English word it is the one
# the spacing stage writes ("是I" -> "是 I"), and 是 is the verb on either side of it.
_SUBJECT_OF_RE = lazy(f"(?:就是|是)(?! ?[，,、]| [{HAN}])")
_DISCOURSE_WORDS = frozenset(("就是", "然后", "所以", "但是", "因为", "可是", "而且", "其实", "还是", "那么"))
_DEMONSTRATIVES = frozenset(("这个", "那个"))
# A-not-A makes a question: 去不去, 好不好.
_A_NOT_A_RE = re.compile("(.)[不没]\\1")


# Question words that are indefinites after a negation or before 都/也:
# "没什么问题", "不怎么疼", "谁都知道", "哪儿也不去" ask nothing.
_INDEFINITE_WORDS = frozenset(("什么", "怎么", "谁", "哪", "多少"))


def _asks_with(clause: str, word: str) -> bool:
    """Whether ``word`` makes ``clause`` a question somewhere in it."""
    i = clause.find(word)
    while i >= 0:
        if word not in _INDEFINITE_WORDS:
            return True
        j = i + len(word)
        if word == "哪" and clause[j : j + 1] in ("儿", "里"):
            j += 1
        if not (clause[i - 1 : i] in ("没", "不") or clause[j : j + 1] in ("都", "也")):
            return True
        i = clause.find(word, j)
    return False


# Saying one does not know or remember makes what follows an embedded question:
# "我记不住怎么吃啊。", "我也不知道他去哪儿了呀。" state, they do not ask.
_NOT_KNOWING_RE = lazy("不知道|不晓得|记不住|记不清|不记得|不清楚|不明白|搞不清|说不清|想不起|忘了")


def _before_embedded_question(clause: str) -> str:
    """The clause up to its last word of not knowing, where question words ask
    (吗 asks wherever it stands: "你不知道他在哪吗")."""
    last = None
    for m in _NOT_KNOWING_RE.finditer(clause):
        last = m
    return clause if last is None or "吗" in clause[last.end() :] else clause[: last.start()]


def _after_pause(text: str, e: int) -> int:
    while e < len(text) and text[e] in " ，,、":
        e += 1
    return e


# Of _BEFORE_DEMONSTRATIVE_PAUSE, the pronouns' ends and the adverbs.
_PRONOUN_OR_ADVERB = _BEFORE_DEMONSTRATIVE_PAUSE - frozenset("把被给对跟和从在向往让将")


class Discourse:
    """The aggressive (clean-verbatim) rules, mixed into the stage."""

    def _aggressive_opener(self, text, s, e) -> bool:
        """A discourse filler where it only holds the floor: 就是说 or 然后呢
        opening a clause, 然后 before a pause ("然后，"), and 那个/这个/那么 before
        a pause, a pronoun or a conjunction ("那个，我们", "那么我们来看"), not
        before what they point at or modify ("那个人", "那么多")."""
        word = text[s:e]
        nxt = _next(text, e)
        if nxt in "？?":
            return False  # "然后呢？" asks what happened next
        if word == "就是说" and text[max(0, s - 2) : s] in _OPENING_WORDS and _clause_start(text, s - 2):
            return True  # "然后就是说，": two discourse words open the clause
        # A pause space counts as the comma the punctuation stage makes of it.
        pause_after = nxt in PAUSE or _pause_space(text, e)
        if word == "然后":
            return pause_after
        if (
            word in ("就是", "就是说")
            and not _clause_start(text, s)
            and text.startswith(_DEGREE_ADVERBS, _after_pause(text, e))
            and not text[max(0, s - 2) : s].endswith(_PROPOSITION_NOUNS)
        ):
            # Before a degree or frequency adverb 就是 is no copula (a copula
            # takes a noun): a hedge, "just" ("我当时就是很害怕", "我就是老觉得累"),
            # also across a pause ("我这两天就是，老是头疼"). After a noun that
            # names what is said next it is the copula: "问题就是太贵了".
            return True
        if word == "就是":
            # Opening a clause before a pause it is a hedge, "I mean," ("就是，
            # 上周买的耳机"); mid-clause it is the verb ("问题就是，我们没钱"),
            # and answering a question it agrees ("就是，我也这么想")
            return _clause_start(text, s) and pause_after and not _answers(text, s) and not _clause_end(text, _after_pause(text, e))
        if word in ("就是说", "然后呢") and text[max(0, s - 3) : s] in ("就是说", "然后呢"):
            # Said straight after another ("就是说就是说就是说"): a copy of a filler, which
            # goes wherever it stands. Judged by its own place, each copy would go only once
            # the one before it had gone, one a round, and a long run outlasted the rounds.
            return True
        if word in ("这个", "那个") and not _clause_start(text, s) and not self._demonstrative_pause(text, s, e):
            return False
        if pause_after and word in ("这个", "那个") and _SUBJECT_OF_RE.match(text, _after_pause(text, e)):
            return False  # "这个，就是我们的重点": the subject of 是, not a pause
        if word == "这个":
            # "这个我知道" is "this I know": only a pause shows the filler.
            return pause_after and not _clause_end(text, _after_pause(text, e))
        if not _clause_start(text, s):
            return word != "就是说" and word != "然后呢" and pause_after and word != "那么"
        if word in ("就是说", "然后呢"):
            return True
        if pause_after or nxt in _AFTER_PAUSE_WORD:
            return True
        # Opening a clause, 那么 before anything but an adjective or a verb of
        # feeling it would intensify ("那么多", "那么喜欢") leads the clause on:
        # "那么招聘这块谁来负责？", "那么上半场结束".
        return word == "那么" and nxt not in _AFTER_SO

    @staticmethod
    def _own_pause(text, s) -> bool:
        """Whether a filler inside a clause owns the pause after it (see
        Hesitations._remove): not after another discourse word, where the pause
        ends the run of them ("就是那个，上周买的" -> "就是，上周买的", whose 就是
        then opens the clause before a pause)."""
        return text[max(0, s - 2) : s] not in _DISCOURSE_WORDS | _DEMONSTRATIVES and text[max(0, s - 3) : s] != "就是说"

    @staticmethod
    def _ne_owns_pause(text, s) -> bool:
        """呢 after a verb whose object is the clause that follows ("我觉得呢，
        这个时间点有点赶") owns the pause after it: the verb cannot end a clause,
        so the pause was the particle's. After a topic the pause marks the topic
        and stays ("这个方案呢，我觉得" -> "这个方案，我觉得")."""
        return text[max(0, s - 2) : s] in _CLAUSE_OBJECT_VERBS

    @staticmethod
    def _demonstrative_pause(text, s, e) -> bool:
        """这个/那个 before a pause inside a clause holds the floor only where
        it cannot be what the words before it take: after a discourse word
        ("然后那个，"), a pronoun or an adverb ("我们那个，", "就这个，").
        After a verb it is the object ("我要这个，这个好看"), and said again
        after the pause it is a restart, left to the repeat rules ("设计那边
        那个，那个图" -> "设计那边那个图")."""
        if text.startswith(text[s:e], _after_pause(text, e)):
            return False
        i = s
        while i > 0 and text[i - 1] in " \n":
            i -= 1
        if i == 0:
            return True  # the text opens with it (after spaces the stage tidies away)
        # After a preposition it is more often the determiner of a noun the
        # speaker pauses before ("把这个，呃，函数画出来"): it stays there, unless
        # the speaker says the preposition again after the pause ("在那个，在滨江路"):
        # then it only held the floor, and the preposition restarts.
        if text[s - 1] == text[_after_pause(text, e) : _after_pause(text, e) + 1] and _after_pause(text, e) > e:
            return True
        # After an English word: in Chinese speech that is a noun ("这个 loss 那个，主要是"),
        # which a demonstrative cannot be the object of.
        if _after_latin_word(text, s):
            return True
        return text[s - 1] in _PRONOUN_OR_ADVERB or text[max(0, s - 2) : s] in _DISCOURSE_WORDS

    def _final_tone(self, text, s, e) -> bool:
        """啊/呀/啦/嘛 that end a statement and carry only tone (not in a
        question, not in a word like 哎呀 or 干嘛, not in an answer like 对啊)."""
        if _clause_start(text, s):
            return False
        j = e
        while j < len(text) and text[j] == " ":
            j += 1  # (spaces at the end go with the particle, so a second run finds nothing)
        # (A run of marks is read as the one it settles to: "我啊：." ends "我啊。".)
        # A pause space is the comma the punctuation stage makes of it later: judged
        # as that comma now, or the second pass would judge "我啊，我" otherwise.
        if j < len(text) and text[j] != "\n" and not _pause_space(text, e) and settled_mark(text, j) not in ("。", "，"):
            return False  # before ？ a question, before ！ an exclamation, before words mid-clause
        if any(text[a : s + 1] in self.context for a in (s - 1, s - 2) if a >= 0):
            return False  # 哎呀, 干嘛, 哗啦
        if self._in_word(text, s, e) or text[s - 1] in "呃嗯恩额哎唉啊呀啦嘛":
            return False
        # The clause before it, looked at no further back than _CLAUSE_REACH
        # characters: a long run without marks must not be rescanned for every particle.
        # (A pause space ends it too: the punctuation stage makes it a comma, "吗 这个so啦".
        # Other spaces do not count to the reach: the spacing and terms stages add and take
        # them away, "吗really" -> "吗 really", and the next run must reach as far.)
        start = s
        reach = 0
        while start > 0 and reach < _CLAUSE_REACH and text[start - 1] not in "，。！？、；：,.!?;:\n":
            if text[start - 1] == " ":
                if _pause_space(text, start - 1):
                    break
            else:
                reach += 1
            start -= 1
        clause = text[start:e].strip()[: -(e - s)]
        if len(clause) <= 1 and (not clause or clause in _ANSWER_CHARS):
            return False  # "对啊", "好呀": the answer itself
        asked = _before_embedded_question(text[start:e])
        return not any(_asks_with(asked, q) for q in _QUESTION_WORDS) and not _A_NOT_A_RE.search(asked)

    def _pause_ne(self, text, s, e) -> bool:
        # Before a comma or more words 呢 marks a topic pause; before 。？！ it ends a sentence.
        nx = _next(text, e)
        return (
            not _clause_start(text, s)
            and (nx in PAUSE or _WORD_CHAR_RE.match(nx) is not None)
            and not self._in_word(text, s, e)
        )

