"""The English part of the restore stage: ". ? ," and capitals in runs of
English words that a recognizer wrote without marks (Whisper without
punctuation, Kaldi, lower-case ASR output), in English-only transcripts and in
English runs inside Chinese text.

An English run is a sequence of tokens with an ASCII letter or digit, parted
by spaces alone (a Chinese character ends it), inside a stretch with no mark (the stretches of
the Chinese part: no mark, quote, bracket or line break). Which runs
(``--punctuate``):
  auto    a run of EN_RUN_MIN words or more in a paragraph with fewer than one
          English mark (half width) per EN_WORDS_PER_MARK English words (the
          Chinese sentences around an English one have marks of their own);
          a run of EN_SHORT_MIN words or more in a paragraph with no mark at
          all; and in an English-only text with no mark at all (of
          EN_SHORT_MIN words or more) every run of an English-only paragraph,
          however short, a word alone too (one utterance a line, with --lines
          paragraphs). Punctuated English almost never runs 32 words without
          a mark; a few English words inside Chinese ("用 GPU 跑 LLM") are no run;
  always  every run over EN_MAX_RUN words, and in a paragraph with no mark
          every run of EN_SHORT_MIN words or more, or of 2 or more if the
          paragraph is English only (a few English words inside Chinese are
          still no run);
  never   none.
The model (asrclean.restore_en) decides the gap after each word but the last,
weighing the line and cue breaks of the input where there were any (the
pipeline finds them: normalize has made them plain spaces by now);
the last takes a sentence end only where the run ends its paragraph (a run
followed by Chinese leaves that gap to the Chinese model). The first word of
each restored sentence, and of a run that opens its paragraph, is capitalized
if it is a plain lower-case everyday word (as the sentences stage does: not
"npm"), and so is the pronoun "i" ("i'm", "i'll"...)
anywhere in a restored run; no other word's case changes (names are not
guessed). Never EN_MAX_RUN (< EN_RUN_MIN) words go without a mark, so cleaning
the result again finds nothing to restore.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

from ..chars import CJK, CN_MARKS, HALF_TO_FULL, is_cjk
from ..lazyre import lazy
from . import question_form
from .base import _OPENING, _PAIRS

EN_RUN_MIN = 32
EN_SHORT_MIN = 8
EN_MAX_RUN = 30
EN_WORDS_PER_MARK = 20

_RULES = {1: "restore-comma", 2: "restore-period", 3: "restore-question"}
_MARKS = ("", ",", ".", "?")
# Cheap first look: two Latin words side by side somewhere. A match starts only
# where a word starts (the look-behind): tried inside a long run of letters
# ("hahaha..." or a URL with no space), each start would scan to the run's end.
_TWO_WORDS_RE = re.compile(r"(?<![A-Za-z0-9'’])[0-9'’]*[A-Za-z][A-Za-z0-9'’]* +[A-Za-z0-9]")
# A token: Chinese characters, or anything else up to a space or a Chinese
# character ("我们app" is two: the spacing stage will part them, and a second
# run must see the same runs).
_TOKEN_RE = lazy(f"[^ \\n{CJK}]+|[{CJK}]+")
_HAS_CJK_RE = lazy(f"[{CJK}]")
# The hesitation sounds the fillers stage takes out at every level.
_HESITATIONS = "呃嗯额恩唔"
# A hesitation sound alone, and what a run's edges may hold of them with spaces
# ("we 呃 need"): the fillers stage takes them out, so they part no run.
_HESITATION_TOKEN_RE = re.compile(f"[{_HESITATIONS}]+")
_SPACE_OR_HESITATION = " " + _HESITATIONS
# What the fillers stage may take out, which runs after this one: hesitations
# ("we 呃 need", "um, so"), with the mark after an English one, and, at
# aggressive, tone particles and discourse fillers. A paragraph's Chinese, marks
# and words are judged without them, so that a second run finds the paragraph
# as the first did. (Left out where they stay, they are left out on the second
# run too: the judgement is the same.)
_MAY_GO_RE = lazy(
    f"(?:然后呢|然后|就是说|就是|那个|这个|那么|[{_HESITATIONS}啊呀啦嘛哦哈呢])+ *"
    "|(?<![A-Za-z])(?i:u+[mh]+|uhm+|erm*|hmm+)(?![A-Za-z'’])[,.]? *"
)
_ALNUM_RE = re.compile(r"[A-Za-z0-9]")


def _without_fillers(para: str) -> str:
    """``para`` without what ``_MAY_GO_RE`` finds; as the fillers stage does, a
    space stays between two English words ("seek呃deep" -> "seek deep")."""

    def gone(m: re.Match) -> str:
        a, b = m.start(), m.end()
        return " " if a and b < len(para) and _ALNUM_RE.match(para[a - 1]) and _ALNUM_RE.match(para[b]) else ""

    return _MAY_GO_RE.sub(gone, para)
# A token without a letter or digit ("-", "&"), or a line break: no word, the end of a run.
_NOT_A_WORD_RE = re.compile(r"(?<![^ ])[^A-Za-z0-9 ]+(?![^ ])|\n")
# A token of digits alone.
_DIGITS_RE = re.compile(r"(?<![^ ])[0-9]+(?![^ ])")
_LATIN_WORD_RE = re.compile(r"[A-Za-z0-9]+")
# A word whose case may change: plain lower case, perhaps with an apostrophe.
_PLAIN_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?\Z")
_PRONOUN_I = frozenset({"i", "i'm", "i'd", "i'll", "i've", "i’m", "i’d", "i’ll", "i’ve"})
_ENDS = ".!?。！？"

@functools.lru_cache(maxsize=None)
def model():
    """The English model, loaded once per process and only when a text needs it."""
    from ..restore_en import Model

    return Model.load()


# Where a match of _TWO_WORDS_RE can end: a run of spaces (entered at its first
# space only, so that a long run is not rescanned from each of its spaces), then a
# letter or digit. It opens with a literal space, which ``re`` skips ahead to in a
# fast scan; _TWO_WORDS_RE opens with a look back, tried at every character.
_SPACES_THEN_WORD_RE = re.compile(" (?<!  ) *[A-Za-z0-9]")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'’")


def may_have_runs(text: str) -> bool:
    """Whether ``_TWO_WORDS_RE.search(text)`` finds a match. A match is a whole run of
    word characters (the look back opens it at the run's start, and it takes the run to
    its end, since a space must follow), so it is tried only at the run before each
    place where spaces and a word follow (each run is walked back over once)."""
    match = _TWO_WORDS_RE.match
    for m in _SPACES_THEN_WORD_RE.finditer(text):
        k = m.start()
        while k and text[k - 1] in _WORD_CHARS:
            k -= 1
        if match(text, k) is not None:
            return True
    return False


def runs(stretch: str, base: int, least: int = 2) -> list[list[tuple[int, int]]]:
    """The English runs of ``least`` words or more of a stretch: for each, the
    (start, end) of its words in the text."""
    out: list[list[tuple[int, int]]] = []
    if _HAS_CJK_RE.search(stretch) is None and _NOT_A_WORD_RE.search(stretch) is None:
        # All English (the common case): every token a word.
        cur = []
        pos = base
        for tok in stretch.split(" "):
            if tok:
                cur.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        return [cur] if len(cur) >= least else out
    cur = []
    for m in _TOKEN_RE.finditer(stretch):
        tok = m.group(0)
        if _HAS_CJK_RE.match(tok) is None and _ALNUM_RE.search(tok) is not None:
            cur.append((base + m.start(), base + m.end()))
            continue
        if _HESITATION_TOKEN_RE.fullmatch(tok):
            # A hesitation sound ends no run: the fillers stage may take it out
            # ("cloud呃model" -> "cloud model"), and a second run must find the run the first did.
            continue
        if len(cur) >= least:
            out.append(cur)
        cur = []
    if len(cur) >= least:
        out.append(cur)
    return out


class _Paragraphs:
    """Mark and word counts of the paragraph around an offset, each counted once."""

    def __init__(self, text: str, mark_re):
        self.text = text
        self.mark_re = mark_re
        self.seen: dict[int, tuple[int, int, int]] = {}
        self.cjk: dict[int, bool] = {}

    def bounds(self, at: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, at) + 1
        end = self.text.find("\n", at)
        return start, end if end != -1 else len(self.text)

    def has_cjk(self, at: int) -> bool:
        """Whether the paragraph has Chinese that the fillers stage leaves."""
        start, end = self.bounds(at)
        if start not in self.cjk:
            self.cjk[start] = _HAS_CJK_RE.search(_without_fillers(self.text[start:end])) is not None
        return self.cjk[start]

    def counts(self, at: int) -> tuple[int, int, int]:
        """Marks, English marks (half width) and English words of the paragraph.
        Marks that open it do not count: the punctuation stage removes them (an
        orphan left by a cut), and a second run must decide as the first did."""
        start, end = self.bounds(at)
        if start not in self.seen:
            # Counted without what fillers may take out: "um," takes its comma
            # along, and a mark that "呃" parted from a number ("3呃,4", "1. 呃10")
            # is the number's on a second run.
            para = _without_fillers(_as_punctuated(self.text[start:end]))
            lead = _LEADING_MARKS_RE.match(para)
            if lead:
                para = para[lead.end() :]
            if " " in para:
                # The spaces after a Chinese mark go too, as the punctuation stage takes
                # them: "2、 10:30" counted its 、, and "2、10:30" on the next run did not.
                para = _SPACE_AFTER_CN_MARK_RE.sub(r"\1", para)
            tail = _TRAILING_HESITATION_RE.search(para)
            if tail:
                para = para[: tail.start()]
            marks = self.mark_re.findall(para)
            english = sum(1 for c in marks if c.isascii())
            self.seen[start] = (len(marks), english, len(_LATIN_WORD_RE.findall(para)))
        return self.seen[start]


_HALF_MARKS_RE = re.compile("[,.?!;:]+")


def _as_punctuated(para: str) -> str:
    """``para`` with the half-width marks that the punctuation stage writes full width
    (glued to Chinese: "问题,GPT", "额,") written so, one character for one: counted as
    half-width, a second run counted them otherwise and restored the paragraph."""
    if not _HALF_MARKS_RE.search(para):
        return para
    return _HALF_MARKS_RE.sub(
        lambda m: "".join(HALF_TO_FULL.get(c, c) for c in m.group()) if _made_full_width(para, m.start(), m.end()) else m.group(),
        para,
    )


def _made_full_width(text: str, s: int, e: int) -> bool:
    """Whether the punctuation stage writes the half-width marks ``text[s:e]`` full
    width, as marks of Chinese text: after Chinese, or glued before it (not after the
    end of an English sentence, "yes. 对")."""
    i = s
    while i > 0 and text[i - 1] == " ":
        i -= 1
    prev = text[i - 1] if i > 0 else "\n"
    j = e
    while j < len(text) and text[j] == " ":
        j += 1
    nxt = text[j] if j < len(text) else "\n"
    return is_cjk(prev) or (is_cjk(nxt) and prev not in ".?!" and not (prev.isascii() and text[e : e + 1] == " "))


def stretch_pattern(boundary: str) -> re.Pattern:
    """Stretches without any of ``boundary`` (the Chinese part's marks, quotes,
    brackets and line breaks), except that an apostrophe inside a word ("i'm",
    "don't") is part of it, not a quote, and so is a point inside a name or a
    number ("example.com", "3.5") and a comma or colon inside a number
    ("1,000", "12:15")."""
    apostrophes = "".join(c for c in "'’" if c in boundary)
    # Every alternative takes one character, so the matches are the longest runs of
    # characters each of which one of them takes; the runs of ordinary characters are
    # taken whole (``[^...]+``), not one alternation per character: the same matches.
    inside = (
        f"(?<=[A-Za-z])[{apostrophes}](?=[A-Za-z])|(?<=[A-Za-z0-9])[.](?=[A-Za-z0-9])|(?<=[0-9])[,:](?=[0-9])"
    )
    pattern = re.compile(f"(?:[^{re.escape(boundary)}]+|{inside})+")
    _ONE_CHAR[pattern] = re.compile(f"[^{re.escape(boundary)}]|{inside}")
    return pattern


# A stretch pattern -> a pattern that matches one character where the stretch pattern takes one.
_ONE_CHAR: dict[re.Pattern, re.Pattern] = {}


def _stretches(text: str, stretch_re: re.Pattern, spaces: int):
    """``stretch_re.finditer(text)``, or only those of its matches that hold at least
    ``spaces`` spaces: then found from the spaces of the text, and not by a scan of
    every stretch in Python (a Chinese text has a stretch between every two marks,
    and few spaces)."""
    one = _ONE_CHAR.get(stretch_re)
    if spaces < 1 or one is None or " " not in text:
        yield from (m for m in stretch_re.finditer(text) if m.group(0).count(" ") >= spaces)
        return
    pos = 0  # where the last stretch found ended
    while True:
        i = text.find(" ", pos)
        if i < 0:
            return
        if one.match(text, i) is None:
            pos = i + 1
            continue
        # The stretch holding this space begins after the nearest character before it
        # that no alternative takes: the matches are the longest runs of taken ones.
        j = i
        while j > pos and one.match(text, j - 1) is not None:
            j -= 1
        m = stretch_re.match(text, j)
        pos = m.end()
        if m.group(0).count(" ") >= spaces:
            yield m


_LINE_BREAK_RE = re.compile("\n")


def _line_starts(text: str):
    """Where ``re.compile("^", re.MULTILINE).finditer(text)`` matches: the text's start and
    after each line break, found by a scan for the breaks (that pattern is tried at every
    character)."""
    yield 0
    for m in _LINE_BREAK_RE.finditer(text):
        yield m.end()


# (Hesitation sounds among them too: "呃。fine" loses its "。" with the 呃.)
_LEADING_MARKS_RE = re.compile(f"[ 。！？，、；：!?;.,:{_HESITATIONS}]+")
# (As punctuation._SPACE_AFTER_MARK_RE, less the openers, which no count looks after.)
# (The mark first, kept by the replacement: a pattern that opens with a look back is tried
# at every character.)
_SPACE_AFTER_CN_MARK_RE = re.compile(f"([{CN_MARKS}]) +")
# Pauses and hesitation sounds that end a paragraph: the fillers stage takes the
# pause with the sound ("model ， 呃" -> "model"), so its marks do not count.
_TRAILING_HESITATION_RE = re.compile(f"[ ，、,]*[{_HESITATIONS}][ ，、,{_HESITATIONS}]*\\Z")
# A mark the recognizer wrote, in counting a paragraph's: not the point inside a
# name or a number ("example.com", "3.5"), nor the comma or colon inside a
# number ("1,000", "12:15").
# A run of commas, colons and 、 between two digits is not counted either,
# whatever its width: the punctuation stage makes it part of the number
# ("10、：30" becomes "10:30", "0. 5" becomes "0.5"), and a second run must
# count what the first did.
# (Each run is matched from its first mark only, so the scan stays linear.)
# (A point after a space is read as the punctuation stage leaves it, glued to the word
# before: "dinner . 2024" counted its point, "dinner. 2024" on the next run did not.)
_MARK_COUNT_RE = re.compile(
    r"[。！？；!?;]|(?<![A-Za-z0-9 ])\.|\.(?![A-Za-z0-9]| +[0-9])"
    r"|(?<![,:，：、])(?:(?<![0-9])[,:，：、]+|[,:，：、]+(?![0-9,:，：、]))"
)


# 呃, or an empty pair of quotes or brackets, touching English (a letter, a digit or
# an ASCII mark on one side): the fillers stage, after this one, always takes it out there.
# (Every alternative opens with a character of its own, so that ``re`` skips ahead to
# them in a fast scan: "呃呃*", not "呃+", which as the first alternative made the
# scan try every character, at four times the cost. The English beside them is
# checked in Python.)
_EMPTY_PAIRS = ("《》", "“”", "「」", "『』", "（）", "【】", "()")
_GLUED_RE = re.compile("呃呃*|" + "|".join(map(re.escape, _EMPTY_PAIRS)))
_ENGLISH_SIDE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,!?;:")


class _ViewMap:
    """Where each character of a view of a text (the text with some pieces taken out and
    some spaces put in, left to right) is in the text: kept as the view's pieces, each a
    run of characters that are side by side in the text, not as an offset per character
    (a long text has a few pieces, and a map of every offset cost a pass over it)."""

    __slots__ = ("_view", "_text")

    def __init__(self) -> None:
        self._view: list[int] = []  # where each piece begins in the view
        self._text: list[int] = []  # and in the text; both increase

    def add(self, at: int, start: int) -> None:
        """A piece that begins at ``at`` in the view and at ``start`` in the text."""
        self._view.append(at)
        self._text.append(start)

    def to_text(self, i: int) -> int:
        """The offset in the text of the view's character ``i``."""
        j = bisect_right(self._view, i) - 1
        return self._text[j] + i - self._view[j]

    def to_view(self, p: int, size: int) -> int | None:
        """The view's character that is the text's character ``p`` (None: taken out);
        ``size``: the length of the view."""
        j = bisect_right(self._text, p) - 1
        if j < 0:
            return None
        k = self._view[j] + p - self._text[j]
        end = self._view[j + 1] if j + 1 < len(self._view) else size
        return k if k < end else None


