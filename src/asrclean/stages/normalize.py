"""normalize: widths, whitespace, invisible characters, line breaks, script."""

from __future__ import annotations

import re
import unicodedata

from ..chars import (
    CJK, NUMBER_MARK_RE, PERCENT_SPACE_RE, SPACE_BETWEEN_CJK_RE, is_cjk, may_space_between_cjk, number_mark, spaces_are_pauses,
)
from ..edits import Edit
from ..lazyre import lazy
from .base import Stage as _Base
from .base import has_edge_space, joins_words, remove_empty_pairs

# Full-width ASCII letters, digits and symbols become ASCII. Chinese punctuation
# that has a full-width form in normal Chinese typesetting (，．！？：；（）) stays.
_KEEP_FULL = set("！，．：；？（）［］｛｝＂＇～")  # ～ is a Chinese wave dash, not a tilde
_WIDTH = {
    cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL
}
# (One character of the class, then the rest of the run: ``re`` skips ahead to a class
# that a pattern opens with in a fast scan, but tries ``[...]+`` at every character,
# five times slower on a Chinese text, which has a full-width ，or （ every few words.)
_WIDTH_CLASS = "[" + "".join(re.escape(chr(c)) for c in _WIDTH) + "]"
# (One group around the whole: ``Recorder.translate`` finds the runs with ``re.split``.)
_WIDTH_RE = re.compile(f"({_WIDTH_CLASS}{_WIDTH_CLASS}*)")

# Control characters and invisible format characters that recognizers and copy
# and paste leave behind; a zero-width joiner stays (emoji sequences need it).
_INVISIBLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2060\ufeff\ufffe"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]+")
# Those of them that divide words (a joiner or a direction mark does not).
_DIVIDING_RE = lazy("[\x0b\x0c\x1c-\x1f\u200b]")
# Every other kind of space (tab, no-break, ideographic, thin...) is one space.
_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES_RE = re.compile(f"[{_SPACES}]+")
# A character of either: whether the two passes have anything to do.
_ODD_CHARACTER_RE = re.compile(f"[{_INVISIBLE}{_SPACES}]")
_NEWLINES_RE = re.compile("\r\n?|[\u2028\u2029\x85]")
_RUN_OF_SPACES_RE = re.compile(" {2,}")
# Spaces at the edges of lines. A run is only entered at its first space: tried
# at every space, ` +(?=\n)` would rescan the rest of the run each time.
# (The space first, then the looks back: a scan for a literal skips ahead fast,
# while a pattern that opens with a look back is tried at every character.)
# (As "(?<! ) +(?=\n)|(?<=\n) +".)
_LINE_EDGE_SPACES_RE = re.compile(" (?:(?<!  ) *(?=\n)|(?<=\n ) *)")
# Leading white space, unless spaces and a line break open the text: then (as
# one pattern with the above used to find) only the spaces go here.
_LEADING_SPACE_RE = re.compile("\\A(?! +\n)\\s+")
# A blank line (or more) separates paragraphs; keep exactly one.
_PARAGRAPH_BREAK_RE = re.compile("\n{3,}")
# A single line break is where a recognizer or a subtitle cue cut the text,
# not a paragraph: join the lines, with a space only between two Latin words.
# (Each written line break first, then the looks around: see _LINE_EDGE_SPACES_RE.)
_CJK_LINE_BREAK_RE = lazy(f"\n(?:(?<=[{CJK}，。！？、；：”’）」』]\n)(?!\n)|(?<!\n\n)(?=[{CJK}，。！？、；：“‘（「『]))")
_LINE_BREAK_RE = re.compile("\n(?<!\n\n)(?!\n)")
# Between two Chinese characters a line (or cue) break with no mark is where the
# speaker paused ("什么是机器学习⏎机器学习就是"): a pause space, which the
# punctuation stage makes a comma; joining the words would run two sentences
# together and make the repeat look like a stutter.
_CJK_PAUSE_BREAK_RE = lazy(f"\n(?<=[{CJK}]\n)(?!\n)(?=[{CJK}])")

_CJK_RUN_RE = lazy(f"[{CJK}]+")
# A line that starts a dialogue turn ("客服：", "A："), a bullet or a numbered
# item stands on its own: its line break is a paragraph break, not a pause.
_STRUCTURED_LINE_RE = lazy(
    r"\n(?<=[^\n]\n)(?=[ \t]*(?:[-*•·][ \t]|\d{1,3}[.、)）][ \t]?|[^\s：:，。,.]{1,12}[：:]))"
)

_OPENCC_CONFIG = {
    "simplified": "t2s",
    "traditional": "s2t",
    "taiwan": "s2twp",
    "hongkong": "s2hk",
}


