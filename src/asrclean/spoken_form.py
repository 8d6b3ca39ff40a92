"""What the form of a spoken clause says about the mark that ends it.

The restore model (restore_model/) weighs characters and distances; it learned
from written chat, where most questions carry 吗 or a question word right before
the mark. Speech asks by form alone ("几天了", "要不要我帮你看看", "那第二个呢",
"线上的还是测试环境的") and the model often ends such a clause with a comma. This
module reads the clause before each mark the model put and, where its grammar
says so, makes that mark a question mark:

- 吗 at the end; 呢 after a question word or a short topic ("那第二个呢");
- a question word (谁, 什么, 怎么, 哪, 多少, 为什么, ...), not an indefinite or
  embedded one ("什么都行", "谁也不许", "没什么", "哪怕", "我不知道他去哪了",
  "看看谁有空", "不管怎么样");
- A-not-A (要不要, 是不是, 有没有) and 是/要 ... 还是 ... alternatives, not
  embedded ("看看是不是有人动了配置") nor 还是 meaning "still";
- 吧 asking for confirmation (对吧, 是吧, "你是新来的吧": a 你/您 subject with 是),
  while 吧 ending a suggestion or a decision ("我来看吧", "你问一下运维吧") stays
  the full stop or comma the model gave.

A question mark the model put after a suggestion 吧, or in a sentence whose
question words are all embedded or indefinite, is made a full stop. Sentence
ends from form: a comma the model was unsure of before a clause that asks is a
full stop (a question starts a sentence); a full stop after a clause that leads
on (如果/虽然/不管 … at its start, …的时候/之后/的话 at its end, 而是 after it) is
a comma. Where no pause is (text without pauses), the clause ends are the
model's guesses, and a comma becomes a question mark only where the clause
asks at its very end.

Only marks the model put are relabelled (never one the recognizer wrote), and
none is added or taken away, so the stretch stays as punctuated as the decoder
left it and cleaning the output again finds nothing to restore. Each clause is
read a bounded number of times (the decoder puts a mark at least every 30
characters), so the cost is linear in the text.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

COMMA, STOP, QUESTION = 1, 2, 3

# Question words; 几 only where it asks (几点, 几号, 第几, or opening the clause:
# "几天了"), not where it counts loosely ("过几天", "十几个", "几乎").
_WORDS = "为什么|为啥|什么|怎么|怎样|如何|多少|多久|多大|多长|哪|谁|啥|咋|干嘛|几点|几号|几岁|几楼|第几|几时|^几(?!乎)"
# (哪吒, a name, is no 哪.)
_WORD_RE = re.compile(_WORDS)
# Uses that ask nothing: indefinite (什么都, 谁也, 哪怕, 没什么, 多少有点) or a
# listing (…什么的).
_INDEFINITE_RE = re.compile(
    "(?:什么|谁|哪儿?|哪里|怎么|多少)(?:都|也)|哪怕|没(?:有)?什么|不是什么|什么的|不怎么|没多少|多多少少|多少有|"
    "或多或少|随便|无论|不论|不管"
)
# Verbs that take a question as their object: the question is then the
# object's, and the clause states ("我不知道他去哪了", "看看能找到几种解法").
_EMBEDDING_RE = re.compile(
    "知道|清楚|记得|记不清|忘了|看看|看一下|看一看|问问|查一下|查查|想想|想一想|商量|讨论|决定|确定|告诉|取决于|"
    "明白|了解|搞清楚|弄清楚|研究|考虑|猜猜|不管|无论|不论|随便|无所谓|就是为什么|拿不准|说不准|说不好|不确定|得看|要看|"
    # Talking about a question: 聊聊/聊一聊/说说/讲讲/谈谈/分享/介绍 ("今天聊一聊数据怎么备份").
    "聊聊|聊一聊|说说|说一说|讲讲|讲一讲|谈谈|谈一谈|分享|介绍|注意|留意|检查|确认"
)
# X不X / X没X, but not 是 closing a word of its own (但是不是, 还是不是).
_A_NOT_A_RE = re.compile(r"(?<![但可还就也要于总只真不老若凡正倒])(.)[不没]\1")
# 还是 between alternatives: X的还是Y的 ("线上的还是测试环境的"), or with 是/要
# earlier in the clause ("您是想改地址还是改收货人"); not 还是 meaning "still"
# ("最常用的还是那几个", "主队还是领先").
_ALTERNATIVE_RE = re.compile("(?<![但可就也还不总只倒真像算凡若于])(?:是|要)[^还]{1,12}还是")
# V了/过 … 没有 at the end asks whether it happened ("买了没有", "过了时效没有"),
# not 还没有 / 都没有 / 也没有.
_WHETHER_RE = re.compile("(?:了|过|完|见|到)[^，]{0,10}(?<![还都也并就])没有$")
# 吧 asking to confirm: 对吧, 是吧, 没错吧; or a 你/您 subject stating with 是.
_CONFIRM_RE = re.compile("(?:对|是|没错|不是)吧$|^(?:那|所以)?(?:你|您)(?:们)?.{0,4}是.*吧$")
# 呢 after a short topic asks about it ("那第二个呢", "还有呢", "大家觉得呢", "你呢");
# after a description it states ("还挺年轻呢", "真是我的女神呢", "我在吃饭呢").
_TOPIC_NE_RE = re.compile("^(?:那么?|还有|你|您|他|她|大家|你们|我们|这个|那个)")
_STATING_NE_RE = re.compile("在|着|还没|正|真|可|挺|很|太|都|也")
_SHORT_TOPIC = 7
# Echoes that answer rather than ask ("是吗", "可不是吗"): left as the model put them.
_ECHO_RE = re.compile("^(?:可|那)?不?是吗$")
# Loose counts and sizes: 十几岁, 好多大奖.
_COUNT_BEFORE = frozenset("十好很许")


# Anything question_reason looks for besides a final particle, in one scan.
_ANY_RE = re.compile(f"{_WORDS}|{_A_NOT_A_RE.pattern}|还是|没有$")


def _asks_by_word(clause: str) -> str:
    """The first question word of the clause that asks ("" if none does)."""
    for m in _WORD_RE.finditer(clause):
        a = m.start()
        if clause.startswith("哪吒", a):
            continue
        word = m.group(0)
        if a and clause[a - 1] in _COUNT_BEFORE and word[0] in "几多":
            continue
        if _INDEFINITE_RE.match(clause, max(0, a - 2)) or _INDEFINITE_RE.match(clause, max(0, a - 1)) or \
                _INDEFINITE_RE.match(clause, a):
            continue
        if _EMBEDDING_RE.search(clause, 0, a):
            return ""  # the question is the object of a verb before it
        if clause.count(word) > 1:
            return ""  # correlative: 想吃什么就吃什么
        return word
    return ""


def question_reason(clause: str) -> str:
    """Why the clause, by its form, is a question ("" if it is not one)."""
    if len(clause) < 2:
        return ""
    last = clause[-1]
    if last not in "吗吧呢" and _ANY_RE.search(clause) is None:
        return ""  # (most clauses: one scan, then done)
    if last == "吗":
        return "吗"
    if last == "吧":
        return "对吧 / 你是…吧" if _CONFIRM_RE.search(clause) else ""
    if last == "呢":
        if _asks_by_word(clause):
            return "question word + 呢"
        if len(clause) <= _SHORT_TOPIC and _TOPIC_NE_RE.match(clause) and \
                not _STATING_NE_RE.search(clause):
            return "topic + 呢"
        return ""
    word = _asks_by_word(clause)
    if word:
        return word
    m = _A_NOT_A_RE.search(clause)
    if m and not _EMBEDDING_RE.search(clause, 0, m.start()) and not _INDEFINITE_RE.search(clause, 0, m.start()):
        return "A不A"
    k = clause.find("的还是")
    if k < 0 or last != "的":
        m = _ALTERNATIVE_RE.search(clause)
        k = m.start() if m else -1
    if k >= 0 and not _EMBEDDING_RE.search(clause, 0, k):
        return "…还是…"
    m = _WHETHER_RE.search(clause)
    if m and not _EMBEDDING_RE.search(clause, 0, m.start()):
        return "V了…没有"
    return ""


def stated(sentence: str) -> bool:
    """A sentence (or its last clause) whose question words ask nothing:
    embedded under a verb that states ("我不记得钥匙放哪了", "你看看谁有空",
    "看看是不是有人动了配置") or indefinite ("谁也不许迟到"), with no other form
    of a question in it."""
    m = _WORD_RE.search(sentence) or _A_NOT_A_RE.search(sentence)
    if m is None or sentence[-1] in "吗呢吧么嘛":
        return False
    return bool(_STATING_EMBEDDING_RE.search(sentence, 0, m.start()) or _INDEFINITE_RE.search(sentence))


# Embeddings that state: a speaker saying what they themselves do not know,
# or asking someone to find out ("你看看谁有空"); "你知道…" and "你记得…" mostly
# ask, written or spoken, and are not here.
_STATING_EMBEDDING_RE = re.compile(
    "我(?:也|都|真|还|实在)?(?:不知道|不记得|不清楚|不确定|拿不准|记不清|忘了)|"
    "看看|看一下|看一看|问问|问一下|查查|查一下|想想|想一想|商量|讨论|决定|不管|无论|不论|"
    "聊聊|聊一聊|说说|说一说|讲讲|讲一讲|谈谈|谈一谈|分享|介绍|注意|留意|检查|确认"
)


# 吧 after a guess asks to have it confirmed ("他应该还有其他作品吧", "是中谷美纪吧").
_GUESS_RE = re.compile("是|了|应该|好像|可能|大概|估计|一定|肯定|没")


def suggestion(clause: str) -> bool:
    """A clause ending in 吧 that suggests or decides (not one asking to confirm
    or guessing)."""
    return clause.endswith("吧") and not _CONFIRM_RE.search(clause) and not _GUESS_RE.search(clause) and \
        not _asks_by_word(clause) and not _A_NOT_A_RE.search(clause)


# A clause that cannot end its sentence: it opens with a subordinating word
# ("如果是质量问题", "虽然…") or ends in one ("…的时候", "…之后", "…的话"); or the
# next one continues it ("不是说努力没用，而是…").
_LEADS_ON_RE = re.compile(
    "^(?:那|那么|但是|可是|所以|而且)?(?:如果|要是|假如|假设|只要|虽然|尽管|即使|就算|哪怕|除非|既然|一旦|趁着?|等到|不管|无论|不论)"
    "|(?:的话|的时候|之后|以后)$"
)
_CONTINUED_RE = re.compile("而是|而且|并且")


# A clause that introduces the question after it ("我想问一下，…怎么分？",
# "你觉得，…"): the comma between them stays.
_LEAD_IN_RE = re.compile("(?:一下|问|说|觉得|认为|看|想|知道|的话|时候|之后|以后)$")
# A comma the model gave with less confidence than this is one it nearly made
# a full stop (chosen on the dev half of bench_structure: 0.5 / 0.6 / 0.7 gave
# sentence ends 0.738 / 0.752 / 0.757 and commas 0.721 / 0.728 / 0.729 at
# pauses, no spaces best at 0.6; written chat unchanged at each).
UNSURE = 0.6


def _asks_at_end(clause: str) -> bool:
    """A final 吗/呢, or a question word or A-not-A among the clause's last characters."""
    return clause[-1] in "吗呢" or _WORD_RE.search(clause, max(0, len(clause) - 4)) is not None or \
        _A_NOT_A_RE.search(clause, max(0, len(clause) - 5)) is not None