def _without_glued_hesitations(text: str) -> tuple[str, _ViewMap | None]:
    """The text as the fillers stage will leave it around English: each 呃 or empty
    pair touching English gone ("seek呃.deep" -> "seek.deep"), or a space where it parted two
    words ("seek呃deep" -> "seek deep"), with one space of two around it ("seek 呃
    deep"); and where each character of that view is in ``text`` (None when there is
    nothing to take out). A second run, on the fillers stage's output, then
    finds the runs, marks and paragraph ends the first run did."""
    pieces: list[str] = []
    where = _ViewMap()
    size = 0  # of the view so far
    pos = 0
    for m in _GLUED_RE.finditer(text):
        a, b = m.span()
        if a < pos or not (text[a - 1 : a] in _ENGLISH_SIDE or text[b : b + 1] in _ENGLISH_SIDE):
            continue
        before, after = text[a - 1 : a], text[b : b + 1]
        if a > pos:
            pieces.append(text[pos:a])
            where.add(size, pos)
            size += a - pos
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            pieces.append(" ")
            where.add(size, a)
            size += 1
        elif before == " " and after == " ":
            b += 1
        pos = b
    if not pieces and pos == 0:
        return text, None
    pieces.append(text[pos:])
    where.add(size, pos)
    return "".join(pieces), where


