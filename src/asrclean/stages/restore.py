"""restore: put back the sentence ends, questions and commas a recognizer never wrote.

Many recognizers write Chinese with no marks at all: one run of characters,
a space where the speaker paused (Whisper), or one cue per line (which
normalize has made a pause space). Marks the recognizer did write stay; only
stretches without any are restored, each gap decided by a small linear model
(asrclean.restore_model, trained by tools/train_punct.py).

Which stretches (``--punctuate``):
  auto    a stretch of a paragraph with no mark at all (pause spaces and
          line or cue breaks are no marks) of RUN_MIN Chinese characters or
          more, if it holds a pause space between Chinese characters or its
          paragraph has fewer than one mark per UNMARKED_PER_MARK Chinese
          characters. Punctuated speech almost never runs that long without
          a mark, and a long sentence of punctuated prose has marks around
          it; a short unpunctuated phrase keeps the old reading (a pause
          space becomes a comma in the punctuation stage). Subtitles and
          recognizer segments with no mark anywhere are cleaned as ``always``
          (see ``api``), so that their short turns end too;
  always  as auto without its conditions, for every stretch over MAX_RUN
          Chinese characters, and for every stretch however short in a
          paragraph that has no sentence end (。！？) at all;
  never   none: pauses become commas in the punctuation stage, as before.
In a stretch without any pause, the form of the words weighs in too (a word a mark
would cut, a question word that needs its verb, an answer that echoes a choice: see
_unspaced_costs). Every pause space between Chinese characters in a restored stretch takes a
mark (the model chooses which: a pause the recognizer heard is a boundary,
but not always a comma), and the decoder never lets MAX_RUN (< RUN_MIN)
characters go without one: cleaning the result again finds nothing to restore.

English runs without marks (English-only transcripts, English inside Chinese)
are restored by their own model, with ". ? ," and capitals: see
stages/restore_english.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..chars import CJK, is_cjk
from ..edits import Edit, Protected
from ..lazyre import lazy
from . import restore_english
from .base import Stage as _Base

RUN_MIN = 40
MAX_RUN = 30
UNMARKED_PER_MARK = 25

# What ends a stretch: any mark the recognizer wrote (half-width ones too: the
# punctuation stage makes them full width later), quotes and brackets, and
# line breaks.
_BOUNDARY = "。！？，、；：.!?,;:…—\n\"'“”‘’「」『』《》〈〉（）()[]【】〔〕"
_STRETCH_RE = re.compile("[^" + re.escape(_BOUNDARY) + "]+")


@functools.cache
def _long_stretches(least: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the stretch that opens the text, a boundary and the stretch after it), each
    at least ``least`` long: see ``long_stretch_spans``."""
    b = re.escape(_BOUNDARY)
    return re.compile(f"[^{b}]{{{least},}}"), re.compile(f"[{b}]([^{b}]{{{least},}})")


def long_stretch_spans(text: str, least: int):
    """The spans of the matches of ``_STRETCH_RE`` at least ``least`` long, found by
    the regex engine: most stretches are short (a Chinese text has one between every
    two marks), and looking at each in Python cost more than the rest of the stage.
    Every stretch but one that opens the text follows a boundary: a pattern that opens
    with the boundary class is tried only at a boundary (``re`` skips ahead to a class
    it opens with), where one that opens with a look back at the character before
    (``(?<![^...])``) was tried at every character, at more than twice the cost."""
    first, after = _long_stretches(least)
    m = first.match(text)
    if m is not None:
        yield m.span()
    for m in after.finditer(text, m.end() if m is not None else 0):
        yield m.span(1)


_EN_STRETCH_RE = restore_english.stretch_pattern(_BOUNDARY)
_CJK_RE = lazy(f"[{CJK}]")
_NON_CJK_RE = lazy(f"[^{CJK}]")
_MARK_RE = lazy("[。！？，、；：.!?,;:]")
_PAUSE_RE = lazy(f"[{CJK}] +[{CJK}]")
_LEADING = frozenset("。！？，、；：.!?,;:…—\"'“‘「『《〈（([【〔")
_HESITATIONS = frozenset("呃嗯额")  # the fillers stage removes these (and a mark after one)
_RULES = {1: "restore-comma", 2: "restore-period", 3: "restore-question"}

