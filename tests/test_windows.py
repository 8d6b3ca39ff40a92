"""Rounds run only near what changed (``stages.windows``) give exactly what rounds over
the whole text give: the same text and the same edits, in the same order.

The fillers stage runs its rounds after the first, and its second look after the terms
stage, on the paragraphs that changed and those that read them. These tests compare that
with the stage made to run every round on the whole text, on generated multi-paragraph
transcripts built so that what crosses a paragraph break meets often: a question before
a paragraph that opens with 嗯, paragraphs of fillers only, a text that opens with one,
blank lines of spaces, stutters split by a removal.
"""

from __future__ import annotations

import copy
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from changes_made import apply_changes

from asrclean.edits import replay, touched_spans
from asrclean.glossary import load_all
from asrclean.glossary import parse as parse_glossary
from asrclean.pipeline import Pipeline
from asrclean.settings import FILLER_LEVELS, Settings
from asrclean.stages import windows
from asrclean.stages.fillers import Stage as Fillers

GLOSSARY = load_all([], use_default=True).merged(
    parse_glossary('replace: {"[音乐]": "", B圈: 币圈}\nfillers: [you know]\nkeep: [好好学习]\n', "windows")
)
LOCAL = {level: Fillers(Settings(glossary=GLOSSARY, fillers=level)) for level in FILLER_LEVELS}


def _whole(stage: Fillers) -> Fillers:
    """The same stage, every round over the whole text."""
    whole = copy.copy(stage)
    whole._local = False
    return whole


WHOLE = {level: _whole(s) for level, s in LOCAL.items()}

_WORDS = st.sampled_from(
    "我 你 他 我们 觉得 明天 这个 那个 问题 公司 的 了 是 就 说 看 好的 对 谢谢 美国 国会 然后 所以 一个 "
    "I think the we need to OK like so you know 3 2024 AI deep seek".split()
)
_FILLERS = st.sampled_from(["呃", "嗯", "额", "啊", "哎", "那个", "然后呢", "就是说", "呢", "um", "uh", "hmm", "嗯。", "嗯？"])
_MARKS = st.sampled_from(list("，。？！、：,.?!") + [" ", "  ", "《》", "“", "”"])
_REPEATS = st.sampled_from(["我我", "我，我", "这个，这个", "就是就是", "对对对", "the the", "我呃我", "我 我觉得", "啊啊"])
_BREAKS = st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n", " \n\n", "\n\n ", "\n \n\n", "\n\nA：", "\n\n- "])
# Openings and endings that read across a paragraph break: 嗯 after a question answers it.
_OPENINGS = st.sampled_from(["", "", "嗯。", "嗯，", "嗯", "呃，", "这个，", "那个，", "好，", "B：嗯。", "就是，", "就是，我", "就是，就是"])
_ENDINGS = st.sampled_from(["", "", "？", "吗？", "?", "：", "。", "嗯。", " ？"])
PARAGRAPH = st.tuples(
    _OPENINGS, st.lists(st.one_of(_WORDS, _WORDS, _FILLERS, _MARKS, _REPEATS), max_size=10).map("".join), _ENDINGS
).map("".join)
TEXTS = st.lists(st.tuples(PARAGRAPH, _BREAKS), min_size=1, max_size=12).map(
    lambda parts: "".join(p + b for p, b in parts[:-1]) + parts[-1][0]
)
LEVELS = st.sampled_from(FILLER_LEVELS)
EXAMPLES = int(os.environ.get("ASRCLEAN_FUZZ_EXAMPLES", "0")) or 300
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)


@SETTINGS
@given(TEXTS, LEVELS)
def test_later_rounds_near_the_changes_give_what_whole_rounds_give(text, level):
    got = LOCAL[level].apply(text)
    want = WHOLE[level].apply(text)
    assert got[0] == want[0]
    assert got[1] == want[1]


# Changes a later stage may make: any span replaced by any piece.
_CHANGES = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 3), st.one_of(st.just(""), _WORDS, _FILLERS, _MARKS, _REPEATS)),
    max_size=4,
)



@SETTINGS
@given(TEXTS, _CHANGES, LEVELS)
def test_a_second_look_near_the_changes_gives_what_a_whole_look_gives(text, changes, level):
    _second_look_equals_whole_look(text, changes, level)


def _second_look_equals_whole_look(text: str, changes, level: str) -> None:
    first, made = LOCAL[level].apply(text)
    changed, edits = apply_changes(first, changes, "terms")
    spans = touched_spans(edits, touched_spans(made))
    got = LOCAL[level].apply(changed, changed=spans)
    want = WHOLE[level].apply(changed)
    assert got[0] == want[0]
    assert got[1] == want[1]