def spans(
    text: str, mode: str, stretch_re, pauses: frozenset[int] = frozenset(), bare: bool | None = None
) -> list[tuple[int, int, str, str, str]]:
    """(start, end, replacement, rule, detail) of every mark and capital to put
    into the English runs of ``text`` that need them, in text order.
    ``stretch_re`` finds the stretches (see ``stretch_pattern``); ``pauses``
    holds the offsets of spaces where a line or cue break was (the model
    weighs them: a pause is no mark, but often at one). A hesitation glued to
    English is read as the fillers stage leaves it (see _without_glued_hesitations).
    ``bare``: whether the text is English with no mark at all, every run of it restored
    (None: found from ``text``; a part of a text is told what the whole is)."""
    if mode == "never":
        return []
    view, where = _without_glued_hesitations(text)
    if where is None:
        return _spans(text, mode, stretch_re, pauses, bare)
    size = len(view)
    view_pauses = frozenset(k for p in pauses if (k := where.to_view(p, size)) is not None)
    out = []
    for a, b, new, rule, detail in _spans(view, mode, stretch_re, view_pauses, bare):
        if a == b:  # a mark put in after the character before it
            at = where.to_text(a - 1) + 1 if a > 0 else 0
            out.append((at, at, new, rule, detail))
        else:  # a capital: the character itself
            out.append((where.to_text(a), where.to_text(b - 1) + 1, new, rule, detail))
    return out


