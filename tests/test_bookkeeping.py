"""The pipeline's bookkeeping, made faster, gives what the plain forms give: edits made
by ``make_edit`` and ``shifted`` equal to ``Edit(...)``; ``Recorder.translate`` the same
text and edits as ``Recorder.sub`` with a translating function."""

from __future__ import annotations

import pickle
import re

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