def _parallel(first: str, second: str) -> bool:
    """Whether a clause and the 还是 clause after it read as two alternatives: said alike
    at their end ("是婚前买的，还是婚后买的") or after 是/要 and 还是 ("是要茶，还是要咖啡").
    ("是的，还是待续了…", "人均是90，还是比较划算的": 还是 there is "still".)"""
    if first[-1] == second[-1]:
        return True
    return len(second) > 2 and any(c in "是要" and first[k + 1] == second[2] for k, c in enumerate(first[:-1]))


def relabel(seq: str, marks: list[tuple[int, int, float]],
            pauses: list[bool] | None = None) -> list[tuple[int, int, float, str]]:
    """The decoder's marks (gap, class, confidence) over ``seq``, each with the
    reason a form rule changed it ("" where none did). ``pauses[g]``: a pause
    is at gap g (as ``restore_model.decode`` takes them; None: nowhere)."""
    gaps = [g for g, _, _ in marks]
    clauses = [seq[a:b] for a, b in zip([0] + gaps, gaps)]
    whys = [question_reason(c) for c in clauses]
    n = len(seq)
    out = []
    start = 0  # where the sentence of the current clause began
    asks = False  # whether a clause of it asked by its form
    for k, (g, cls, conf) in enumerate(marks):
        clause = clauses[k]
        reason = ""
        why = whys[k]
        if not why and k and clause.startswith("还是") and start < gaps[k - 1] and _parallel(clauses[k - 1], clause):
            # The second alternative after a comma ("是婚前买的，还是婚后买的"):
            # the sentence so far asks.
            why = question_reason(seq[start:g])
        asks = asks or bool(why)
        # Where the speaker paused (or a text with pauses ends), the clause is
        # the speaker's; elsewhere the model guessed where it ends or begins
        # (text without pauses), and a comma becomes a question mark only where the clause
        # asks right at its end: else the answer may be in it ("哪里不舒服嗓子疼"). (Alternatives
        # end their clause: "…还是…" reads only to the end of the second one.)
        heard = pauses is not None and (g >= n or pauses[g])
        if why and cls != QUESTION and not (cls == COMMA and _ECHO_RE.match(clause)) and (
                heard or cls == STOP or _asks_at_end(clause) or why == "…还是…"):
            cls, reason = QUESTION, f"question form ({why})"
        elif cls == QUESTION and not why and suggestion(clause):
            cls, reason = STOP, "吧 ending a suggestion"
        elif cls == QUESTION and not asks and stated(seq[start:g]):
            cls, reason = STOP, "question word embedded or indefinite"
        elif cls == COMMA and k + 1 < len(marks) and conf < UNSURE and whys[k + 1] and \
                not _LEADS_ON_RE.search(clause) and not _LEAD_IN_RE.search(clause):
            # A question starts a sentence of its own: where the model was
            # unsure of its comma, the form of the next clause decides.
            cls, reason = STOP, "a question follows"
        if cls == STOP and g < n and (_LEADS_ON_RE.search(clause) or _CONTINUED_RE.match(seq, g)):
            cls, reason = COMMA, "the clause leads on"
        out.append((g, cls, conf, reason))
        if cls != COMMA:
            start, asks = g, False
    return out