def _spans(text: str, mode: str, stretch_re, pauses: frozenset[int], bare: bool | None) -> list[tuple[int, int, str, str, str]]:
    out: list[tuple[int, int, str, str, str]] = []
    if mode == "never" or not may_have_runs(text):
        return out
    mark_re = _MARK_COUNT_RE
    paras = _Paragraphs(text, mark_re)
    # An English-only text with no mark at all: every run in it, however short
    # (one utterance a line, made paragraphs by --lines paragraphs).
    if bare is None:
        bare = (
            mode in ("auto", "always")
            and all(paras.counts(p)[0] == 0 for p in _line_starts(text))
            and sum(paras.counts(p)[2] for p in _line_starts(text)) >= EN_SHORT_MIN
        )
    least = 1 if bare else 2 if mode == "always" else EN_SHORT_MIN
    for m in _stretches(text, stretch_re, least - 1):  # (most stretches are too short)
        stretch = m.group(0)
        for run in runs(stretch, m.start(), least):
            n = len(run)
            if n < least or not _mostly_words(text, run):
                continue
            marks, english_marks, words = paras.counts(run[0][0])
            if mode == "auto":
                if not (
                    (n >= EN_RUN_MIN and words >= EN_WORDS_PER_MARK * (english_marks + 1))
                    or (n >= EN_SHORT_MIN and marks == 0)
                    or (bare and not paras.has_cjk(run[0][0]))
                ):
                    continue
            elif n <= EN_MAX_RUN and (marks or (n < EN_SHORT_MIN and paras.has_cjk(run[0][0]))):
                continue
            out.extend(_restore(text, run, paras, pauses))
    return out