@functools.lru_cache(maxsize=None)
def model():
    """The model, loaded once per process and only when a text needs it."""
    from ..restore_model import Model

    return Model.load()


def _has_pause(stretch: str) -> bool:
    """A space between Chinese characters: where the recognizer heard a pause
    (or a line or cue ended) and wrote no mark."""
    return " " in stretch and _PAUSE_RE.search(stretch) is not None


def _staying_marks(text: str, start: int, end: int):
    """The marks of text[start:end] (a paragraph) that stay: right after a word, a
    closing quote or bracket (spaces between allowed). One at the paragraph's start,
    after another mark or an opening bracket, or after a hesitation (嗯。) is one a
    later stage may drop."""
    for m in _MARK_RE.finditer(text, start, end):
        k = m.start() - 1
        while k >= start and text[k] == " ":
            k -= 1
        if k >= start and text[k] not in _HESITATIONS and text[k] not in _LEADING:
            yield m


# Text without pauses (Paraformer/Kaldi-style): what the words around a gap add to the
# model's scores, in weight units (see restore_model.decode, ``costs``). Chosen on the DEV
# half of bench/bench_structure.py, no spaces (never its test half):
# - a gap inside a word (word_gaps: bits by which the best split into words is likelier
#   than one with a boundary there) costs both marks CUT_WEIGHT a bit, at most CUT_CAP
#   bits (0.05-0.5 a bit gave a mean dev F1 within 0.005; marks at a gap that costs 2 bits
#   or more, all but one wrong: 9 without, 8 at 0.1, none from 0.3 on), and a mark that
#   falls due goes at a gap that cuts no word where one of the last few does not;
# - right after a question word that needs its verb after it (spoken_form), OPEN_QUESTION
#   off both marks (2 to 8 gave questions 0.606 -> 0.636-0.639; the high end, since such a
#   clause all but never ends there);
# - before the 还是 of a choice asked with 是/要 (spoken_form), ALTERNATIVE off both marks:
#   the two alternatives are one clause (2 / 4 / 8 gave questions 0.676 / 0.685 / 0.685;
#   the low end of the plateau);
# - where an answer echoes an alternative (spoken_form), ECHO added to the sentence end:
#   the echo is a sentence of its own (10 and 20 the same on dev; 20 makes it sure).
CUT_WEIGHT = 0.3
CUT_CAP = 10.0
OPEN_QUESTION = 8.0
ALTERNATIVE = 4.0
ECHO = 20.0


def _unspaced_costs(seq: str) -> dict[int, complex]:
    """The costs (comma + sentence end·j) of the gaps of a stretch without pauses, by gap
    (only those that have one)."""
    from ..restore_model import SCALE
    from ..spoken_form import alternative_gaps, echo_gaps, open_question_gaps
    from ..word_gaps import boundary_costs

    w = CUT_WEIGHT * SCALE
    # (Cut at half a thousandth of a bit: the costs are sums of float levels.)
    out = {g: round(w * (c if c < CUT_CAP else CUT_CAP)) * (1 + 1j)
           for g, c in enumerate(boundary_costs(seq)) if c > 0.0005}
    both = round(OPEN_QUESTION * SCALE) * (1 + 1j)
    for g in open_question_gaps(seq):
        out[g] = out.get(g, 0) + both
    both = round(ALTERNATIVE * SCALE) * (1 + 1j)
    for g in alternative_gaps(seq):
        out[g] = out.get(g, 0) + both
    end = round(ECHO * SCALE) * 1j
    for g in echo_gaps(seq):
        out[g] = out.get(g, 0) - end
    return out


