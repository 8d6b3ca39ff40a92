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

from ..chars import CJK
from ..lazyre import lazy

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
# What the fillers stage may take out, which runs after this one: hesitations
# ("we 呃 need", "um, so"), with the mark after an English one, and, at
# aggressive, tone particles and discourse fillers. A paragraph's Chinese, marks
# and words are judged without them, so that a second run finds the paragraph
# as the first did. (Left out where they stay, they are left out on the second
# run too: the judgement is the same.)
_MAY_GO_RE = lazy(
    "(?:然后呢|然后|就是说|就是|那个|这个|那么|[呃嗯额恩唔啊呀啦嘛哦哈呢])+ *"
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


def may_have_runs(text: str) -> bool:
    return _TWO_WORDS_RE.search(text) is not None


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
            para = _without_fillers(self.text[start:end])
            lead = _LEADING_MARKS_RE.match(para)
            if lead:
                para = para[lead.end() :]
            marks = self.mark_re.findall(para)
            english = sum(1 for c in marks if c.isascii())
            self.seen[start] = (len(marks), english, len(_LATIN_WORD_RE.findall(para)))
        return self.seen[start]


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
    return re.compile(
        f"(?:[^{re.escape(boundary)}]+|(?<=[A-Za-z])[{apostrophes}](?=[A-Za-z])"
        f"|(?<=[A-Za-z0-9])[.](?=[A-Za-z0-9])|(?<=[0-9])[,:](?=[0-9]))+"
    )


_PARAGRAPH_START_RE = re.compile(r"^", re.MULTILINE)
_LEADING_MARKS_RE = re.compile(r"[ 。！？，、；：!?;.,:]+")
# A mark the recognizer wrote, in counting a paragraph's: not the point inside a
# name or a number ("example.com", "3.5"), nor the comma or colon inside a
# number ("1,000", "12:15").
# A run of commas, colons and 、 between two digits is not counted either,
# whatever its width: the punctuation stage makes it part of the number
# ("10、：30" becomes "10:30", "0. 5" becomes "0.5"), and a second run must
# count what the first did.
# (Each run is matched from its first mark only, so the scan stays linear.)
_MARK_COUNT_RE = re.compile(
    r"[。！？；!?;]|(?<![A-Za-z0-9])\.|\.(?![A-Za-z0-9]| [0-9])"
    r"|(?<![,:，：、])(?:(?<![0-9])[,:，：、]+|[,:，：、]+(?![0-9,:，：、]))"
)


def spans(text: str, mode: str, stretch_re, pauses: frozenset[int] = frozenset()) -> list[tuple[int, int, str, str, str]]:
    """(start, end, replacement, rule, detail) of every mark and capital to put
    into the English runs of ``text`` that need them, in text order.
    ``stretch_re`` finds the stretches (see ``stretch_pattern``); ``pauses``
    holds the offsets of spaces where a line or cue break was (the model
    weighs them: a pause is no mark, but often at one)."""
    out: list[tuple[int, int, str, str, str]] = []
    if mode == "never" or not may_have_runs(text):
        return out
    mark_re = _MARK_COUNT_RE
    paras = _Paragraphs(text, mark_re)
    # An English-only text with no mark at all: every run in it, however short
    # (one utterance a line, made paragraphs by --lines paragraphs).
    bare = (
        mode in ("auto", "always")
        and all(paras.counts(m.start())[0] == 0 for m in _PARAGRAPH_START_RE.finditer(text))
        and sum(paras.counts(m.start())[2] for m in _PARAGRAPH_START_RE.finditer(text)) >= EN_SHORT_MIN
    )
    least = 1 if bare else 2 if mode == "always" else EN_SHORT_MIN
    for m in stretch_re.finditer(text):
        stretch = m.group(0)
        if stretch.count(" ") < least - 1:  # (cheap test first: most stretches are short)
            continue
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


def _mostly_words(text: str, run) -> bool:
    """Words, not a number read out digit by digit ("3 5 7 2")."""
    return len(_DIGITS_RE.findall(text, run[0][0], run[-1][1])) * 2 <= len(run)


def _everyday(word: str) -> bool:
    """An everyday English word ("so", "you", "don't"), as the sentences stage
    capitalizes, not a command or a name in lower case ("npm", "ls")."""
    from .terms.tables import words_en

    return word == "a" or "'" in word or "’" in word or word in words_en()


def _restore(text: str, run, paras: _Paragraphs, pauses: frozenset[int]) -> list[tuple[int, int, str, str, str]]:
    from ..restore_en import COMMA

    words = [text[a:b] for a, b in run]
    lower = text[run[0][0] : run[-1][1]].lower().replace("’", "'").split(" ")
    if len(lower) != len(words):  # (more than one space somewhere)
        lower = [w for w in lower if w]
    end = run[-1][1]
    while end < len(text) and text[end] == " ":
        end += 1
    final = end == len(text) or text[end] == "\n"
    # A break after word k is the space right after it (a run's words are
    # parted by single spaces once normalize has run).
    at = [run[k][1] in pauses for k in range(len(run))] if pauses else None
    decided = model().decode(lower, at if at and any(at) else None, final, EN_MAX_RUN)
    out = []
    # A sentence starts at the run's first word if the run opens its paragraph
    # or follows a sentence end.
    start = run[0][0]
    before = text[paras.bounds(start)[0] : start].rstrip(" ")
    starts = {0} if not before or before[-1] in _ENDS else set()
    for k, cls, conf in decided:
        a = run[k][1]
        out.append((a, a, _MARKS[cls], _RULES[cls], f"model confidence {conf:.2f}"))
        if cls != COMMA and k + 1 < len(run):
            starts.add(k + 1)
    caps = []
    for k, w in enumerate(words):
        if w.lower() in _PRONOUN_I and w[0] == "i":
            caps.append((run[k][0], run[k][0] + 1, "I", "restore-capital", "the pronoun I"))
        elif k in starts and _PLAIN_RE.match(w) and _everyday(w):
            caps.append((run[k][0], run[k][0] + 1, w[0].upper(), "restore-capital", "sentence start"))
    return sorted(out + caps)