def may_be_bare(text: str, parts: list[str]) -> bool:
    """Whether ``spans`` may find ``text`` bare (English with no mark at all), as far
    as its lines tell: not when one of them counts a mark. ``parts`` (whole lines of
    ``text``, with the line break on either side) are looked at first, then the lines
    of ``text`` from its start: a text that is not bare has a mark early on."""
    for part in parts:
        if _counts_a_mark(part):
            return False
    n = len(text)
    start = 0
    while start <= n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        if _counts_a_mark(text[max(0, start - 1) : end + 1]):
            return False
        start = end + 1
    return True


def _counts_a_mark(part: str) -> bool:
    """Whether a line of ``part`` (whole lines of a text, with the line break on either
    side) counts a mark, as ``_spans`` counts the line in the whole text."""
    view = _without_glued_hesitations(part)[0]
    paras = _Paragraphs(view, _MARK_COUNT_RE)
    return any(paras.counts(p)[0] for p in _line_starts(view))


def _mostly_words(text: str, run) -> bool:
    """Words, not a number read out digit by digit ("3 5 7 2")."""
    return len(_DIGITS_RE.findall(text, run[0][0], run[-1][1])) * 2 <= len(run)


def _everyday(word: str) -> bool:
    """An everyday English word ("so", "you", "don't"), as the sentences stage
    capitalizes, not a command or a name in lower case ("npm", "ls")."""
    from .terms.tables import words_en

    return word == "a" or "'" in word or "’" in word or word in words_en()


