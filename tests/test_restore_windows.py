"""The restore stage's look again near what changed (``apply(text, changed=...)``) gives
exactly what a look at the whole text gives: the same text and the same edits.

The pipeline's restore looks again after fillers, and after a term repair; it then reads
only the lines that hold a change (see ``stages.restore.Stage._spans_near``). These tests
compare that with the whole-text look, on generated transcripts built so that what the
restore stage weighs meets often: long Chinese stretches without marks, with and without
pause spaces; runs of English words, bare or beside marks; hesitations glued to English and
empty brackets; digits read out; line and paragraph breaks; and texts with no mark at all,
which the English model treats as one (``bare``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from changes_made import apply_changes

from asrclean.edits import touched_spans
from asrclean.glossary import load_all
from asrclean.pipeline import Pipeline
from asrclean.settings import Settings
from asrclean.stages.restore import Stage as Restore

MODES = ("auto", "always")
STAGES = {mode: Restore(Settings(glossary=load_all([], use_default=True), punctuate=mode)) for mode in MODES}

_ZH = st.sampled_from(
    "我们 今天 主要 讨论 一下 这个 新版本 的 计划 上周 发出去 以后 用户 反馈 还不错 但是 有两个 问题 "
    "第一个 是 登录 的时候 有点慢 你们 觉得 要不要 这周 就修 改起来 也不难 呃 嗯 吗 呢".split()
)
_EN = st.sampled_from(
    "so i think we need to ship the new model next week and the users like it but there are two problems "
    "OK AI deep seek i'm don't 3 2024 5".split()
)
_MARKS = st.sampled_from(list("，。？！、：,.?!") + [" ", "  ", "《》", "()", "“", "”", "呃", " 呃 ", "3 5 7"])
# A long stretch without marks (a recognizer that writes none), with pause spaces or not.
_LONG_ZH = st.lists(_ZH, min_size=12, max_size=30).flatmap(
    lambda ws: st.sampled_from(["", " "]).map(lambda sep: sep.join(ws))
)
_EN_RUN = st.lists(_EN, min_size=2, max_size=40).map(" ".join)
LINE = st.lists(st.one_of(_ZH, _ZH, _LONG_ZH, _EN_RUN, _MARKS), max_size=8).map("".join)
_BREAKS = st.sampled_from(["\n", "\n\n", "\n", " \n", "\n\n\n"])
TEXTS = st.lists(st.tuples(LINE, _BREAKS), min_size=1, max_size=10).map(
    lambda parts: "".join(p + b for p, b in parts[:-1]) + parts[-1][0]
)
# Changes a later stage may make: any span replaced by any piece (a mark taken out, a
# hesitation left, a line joined, an English word written).
_CHANGES = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.integers(0, 4),
        st.one_of(st.just(""), _ZH, _EN, _MARKS, st.sampled_from(["\n", "\n\n", " ", "，", "。"])),
    ),
    max_size=4,
)
EXAMPLES = int(os.environ.get("ASRCLEAN_FUZZ_EXAMPLES", "0")) or 300
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)



def _look_near_equals_whole_look(text: str, changes, mode: str) -> None:
    stage = STAGES[mode]
    first, made = stage.apply(text)
    changed, edits = apply_changes(first, changes, "fillers")
    spans = touched_spans(edits, touched_spans(made))
    assert stage.apply(changed, changed=spans) == stage.apply(changed)


@SETTINGS
@given(TEXTS, _CHANGES, st.sampled_from(MODES))
def test_a_look_near_the_changes_gives_what_a_whole_look_gives(text, changes, mode):
    _look_near_equals_whole_look(text, changes, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "text, changes",
    [
        # Nothing changed: nothing to read, nothing found.
        ("今天我们主要讨论一下这个新版本的计划上周发出去以后用户反馈还不错但是有两个问题第一个是登录", []),
        # A mark taken out of a long line: the line is read again and restored.
        ("好的。\n\n今天我们主要讨论一下，这个新版本的计划上周发出去以后用户反馈还不错但是有两个问题第一个是登录\n\n好。", [(0.5, 1, "")]),
        # The only marks of an English text taken out: it is bare now, and read whole.
        ("so i think we need to ship the new model next week.\nand the users like it", [(0.98, 1, "")]),
        ("so i think we need to ship the new model.\nnext week and the users like it but", [(0.7, 1, "")]),
        # A line joined to the one before, a line break put in.
        ("第一个是登录的时候有点慢。\n你们觉得要不要这周就修改起来也不难我们今天主要讨论一下这个新版本的计划上周发出去以后", [(0.46, 1, "")]),
        ("我们今天主要讨论一下这个新版本的计划上周发出去以后用户反馈还不错但是有两个问题第一个是登录的时候", [(0.5, 0, "\n")]),
        # A hesitation glued to English at a line's edge, digits read out after a break.
        ("ok.\n呃so i think we need to ship the new model next week and the users like it", [(0.0, 1, "")]),
        ("3 5 7 2 so i think we need to ship the new model next week\n好。", [(0.99, 1, "")]),
    ],
)
def test_a_look_near_the_changes_in_cases(text, changes, mode):
    _look_near_equals_whole_look(text, changes, mode)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(TEXTS, st.sampled_from(MODES))
def test_the_pipeline_gives_the_same_with_whole_looks(text, mode):
    """The pipeline with a restore stage that always reads the whole text."""
    local = Pipeline(Settings(glossary=load_all([], use_default=True), punctuate=mode))
    whole = local.with_stages([_Whole(s) if s.name == "restore" else s for s in local.stages])
    a, b = local(text), whole(text)
    assert a.text == b.text
    assert a.edits == b.edits


class _Whole:
    """A restore stage that takes no ``changed``: the pipeline has it look at the whole text."""

    def __init__(self, stage: Restore):
        self._stage = stage
        self.name = stage.name
        self.settings = stage.settings

    def apply(self, text, pauses=frozenset()):
        return self._stage.apply(text, pauses=pauses)


_GLUED_TEXTS = st.lists(
    st.sampled_from(["呃", "呃呃", "《》", "()", "“”", " ", "  ", "a", "seek", "3", ".", ",", "我们", "\n", "？"]), max_size=30
).map("".join)


@SETTINGS
@given(_GLUED_TEXTS)
def test_the_view_without_glued_hesitations_maps_back(text):
    """Each character of the view is a character of the text, in order, or the space
    left where a hesitation or a pair parted two words; and each maps back to itself."""
    from asrclean.stages.restore_english import _without_glued_hesitations

    view, where = _without_glued_hesitations(text)
    if where is None:
        assert view == text
        return
    at = [where.to_text(i) for i in range(len(view))]
    assert at == sorted(set(at))
    for i, p in enumerate(at):
        assert view[i] == text[p] or (view[i] == " " and text[p] in "呃《(“")
        assert where.to_view(p, len(view)) == i
    gone = set(range(len(text))) - set(at)
    assert all(where.to_view(p, len(view)) is None for p in gone)
    assert all(text[p] in " 呃《》()“”" for p in gone)
