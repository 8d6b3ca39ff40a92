"""fillers: hesitations, stutters and (at higher levels) discourse fillers.

The same characters are often real words, so every rule is precise first:

* A filler character inside a dictionary word stays (金额, 哎呀, 呢子).
* A repeat that is a word stays (慢慢, 谢谢, 一一), and so does a repeat that
  falls on a word boundary (美国|国会, 为了|了解).
* Emphasis (a judgement call): a repeat that makes up a whole clause
  ("对对对，", "没有没有，") or is said three times or more before a mark
  ("卖卖卖，") is meant; "没有没有录" and "方案方案。" are restarts. A
  reduplicated word said twice mid-clause is a stutter ("常常常常" -> "常常").
* Distributive "一个一个", A-not-A "是不是", "说着说着" and ABAB reduplication of
  action verbs ("研究研究", a judgement call: jieba verbs minus states and
  modals, see tools/build_reduplicated.py) stay. English: only function words
  that are never doubled collapse ("the the"); "bye bye", "no no" stay.

A filler takes with it the punctuation it leaves behind: "，呃，" -> "，",
"就第一呃，" -> "就第一，", "好，呃。" -> "好。"; between two English words or
numbers it leaves a space ("think呃that" -> "think that"). Empty quotes and
brackets go in the same rounds, so that the copies around them meet as a
stutter ("我《》我觉得" -> "我觉得").

Levels (``--fillers``):
  light       呃, 嗯, um, uh; stutters; the glossary's fillers
  standard    + 额 as a hesitation, 哎/唉/啊 opening a clause, er/erm/hmm
  aggressive  + discourse fillers in filler position: 那个/就是说/然后呢 opening
              a clause, 呢 as a mid-clause pause ("这个东西呢是" -> "这个东西是")

The word tables are cut from jieba's dictionary at build time
(tools/build_reduplicated.py), so the stage never loads jieba itself.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from ..chars import CJK, CLOSERS, OPENERS, t2s
from ..edits import Edit, literal_pattern
from .base import Stage as _Base
from .base import joins_words, remove_empty_pairs, tidy_after_deletions

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Marks after which a new clause begins, Chinese and Latin.
PAUSE = "，、,"
STOP = "。！？；：.!?;:"
_BOUNDARY = set(PAUSE + STOP + "\n" + OPENERS)
_ENDS = set(PAUSE + STOP + "\n" + CLOSERS)
# Chinese numerals repeat in numbers ("一一", "三三两两", "八八"): never a stutter.
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
# The characters the filler rules remove; words that contain them protect them.
FILLER_CHARS = "呃嗯额哎唉啊呢"
# Function words that stand alone after a word: "但是是他", "刚才才知道", "可能能成".
_STANDALONE = set("是在就才也都还又要会能有不没和跟与把被给对到说让从向往为很太更最而但却的了着过")
# Particles and prepositions: a word may follow that begins with the same
# character ("说的|的确", "他对|对方", "我们在|在场的").
_PARTICLES = set("的了是对给跟和把被从在向为比")
# Particles and suffixes: doubled, they are a stutter even before a mark ("说了了，").
_NEVER_EMPHATIC = set("的了着过地得们吗呢吧")
# Characters after which 额 cannot be the end of a compound like 金额/销售额:
# pronouns, particles and function words, where a speaker pauses.
_BEFORE_HESITATION = set("的了是就我你他她它们这那个说在也都还吧啊呢嘛呀得要会和跟把被给对从很太又再才而但且或如所然其实")
# One-character answers: said, then the sentence goes on ("不，不是这样"; "是，是他").
_ANSWERS = set("是对不好行没嗯哦噢喔诶欸")
_FINAL_PARTICLES = set("啊吧呢嘛呀啦哦哈")
# Intensifiers said twice are emphasis, as in "非常非常重要".
# 嗯 as a sentence of its own after a question or a speaker's colon answers
# ("你同意吗？嗯。", "B：嗯。"); after a statement it is the speaker thinking.
_SENTENCE_OPENING = set("？?：:")
_INTENSIFIERS = frozenset(("非常", "特别", "真的", "十分", "相当", "超级", "极其", "很多", "好多"))
# Sounds and laughter repeat on purpose ("啦啦啦", "哈哈哈"); hesitations (嗯, 呃) do not count.
_SOUNDS = set("啦哈嘿呵嘻哦噢喔呀哇咚嘀滴嘟")
# Units whose doubling is grammar: A-not-A questions ("是不是不是").
_A_NOT_A = re.compile("^.[不没]$")

# Rule patterns. Latin fillers are lowercase or capitalised, whole words: "UM"
# is more likely an acronym than a hesitation.
_NOT_WORD_BEFORE = r"(?<![A-Za-z0-9'\-])"
_NOT_WORD_AFTER = r"(?![A-Za-z0-9'\-])"
# "uh oh" / "uh-oh" is an interjection of its own, not a hesitation.
_EN_LIGHT = r"[Uu](?:m+|h+(?![ -]?[Oo]h\b)|hm+)"
_EN_STANDARD = r"[Uu](?:m+|h+(?![ -]?[Oo]h\b)|hm+)|[Ee]rm*|[Hh]mm+"
_CN_LIGHT_RE = re.compile("[呃嗯]+")
_EN_LIGHT_RE = re.compile(f"{_NOT_WORD_BEFORE}(?:{_EN_LIGHT}){_NOT_WORD_AFTER}")
_EN_STANDARD_RE = re.compile(f"{_NOT_WORD_BEFORE}(?:{_EN_STANDARD}){_NOT_WORD_AFTER}")
_E_RE = re.compile("额+")  # a run of hesitations is one hesitation
_INTERJECTION_RE = re.compile("[哎唉啊]+")  # a run of interjections is one
_AGGRESSIVE_OPENERS_RE = re.compile("然后呢|就是说|那个")
_PAUSE_NE_RE = re.compile("呢")
_WORD_CHAR_RE = re.compile(f"[{CJK}A-Za-z0-9]")
# A stutter: one Han character said again, perhaps after a space.
_CHAR_REPEAT_RE = re.compile(f"([{HAN}])\\1+")
# A restart across a pause: "我 我觉得", "这个，这个问题". A space between Chinese
# characters is a pause like a comma (punctuation makes it one), so both are
# handled here alike, and a second run finds the same repeats as the first.
# Only a copy that opens its clause can restart (see Stage._restart), so the
# pattern is anchored there: after a mark, a line break, or a pause space.
_CLAUSE_OPENING = f"(?:^|(?<=[{re.escape(PAUSE + STOP + OPENERS)}\n])|(?<=[{re.escape(PAUSE + STOP + OPENERS)}] )|(?<=[{HAN}] ))"
_RESTART_RE = re.compile(
    f"{_CLAUSE_OPENING}([{HAN}]{{1,4}}?)(?:(?:(?: *[，,、])+ *| +)\\1)+(?=[{HAN}]| ?[A-Za-z0-9])", re.MULTILINE
)
_CLAUSE_OPENING_RE = re.compile(f"{_CLAUSE_OPENING}(?=[{HAN}])", re.MULTILINE)
_HAN_RUN_RE = re.compile(f"[{HAN}]+")
_PAUSE_RUN_RE = re.compile("[ ，,、]+")
_AFTER_RESTART_RE = re.compile(f"[{HAN}]| ?[A-Za-z0-9]")


class _Restarts:
    """``_RESTART_RE`` for ``Recorder.sub``, in time linear in the text.

    The regex alone is quadratic on a chain of copies that ends on a mark, as
    Whisper writes when it hallucinates on silence ("对，对，对，…"): tried at
    every copy, it follows the chain to its end, then fails. Here each chain
    is followed once. The pattern's matches are found thus: a unit can repeat
    only if a pause (spaces and commas, all of it) follows it, so the unit is
    the whole run of Han characters at the clause opening (one to four); the
    copies go on while the same unit follows the next pause; a match needs
    Han or Latin after the last copy. The regex then gives the match object.
    """

    @staticmethod
    def finditer(text: str):
        """The matches of ``_RESTART_RE`` that do not overlap, left to right, as ``finditer`` gives them."""
        pos = 0
        ends: dict[int, int] = {}  # copy start -> end of its chain's last copy
        for c in _CLAUSE_OPENING_RE.finditer(text):
            p = c.start()
            if p < pos:
                continue
            end = _Restarts._chain_end(text, p, ends)
            if end is None or _AFTER_RESTART_RE.match(text, end) is None:
                continue
            m = _RESTART_RE.match(text, p)
            yield m
            pos = m.end()

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
        if size > 4:
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


# A word of two to four characters said again right away.
_WORD_REPEAT_RE = re.compile(f"([{HAN}]{{2,4}}?)\\1+")
# English words that are never doubled in grammatical speech ("the the").
# Prepositions are left out: "turn it on on Monday", "log in in the morning".
# (The lookahead on first letters lets the regex engine skip most positions.)
_EN_REPEAT_RE = re.compile(
    r"(?=[AaIiWwYyTtHhSsMmOoFf])(?<![A-Za-z'])(the|a|an|I|we|you|they|he|she|my|our|your|and)"
    r"((?: \1)+)(?= [A-Za-z])",
    re.IGNORECASE,
)
# After this many rounds the text has settled; a round that changes nothing stops earlier.
_MAX_ROUNDS = 8
# A reduplicated word less common than this gives way to a word that follows:
# "推推进" is a stutter of 推进, "看看书" is 看看 + 书.
_COMMON_REDUP = 100


@functools.cache
def _lines(name: str) -> tuple[str, ...]:
    lines = resources.files("asrclean").joinpath("data", name).read_text(encoding="utf-8").split("\n")
    # Comments stand only at the top; the rest is one entry a line (filtered in C, not a Python loop).
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    return tuple(filter(None, lines[start:]))


def _kept(before: str, after: str) -> list[int]:
    """Which characters of ``before`` a deletion kept to leave ``after``."""
    kept, i = [], 0
    for c in after:
        while before[i] != c:
            i += 1
        kept.append(i)
        i += 1
    return kept


@functools.cache
def _tables():
    redup = {}
    for line in _lines("reduplicated.txt"):
        word, _, freq = line.partition("\t")
        redup[word] = int(freq or 0)
    return (
        redup,
        frozenset(_lines("reduplicated_verbs.txt")),
        frozenset(_lines("reduplicated_context.txt")),
        frozenset(_lines("fillers_words.txt")),
    )


def _index(words, key_len: int, keys=None) -> dict[str, tuple[tuple[int, str], ...]]:
    """For each key (a filler character, a doubled character), the words that
    contain it and where, so a candidate is checked against a handful of words."""
    index: dict[str, list[tuple[int, str]]] = {}
    for w in words:
        for k in range(len(w) - key_len + 1):
            key = w[k : k + key_len]
            if keys is None or key in keys:
                index.setdefault(key, []).append((k, w))
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def _redup_index():
    doubled = {w[k : k + 2] for w in _tables()[0] for k in range(len(w) - 1) if w[k] == w[k + 1]}
    return _index(_tables()[0], 2, doubled)


@functools.cache
def _filler_index():
    return _index(_tables()[3], 1, set(FILLER_CHARS))


def _covered(text: str, i: int, key: str, index) -> str | None:
    """The indexed word that contains ``key`` at text[i], in place, if any."""
    for offset, w in index.get(key, ()):
        if offset <= i and text.startswith(w, i - offset):
            return w
    return None


def _prev(text: str, i: int) -> str:
    """The character before position i, looking past one space; "\\n" at the start."""
    if i > 0 and text[i - 1] == " ":
        i -= 1
    return text[i - 1] if i > 0 else "\n"


def _next(text: str, j: int) -> str:
    if j < len(text) and text[j] == " ":
        j += 1
    return text[j] if j < len(text) else "\n"


_HAN_CHAR_RE = re.compile(f"[{HAN}]")


def _clause_start(text: str, i: int) -> bool:
    # A space between Chinese characters is a pause the recognizer heard (the
    # punctuation stage makes it a comma): it opens a clause like a mark does.
    if i > 1 and _pause_space(text, i - 1):
        return True
    return _prev(text, i) in _BOUNDARY


_OPEN_QUOTES = "“‘「『\"'"
_CLOSE_QUOTES = "”’」』\"'"


def _answers(text: str, s: int) -> bool:
    """Whether what stands at ``s`` follows a question or a speaker's colon."""
    i = s
    while i > 0 and text[i - 1] in " \n":
        i -= 1  # an answer may open the next paragraph
    if i == 0:
        # The whole text, or a speaker's whole turn ("嗯。"), is the answer.
        return not text[s:].strip(" \n。！？!?.嗯")
    if text[i - 1] not in _SENTENCE_OPENING:
        return False
    # The mark must stand alone after a word: in a run ("。：") the punctuation
    # stage keeps only the strongest, and a mark at a line's start goes.
    j = i - 1
    while j > 0 and text[j - 1] == " ":
        j -= 1
    return j > 0 and text[j - 1] not in PAUSE and text[j - 1] not in STOP and text[j - 1] != "\n"