# Text without pauses: where the form of the words says a gap is, or is not, a clause's end.
# The restore stage turns these into costs the decoder weighs (stages/restore).

# Question words that stand before the verb they ask about (when, why, how): a clause does
# not end right after one ("你什么时候？回来" is wrong), unless 是/说/问/到 makes it the
# predicate ("这是为什么", "要等到什么时候"). (怎么样, 怎么办: the gap inside the word.)
_OPEN_QUESTION_RE = re.compile("(?<![是说问到])(?:为什么|为啥|什么时候|啥时候|怎么|咋)")


def open_question_gaps(seq: str):
    """The gaps right after a question word that needs its verb after it."""
    n = len(seq)
    for m in _OPEN_QUESTION_RE.finditer(seq):
        if m.end() < n:
            yield m.end()


# An answer that echoes a choice: the second alternative said again ("是婚前买的还是婚后买的
# 婚后买的"), or the first one ("是线上的还是测试环境的线上的"); or what an A-not-A question
# asked about. Echoes of 2 to ECHO_LONGEST characters, within ALTERNATIVE_LONGEST characters
# after 还是 or the A-not-A.
ECHO_LONGEST = 8
ALTERNATIVE_LONGEST = 14


def echo_gaps(seq: str) -> list[int]:
    """The gaps where an answer that repeats part of a question begins: the question ends
    there. After 还是 (a choice), an answer that says the second alternative again, or the
    first one where the second ends as it does (X的还是Y的: in "婚前买的还是婚后买的" the
    买的 of 婚后 repeats the first one's end but ends nothing); after an A-not-A question,
    one that says again what it just asked about ("有没有人有空有空")."""
    n = len(seq)
    found = set()
    anchors = [(m.start(), m.end()) for m in _ALTERNATIVE_WORD_RE.finditer(seq)]
    anchors += [(-1, m.end()) for m in _A_NOT_A_RE.finditer(seq)]
    for h, b in anchors:  # the question's cue from h (-1: no alternatives) to b
        for g in range(b + 2, min(n - 1, b + ALTERNATIVE_LONGEST)):
            if seq[g].isascii() and seq[g - 1].isascii():
                continue  # inside a Latin word or a number (the model reads them as "aaa", "000")
            if any(seq.startswith(seq[g - k : g], g) and not (k == 2 and seq[g - 2 : g] in _abab_verbs())
                   for k in range(2, min(ECHO_LONGEST, g - b) + 1)) or (
                    h > 0 and seq[g - 1] == seq[h - 1] and any(
                        seq.startswith(seq[h - k : h], g) for k in range(2, min(ECHO_LONGEST, h) + 1))):
                found.add(g)
                break
    return sorted(found)


_ALTERNATIVE_WORD_RE = re.compile("还是")


@functools.cache
def _abab_verbs() -> frozenset[str]:
    """Two-character verbs said twice (研究研究, 商量商量): a doubling, not an echo."""
    text = resources.files("asrclean").joinpath("data", "reduplicated_verbs.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def alternative_gaps(seq: str):
    """The gaps before the 还是 of a choice asked with 是/要 ("是婚前买的还是婚后买的",
    "您是想改地址还是改收货人"): the two alternatives are one clause."""
    for m in _ALTERNATIVE_RE.finditer(seq):
        yield m.end() - 2
