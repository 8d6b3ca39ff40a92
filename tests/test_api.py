"""The library API, and mapping positions in cleaned text back to the input."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from asrclean import Cleaner, clean_text
from asrclean.api import map_back, map_back_many
from asrclean.edits import Edit
from asrclean.pipeline import Pipeline


def _naive(pos, edits):
    for e in reversed(edits):
        end_after = e.start + len(e.after)
        if pos >= end_after:
            pos += len(e.before) - len(e.after)
        elif pos > e.start:
            pos = e.start
    return pos


PIPE = Pipeline()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("我你他的了，。？ 呃嗯我我所以所以AI open 4. 2 \n")), max_size=80).map("".join))
def test_map_back_many_equals_one_by_one(text):
    run = PIPE(text)
    positions = sorted(random.Random(len(text)).sample(range(len(run.text) + 1), min(10, len(run.text) + 1)))
    assert map_back_many(positions, run.edits) == [_naive(p, run.edits) for p in positions]


def test_map_back_through_insertions_and_deletions():
    edits = [Edit("s", "r", 0, 2, "呃，", ""), Edit("s", "r", 2, 2, "", " ")]  # "呃，我们AI" -> "我们 AI"
    assert map_back(0, edits) == 2
    assert map_back(3, edits) == 4  # "A" after the inserted space
    assert map_back(2, edits) == 4


def test_clean_text_and_cleaner():
    doc = clean_text("呃，我我我觉得。，这个问题？？")
    assert doc.text == "我觉得。这个问题？"
    assert doc.paragraphs[0].sentences == ["我觉得。", "这个问题？"]
    cleaner = Cleaner(skip=["fillers"])
    assert "呃" in cleaner.clean_text("呃，好的。").text
    assert cleaner.stage_names == ["normalize", "restore", "terms", "punctuation", "spacing", "sentences"]


def test_timed_paragraphs_keep_their_first_cue_time():
    from asrclean.readers import Segment, Source

    segs = tuple(
        Segment(f"第{i}句话讲的是一件很长的事情，我们要讨论它的各个方面和细节，还要举很多例子来说明。", start=i * 10.0)
        for i in range(12)
    )
    doc = Cleaner().clean_source(Source("x.srt", "srt", "utf-8", None, segs))
    assert len(doc.paragraphs) > 1
    for p in doc.paragraphs:
        n = int(p.text[1 : p.text.index("句")])
        assert p.start == n * 10.0


def test_recognizer_segments_are_pauses_and_long_silences_start_paragraphs():
    from asrclean.readers import Segment, Source

    segs = (
        Segment("我是主持人", 0, 2),
        Segment("今天我们聊一下人工智能", 2, 4),
        Segment("一个小时以后我们继续", 3600, 3602),
    )
    doc = Cleaner().clean_source(Source("w.json", "whisper", "utf-8", None, segs))
    assert [p.text for p in doc.paragraphs] == ["我是主持人，今天我们聊一下人工智能", "一个小时以后我们继续"]
    assert [p.start for p in doc.paragraphs] == [0, 3600]
    # Subtitle cues end at pauses too.
    doc = Cleaner().clean_source(Source("s.srt", "srt", "utf-8", None, segs[:2]))
    assert doc.paragraphs[0].text == "我是主持人，今天我们聊一下人工智能"