def _strip_edges(r, text: str) -> str:
    """Remove white space at the text's ends and spaces at the edges of its lines."""
    # The trailing run is found with rstrip, not `\\s+\\Z`: that pattern fails
    # at every white space character before the last word after scanning to
    # the next one, which is quadratic on a long run.
    end = len(text.rstrip())
    if end < len(text):
        text = r.replace_spans(text, [(end, len(text), "", None)], "edge-spaces")
    text = r.sub(_LEADING_SPACE_RE, "", text, "edge-spaces")
    return r.sub(_LINE_EDGE_SPACES_RE, "", text, "edge-spaces")


def _in_word(text: str, i: int) -> bool:
    """Whether text[i] is a letter or a combining mark of a script other than Chinese."""
    if not 0 <= i < len(text):
        return False
    c = text[i]
    return (c.isalpha() or unicodedata.category(c).startswith("M")) and not is_cjk(c)


class Stage(_Base):
    name = "normalize"
    description = "full-width letters/digits to ASCII, whitespace and control characters tidied, line breaks joined, optional script conversion"

    def __init__(self, settings):
        super().__init__(settings)
        self._converter = None
        if settings.script != "keep":
            import opencc  # only when a conversion is asked for

            self._converter = opencc.OpenCC(_OPENCC_CONFIG[settings.script])

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        r = self.recorder()
        # Substring tests skip the passes a text does not need (most texts need few).
        if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
            text = r.sub(_NEWLINES_RE, "\n", text, "line-endings")
        if _ODD_CHARACTER_RE.search(text):  # (one scan for both: most texts have neither)
            text = r.sub(_INVISIBLE_RE, self._invisible, text, "invisible-characters")
            text = r.sub(_SPACES_RE, " ", text, "unusual-spaces")
        text = r.translate(_WIDTH_RE, _WIDTH, text, "full-width-ascii")
        if "．" in text or "：" in text:
            text = r.sub(NUMBER_MARK_RE, number_mark, text, "full-width-ascii")
        if "%" in text or "‰" in text:
            text = r.sub(PERCENT_SPACE_RE, "", text, "percent-space")
        if self._converter is not None:
            text = self._convert_script(text, r)
        # Quotes and brackets that came empty ("the《》 3") go before the restore
        # stage reads the text: fillers and punctuation would take them out
        # later, and a second run's restore, not seeing them, would decide
        # otherwise (a run of English they cut in two, a paragraph's end).
        # (Before the spaces are read and tidied: a pair leaves spaces behind.)
        text = remove_empty_pairs(r, text)
        if has_edge_space(text):
            text = _strip_edges(r, text)
        # Whether spaces between Chinese words mark pauses or word segmentation
        # is read from the spaces the text came with, before line breaks become
        # pause spaces: a short text of two lines ("是是是⏎好的") is not
        # segmented, and its break stays a pause.
        pauses = " " not in text or spaces_are_pauses(text)
        if "\n" in text:
            if self.settings.lines == "paragraphs":
                # Every line is a turn of its own (exported turns, meeting notes).
                text = r.sub(_LINE_BREAK_RE, "\n\n", text, "line-turns")
            text = r.sub(_STRUCTURED_LINE_RE, "\n\n", text, "structured-lines")
            if "\n\n\n" in text:
                text = r.sub(_PARAGRAPH_BREAK_RE, "\n\n", text, "blank-lines")
            text = r.sub(_CJK_PAUSE_BREAK_RE, " ", text, "line-pause")
            text = r.sub(_CJK_LINE_BREAK_RE, "", text, "join-lines")
            text = r.sub(_LINE_BREAK_RE, " ", text, "join-lines")
        if "  " in text:
            text = r.sub(_RUN_OF_SPACES_RE, " ", text, "repeated-spaces")
        if has_edge_space(text):
            text = _strip_edges(r, text)
        # Decided here, first, so that every later stage sees the same thing: a
        # space between Chinese words either marks a pause (and stays, for
        # fillers to read as a clause boundary and punctuation to make a comma)
        # or is word segmentation, and goes.
        if not pauses and may_space_between_cjk(text):
            text = r.sub(SPACE_BETWEEN_CJK_RE, "", text, "word-space")
        return text, r.edits

    @staticmethod
    def _invisible(m: re.Match) -> str | None:
        # A zero-width space, form feed or separator between two English words
        # divided them: it leaves a space ("foo\u200bbar" -> "foo bar").
        if _DIVIDING_RE.search(m.group(0)) and joins_words(m.string, m.start(), m.end()):
            return " "
        if m.group(0) == "\u200c" and _in_word(m.string, m.start() - 1) and _in_word(m.string, m.end()):
            return None  # a non-joiner inside a word is spelling (Persian "می\u200cخواهم", Hindi)
        return ""

    def _convert_script(self, text: str, r) -> str:
        # Converting each run of CJK text on its own keeps every edit small and
        # leaves protected (`keep`) spans alone; OpenCC's phrase rules never
        # reach across non-CJK characters anyway.
        convert = self._converter.convert
        return r.sub(_CJK_RUN_RE, lambda m: convert(m.group(0)), text, f"script-{self.settings.script}")
