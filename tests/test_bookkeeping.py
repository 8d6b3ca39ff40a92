"""The pipeline's bookkeeping, made faster, gives what the plain forms give: edits made
by ``make_edit`` and ``shifted`` equal to ``Edit(...)``; ``Recorder.translate`` the same
text and edits as ``Recorder.sub`` with a translating function."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asrclean.edits import Edit, Recorder, literal_pattern, make_edit, replay, shifted
from asrclean.stages import normalize


def test_an_edit_made_fast_is_the_edit():
    e = make_edit("spacing", "space-cjk-latin", 5, 5, "", " ")
    assert e == Edit("spacing", "space-cjk-latin", 5, 5, "", " ", None)
    assert type(e) is Edit and hash(e) == hash(Edit("spacing", "space-cjk-latin", 5, 5, "", " "))
    assert (e.stage, e.rule, e.start, e.end, e.before, e.after, e.detail) == ("spacing", "space-cjk-latin", 5, 5, "", " ", None)
    assert repr(e) == "Edit(stage='spacing', rule='space-cjk-latin', start=5, end=5, before='', after=' ', detail=None)"
    assert shifted(e, 3) == Edit("spacing", "space-cjk-latin", 8, 8, "", " ") and shifted(e, 0) is e
    assert Edit.from_dict(e.as_dict()) == e and "detail" not in e.as_dict()
    assert pickle.loads(pickle.dumps(e)) == e
    try:
        e.start = 3  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("an edit is a record: it does not change")


_WIDE = st.sampled_from(["１", "９", "Ａ", "ｚ", "％", "＋", "，", "（", "～", "我", "a", " ", "\n", "好好学习", "ＡＩ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WIDE, max_size=40).map("".join), st.booleans())
def test_translate_gives_what_sub_gives(text, protect):
    keep = literal_pattern(["好好学习", "ＡＩ"]) if protect else None
    fast, plain = Recorder("normalize", keep), Recorder("normalize", keep)
    got = fast.translate(normalize._WIDTH_RE, normalize._WIDTH, text, "full-width-ascii")
    want = plain.sub(normalize._WIDTH_RE, lambda m: m.group(0).translate(normalize._WIDTH), text, "full-width-ascii")
    assert got == want
    assert fast.edits == plain.edits
    assert replay(text, fast.edits) == got


def test_translate_leaves_a_text_without_matches_as_it_is():
    r = Recorder("normalize")
    text = "我们今天，好"
    assert r.translate(re.compile("([Ａ-Ｚ]+)"), {}, text, "x") is text and r.edits == []


# Paragraphs around the sentences stage's thresholds: light and heavy, with cues (simplified,
# traditional, English in any case) opening sentences, Latin words and marks.
_CUES = st.sampled_from(
    ["第二", "第3个", "好，那么最后", "總之", "说回", "然后呢", "說到", "關於", "其实", "那我", "好的，", "OK,", "ok，",
     "First", "so now", "In summary", "However", "then", "Then", "Thenceforth", "Sox", "好"]
)
_ZH = st.sampled_from(["我们今天主要讨论一下", "新版本的计划", "用户", "的", "上周发出去以后反馈还不错"])
_BODY = st.one_of(_ZH, _ZH, _ZH, st.sampled_from(["AI", "deep seek", "3.5", "a", "I think so", "U.S."]))
_ENDS = st.sampled_from(["。", "！", "？", "…", "，", "；", ". ", "? ", "!", "。”", "", " ", "\u3000"])
_SENTENCE = st.tuples(st.one_of(st.just(""), _CUES), st.lists(_BODY, max_size=12).map("".join), _ENDS).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_SENTENCE, max_size=8).map("".join).map(str.strip))
def test_paragraph_breaks_gives_what_weighing_every_sentence_gives(paragraph):
    from asrclean.stages import sentences

    spans, breaks = sentences.paragraph_breaks(paragraph)
    units = sentences._units(paragraph)
    assert spans == units
    assert breaks == sentences.group([paragraph[a:b] for a, b in units])


_LONG = "我们今天主要讨论一下新版本的计划上周发出去以后用户反馈还不错"  # 30 characters


@pytest.mark.parametrize(
    "paragraph",
    [
        _LONG + "。" + _LONG + "。第二，" + _LONG + "。",  # a strong cue after 60: a break, in a light paragraph
        _LONG + "。" + _LONG + "。總之，" + _LONG + "。",  # the cue in traditional characters
        _LONG + "。" + _LONG + "。 so now we know " + _LONG + "。",  # an English cue after a space
        _LONG + "。第二，" + _LONG + "。",  # a cue too soon: no break
        _LONG * 3 + "。所以" + _LONG + "。",  # a weak cue after 90: no break
        _LONG * 4 + "。其实" + _LONG + "。",  # after 120: a break
        _LONG + "。" + _LONG + "。第二，我们说一下。",  # the short last paragraph joins the one before
        _LONG * 7 + "。" + _LONG + "。好。",  # heavy: weighed sentence by sentence
        "好的。" * 40,
        "OK. " * 60,
    ],
)
def test_paragraph_breaks_in_cases(paragraph):
    from asrclean.stages import sentences

    spans, breaks = sentences.paragraph_breaks(paragraph)
    assert spans == sentences._units(paragraph)
    assert breaks == sentences.group([paragraph[a:b] for a, b in spans])


def test_a_clean_leaves_the_collector_as_it_found_it():
    """The pipeline pauses the cyclic collector while it cleans a piece, and gives it back
    as it was: running, or switched off by the program."""
    import gc

    from asrclean import Cleaner

    cleaner = Cleaner()
    assert gc.isenabled()
    assert cleaner.clean_text("呃，我我我觉得。，这个问题？？").text == "我觉得。这个问题？"
    assert gc.isenabled()
    gc.disable()
    try:
        cleaner.clean_text("呃，我我我觉得。")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_clean_makes_no_garbage_cycles():
    """What the collector would find after a clean: nothing (so pausing it loses nothing)."""
    import gc

    from asrclean import Cleaner

    cleaner = Cleaner(["finance"])
    text = "呃，我我我觉得。，这个问题？？ so um i think we need to ship it\n\n第二，deep seek 的模型 3 5 7 2。" * 20
    cleaner.clean_text(text)
    gc.collect()
    gc.disable()
    try:
        cleaner.clean_text(text)
        cleaner.clean_text(text, format="text")
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_only_the_command_s_own_process_freezes_its_objects(tmp_path):
    """``clean`` (``cli.main``) settles what it built (see ``gcpause.settle``); the app
    called inside another program's process (here, the test's) leaves its collector alone."""
    import gc
    import subprocess
    import sys

    from typer.testing import CliRunner

    from asrclean.cli import app

    src = tmp_path / "t.txt"
    src.write_text("呃，我我我觉得。", encoding="utf-8")
    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(app, [str(src), "-o", "-"])
    assert result.exit_code == 0 and "我觉得。" in result.output
    assert gc.get_freeze_count() == frozen
    code = (
        "import gc, sys\n"
        f"sys.argv = ['clean', {str(src)!r}, '-o', '-']\n"
        "from asrclean.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('frozen', gc.get_freeze_count() > 0, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "frozen True" in out.stderr and "我觉得。" in out.stdout


def test_shifted_all_and_insert_make_the_edits_one_at_a_time_would():
    from asrclean.edits import shifted_all

    edits = [make_edit("a", "r", 0, 1, "x", "y"), make_edit("a", "s", 3, 3, "", " ", "why")]
    assert shifted_all(edits, 4) == [shifted(e, 4) for e in edits]
    assert shifted_all(edits, 0) == edits and shifted_all(edits, 0) is not edits
    r = Recorder("spacing")
    assert r.insert("我们AI好", [2, 4], "  ", "space") == "我们  AI  好"
    assert r.edits == [Edit("spacing", "space", 2, 2, "", "  "), Edit("spacing", "space", 6, 6, "", "  ")]
    assert replay("我们AI好", r.edits) == "我们  AI  好"