# Traditional characters (read through their simplified view): in some paragraphs, in
# what a later stage writes, or in none. A second look reads the view of the paragraphs
# it runs on, not of the whole text.
_TRADITIONAL = st.sampled_from(["謝謝", "這個", "這這個", "額", "額額", "我們們", "說說", "問題", "會會議", "嗯", "臺灣"])
TRADITIONAL_TEXTS = st.lists(
    st.tuples(
        st.tuples(_OPENINGS, st.lists(st.one_of(_WORDS, _TRADITIONAL, _FILLERS, _MARKS, _REPEATS), max_size=10).map("".join), _ENDINGS).map("".join),
        _BREAKS,
    ),
    min_size=1,
    max_size=10,
).map(lambda parts: "".join(p + b for p, b in parts[:-1]) + parts[-1][0])
_TRADITIONAL_CHANGES = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 3), st.one_of(st.just(""), _WORDS, _TRADITIONAL, _REPEATS)),
    max_size=4,
)


@SETTINGS
@given(st.one_of(TRADITIONAL_TEXTS, TEXTS), _TRADITIONAL_CHANGES, LEVELS)
def test_a_second_look_reads_traditional_text_as_a_whole_look_does(text, changes, level):
    _second_look_equals_whole_look(text, changes, level)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(TEXTS, LEVELS)
def test_the_pipeline_gives_the_same_with_whole_rounds(text, level):
    local = Pipeline(Settings(glossary=GLOSSARY, fillers=level))
    whole = copy.copy(local)
    whole.stages = [_whole(s) if s.name == "fillers" else s for s in local.stages]
    whole._looks_again = {k: _whole(v) for k, v in local._looks_again.items()}
    a, b = local(text), whole(text)
    assert a.text == b.text
    assert a.edits == b.edits


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab\n", max_size=30), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(["", "x", "yy"])), max_size=6))
def test_touched_spans_cover_every_change(text, changes):
    """Outside the spans, the new text is the old one, character for character."""
    new, edits = apply_changes(text, changes, "terms")
    assert replay(text, edits) == new
    spans = touched_spans(edits)
    assert spans == sorted(spans) and all(a <= b for a, b in spans)
    assert all(spans[i][1] < spans[i + 1][0] for i in range(len(spans) - 1))
    # Follow each old character through the edits: the ones left, and where they are.
    ids = list(range(len(text)))
    for e in edits:
        ids[e.start : e.end] = [None] * len(e.after)
    inside = set()
    for a, b in spans:
        inside.update(range(a, b))
    for i, k in enumerate(ids):
        if k is None:
            assert i in inside  # an inserted character
    # A place where characters were taken out: both sides of it are in one span, or at its edge.
    kept = [(i, k) for i, k in enumerate(ids) if k is not None]
    for (i, k), (j, m) in zip(kept, kept[1:]):
        if m != k + 1 or j != i + 1:
            assert any(a <= i + 1 and j <= b for a, b in spans), (i, j, spans)
    if kept and kept[0][1] != 0:
        assert any(a <= kept[0][0] for a, _ in spans[:1])
    if kept and kept[-1][1] != len(text) - 1:
        assert any(b >= kept[-1][0] + 1 for _, b in spans[-1:])
    if not kept and text:
        assert spans


@pytest.mark.parametrize(
    "text",
    [
        # 就是 opening a paragraph answers the question that ends the one before
        # (aggressive): its paragraph, run again after 呃 went, must read that question.
        "好。\n\n好。\n\n你去吗？\n\n就是，上周买的呃耳机",
        "好。\n\n好。\n\n你去吗？\n\n \n\n就是，上周买的呃耳机",
        "好。\n\n你去吗？\n\n好。\n\n就是，上周买的呃耳机",
        # The text's first paragraph is all fillers and marks, a later one changes.
        "嗯。\n\n嗯。\n\n好。\n\n我我觉得",
    ],
)
@pytest.mark.parametrize("level", FILLER_LEVELS)
def test_what_a_paragraph_reads_of_the_one_before(text, level):
    assert LOCAL[level].apply(text) == WHOLE[level].apply(text)


def test_blocks_start_after_blank_lines():
    assert windows.block_starts("a\n\nb\n\n\nc\nd\n\n") == [0, 3, 7]
    assert windows.block_starts("\n\na") == [0, 2]
