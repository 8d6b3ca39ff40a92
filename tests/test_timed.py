"""Timed input (subtitles, recognizer segments): paragraphs, times and silences.

Data-driven: every input in tests/data/timed (``.srt``, ``.vtt``, ``.json``)
comes out as the ``.md`` beside it. Regenerate after a deliberate change with
    ASRCLEAN_REGENERATE=1 pytest tests/test_timed.py
and read the diff: the outputs of unpunctuated inputs depend on the restore
model. ``punctuated.srt`` is a must-not-change case: punctuated subtitles keep
the paragraphs they had before silences were weighed.
"""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asrclean import silence
from asrclean.api import Cleaner, base_text
from asrclean.edits import Edit, replay
from asrclean.readers import Segment, Source, read
from asrclean.stages.sentences import sentence_ends

DATA = Path(__file__).parent / "data" / "timed"
INPUTS = sorted(p for p in DATA.iterdir() if p.suffix in (".srt", ".vtt", ".json"))
CLEANER = Cleaner()


def _markdown(doc) -> str:
    return doc.to_markdown()


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_timed_file(path):
    src = read(path)
    doc = CLEANER.clean_source(src)
    out = _markdown(doc)
    expected = path.with_suffix(".md")
    if os.environ.get("ASRCLEAN_REGENERATE"):
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")
    assert replay(base_text(src), doc.edits) == doc.text
    # Every paragraph but the last ends a sentence.
    for p in doc.paragraphs[:-1]:
        assert _ends_sentence(p.text), p.text
    # Cleaning the Markdown again changes nothing.
    again = CLEANER.clean_text(out, format="markdown")
    assert _markdown(again) == out
    assert [e for e in again.edits if e.before != e.after] == []


def _ends_sentence(text: str) -> bool:
    ends = list(sentence_ends(text))
    return bool(ends) and ends[-1].end() == len(text)


def _first_cue_times(src, doc):
    """For each paragraph, the start of the cue holding its first character."""
    starts = []
    joined = "".join(s.text for s in src.segments)
    owner = []
    for s in src.segments:
        owner.extend([s.start] * len(s.text))
    pos = 0
    for p in doc.paragraphs:
        first = next(c for c in p.text if "\u4e00" <= c <= "\u9fff")
        pos = joined.index(first, pos)
        starts.append(owner[pos])
        pos += 1
    return starts


def test_paragraphs_are_stamped_with_their_first_cue():
    src = read(DATA / "lecture.srt")
    doc = CLEANER.clean_source(src)
    assert len(doc.paragraphs) > 2
    # (The first character of each paragraph is a character of the cues.)
    assert [p.start for p in doc.paragraphs] == _first_cue_times(src, doc)


# --- the silence rules, on the restore stage's edits ------------------------------


def _restored(text_before: str, at: int, mark: str, conf: float):
    """The text and edits as the restore stage leaves them, with one mark put
    at ``at`` (in place of the pause space there)."""
    rule = {"，": "restore-comma", "。": "restore-period"}[mark]
    edit = Edit("restore", rule, at, at + 1, " ", mark, f"model confidence {conf:.2f}")
    return text_before[:at] + mark + text_before[at + 1 :], [edit]


BEFORE = "我们今天先讲一下背景 然后再看具体的数据和结论"  # a pause space at 10


@pytest.mark.parametrize(
    "mark,conf,secs,after",
    [
        ("，", 0.6, 1.2, "。"),  # long pause, unsure comma: a sentence end
        ("，", 0.8, 1.2, "，"),  # the model was sure enough
        ("，", 0.8, 3.0, "。"),  # a very long pause needs a very sure comma
        ("，", 0.95, 3.0, "，"),
        ("，", 0.6, 0.5, "，"),  # an ordinary pause says nothing
        ("。", 0.6, 0.2, "，"),  # a cue cut mid-phrase: no sentence end
        ("。", 0.8, 0.2, "。"),
        ("。", 0.6, 1.5, "。"),
        ("，", 0.3, 0.1, "，"),  # a comma stays: every pause keeps a mark
    ],
)
def test_silence_weighs_on_restored_marks(mark, conf, secs, after):
    text, edits = _restored(BEFORE, 10, mark, conf)
    out, made = silence.hook([(10, secs)])(text, edits)
    assert out == BEFORE[:10] + after + BEFORE[11:]
    assert replay(text, made) == out
    assert all(e.stage == "restore" for e in made)


def test_recognizer_marks_are_not_touched():
    text = "我们今天先讲一下背景，然后再看具体的数据和结论"
    edits = [Edit("normalize", "line-pause", 10, 11, "\n", " "), Edit("punctuation", "x", 10, 11, " ", "，")]
    assert silence.hook([(10, 2.0)])(text, edits) == (text, [])