class Stage(_Base):
    name = "restore"
    description = "restore missing sentence ends, questions and commas in Chinese (。？，) and English (. ? , and capitals) text written without marks (--punctuate auto|always|never)"

    def apply(
        self, text: str, pauses: frozenset[int] = frozenset(), changed: Sequence[tuple[int, int]] | None = None
    ) -> tuple[str, list[Edit]]:
        """``pauses``: offsets of spaces in ``text`` where a line or cue break
        was (the pipeline finds them). A Chinese pause is a space between
        Chinese characters, in the text itself; between English words a
        space is no sign of one, so the English model is told of them.

        ``changed`` (spans of ``text``): the text was this stage's output, run
        without ``pauses``, but for those spans (the pipeline's look again after
        fillers): only the lines that hold them are read, with the same result."""
        mode = self.settings.punctuate
        if mode == "never":
            return text, []
        if changed is not None and not pauses:
            spans = self._spans_near(text, changed, mode)
        else:
            spans = self._spans(text, mode, pauses)
        if not spans:
            return text, []
        return self._apply_spans(text, spans)

    def _spans(self, text: str, mode: str, pauses: frozenset[int] = frozenset(), bare: bool | None = None) -> list:
        """The changes to make in ``text``: (start, end, mark, rule, detail), in text order.
        ``bare``: whether the whole text is English without marks (None: found here;
        see ``restore_english.spans``)."""
        # English runs without marks go to the English model (restore_english);
        # its spans never touch a gap next to a Chinese character, which are this
        # stage's own.
        english = restore_english.spans(text, mode, _EN_STRETCH_RE, pauses, bare)
        if not _CJK_RE.search(text):
            return english
        least = 2 if mode == "always" else RUN_MIN
        spans: list[tuple[int, int, str, str, str | None]] = []
        density: dict[int, bool] = {}  # paragraph start -> whether it is mostly without marks
        for a, b in long_stretch_spans(text, least):
            stretch = text[a:b]
            cjk = len(stretch) - len(_NON_CJK_RE.findall(stretch))  # (most characters are Chinese)
            if cjk < least:
                continue
            if mode == "auto":
                if not (_has_pause(stretch) or self._unmarked_paragraph(text, a, density)):
                    continue
            elif cjk <= MAX_RUN and self._has_mark(text, a):
                # `always`: a short stretch only in a paragraph without any mark,
                # which restoring gives it (so a second run leaves it alone, even
                # where the paragraph ends in a Latin word and gets no full stop).
                continue
            self._restore(text, a, b, spans)
        if english:
            spans = sorted(spans + english)
        return spans

    def _spans_near(self, text: str, changed: Sequence[tuple[int, int]], mode: str) -> list:
        """``_spans(text, mode)`` from the lines that hold a span of ``changed`` alone.

        Every decision of this stage is a line's own (a stretch, a run and the marks
        they are weighed against end at a line break), but one: whether the whole
        text is English without marks (``bare``), which lets more runs be restored.
        The other lines are as this stage left them, so it leaves them again: when
        it last read them the text was bare or not, and a text that is not bare now
        restores in a line no more than a bare one did. A text that may be bare now
        is read whole. Each window is its lines with the line break on either side,
        so that what a pattern looks at around them is what it sees in the text."""
        n = len(text)
        windows: list[list[int]] = []
        for a, b in changed:
            start = text.rfind("\n", 0, a) + 1
            end = text.find("\n", b)
            end = n if end < 0 else end
            start, end = max(0, start - 1), min(n, end + 1)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        if not windows:
            return []
        if restore_english.may_be_bare(text, [text[a:b] for a, b in windows]):
            return self._spans(text, mode)
        spans = []
        for a, b in windows:
            for s, e, *rest in self._spans(text[a:b], mode, bare=False):
                spans.append((s + a, e + a, *rest))
        return spans

    @staticmethod
    def _has_mark(text: str, at: int) -> bool:
        """Whether the paragraph around ``at`` has a mark that stays: one right
        after a word, a closing quote or bracket (spaces between allowed). A
        mark at the start of a paragraph, after another mark or an opening
        bracket, or after a hesitation (嗯。) is one a later stage may drop; counting it, a second run would find the
        paragraph without marks and restore what the first run did not."""
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = end if end != -1 else len(text)
        return next(_staying_marks(text, start, end), None) is not None

    @staticmethod
    def _unmarked_paragraph(text: str, at: int, seen: dict) -> bool:
        """Whether the paragraph around ``at`` has fewer than one mark per
        UNMARKED_PER_MARK Chinese characters: a long sentence in punctuated
        text (news, a careful speaker) is no place to add marks."""
        start = text.rfind("\n", 0, at) + 1
        if start not in seen:
            end = text.find("\n", at)
            end = end if end != -1 else len(text)
            para = text[start:end]
            # (Only marks that stay count, as in _has_mark: a comma opening the paragraph,
            # which the punctuation stage drops, made it look punctuated to this run
            # and not to the next, which then restored what this one did not.)
            marks = sum(1 for _ in _staying_marks(text, start, end))
            cjk = len(para) - len(_NON_CJK_RE.findall(para))
            seen[start] = cjk >= UNMARKED_PER_MARK * (marks + 1)
        return seen[start]

    def _restore(self, text: str, a: int, b: int, spans: list) -> None:
        from ..restore_model import decode, reduce_text
        from ..spoken_form import relabel

        # The stretch as the model sees it: characters without spaces, a pause
        # flag on the gap a space stood in, and where each character is.
        # Built piece by piece (the runs between spaces), not per character.
        chars: list[str] = []
        where: list[int] = []  # offset in text of each character
        pause_at: list[int] = []  # gaps (indices into chars) where a pause is
        pos = a
        for piece in text[a:b].split(" "):
            if piece:
                if chars and is_cjk(chars[-1][-1]) and is_cjk(piece[0]):
                    # A pause only between Chinese characters: the space the
                    # spacing stage puts between Chinese and Latin ("我们 app")
                    # is no pause, or a second run would read its own output
                    # differently.
                    pause_at.append(len(where))
                chars.append(piece)
                where.extend(range(pos, pos + len(piece)))
            pos += len(piece) + 1
        n = len(where)
        if n < 2:
            return
        joined = "".join(chars)
        pauses = None
        if pause_at:
            pauses = [False] * n
            for g in pause_at:
                pauses[g] = True
        # A mark goes only next to Chinese: not inside a Latin word or a number.
        candidates = None
        others = [m.start() for m in _NON_CJK_RE.finditer(joined)]
        if others:
            candidates = [True] * n
            candidates[0] = False
            other = set(others)
            for k in others:
                if k + 1 < n and k + 1 in other:
                    candidates[k + 1] = False
        # The stretch ends its paragraph (nothing but spaces up to a break or
        # the end): its last sentence needs an end too.
        rest = b
        while rest < len(text) and text[rest] == " ":
            rest += 1
        final = (rest == len(text) or text[rest] == "\n") and is_cjk(joined[-1])
        seq = reduce_text(joined)
        # The model decides where the marks go; the form of each clause may
        # then change a mark's kind (see spoken_form).
        # Without pauses, the words themselves say a little about where a mark goes.
        costs = _unspaced_costs(seq) if pauses is None else None
        marks = decode(model(), seq, pauses, candidates, final, MAX_RUN, costs)
        for (g, cls, conf, why), (_, was, _) in zip(relabel(seq, marks, pauses), marks):
            left = where[g - 1] + 1
            right = where[g] if g < n else left
            # The mark takes the place of the pause space, if there was one.
            # A mark whose kind the form decided states no confidence of its
            # own ("model confidence" is what the silence rules of timed input
            # weigh against; the model's was for the mark it had chosen).
            detail = f"{why}; the model had {'，。？'[was - 1]} at {conf:.2f}" if why else f"model confidence {conf:.2f}"
            spans.append((left, right, "，。？"[cls - 1], _RULES[cls], detail))

    def _apply_spans(self, text: str, spans: list) -> tuple[str, list[Edit]]:
        protected = Protected(text, self.protect) if self.protect is not None else None
        out: list[str] = []
        edits: list[Edit] = []
        pos = delta = 0
        for start, end, after, rule, detail in spans:  # in text order, never overlapping
            if protected and protected.overlaps(start, end):
                continue
            before = text[start:end]
            out.append(text[pos:start])
            out.append(after)
            s = start + delta
            edits.append(Edit(self.name, rule, s, s + len(before), before, after, detail))
            delta += len(after) - len(before)
            pos = end
        out.append(text[pos:])
        return "".join(out), edits