def _quoted(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is all there is between a pair of quotes."""
    return 0 < s and e < len(text) and text[s - 1] in _OPEN_QUOTES and text[e] in _CLOSE_QUOTES


def _clause_end(text: str, j: int) -> bool:
    if _pause_space(text, j):
        return True
    return _next(text, j) in _ENDS


def _pause_space(text: str, j: int) -> bool:
    """A single space between two Chinese characters: a pause, like a comma
    (the punctuation stage makes it one, unless the whole text is word-segmented)."""
    return (
        0 < j < len(text) - 1
        and text[j] == " "
        and _HAN_CHAR_RE.match(text, j - 1) is not None
        and _HAN_CHAR_RE.match(text, j + 1) is not None
    )


def _filler_span(text: str, s: int, e: int, restart: bool = False) -> tuple[int, int]:
    """What to delete for a filler at text[s:e], with the marks it leaves behind.

    At the start of a clause the filler goes with the marks after it
    ("，呃，两周" -> "，两周", "呃，。第三" -> "第三"), but a stop after a pause
    keeps the stronger mark ("好，呃。" -> "好。"). Mid-clause only the filler
    goes ("第一呃，" -> "第一，"), with one of the spaces around it; with
    ``restart``, a speaker who pauses and says the last word again ("那个呃，
    那个团队") loses the pause too, so the stutter rule can join the copies.
    """
    n = len(text)
    j = e
    while j < n and (text[j] in PAUSE or text[j] in STOP or text[j] == " "):
        j += 1
    marks = text[e:j].replace(" ", "")
    if _clause_start(text, s):
        a = s
        while a > 0 and text[a - 1] == " ":
            a -= 1
        p = a
        while p > 0 and text[p - 1] in PAUSE:
            p -= 1
        if not any(c in STOP for c in marks):
            if p < a and (j >= n or text[j] == "\n"):
                return p, j  # a paragraph does not end on a pause ("试试看，嗯")
            return s, j
        if p < a:
            k = e
            while text[k] not in STOP:
                k += 1
            return p, k
        return s, j
    if restart and marks and all(c in PAUSE for c in marks):
        for size in (4, 3, 2, 1):
            if s >= size and text.startswith(text[s - size : s], j):
                return s, j
    if (
        text[s].isascii()
        and 1 < s < n - 1 - (e - s)
        and text[s - 1] == " " == text[e]
        and _HAN_CHAR_RE.match(text, s - 2)
        and _HAN_CHAR_RE.match(text, e + 1)
    ):
        # "的 uh 调用": the spaces only set the English word apart; both go with it.
        return s - 1, e + 1
    if e < n and text[e] == " ":
        return s, e + 1
    if s > 0 and text[s - 1] == " ":
        return s - 1, e
    return s, e


class Stage(_Base):
    name = "fillers"
    description = "remove hesitations (呃, 嗯, um), stutters (我我我 -> 我) and, at higher levels, discourse fillers"

    def __init__(self, settings):
        super().__init__(settings)
        self.level = settings.fillers
        self.redup, self.abab, self.context, self.filler_words = _tables()
        self.redup_index = _redup_index()
        self.filler_index = _filler_index()
        glossary = settings.glossary
        # Glossary terms are right by definition: protect them like `keep`.
        # Traditional text is matched in its simplified view (see apply): the
        # glossary's strings are looked for in both scripts.
        # Aliases and replace keys too: the terms stage, after this one, must find them whole
        # ("C加加" is an alias of C++, not a stutter of 加).
        # (Found as the terms stage finds them, as whole words: "IB圈" holds no "B圈".)
        found = (
            tuple(glossary.term_strings)
            + tuple(a for t in glossary.terms for a in t.aliases)
            + tuple(k for k, _ in glossary.replace)
        )
        keep = tuple(glossary.keep)
        self.protect = literal_pattern(
            keep + tuple(p.translate(t2s()) for p in keep), words=found + tuple(p.translate(t2s()) for p in found)
        )
        fillers = tuple(dict.fromkeys(glossary.fillers + tuple(f.translate(t2s()) for f in glossary.fillers)))
        latin = [f for f in fillers if re.search("[A-Za-z]", f)]
        other = [f for f in fillers if f not in latin]
        parts = [re.escape(f) for f in sorted(other, key=lambda f: (-len(f), f))]
        if latin:
            words = "|".join(re.escape(f) for f in sorted(latin, key=lambda f: (-len(f), f)))
            parts.append(f"{_NOT_WORD_BEFORE}(?i:{words}){_NOT_WORD_AFTER}")
        self.glossary_re = re.compile("|".join(parts)) if parts else None

    # -- passes -------------------------------------------------------------

    def _remove(self, r, text, pattern, rule, accept=lambda t, s, e: True, restart=False) -> str:
        """Delete each accepted match of ``pattern`` with the marks it leaves behind."""
        spans = []
        last = 0
        group = 0  # where the run of deletions side by side that ends at `last` began
        for m in pattern.finditer(text):
            s, e = m.span()
            if s == e or not accept(text, s, e):
                continue
            a, b = _filler_span(text, s, e, restart)
            a = max(a, last)
            if not spans or a > last:
                group = a
            # Between two English words or numbers a run of fillers leaves a space
            # ("think呃that" -> "think that"), written by its last deletion.
            if spans and spans[-1][0] >= group and spans[-1][2] == " ":
                spans[-1] = (spans[-1][0], spans[-1][1], "", None)
            spans.append((a, b, " " if joins_words(text, group, b) else "", None))
            last = b
        return r.replace_spans(text, spans, rule) if spans else text

    def _in_word(self, text: str, s: int, e: int) -> bool:
        return any(_covered(text, i, text[i], self.filler_index) for i in range(s, e))

    def _hesitation(self, text, s, e) -> bool:
        nxt = _next(text, e)
        if nxt in "？?" or self._in_word(text, s, e):
            return False  # "嗯？" is a question ("huh?"), not a pause
        if _quoted(text, s, e):
            return False  # 他说“嗯”: the word is quoted, not said
        # 嗯 that is a whole sentence answers ("B：嗯。", "嗯！"); 嗯哼 is "uh-huh".
        if "嗯" in text[s:e] and (nxt in "。！!." and _answers(text, s) or nxt == "哼"):
            return False
        return True

    def _e(self, text, s, e) -> bool:
        if self._in_word(text, s, e):
            return False
        # After 的/了/是 额 is a word (这是额的错, 撞到了额); after other little
        # words (我觉得额这个), where a clause opens, or before a pause it is a hesitation.
        p = _prev(text, s)
        return (
            _clause_start(text, s)
            or _next(text, e) in PAUSE
            or _pause_space(text, e)
            or (p in _BEFORE_HESITATION and p not in "的了是")
            or p.isascii()
        )

    def _interjection(self, text, s, e) -> bool:
        # "啊？" and "唉！" answer or exclaim; only an opener that leads on is a filler.
        return (
            _clause_start(text, s)
            and _next(text, e) not in "？！?!"
            and not self._in_word(text, s, e)
        )

    def _filler_position(self, text, s, e) -> bool:
        """Where a word of the glossary's `fillers` is a filler: opening a clause,
        or set off by a pause ("I was, like, tired"), not "I like it"."""
        if not _WORD_CHAR_RE.search(text[s:e]) or re.fullmatch("[呃嗯额]+", text[s:e]):
            return True  # a hesitation sound is one anywhere
        if text[s].isascii() and (_HAN_CHAR_RE.match(_prev(text, s)) or _HAN_CHAR_RE.match(_next(text, e))):
            return True  # an English filler dropped into Chinese ("我觉得like这个")
        return _clause_start(text, s) or _next(text, e) in PAUSE or _clause_end(text, e)

    def _aggressive_opener(self, text, s, e) -> bool:
        if not _clause_start(text, s) or _next(text, e) in "？?":
            return False  # "然后呢？" asks what happened next
        if text[s:e] != "那个":
            return True
        # 那个 is a demonstrative before a noun ("那个人"); it is a filler when a
        # pause, a pronoun or a conjunction follows it.
        # A pause space counts as the comma the punctuation stage makes of it.
        return _next(text, e) in "，、,我你他她它咱这那就然所因但其可也都还在从把被让对如" or _pause_space(text, e)

    def _pause_ne(self, text, s, e) -> bool:
        # Before a comma or more words 呢 marks a topic pause; before 。？！ it ends a sentence.
        nx = _next(text, e)
        return (
            not _clause_start(text, s)
            and (nx in PAUSE or _WORD_CHAR_RE.match(nx) is not None)
            and not self._in_word(text, s, e)
        )

    def _char_repeat(self, m: re.Match):
        text = m.string
        s, e = m.span()
        c = m.group(1)
        copies = e - s - text.count(" ", s, e)
        if c in _NUMERALS or (c not in _NEVER_EMPHATIC and self._emphatic(text, s, e, copies)):
            return None
        # A sound said three times or more is meant ("啦啦啦"); a word said so
        # mid-clause is a stutter ("来来来来孕育"), before a mark a chant (above).
        if copies >= 3 and c in _SOUNDS:
            return None
        if self._aabb(text, s, e):
            return None
        word = None if text[s + 1] == " " else _covered(text, s, c + c, self.redup_index)
        if word is not None:
            if word != c + c or copies == 3 or copies > 4:
                return None  # 的的确确, 哈哈哈: a longer word, or laughter
            if copies == 4:
                return c + c, f"2x {c + c}"  # 常常常常: a reduplicated word said twice
            # A rare doubled form gives way to the word the second copy starts:
            # "推推进" is 推进 with a stutter; "看看书" is 看看 + 书.
            if self.redup[word] >= _COMMON_REDUP or text[e - 1 : e + 1] not in self.context:
                return None
        if copies == 2 and self._boundary(text, s, e):
            return None
        return c, f"{copies}x {c}"

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
        if not _clause_start(text, m.start()) or all(c in _NUMERALS for c in unit) or _A_NOT_A.match(unit):
            return None
        if len(unit) > 1 and (not self._is_word(unit) or len(set(unit)) == 1):
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

    def _aabb(self, text: str, s: int, e: int) -> bool:
        """AABB reduplication of a two-character word: 开开心心, 清清楚楚."""
        if e - s != 2:
            return False
        after, before = text[e : e + 2], text[max(0, s - 2) : s]
        return (
            (len(after) == 2 and after[0] == after[1] and text[s] + after[0] in self.context)
            or (len(before) == 2 and before[0] == before[1] and before[0] + text[s] in self.context)
        )

    def _boundary(self, text: str, s: int, e: int) -> bool:
        """Whether the two copies belong to two words: 美国|国会, 但是|是他, 说的|的确."""
        ctx = self.context
        c = text[s]
        left = any(text[a : s + 1] in ctx for a in (s - 1, s - 2) if a >= 0)
        right = any(text[e - 1 : b] in ctx for b in (e + 1, e + 2) if b <= len(text))
        if left:
            # After a word, a function word may begin the next phrase ("刚才|才知道").
            return right or c in _STANDALONE
        # A particle ends a phrase and a word may start with it ("说的|的确", "坐的|的士"),
        # while "政政治" or "推推进" is a stutter at the start of a word.
        return right and c in _PARTICLES

    def _word_repeat(self, m: re.Match):
        text = m.string
        s, e = m.span()
        unit = m.group(1)
        if (
            len(set(unit)) == 1
            or unit[0] == "一"
            or all(ch in _NUMERALS for ch in unit)  # "二零二零年"
            or unit[-1] == "着"  # "说着说着就到了"
            or _A_NOT_A.match(unit)
            # ABAB (研究研究), unless the last copy begins a longer word (最重最重要).
            or (unit in self.abab and not (e < len(text) and text[e - len(unit) : e + 1] in self.context))
            or unit in _INTENSIFIERS
            or self._emphatic(text, s, e, (e - s) // len(unit))
            or not self._is_word(unit)
            or self._redup_word(text, s, e)
        ):
            return None
        return unit, f"{(e - s) // len(unit)}x {unit}"

    def _redup_word(self, text: str, s: int, e: int) -> bool:
        """Whether a reduplicated word spans the repeat ("哈哈哈哈", "一一对应")."""
        return any(
            text[i] == text[i + 1] and _covered(text, i, text[i : i + 2], self.redup_index)
            for i in range(s, e - 1)
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

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        # The word tables are simplified Chinese. Traditional text is cleaned
        # through a simplified view of it (one character for one, so offsets
        # agree): 謝謝 is the word 谢谢, not a stutter. The stage only deletes,
        # so its edits carry over to the original characters exactly.
        view = text.translate(t2s())
        if view == text:
            return self._apply(text)
        _, edits = self._apply(view)
        out: list[Edit] = []
        current = text
        for e in edits:
            before = current[e.start : e.end]
            # A deletion keeps some of its characters, or leaves one space between words.
            after = e.after if e.after == " " else "".join(before[i] for i in _kept(e.before, e.after))
            out.append(Edit(e.stage, e.rule, e.start, e.end, before, after, e.detail))
            current = current[: e.start] + after + current[e.end :]
        return current, out

    def _apply(self, text: str) -> tuple[str, list[Edit]]:
        r = self.recorder()
        standard = self.level in ("standard", "aggressive")
        for _ in range(_MAX_ROUNDS):
            before = len(r.edits)
            if self.glossary_re is not None:
                text = self._remove(r, text, self.glossary_re, "glossary-filler", self._filler_position)
            text = self._remove(r, text, _CN_LIGHT_RE, "hesitation", self._hesitation, restart=True)
            text = self._remove(
                r, text, _EN_STANDARD_RE if standard else _EN_LIGHT_RE, "hesitation-en",
                lambda t, s, e: not _quoted(t, s, e),
            )
            if standard:
                text = self._remove(r, text, _E_RE, "hesitation-e", self._e)
                text = self._remove(r, text, _INTERJECTION_RE, "clause-opener", self._interjection)
            if self.level == "aggressive":
                text = self._remove(r, text, _AGGRESSIVE_OPENERS_RE, "discourse-filler", self._aggressive_opener)
                text = self._remove(r, text, _PAUSE_NE_RE, "pause-particle", self._pause_ne)
            # Brackets a removal emptied, or that came empty ("我《》我觉得"), go here rather
            # than in punctuation: the copies they stood between are a stutter for the next round.
            text = remove_empty_pairs(r, text)
            text = r.sub(_Restarts, self._restart, text, "restart")
            text = r.sub(_WORD_REPEAT_RE, self._word_repeat, text, "stutter-word")
            text = r.sub(_CHAR_REPEAT_RE, self._char_repeat, text, "stutter-char")
            text = r.sub(_EN_REPEAT_RE, r"\1", text, "stutter-en")
            if len(r.edits) == before:
                break
        if r.edits:
            text = tidy_after_deletions(r, text)
        return text, r.edits