def _past_removable(text: str, end: int) -> int:
    """The first offset from ``end`` past what the fillers stage removes there:
    spaces, hesitation sounds and empty quotes or brackets ("I《》" ends its
    paragraph at "I" on the second run, so it does on the first)."""
    while True:
        while end < len(text) and text[end] in _SPACE_OR_HESITATION:
            end += 1
        if end < len(text) and text[end] in _OPENING:
            k = end + 1
            while k < len(text) and text[k] == " ":
                k += 1
            if k < len(text) and _PAIRS.get(text[k]) == text[end]:
                end = k + 1
                continue
        return end


def _restore(text: str, run, paras: _Paragraphs, pauses: frozenset[int]) -> list[tuple[int, int, str, str, str]]:
    from ..restore_en import COMMA

    words = [text[a:b] for a, b in run]
    # (From the words, not the run's text: a hesitation glued to one, "I呃 so", is no part of it.)
    lower = [w.lower().replace("’", "'") for w in words]
    # Hesitation sounds count as the spaces the fillers stage leaves of them: a
    # run that ends its paragraph but for one ("…was3 呃") ends it on the second run too.
    end = _past_removable(text, run[-1][1])
    final = end == len(text) or text[end] == "\n"
    # A break after word k is the space right after it (a run's words are
    # parted by single spaces once normalize has run).
    at = [run[k][1] in pauses for k in range(len(run))] if pauses else None
    decided = model().decode(lower, at if at and any(at) else None, final, EN_MAX_RUN)
    out = []
    # A sentence starts at the run's first word if the run opens its paragraph
    # or follows a sentence end.
    start = run[0][0]
    before = text[paras.bounds(start)[0] : start].rstrip(_SPACE_OR_HESITATION)
    # (Marks and hesitations alone before it open the paragraph all the same: the
    # punctuation and fillers stages take them away, "，open ai" -> "open ai".)
    opens = not before or before[-1] in _ENDS or _LEADING_MARKS_RE.fullmatch(before) is not None
    starts = {0} if opens else set()
    for k, cls, conf, why in question_form.settle(lower, decided, opens):
        a = run[k][1]
        detail = f"model confidence {conf:.2f}" + (f"; {why}" if why else "")
        out.append((a, a, _MARKS[cls], _RULES[cls], detail))
        if cls != COMMA and k + 1 < len(run):
            starts.add(k + 1)
    caps = []
    for k, w in enumerate(words):
        if w.lower() in _PRONOUN_I and w[0] == "i":
            caps.append((run[k][0], run[k][0] + 1, "I", "restore-capital", "the pronoun I"))
        elif k in starts and _PLAIN_RE.match(w) and _everyday(w):
            caps.append((run[k][0], run[k][0] + 1, w[0].upper(), "restore-capital", "sentence start"))
    return sorted(out + caps)
