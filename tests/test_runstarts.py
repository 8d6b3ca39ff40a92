"""``runstarts.RunStarts``: the places where runs of a class begin, carried through the
edits of a round's passes, are those a new scan of the text finds."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from asrclean.edits import Recorder, replay
from asrclean.runstarts import RunStarts

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RUNS = re.compile("[A-Za-z]+")

PIECES = ["a", "ab", "Um", "我", "呃", " ", "，", "1", "\n", "x1", "'", "B"]


def scanned(text: str) -> list[int]:
    return [m.start() for m in _RUNS.finditer(text)]


@st.composite
def passes(draw):
    """A text, and passes over it: each a left-to-right list of (start, end, new text)."""
    text = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=20)))
    rounds = []
    size = len(text)
    for _ in range(draw(st.integers(0, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, size), max_size=6)))
        spans = []
        for a, b in zip(cuts[::2], cuts[1::2]):
            if spans and a < spans[-1][1]:
                continue
            spans.append((a, b, draw(st.sampled_from(["", " ", "a", "我", "Zz", "1"]))))
        rounds.append(spans)
        size += sum(len(after) - (b - a) for a, b, after in spans)
    return text, rounds


@settings(max_examples=400, deadline=None)
@given(passes())
@example(("ab呃cd", [[(2, 3, "")]]))
@example(("a我b", [[(1, 2, "")], [(0, 1, "")]]))
def test_carried_starts_are_a_new_scans(case):
    text, rounds = case
    r = Recorder("t")
    runs = RunStarts(LETTERS)
    assert runs.starts(text, r.edits) == scanned(text)
    for spans in rounds:
        # (Spans past the end of a text that shrank are left out.)
        spans = [(a, b, after) for a, b, after in spans if b <= len(text)]
        text = r.replace_spans(text, [(a, b, after, None) for a, b, after in spans], "x")
        assert runs.starts(text, r.edits) == scanned(text), (text, r.edits)


@settings(max_examples=200, deadline=None)
@given(passes())
def test_carried_over_several_passes_at_once(case):
    # Passes that the scan is not asked about in between: their edits are carried in one go.
    text, rounds = case
    r = Recorder("t")
    runs = RunStarts(LETTERS)
    runs.starts(text, r.edits)
    start = text
    for spans in rounds:
        spans = [(a, b, after) for a, b, after in spans if b <= len(text)]
        text = r.replace_spans(text, [(a, b, after, None) for a, b, after in spans], "x")
    assert replay(start, r.edits) == text
    assert runs.starts(text, r.edits) == scanned(text)


def test_a_text_the_edits_do_not_explain_is_scanned_whole():
    r = Recorder("t")
    runs = RunStarts(LETTERS)
    runs.starts("ab 我 cd", r.edits)
    # A different text, no edits recorded: a new scan.
    assert runs.starts("我 xy", r.edits) == [2]


# The English passes of the fillers stage, tried only where a run of letters begins:
# the same matches as each pattern's own scan (İ, ı and ſ are i and s to a pattern
# that ignores case; K, the Kelvin sign, is k).
_EN_PIECES = ["the", "The", "a", "I", "we", "um", "Uh", "er", "hmm", "like", "you know", "I mean",
              "we need to", " ", " ", ",", "'", "-", "x1", "1", "我", "呃", "ı", "İ", "ſhe", "K", "PR", "C++", "#"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_EN_PIECES), max_size=16).map("".join))
@example("ıum İ the the ſhe ſhe went")
def test_english_passes_at_letter_runs(text):
    from asrclean.edits import matches_at
    from asrclean.stages.fillers import english, word_repeats

    starts = scanned(text)

    def spans(found):
        return [(m.span(), m.groups()) for m in found]

    for pattern in (english._EN_LIGHT_RE, english._EN_STANDARD_RE, english._EN_DISCOURSE_RE, english._EN_PHRASE_REPEAT_RE):
        assert spans(matches_at(pattern, text, starts)) == spans(pattern.finditer(text)), pattern.pattern
    assert spans(english.en_repeats_at(text, starts)) == spans(english._EN_REPEAT_RE.finditer(text))
    assert spans(english.LatinRepeats.finditer(text, starts)) == spans(english.LatinRepeats.finditer(text))
    assert spans(word_repeats._MixedRepeats.finditer(text, starts)) == spans(word_repeats._MixedRepeats.finditer(text))
