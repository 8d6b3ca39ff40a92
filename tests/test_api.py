"""The library API, and mapping positions in cleaned text back to the input."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

import asrclean.api as api_module
from asrclean import Cleaner, UsageError, clean_text
from asrclean.api import LAYOUT, base_text, map_back, map_back_many
from asrclean.edits import Edit, replay
from asrclean import readers
from asrclean.readers import Segment, Source, parse
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
    # A recognizer that wrote no mark anywhere: every turn ends its sentence
    # (and a pause before a new subject, 今天我们, ends one too).
    assert [p.text for p in doc.paragraphs] == ["我是主持人。今天我们聊一下人工智能。", "一个小时以后我们继续。"]
    assert [p.start for p in doc.paragraphs] == [0, 3600]
    # Subtitle cues end at pauses too.
    doc = Cleaner().clean_source(Source("s.srt", "srt", "utf-8", None, segs[:2]))
    assert doc.paragraphs[0].text == "我是主持人。今天我们聊一下人工智能。"


# --- plain text in, plain text out -------------------------------------------------


def test_clean_text_takes_the_text_as_it_is():
    # A cleaned text may start with "# ": cleaning it again must not make it a title.
    doc = Cleaner().clean_text("# 标题\n\n我们今天聊一聊*市场*。")
    assert (doc.title, doc.text) == (None, "# 标题\n\n我们今天聊一聊*市场*。")
    assert Cleaner().clean_text(doc.text).text == doc.text


def test_clean_text_formats():
    cleaner = Cleaner()
    doc = cleaner.clean_text("# 标题\n\n我们今天聊一聊*市场*。", format="text")  # as a .txt file
    assert (doc.title, doc.text) == ("标题", "我们今天聊一聊*市场*。")
    again = cleaner.clean_text(doc.to_markdown(), format="markdown")
    assert (again.title, again.text) == (doc.title, doc.text)
    srt = "1\n00:00:01,000 --> 00:00:02,000\n我是主持人\n\n2\n00:00:02,500 --> 00:00:04,000\n今天聊一下\n"
    doc = cleaner.clean_text(srt, format="srt")
    assert (doc.text, doc.paragraphs[0].start) == ("我是主持人。今天聊一下。", 1.0)
    with pytest.raises(UsageError, match="plain"):
        cleaner.clean_text("x", format="docx")


# --- multi-turn sources: the base text, exact replay, idempotence -------------------


CLEANER = Cleaner()
_PIECES = st.sampled_from(
    list("我你他的了是好对这个就说们呃嗯啊吧呢谢")
    + ["，", "。", "？", "！", " ", "\n", "\n\n", "嗯。", "嗯嗯", "好的。", "你去吗？", "我我", "所以所以"]
    + ["um", "uh", "OK", "AI", "# ", "- ", "1. ", "*", "\\", "[音乐]", "……", "%", "4. 2"]
    + ["Ｇ", "３", "\u3000", "\t", "\u200b", "_", "`", "<", "&", "\r\n"]
)
_SEGMENT_TEXT = st.lists(_PIECES, max_size=8).map("".join)
_SPEAKERS = st.sampled_from([None, "A", "B", "SPEAKER_00", "**甲**："])


@st.composite
def _segments(draw, timed: bool):
    segs, t = [], 0.0
    for text, speaker in draw(st.lists(st.tuples(_SEGMENT_TEXT, _SPEAKERS), max_size=8)):
        if timed:
            t += draw(st.sampled_from([0.0, 1.5, 12.0]))  # 12 s: a silence that starts a paragraph
            segs.append(Segment(text, t, t + 1.0, speaker))
            t += 1.0
        else:
            segs.append(Segment(text, speaker=speaker))
    return tuple(segs)


def _recognizer_json(draw):
    """Whisper or FunASR JSON as a recognizer writes it, read by ``readers.recognizer_json``."""
    import json

    segs = draw(_segments(True))
    if draw(st.booleans()):
        data = {"segments": [{"start": s.start, "end": s.end, "text": s.text, **({"speaker": s.speaker} if s.speaker else {})} for s in segs]}
    else:
        data = {"text": "", "sentence_info": [
            {"start": int(s.start * 1000), "end": int(s.end * 1000), "text": s.text, **({"spk": s.speaker} if s.speaker else {})}
            for s in segs
        ]}
    return parse(json.dumps(data, ensure_ascii=False), "x.json")


@st.composite
def _sources(draw):
    kind = draw(st.sampled_from(["whisper", "funasr", "srt", "markdown", "asrclean", "text", "recognizer json"]))
    if kind == "recognizer json":
        return _recognizer_json(draw)
    return Source("x", kind, "utf-8", None, draw(_segments(draw(st.booleans()))))


def _shown(doc):
    """What the output says about each paragraph: text, time, speaker (carried over a turn)."""
    out, speaker = [], None
    for p in doc.paragraphs:
        speaker = p.speaker or speaker
        out.append((p.text, p.start, speaker))
    return out


@settings(max_examples=300, deadline=None)
@given(_sources())
def test_multi_turn_edits_replay_and_output_reads_back_the_same(src):
    from asrclean.readers.recognizer_json import parse_json
    from asrclean.runner import Options, render

    doc = CLEANER.clean_source(src)
    assert replay(base_text(src), doc.edits) == doc.text
    assert all(e.stage in CLEANER.stage_names or e.stage == LAYOUT for e in doc.edits)
    # The JSON output, read back and cleaned again: the same paragraphs, times and speakers.
    kind, segments, title = parse_json(render(doc, Options(format="json")), "x.json")
    again = CLEANER.clean_source(Source("x.json", kind, "utf-8", title, segments))
    assert _shown(again) == _shown(doc)
    # The Markdown output, likewise.
    md = doc.to_markdown()
    assert CLEANER.clean_source(parse(md, "x.md")).to_markdown() == md


def test_a_turn_that_cleans_to_nothing_leaves_no_break():
    # (A turn of only 嗯嗯 answers and stays, see fillers; 呃呃 is only a hesitation.)
    segs = (Segment("呃呃", 0, 1, "A"), Segment("你好", 1, 2, "B"), Segment("呃", 2, 3, "A"))
    src = Source("w.json", "whisper", "utf-8", None, segs)
    doc = CLEANER.clean_source(src)
    assert base_text(src) == "呃呃\n\n你好\n\n呃"
    assert doc.text == "你好。" and replay(base_text(src), doc.edits) == "你好。"
    assert [e.rule for e in doc.edits if e.stage == LAYOUT] == ["emptied-turn", "emptied-turn"]


def test_turns_of_one_speaker_around_an_emptied_turn_are_one_turn():
    # A's filler turn goes, the output shows B's two turns as one (B named once), and
    # read back they are cleaned as one. B's "嗯。" is a line of its own, an answer: it stays.
    segs = (Segment("嗯。", 0, 1, "B"), Segment("呃", 1, 2, "A"), Segment("好的。", 2, 3, "B"))
    src = Source("w.json", "whisper", "utf-8", None, segs)
    doc = CLEANER.clean_source(src)
    assert _shown(doc) == [("嗯。", 0, "B"), ("好的。", 2, "B")]
    assert [p.speaker for p in doc.paragraphs] == ["B", None]
    assert replay(base_text(src), doc.edits) == doc.text


# --- long turns are cleaned in pieces ---------------------------------------------


_LONG_PIECES = st.sampled_from(
    ["我们今天聊一下。", "嗯。", "嗯嗯", "呃", "你去吗？", "OK", "AI", " ", "\n", "\n\n", "\n \n", "\r\n\r\n", "\n\n\n", "，"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LONG_PIECES, max_size=30).map("".join), st.sampled_from([None, 0.0]))
def test_a_long_turn_cut_at_blank_lines_replays_exactly(text, start):
    src = Source("x.txt", "text", "utf-8", None, (Segment(text, start),))
    saved = api_module.CHUNK_CHARS
    api_module.CHUNK_CHARS = 6
    try:
        doc = CLEANER.clean_source(src)
        counted = CLEANER.clean_source(src, edits=False)
    finally:
        api_module.CHUNK_CHARS = saved
    assert replay(base_text(src), doc.edits) == doc.text
    # Without edits: the same document, the edits only counted.
    assert counted.edits == [] and counted.paragraphs == doc.paragraphs
    from collections import Counter

    assert counted.counts == doc.counts == dict(Counter(f"{e.stage}/{e.rule}" for e in doc.edits if e.before != e.after))


def test_pieces_of_a_long_turn_are_paragraphs():
    text = "我们今天聊一下人工智能。\n\n\n然后呢我们聊一下市场。\n \n最后说一下结论。"
    src = Source("x.txt", "text", "utf-8", None, (Segment(text),))
    whole = CLEANER.clean_source(src)
    saved = api_module.CHUNK_CHARS
    api_module.CHUNK_CHARS = 5
    try:
        cut = CLEANER.clean_source(src)
    finally:
        api_module.CHUNK_CHARS = saved
    assert cut.text == whole.text
    assert replay(text, cut.edits) == cut.text
    assert cut.counts["layout/paragraph-breaks"] == 2


def test_a_long_turn_without_blank_lines_is_cut_after_a_sentence_end(monkeypatch):
    # One cue a line, no blank line: cut at a line break that follows a sentence end.
    text = "我们今天聊一下\n人工智能。\n然后呢我们聊\n市场情况。\n最后说一下结论\n好的啊"
    src = Source("x.txt", "text", "utf-8", None, (Segment(text),))
    monkeypatch.setattr(api_module, "CHUNK_CHARS", 10)
    cut = CLEANER.clean_source(src)
    assert replay(text, cut.edits) == cut.text
    # Each cut is a paragraph break between two sentences, never inside one.
    assert [p.text[-1] for p in cut.paragraphs[:-1]] == ["。", "。"]
    assert cut.counts["layout/paragraph-breaks"] == 2


@settings(max_examples=100, deadline=None)
@given(st.lists(_LONG_PIECES, max_size=20).map("".join))
def test_without_normalize_paragraphs_are_still_exact(text):
    # Blank lines that only normalize would tidy are made one paragraph break
    # (layout edits), so the document's text is its paragraphs joined.
    cleaner = Cleaner(only=["fillers", "sentences"])
    src = Source("x.txt", "text", "utf-8", None, (Segment(text),))
    doc = cleaner.clean_source(src)
    assert replay(base_text(src), doc.edits) == doc.text
    assert doc.text == "\n\n".join(p.text for p in doc.paragraphs)
    assert cleaner.clean_source(src, edits=False).counts == doc.counts


# --- --lines: a paragraph per line when the lines are turns (issue 9) ----------------------

TURNS = "好的我们开始吧。今天讨论预算。\n我觉得预算太高了。能不能砍一点？\n可以，我回去再算一下。下周给你。\n好的，谢谢。就这样吧。\n"
ONE_SENTENCE_A_LINE = "好的。\n我们开始。\n今天讨论预算。\n预算太高了。\n"
CUES = "好那我们开始吧\n上周那个版本发出去之后\n用户反馈其实还不错\n但是有两个问题\n"


@pytest.mark.parametrize(
    "text,mode,paragraphs",
    [
        (TURNS, "auto", 4),
        (ONE_SENTENCE_A_LINE, "auto", 1),
        (CUES, "auto", 1),
        (TURNS, "join", 1),
        (ONE_SENTENCE_A_LINE, "paragraphs", 4),
        (TURNS.replace("\n", "\n\n", 1), "auto", 2),  # blank lines already say where paragraphs are
    ],
)
def test_lines_modes(text, mode, paragraphs):
    cleaner = Cleaner(lines=mode)
    src = readers.parse(text, "t.txt")
    doc = cleaner.clean_source(src)
    assert len(doc.paragraphs) == paragraphs
    assert replay(base_text(src), doc.edits) == doc.text
    # Cleaning the output again changes nothing, whatever the mode.
    again = cleaner.clean_source(readers.parse(doc.to_markdown(), "t.md"))
    assert again.text == doc.text


def test_lines_apply_to_plain_text_only():
    srt = "".join(f"{i + 1}\n00:00:0{i},000 --> 00:00:0{i},900\n{line}\n\n" for i, line in enumerate(TURNS.splitlines()))
    doc = Cleaner(lines="paragraphs").clean_source(readers.parse(srt, "t.srt"))
    assert not any(e.rule == "line-turns" for e in doc.edits)


def test_unknown_lines_mode():
    with pytest.raises(UsageError, match="lines"):
        Cleaner(lines="sometimes")


@pytest.mark.parametrize("text", ["我们\n" * 40, "我们今天讨论一下 " * 20])
def test_a_long_turn_without_any_sentence_end_is_cut_at_a_pause(text, monkeypatch):
    # A recognizer that writes no marks: cut, past twice the piece size, at a line break
    # or a pause space, so that memory follows the piece; replay stays exact.
    src = Source("x.txt", "text", "utf-8", None, (Segment(text),))
    monkeypatch.setattr(api_module, "CHUNK_CHARS", 20)
    cut = CLEANER.clean_source(src)
    assert replay(text, cut.edits) == cut.text
    assert len(cut.paragraphs) > 1 and cut.counts["layout/paragraph-breaks"] >= 1
