"""Restarts inside a clause: words said again across a pause when the words
before it cannot end a clause (定在，定在十五号; 我已经，已经没蓝了; 孩子的成绩，成绩
一直不太稳定). Restarts that open a clause are in restarts.py."""

from __future__ import annotations

from ...chars import OPENERS, han_at, han_run_end
from ..terms.tables import zh_levels
from .common import (
    _ANSWERS,
    _FINAL_PARTICLES,
    _NUMERALS,
    _STANDALONE,
    PAUSE,
    STOP,
    _clause_end,
    _clause_start,
    _pause_space,
)
from .restarts import _LATIN_OR_DIGIT_RE, _MAX_RESTART, _PRONOUNS, _pauses_before_copies

# What words said again across a pause inside a clause may end on, to be a
# restart (see Repeats._function_restarts): prepositions, 的, and verbs that
# need what follows. 是/要/会/能 are left out: they may answer ("我会，会一点").
# 叫 ("is called") needs its name, and the adverbs 也/都/还/就/才/又/再 the verb
# they go before ("这个地图叫，叫死亡峡谷", "家教我们也，也请了").
_OPEN_ENDINGS = (
    tuple("在到给把被对跟和从向往比的")
    + ("觉得", "认为", "需要", "应该", "希望", "打算", "准备", "表明", "显示", "意味着", "以为")
    # Adverbs, which go before the verb they qualify ("我已经，已经没蓝了").
    + ("已经", "大概", "一直", "马上", "正在", "必须", "稍微", "经常", "总是", "曾经", "终于", "只有")
    # A coverb and its pronoun, which go before the verb ("我们可以帮您，帮您申请").
    + tuple(v + w for v in "帮给替让跟和对向为" for w in ("你", "您", "我", "他", "她", "大家"))
)
# (These only as words of their own: 人才, 成就, 首都 end nouns.) 是 inside a
# clause links what comes after: "第一个贡献是，是提出了" says it twice, while
# an answer's 是 opens its clause ("是，是他": see _restart) and 但是 is a word.
_OPEN_WORD_ENDINGS = tuple("叫也都还就才又再是")
_MAX_FUNCTION_RESTART = 4
# 把/被/将 and their object need the verb that follows: a phrase they open, said
# again across a pause (up to _MAX_RESTART characters), cannot have ended a clause
# ("你把那个常量，把那个常量抽到 config 里"). (Not the words they begin: 把握, 被子.)
_NEEDS_VERB = frozenset("把被将")

# Prepositions that open an adverbial, which needs the verb after it: a phrase
# they open, said again across a pause, cannot have ended a clause ("我们要在周五
# 之前，在周五之前交上去", "从明天，从明天开始"). 从/向/往 are never verbs; 在 is
# one ("他在北京，在北京工作"), and opens an adverbial only with a place or time
# word that ends it (在周五之前, 在会议上).
_ADVERBIAL_OPENERS = ("通过", "经过", "关于", "对于", "根据", "按照", "为了", "除了")
_ADVERBIAL_PREPOSITIONS = frozenset("从向往")
_LOCALIZERS = ("之前", "之后", "以前", "以后", "之间", "之中", "期间", "时候", "前", "后", "里", "中", "上", "内")


def _adverbial(unit: str) -> bool:
    """Whether ``unit`` is an adverbial opened by a preposition, and more (see above)."""
    if len(unit) > 2 and unit.startswith(_ADVERBIAL_OPENERS):
        return True
    if len(unit) < 2 or zh_levels().get(unit[:2], 0) > 0:
        return False  # 从来, 往往, 在于: the words they begin
    return unit[0] in _ADVERBIAL_PREPOSITIONS or (unit[0] == "在" and len(unit) >= 3 and unit.endswith(_LOCALIZERS))


# What may stand between a clause's opening and a noun said again across a
# pause, for the clause to hold no verb yet (see _after_modifier): a pronoun, or
# words ending in 的 with no pronoun, aspect mark or 是/有/在 inside them.
_NO_VERB_INSIDE = frozenset("我你您他她它咱是有在了过着")
_MAX_MODIFIER = 6
_CLAUSE_MARKS = frozenset(PAUSE + STOP + "\n" + OPENERS)