def test_map_forward_is_map_back_inverted():
    from asrclean.api import map_back_many

    edits = [  # each in offsets of the text as it stands when applied
        Edit("a", "r", 2, 2, "", "XY"),  # an insertion
        Edit("a", "r", 6, 9, "abc", "Z"),  # a shorter replacement, same run
        Edit("b", "r", 0, 1, "Q", ""),  # a deletion, in a second run
    ]
    original = "Qbcdabcefgh"
    out = replay(original, edits)
    assert out == "bXYcdZefgh"
    kept = [1, 2, 3, 7, 8, 9, 10]  # not deleted, not replaced
    forward = silence.map_forward_many(kept, edits)
    assert [out[q] for q in forward] == [original[i] for i in kept]
    assert map_back_many(forward, edits) == kept


# --- paragraphs never end inside a sentence -----------------------------------------

PHRASES = (
    "我们先看一下这个问题", "其实大家都知道", "但是很少有人去做", "第一个原因是时间不够", "第二个原因是成本太高",
    "那怎么办呢", "首先要把目标定清楚", "然后一步一步来", "最后再回头检查一遍", "你觉得这样可以吗",
    "这个我同意", "另外还有一个小问题", "接下来我们看数据", "数据显示增长了百分之十", "好那今天就到这里",
    "所以说这件事情不简单", "大家有什么想法", "我补充一点",
)
CUES = st.lists(
    st.tuples(st.sampled_from(PHRASES), st.floats(min_value=0.0, max_value=6.0), st.floats(min_value=0.5, max_value=4.0)),
    min_size=2,
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CUES)
def test_no_paragraph_ends_inside_a_sentence(cues):
    t, segments = 0.0, []
    for text, gap, dur in cues:
        segments.append(Segment(text, t, t + dur))
        t += dur + gap
    src = Source("c.srt", "srt", "utf-8", None, tuple(segments))
    doc = CLEANER.clean_source(src)
    for p in doc.paragraphs[:-1]:
        assert _ends_sentence(p.text), p.text
    assert replay(base_text(src), doc.edits) == doc.text
    md = doc.to_markdown()
    assert CLEANER.clean_text(md, format="markdown").to_markdown() == md


# --- --lines paragraphs: each line a turn, and a turn ends a sentence ----------------


def test_lines_as_paragraphs_end_their_sentences():
    from asrclean import readers

    text = "好那我们开始吧\n上周那个版本发出去之后用户反馈其实还不错\n这个谁来看一下\n我来看吧\n"
    cleaner = Cleaner(lines="paragraphs")
    doc = cleaner.clean_source(readers.parse(text, "t.txt"))
    assert len(doc.paragraphs) == 4
    for p in doc.paragraphs:
        assert _ends_sentence(p.text), p.text
    md = doc.to_markdown()
    assert cleaner.clean_text(md, format="markdown").to_markdown() == md
    # A phrase a line without marks is a recognizer's cues: joined (auto).
    assert len(Cleaner().clean_source(readers.parse(text, "t.txt")).paragraphs) == 1


def test_short_turns_of_an_unpunctuated_recognizer_end_their_sentences():
    """A recognizer that writes no marks at all: a short turn gets its sentence
    end too, not only the long stretches; a punctuated one keeps its reading."""
    import json

    from asrclean.api import Cleaner

    segments = [
        {"start": 0, "end": 2, "text": "测试那边还没有排期", "speaker": "A"},
        {"start": 2.2, "end": 4, "text": "因为数据量太大了", "speaker": "A"},
        {"start": 5, "end": 7, "text": "那我们下周再说吧", "speaker": "B"},
    ]
    doc = Cleaner().clean_text(json.dumps({"segments": segments}, ensure_ascii=False), format="json")
    assert [p.text[-1] for p in doc.paragraphs] == ["。", "。"]
    again = Cleaner().clean_text(doc.to_markdown(), format="markdown")
    assert again.text == doc.text
    segments[0]["text"] = "测试那边还没有排期，"
    doc = Cleaner().clean_text(json.dumps({"segments": segments}, ensure_ascii=False), format="json")
    assert doc.paragraphs[-1].text == "那我们下周再说吧"


@pytest.mark.parametrize(
    "text,kind",
    [
        ("1\n00:00:01,000 --> 00:00:03,000\n那我们下周再说吧\n", "srt"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v 张三>那我们下周再说吧\n", "vtt"),
    ],
)
def test_a_file_of_one_unpunctuated_cue_ends_its_sentence(text, kind):
    """One cue without a mark is a recognizer's output as much as a hundred."""
    doc = Cleaner().clean_text(text, format=kind)
    assert doc.paragraphs[-1].text.endswith("。")
    again = Cleaner().clean_text(doc.to_markdown(), format="markdown")
    assert again.text == doc.text
