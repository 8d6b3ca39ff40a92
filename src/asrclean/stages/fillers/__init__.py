"""fillers: hesitations, stutters and (at higher levels) discourse fillers.

The stage is here; its rules live beside it: hesitations.py (呃, 嗯/恩, 额,
interjections, and 嗯 that answers), stutters.py (one character said again),
word_repeats.py (words and phrases said again, and the reduplication that is
grammar), restarts.py and clause_restarts.py (said again across a pause, opening a
clause and inside one), doubled.py (when a doubled character is a word or grammar),
discourse.py (the aggressive level),
english.py, and common.py (clause positions and the word tables).

The same characters are often real words, so every rule is precise first:

* A filler character inside a dictionary word stays (金额, 哎呀, 呢子, 感恩).
* A doubled character is a stutter only on evidence (狗狗, 岁岁平安 stay;
  我我, 公公司, 的时时候 go), and a repeat on a word boundary stays (美国|国会).
* Emphasis (a judgement call): a repeat that makes up a whole clause
  ("对对对，", "没有没有，") or is said three times or more before a mark
  ("卖卖卖，") is meant, and so is an answer said three times opening a clause
  ("是是是好的"); "没有没有录" and "方案方案。" are restarts. A reduplicated
  word said twice mid-clause is a stutter ("常常常常" -> "常常").
* Grammar said twice stays: 一A一A ("一个一个"), A-not-A "是不是", "说着说着",
  ABAB verbs ("研究研究"), AAB verb-object words ("洗洗澡"), sounds
  ("哗啦哗啦"); said three times or more in a clause it collapses. English:
  only function words that are never doubled collapse ("the the"), and
  phrases said again to go on ("we need to we need to hurry").

A filler takes with it the punctuation it leaves behind: "，呃，" -> "，",
"就第一呃，" -> "就第一，", "好，呃。" -> "好。"; between two English words or
numbers it leaves a space ("think呃that" -> "think that"); after an English
word that cannot end a phrase it takes the comma before it too ("for, um,
two" -> "for two"), and a capitalised one opening a sentence hands its
capital on ("Um, the" -> "The"). Empty quotes and
brackets go in the same rounds, so that the copies around them meet as a
stutter ("我《》我觉得" -> "我觉得").

Levels (``--fillers``; the guideline they follow is in the README):
  light       呃, 嗯 (恩 and 唔 opening a clause), um, uh; stutters; the glossary's fillers
  standard    + 额 as a hesitation, 哎/唉/啊 opening a clause, er/erm/hmm
  aggressive  + discourse fillers in filler position: 那么/就是说/然后呢 opening
              a clause, 就是 opening one before a pause, 那个/这个/然后 as a
              pause, 呢 as a mid-clause pause ("这个东西呢是" -> "这个东西是"),
              啊/呀/啦/嘛/哦/哈 ending a statement, and "you know", "I mean", "like"
              set off as fillers or before a degree adverb ("was like really")

The word tables are cut from jieba's dictionary at build time
(tools/build_reduplicated.py), so the stage never loads jieba itself.

Rounds after the first, and the pipeline's second look after the terms stage,
run only on the paragraphs that changed (stages/windows.py). That is exact as
long as a rule decides from its own paragraph, the paragraph before it (past
blank lines) and, at the very start of the text, whether the rest is only
fillers and marks; a rule that reads further must widen the windows there
(tests/test_windows.py compares with rounds over the whole text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from ...chars import t2s, to_simplified
from ...edits import Edit, Recorder, Scan, ascending_runs, literal_pattern, matches_at, touched_spans
from ...runstarts import RunStarts
from ..base import Stage as _Base
from ..base import remove_empty_pairs, tidy_after_deletions
from ..windows import rerun
from .clause_restarts import ClauseRestarts
from .common import (
    PAUSE,
    STOP,
    _filler_places,
    _kept,
    _next,
    _quoted,
    _redup_index,
    _tables,
)
from .discourse import _AGGRESSIVE_OPENERS_RE, _FINAL_TONE_RE, _PAUSE_NE_RE, Discourse
from .english import (
    _EN_DISCOURSE_RE,
    _EN_LIGHT_RE,
    _EN_STANDARD_RE,
    _NOT_WORD_AFTER,
    _NOT_WORD_BEFORE,
    LETTERS,
    LatinRepeats,
    _PhraseChains,
    en_repeat,
    en_repeats_at,
    english_discourse,
    latin_repeat,
)
from .hesitations import _CN_LIGHT_RE, _E_RE, _INTERJECTION_RE, Hesitations
from .restarts import _RESTART_RE, PausesBeforeCopies, Restarts, _Restarts
from .stutters import _CHAR_REPEATS, SpacedRepeats, Stutters
from .word_repeats import _WORD_REPEATS, WordRepeats, _MixedRepeats

__all__ = ["PAUSE", "STOP", "_RESTART_RE", "Stage", "_Restarts"]

def _en_restart(m: re.Match):
    unit = m.group(1)
    if all(w[0].isupper() for w in unit.split()):
        return None  # a name or a title said twice ("New York, New York")
    return unit, f"restart: {unit}"


# After this many rounds the text has settled; a round that changes nothing stops earlier.
_MAX_ROUNDS = 8


class Stage(Hesitations, Discourse, Restarts, ClauseRestarts, WordRepeats, Stutters, _Base):
    name = "fillers"
    description = "remove hesitations (呃, 嗯, um), stutters (我我我 -> 我) and, at higher levels, discourse fillers"

    def __init__(self, settings):
        super().__init__(settings)
        self.level = settings.fillers
        self.redup, self.abab, self.context, self.filler_words, self.vv_verbs, self.onomatopoeia = _tables()
        self.sound_chars = frozenset("".join(self.onomatopoeia))
        self.redup_index = _redup_index()
        self.filler_places = _filler_places()
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
        # A glossary term is a word like the dictionary's: a doubled character
        # whose second copy begins one is a stutter ("币币圈" -> "币圈").
        self.term_starts: dict[str, tuple[str, ...]] = {}
        words = found + tuple(v for _, v in glossary.replace)
        for t in dict.fromkeys(words + tuple(p.translate(t2s()) for p in words)):
            if len(t) >= 2 and "\u3400" <= t[0]:
                self.term_starts[t[0]] = (*self.term_starts.get(t[0], ()), t)
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
        # Later rounds run only near what changed (see stages.windows), unless a glossary
        # string spans a line break: then its protected span could cross a block's edge.
        self._local = not any("\n" in w for w in found + keep + fillers + tuple(v for _, v in glossary.replace))
        # Whether no protected string begins or ends with white space: then the tidying
        # after deletions (which deletes only white space at the edges of lines) never
        # meets a protected span, and may run on a text only partly in its simplified view
        # (see apply).
        self._protect_stripped = all(
            w == w.strip() for w in keep + found + tuple(p.translate(t2s()) for p in keep + found)
        )

    # -- passes -------------------------------------------------------------



    def apply(self, text: str, changed: Sequence[tuple[int, int]] | None = None) -> tuple[str, list[Edit]]:
        """The stage on ``text``; with ``changed`` (spans of ``text``), on a text that was
        this stage's output but for those spans: the same result, found faster."""
        # The word tables are simplified Chinese. Traditional text is cleaned
        # through a simplified view of it (one character for one, so offsets
        # agree): 謝謝 is the word 谢谢, not a stutter. The stage only deletes,
        # so its edits carry over to the original characters exactly.
        if changed is not None and self._local and self._protect_stripped:
            # A look at what changed: the simplified view of the paragraphs it runs on,
            # not of the whole text (whose scan cost more than the look itself).
            simplified = []

            def view(s: str) -> str:
                v = to_simplified(s)
                if v is not s:
                    simplified.append(True)
                return v

            got = self._apply(text, changed, view)
            if not simplified:
                return got
            return self._carried_over(text, got[1])
        view = to_simplified(text)
        if view == text:
            return self._apply(text, changed)
        return self._carried_over(text, self._apply(view, changed)[1])

    @staticmethod
    def _carried_over(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
        """The stage's output and edits on ``text`` from those it made on (some of) its
        simplified view, which differs only in characters its edits keep or delete.

        (The text is rebuilt once per pass, from the pieces between its edits: an edit
        at a time cost a copy of the whole text per edit, and a simplified text holds
        a few characters the view changes, 著 and 乾 among them.)"""
        out: list[Edit] = []
        current = text
        for run in ascending_runs(edits):
            pieces: list[str] = []
            pos = 0
            shift = 0  # what the run's edits so far added to the text's length
            for e in run:
                a = e.start - shift  # where the edit stands in the text before the run
                b = a + len(e.before)
                before = current[a:b]
                # A deletion keeps some of its characters, or leaves one space between words.
                # (A capital handed on is the same letter in both scripts.)
                after = e.after if e.after == " " or e.rule == "sentence-capital" else "".join(before[i] for i in _kept(e.before, e.after))
                out.append(Edit(e.stage, e.rule, e.start, e.end, before, after, e.detail))
                pieces.append(current[pos:a])
                pieces.append(after)
                pos = b
                shift += len(after) - len(before)
            pieces.append(current[pos:])
            current = "".join(pieces)
        return current, out

    def _apply(self, text: str, changed=None, view=None) -> tuple[str, list[Edit]]:
        """The rounds (``view``: see windows.rerun; only with ``changed``, local rounds)."""
        r = self.recorder()
        rounds = 0
        if changed is None or not self._local:
            rounds = 1
            text = self._round(r, text)
            changed = touched_spans(r.edits) if r.edits else None
        # A round after the first finds something only near what the round before
        # changed: it runs there alone (see stages.windows).
        while changed and rounds < _MAX_ROUNDS:
            rounds += 1
            if self._local:
                text, made, changed = rerun(text, changed, self._round, self._recorder, view)
                r.edits.extend(made)
            else:
                before = len(r.edits)
                text = self._round(r, text)
                changed = len(r.edits) > before
        if r.edits:
            text = tidy_after_deletions(r, text)
        return text, r.edits

    def _recorder(self, frozen) -> Recorder:
        return Recorder(self.name, self.protect, frozen=frozen)

    def _round(self, r, text: str) -> str:
        """Every pass once, in order."""
        standard = self.level in ("standard", "aggressive")
        # Where the runs of Latin letters begin, for the English passes: found once, and
        # carried through the round's edits (a scan of its own in each pass cost as much
        # on Chinese text without a letter; see english.LETTERS).
        letters = RunStarts(LETTERS)

        def at_letters(find):
            return Scan(lambda t: find(t, letters.starts(t, r.edits)))

        if self.glossary_re is not None:
            text = self._remove(r, text, self.glossary_re, "glossary-filler", self._filler_position)
        text = self._remove(r, text, _CN_LIGHT_RE, "hesitation", self._hesitation, restart=True)
        text = self._remove(
            r, text, at_letters(partial(matches_at, _EN_STANDARD_RE if standard else _EN_LIGHT_RE)), "hesitation-en",
            # "Hmm?" asks ("what?"), as "嗯？" does.
            lambda t, s, e: not _quoted(t, s, e) and _next(t, e) not in "?？",
        )
        if standard:
            text = self._remove(r, text, _E_RE, "hesitation-e", self._e)
            text = self._remove(r, text, _INTERJECTION_RE, "clause-opener", self._interjection)
        if self.level == "aggressive":
            text = self._remove(r, text, _AGGRESSIVE_OPENERS_RE, "discourse-filler", self._aggressive_opener, pause=self._own_pause)
            text = self._remove(r, text, _PAUSE_NE_RE, "pause-particle", self._pause_ne, pause=self._ne_owns_pause)
            text = self._remove(r, text, _FINAL_TONE_RE, "tone-particle", self._final_tone)
            text = self._remove(
                r, text, at_letters(partial(matches_at, _EN_DISCOURSE_RE)), "discourse-en",
                lambda t, s, e: not _quoted(t, s, e) and english_discourse(t, s, e),
            )
        # Brackets a removal emptied, or that came empty ("我《》我觉得"), go here rather
        # than in punctuation: the copies they stood between are a stutter for the next round.
        text = remove_empty_pairs(r, text)
        # (Both restart passes look at the pauses a copy may follow: one scan, unless the
        # text changes between them.)
        pauses = PausesBeforeCopies()
        text = r.sub(Scan(lambda t: _Restarts.finditer(t, pauses)), self._restart, text, "restart")
        text = self._discourse_restarts(r, text)
        text = self._function_restarts(r, text, pauses)
        text = r.sub(_WORD_REPEATS, self._word_repeat, text, "stutter-word")
        text = r.sub(at_letters(_MixedRepeats.finditer), self._mixed_repeat, text, "stutter-word")
        text = r.sub(_CHAR_REPEATS, self._char_repeat, text, "stutter-char")
        text = r.sub(SpacedRepeats, self._spaced_char_repeat, text, "stutter-char")
        text = r.sub(at_letters(en_repeats_at), en_repeat, text, "stutter-en")
        text = r.sub(at_letters(LatinRepeats.finditer), latin_repeat, text, "stutter-en")
        # (Its matches widen to a whole run of copies: not only where a run of letters begins.)
        text = r.sub(_PhraseChains, _en_restart, text, "restart-en")
        return text