def _after_modifier(text: str, a: int, k: int) -> bool:
    """Whether the copy text[a:a+k] follows only a pronoun or a modifier with 的
    since its clause opened ("孩子的成绩，成绩一直不太稳定", "你的背，背要挺直",
    "我们下周，下周再发版"): what came before the pause is a noun phrase, with no
    verb to end a clause on, and the copy picks it up again. After a verb the
    noun may open a clause of its own ("要靠政府，政府花钱", "我喜欢他的方案，方案很好")."""
    i = a
    while i > 0 and a - i <= _MAX_MODIFIER and han_at(text, i - 1):
        i -= 1
    # (A space after the mark that opened the clause is the punctuation stage's to take:
    # ", 所以怎么 怎么么" is read as "所以怎么，怎么么" is on the next run.)
    j = i
    while j > 0 and text[j - 1] == " ":
        j -= 1
    if i == a or a - i > _MAX_MODIFIER or not (j == 0 or text[j - 1] in _CLAUSE_MARKS or _pause_space(text, i - 1)):
        return False
    before = text[i:a]
    # (A conjunction or 请问 opening the clause, alone or with a subject, is no
    # verb either: "请问您的位置，您的位置在哪里", "然后这个问题，这个问题".)
    for opener in _CLAUSE_OPENERS:
        if before.startswith(opener):
            rest = before[len(opener) :]
            if not rest or rest in _SUBJECTS:
                before = rest or "我"
                break
    if before in _SUBJECTS:
        # After a pronoun the copy is a noun or a time word (我们下周，下周): a
        # verb phrase may have ended the clause ("他在北京，在北京工作", "我去，去哪儿").
        unit = text[a : a + k]
        return k >= 2 and unit[0] not in _STANDALONE and not any(c in _ASPECT for c in unit)
    inner = before[1:-1] if before[0] in _PRONOUNS else before[:-1]
    return before.endswith("的") and not any(c in _NO_VERB_INSIDE for c in inner)


_CLAUSE_OPENERS = ("请问", "然后", "所以", "但是", "可是", "而且", "其实", "因为", "如果", "那么", "还有", "另外", "首先", "其次", "最后")
_ASPECT = frozenset("了过着")
_SUBJECTS = frozenset(("我", "你", "您", "他", "她", "它", "我们", "你们", "您们", "他们", "她们", "它们", "咱们", "咱", "大家"))


class ClauseRestarts:
    """Restarts inside a clause, mixed into the stage."""

    def _function_restarts(self, r, text: str, pauses=None) -> str:
        """Words said again across a pause inside a clause, when the words
        before the pause cannot end one: they end on a preposition, 的 or a
        verb that needs what follows ("定在，定在十五号", "这是我们的，我们的
        目标", "我们需要，需要更多人手"). A noun picked up again opens a clause
        and stays ("要靠政府，政府花钱"); so do 是/要/会/能, which may answer
        ("我会，会一点"). One pass over the pauses, each looked at once (``pauses``:
        the round's scan of them, see ``restarts.PausesBeforeCopies``)."""
        spans = []
        for p, q in pauses(text) if pauses is not None else _pauses_before_copies(text):
            # (Spaces alone that are no pause do not part two copies; a run with a
            # mark in it does, with a space before the mark or not: "我对 ，对".)
            if p == 0 or q >= len(text) or (text[p] == " " and not _pause_space(text, p) and q - p == 1):
                continue
            k = 0
            for n in range(_MAX_RESTART, 0, -1):
                if p >= n and text.startswith(text[p - n : p], q) and han_run_end(text, p - n, n) == p:
                    unit = text[p - n : p]
                    if n > _MAX_FUNCTION_RESTART and unit[0] not in _NEEDS_VERB and not _adverbial(unit):
                        continue
                    k = n
                    break
            if k == 0:
                continue
            unit = text[p - k : p]
            if all(c in _NUMERALS for c in unit) or not (
                unit.endswith(_OPEN_ENDINGS)
                or (unit.endswith(_OPEN_WORD_ENDINGS) and zh_levels().get(text[p - 2 : p], 0) <= 0)
                or (k >= 2 and unit[0] in _NEEDS_VERB and zh_levels().get(unit[:2], 0) <= 0)
                or _adverbial(unit)
                or _after_modifier(text, p - k, k)
            ):
                continue
            if _clause_start(text, p - k):
                continue  # a clause-opening copy is _restart's
            e = q + k
            # (A name in quotes goes on too: "叫，叫《活着》".)
            goes_on = e < len(text) and (
                han_at(text, e) or _LATIN_OR_DIGIT_RE.match(text, e) or text[e] in "《“「"
            )
            # The second copy begins a longer word ("的，的确"): two different words.
            # (Not when its last two characters are a word: "从明天，从明天开始" holds
            # 明天, not 天开.)
            if not goes_on or (
                not (k >= 2 and text[e - 2 : e] in self.context)
                and any(text[e - 1 : e + j] in self.context for j in (1, 2))
            ):
                continue
            # Only a particle follows ("问题是，是吧？"): the copy is said, not picked up.
            if text[e] in _FINAL_PARTICLES and _clause_end(text, e + 1):
                continue
            # "我是，是我": after its subject pronoun 是 answers ("Is that Mr Wang?" "I am"),
            # and 那是 agrees ("那是，是摩登天空": "sure, it is Modern Sky").
            if unit == "是" and (text[p - 2 : p - 1] in _PRONOUNS or text[p - 2 : p - 1] == "那"):
                continue
            # A copy said once more straight after ("叫，叫叫死亡峡谷") goes with the restart;
            # an answer said over and over ("我对，对对对") is agreement, and stays.
            if text.startswith(unit, e) and unit in _ANSWERS:
                continue
            while text.startswith(unit, e) and han_at(text, e + k):
                e += k
            spans.append((p, e, "", f"restart: {unit}"))
        return r.replace_spans(text, spans, "restart") if spans else text
