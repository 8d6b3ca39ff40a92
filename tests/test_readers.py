"""Input readers: every sample file in tests/data/readers/ against expected.json,
plus sniffing, the Markdown round trip and never-crash properties."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asrclean import readers
from asrclean.errors import InputError, UsageError
from asrclean.markdown import render, with_marker

DATA = Path(__file__).parent / "data" / "readers"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def _as_dict(src: readers.Source) -> dict:
    return {
        "kind": src.kind,
        "encoding": src.encoding,
        "title": src.title,
        "segments": [[s.text, s.start, s.end, s.speaker] for s in src.segments],
    }


def _valid_unicode(src: readers.Source) -> None:
    for seg in src.segments:
        (seg.text + (seg.speaker or "")).encode("utf-8")
    for s in (src.title or "", src.name):
        s.encode("utf-8")  # raises on a lone surrogate


def test_every_sample_has_an_expectation():
    samples = {p.name for p in DATA.iterdir() if p.name != "expected.json"}
    assert samples == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample(name):
    expected = EXPECTED[name]
    data = (DATA / name).read_bytes()
    if "error" in expected:
        with pytest.raises(InputError) as info:
            readers.read_bytes(data, name)
        assert str(info.value) == expected["error"]
        assert "\n" not in str(info.value)
    else:
        src = readers.read_bytes(data, name)
        assert _as_dict(src) == expected
        _valid_unicode(src)


def test_read_names_the_path_and_matches_read_bytes():
    path = DATA / "cues.srt"
    src = readers.read(path)
    assert src.name == str(path)
    assert src.segments == readers.read_bytes(path.read_bytes(), "x.srt").segments


@pytest.mark.parametrize(
    "name,kind",
    [
        ("cues.srt", "srt"),
        ("cues.vtt", "vtt"),
        ("whisper.json", "whisper"),
        ("whisperx.json", "whisper"),
        ("funasr.json", "funasr"),
        ("cleaned.md", "markdown"),
        # A text that opens with "# title" reads as the cleaner's own Markdown
        # (what a pipe brings back), so cleaning it again changes nothing.
        ("utf8.txt", "markdown"),
        ("gbk.txt", "text"),
    ],
)
def test_sniffed_without_a_suffix(name, kind):
    data = (DATA / name).read_bytes()
    for anonymous in ("<stdin>", "transcript", "notes.log"):
        src = readers.read_bytes(data, anonymous)
        assert src.kind == kind
        if kind != "markdown" or name.endswith(".md"):
            assert src.segments == readers.read_bytes(data, name).segments
        else:
            assert src.title == readers.read_bytes(data, name).title


@pytest.mark.parametrize(
    "text",
    [
        "[音乐] 大家好",
        "[1, 2] 不是 JSON 转写",
        '{"config": true}',
        "{不是 JSON",
        "1\n不是字幕",
        "WEBVTTX hello",
    ],
)
def test_text_that_only_looks_like_another_format_stays_text(text):
    src = readers.read_bytes(text.encode("utf-8"), "<stdin>")
    assert src.kind == "text"
    assert src.segments[0].text == text


def test_suffix_wins_over_content():
    data = (DATA / "cues.srt").read_bytes()
    assert readers.read_bytes(data, "subtitles.txt").kind == "text"
    assert readers.read_bytes(data, "SUBS.SRT").kind == "srt"
    assert readers.read_bytes(data, "whatever.txt", kind="srt").kind == "srt"


def test_unknown_kind_is_a_usage_error():
    with pytest.raises(UsageError, match="choose from"):
        readers.parse("x", "a.txt", kind="docx")


@pytest.mark.parametrize(
    "name,expected",
    [
        ("a.txt", True),
        ("a.TXT", True),
        ("a.text", True),
        ("a.srt", True),
        ("a.vtt", True),
        ("a.json", True),
        ("a.md", False),  # the cleaner's own outputs
        ("a.markdown", False),
        ("a", False),
        ("a.docx", False),
        ("a.txt.md", False),
    ],
)
def test_is_transcript_name(name, expected):
    assert readers.is_transcript_name(name) is expected


@pytest.mark.parametrize(
    "text,title,body",
    [
        ("# 标题\n正文", "标题", "正文"),
        ("\n\n  \n# 标题  \r\n正文", "标题", "正文"),
        ("#标题\n正文", None, "#标题\n正文"),  # not a heading without the space
        ("# \n正文", None, "# \n正文"),  # an empty title is no title
        ("正文\n# 不是标题", None, "正文\n# 不是标题"),
        ("# 只有标题", "只有标题", ""),
        ("\ufeff# 标题\n正文", "标题", "正文"),
    ],
)
def test_title(text, title, body):
    src = readers.parse(text, "a.txt")
    assert (src.title, src.segments[0].text) == (title, body)


def test_read_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="folder"):
        readers.read(tmp_path)
    with pytest.raises(InputError, match=r"missing\.txt: cannot read"):
        readers.read(tmp_path / "missing.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything
        pytest.skip("permissions are not enforced for this user")
    with pytest.raises(InputError, match="locked.txt: cannot read"):
        readers.read(locked)


def test_empty_inputs_are_not_errors():
    assert readers.read_bytes(b"", "a.txt").segments == (readers.Segment(""),)
    assert readers.read_bytes(b"", "a.srt").segments == ()
    assert readers.read_bytes(b"WEBVTT\n", "a.vtt").segments == ()
    assert readers.read_bytes(b"[]", "a.json").segments == ()
    assert readers.read_bytes(b"", "a.md").segments == ()


def test_a_segment_with_words_only_is_read_from_its_words():
    """A Whisper segment whose text is missing or null but whose words are there
    (some exporters write words only) was skipped: its words were lost."""
    data = {
        "segments": [
            {"start": 0, "end": 1, "words": [{"word": "你"}, {"word": "好", "start": 0.5}]},
            {"start": 1, "end": 2, "text": None, "words": [{"word": "hello"}, {"word": "world"}, {"word": " again"}, {"start": 3}]},
            {"start": 2, "end": 3, "text": "有文字的", "words": [{"word": "不用"}]},
        ]
    }
    src = readers.read_bytes(json.dumps(data).encode(), "a.json")
    assert [s.text for s in src.segments] == ["你好", "hello world again", "有文字的"]
    bad = {"segments": [{"words": [{"word": 5}]}]}
    with pytest.raises(InputError, match=r"a\.json: segments\[0\]\.words\[0\]\.word: expected a string"):
        readers.read_bytes(json.dumps(bad).encode(), "a.json")


@pytest.mark.parametrize("data", [b"abc\x00\x00", b"\x00" * 64, "大家好".encode("utf-8") + b"\x00\x01" * 8])
def test_nul_bytes_outside_utf16_are_binary(data):
    with pytest.raises(InputError, match="binary"):
        readers.read_bytes(data, "a.txt")


@pytest.mark.parametrize(
    "data",
    [
        "大家好，两周没有聊了。".encode("utf-8") + b"\x00" + "然后".encode("utf-8"),
        b"abc\x00",
        ("大家好，两周没有聊了。" * 500).encode("utf-8").replace(b"\xe3\x80\x82", b"\xe3\x80\x82\x00", 5),
    ],
)
def test_a_few_stray_nul_bytes_are_tolerated_and_noted(data):
    src = readers.read_bytes(data, "a.txt")
    nuls = data.count(0)
    assert src.segments[0].text.count("\x00") == nuls
    assert src.notes == (f"a.txt: {nuls} NUL byte{'s' if nuls > 1 else ''} in the text (removed as control characters)",)


@pytest.mark.parametrize("bom", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_bad_byte_is_tolerated_alike_with_or_without_a_bom(bom):
    text = "大家好，两周没有聊了。" * 200
    # One damaged sequence in the middle, in this encoding's own units.
    unit = {"utf-8-sig": b"\xff", "utf-16": b"\x00\xd8", "utf-32": b"\xff\xff\xff\x7f"}[bom]
    head = text[: len(text) // 2].encode(bom)  # with the BOM
    tail = text[len(text) // 2 :].encode({"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[bom])
    good, middle = head + tail, len(head)
    src = readers.read_bytes(good[:middle] + unit + good[middle:], "a.txt")
    assert src.segments[0].text.count("\ufffd") == 1
    assert len(src.notes) == 1 and "replaced with U+FFFD" in src.notes[0]
    # The same without a BOM, for UTF-8: tolerated in the same way.
    if bom == "utf-8-sig":
        plain = readers.read_bytes(good[3:middle] + unit + good[middle:], "a.txt")
        assert plain.segments[0].text == src.segments[0].text and plain.notes == src.notes
    # Many damaged sequences are not a few: refused, BOM or not.
    with pytest.raises(InputError):
        readers.read_bytes(good[:middle] + unit * 50 + good[middle:], "a.txt")


def test_bomless_utf16_big_endian():
    text = "Speaker one: 大家好, hello again.\n"
    src = readers.read_bytes(text.encode("utf-16-be"), "a.txt")
    assert (src.encoding, src.segments[0].text) == ("utf-16-be", text)


def test_lone_surrogates_in_text_become_replacement_characters():
    src = readers.parse("a\ud800b", "a.txt")
    assert src.segments[0].text == "a\ufffdb"


# --- Markdown: reading the cleaner's own output gives back what it rendered --------

_md_text = (
    st.lists(
        st.sampled_from(list("你好世界。，abc 12.)\\`*_[]<>#+-=|~!&;:") + ["&amp;", "&#20320;", "1."]),
        min_size=1,
        max_size=30,
    )
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


class _P:
    def __init__(self, text, start, speaker):
        self.text, self.start, self.speaker = text, start, speaker


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.one_of(st.none(), _md_text),
    paragraphs=st.lists(
        st.tuples(_md_text, st.one_of(st.none(), st.integers(0, 99 * 3600)), st.one_of(st.none(), _md_text)),
        min_size=1,
        max_size=5,
    ),
)
def test_markdown_round_trip(title, paragraphs):
    body = render(title, [_P(*p) for p in paragraphs])
    src = readers.read_bytes(with_marker(body).encode("utf-8"), "out.md")
    assert src.title == title
    assert [(s.text, s.start, s.speaker) for s in src.segments] == [
        (text, None if start is None else float(start), speaker) for text, start, speaker in paragraphs
    ]


# --- never crash -----------------------------------------------------------------

_NAMES = ["a.txt", "a.srt", "a.vtt", "a.json", "a.md", "<stdin>"]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), name=st.sampled_from(_NAMES))
def test_arbitrary_bytes_give_a_source_or_an_input_error(data, name):
    try:
        src = readers.read_bytes(data, name)
    except InputError as exc:
        assert name in str(exc)
        return
    _valid_unicode(src)


# Text shaped like the formats, so the parsers get past their first line.
_format_text = st.builds(
    lambda head, body: head + body,
    st.sampled_from(["", "WEBVTT\n\n", "1\n00:00:01,000 --> 00:00:02,000\n", '{"segments": [', "[{", "# t\n\n"]),
    st.lists(
        st.sampled_from(list('0123456789:.,-> \n{}[]":sextartndpk<v>&;\\') + ["\ud800", "-->", '"text"']),
        max_size=80,
    ).map("".join),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=_format_text, name=st.sampled_from(_NAMES))
def test_format_like_text_gives_a_source_or_an_input_error(text, name):
    try:
        src = readers.parse(text, name)
    except InputError as exc:
        assert name in str(exc)
        return
    _valid_unicode(src)


def test_utf8_cut_inside_its_last_character_is_still_utf8():
    data = "大家好，两周没有聊了".encode("utf-8")[:-1]
    src = readers.read_bytes(data, "cut.txt")
    assert src.encoding == "utf-8"
    # The piece of a character is left out (no U+FFFD in the output), and said.
    assert src.segments[0].text == "大家好，两周没有聊"
    assert src.notes == ("cut.txt: the file ends inside a character (2 bytes of it left out)",)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_cut_inside_the_last_character_after_a_bom(encoding):
    data = "大家好，两周没有聊了".encode(encoding)[:-1]
    src = readers.read_bytes(data, "cut.txt")
    assert src.segments[0].text == "大家好，两周没有聊"
    assert len(src.notes) == 1 and "ends inside a character" in src.notes[0]


def test_utf8_with_a_few_bad_bytes_is_still_utf8():
    data = ("大家好，两周没有聊了。" * 200).encode("utf-8") + b"\xff" + "然后".encode("utf-8")
    src = readers.read_bytes(data, "damaged.txt")
    assert src.encoding == "utf-8"
    assert src.segments[0].text.endswith("\ufffd然后")


def test_latin1_text_does_not_pass_for_damaged_utf8():
    data = ("une crème brûlée au café. " * 300).encode("cp1252")
    src = readers.read_bytes(data, "fr.txt")
    assert "crème brûlée" in src.segments[0].text


def test_srt_entities_stand_for_their_characters():
    src = readers.parse("1\n00:00:01,000 --> 00:00:02,000\nTom &amp; Jerry 和 &lt;b&gt; 标签\n", "e.srt")
    assert src.segments[0].text == "Tom & Jerry 和 <b> 标签"


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("1\n00:00:01,000 --> 00:00:02,000\n大家好\n\n2\n00:00:05,000 --> 00:00:04,000\n今天\n", "b.srt",
         ["b.srt:6: cue 2 ends before it starts (5.000s -> 4.000s)"]),
        ("1\n00:00:01,000 --> 00:00:01,000\n大家好\n\n7\n00:00:02,000 --> 00:00:02,000\n今天\n", "z.srt",
         ["z.srt:2: cue 1 lasts no time (1.000s -> 1.000s) (1 more such cue)"]),
        ("WEBVTT\n\n00:00:02.000 --> 00:00:03.000\n大家好\n\n00:00:00.500 --> 00:00:01.000\n今天\n", "o.vtt",
         ["o.vtt:6: cue 2 starts before the cue above it (0.500s < 2.000s)"]),
        # Must not warn: cues in order, overlapping (two speakers at once), touching.
        ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v A>大家好\n\n00:00:02.000 --> 00:00:04.000\n<v B>今天\n\n"
         "00:00:04.000 --> 00:00:05.000\n好\n", "ok.vtt", []),
    ],
)
def test_impossible_cue_timings_warn_and_keep_every_cue(text, name, expected):
    src = readers.parse(text, name)
    assert [n.split(";")[0] for n in src.notes] == expected
    assert all("its text is kept" in n for n in src.notes)
    # Every cue's text is still there, in the file's order.
    assert [s.text for s in src.segments][:2] == ["大家好", "今天"]


def test_a_cue_timing_warning_reaches_stderr_and_the_run_goes_on(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "t.srt"
    src.write_text("1\n00:00:05,000 --> 00:00:04,000\n呃大家好\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "asrclean", str(src), "-o", "-"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0
    assert "大家好" in proc.stdout
    assert proc.stderr.count("warning:") == 1 and "t.srt:2: cue 1 ends before it starts" in proc.stderr


@pytest.mark.parametrize("text", ["一下一下一下", "一下，我们今天讨论一下这个问题。好的。", "一个一个来，一起上一下。"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_chinese_only_reads_in_the_right_order(text, codec):
    # U+4Exx characters put their zero byte on the side that suggests the other order.
    src = readers.read_bytes(text.encode(codec), "a.txt")
    assert src.segments[0].text == text


@pytest.mark.parametrize(
    "name,text,line",
    [
        # Hours beyond a C int: the srt parser raised OverflowError and the message named no line.
        ("h.srt", "1\n00:00:01,000 --> 00:00:02,000\n好\n\n2\n99999999999999999999:00:01,000 --> 00:00:02,000\n呃好\n", 6),
        # Well formed but out of range (99 seconds): webvtt-py skipped it, the message named no line.
        ("s.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n你好\n\n00:00:99.000 --> 00:03.000\n那个\n", 6),
    ],
)
def test_a_timing_no_parser_reads_is_named_by_its_line(name, text, line):
    with pytest.raises(InputError) as info:
        readers.read_bytes(text.encode("utf-8"), name)
    assert str(info.value).startswith(f"{name}:{line}: broken cue timing: ")


def test_a_lone_surrogate_written_as_utf8_is_one_damaged_character():
    # Java, JavaScript and Windows strings can hold half of a UTF-16 pair; written
    # as UTF-8 it is three bytes that Python counted as three bad ones, and a short
    # file went to the legacy code pages: "呃好。" came out as Cyrillic mojibake.
    data = b"\xed\xa0\x80 ok " + "呃好。".encode("utf-8")
    text, encoding, notes = readers.decode_noting(data, "s.txt")
    assert (text, encoding) == ("\ufffd ok 呃好。", "utf-8")
    assert notes == ["s.txt: 1 lone half of a UTF-16 pair (not UTF-8), replaced with U+FFFD"]
    long = "我们今天讨论一下这个问题。" * 30
    text, _, _ = readers.decode_noting(long.encode() + b"\xed\xb0\x80" + long.encode(), "s.txt")
    assert text == long + "\ufffd" + long
    with pytest.raises(InputError, match=r"s\.txt: not valid UTF-8 text \(5 halves of UTF-16 pairs"):
        readers.decode_noting(b"\xed\xa0\x80" * 5 + "我们".encode("utf-8"), "s.txt")


def test_a_surrogate_pair_written_as_utf8_is_its_character():
    # CESU-8 (Java's "modified UTF-8", MySQL's utf8): an emoji as two halves.
    cesu = "我们".encode("utf-8") + b"\xed\xa0\xbd\xed\xb8\x80" + "好".encode("utf-8")  # U+D83D U+DE00
    assert readers.decode_noting(cesu, "c.txt") == ("我们😀好", "utf-8", [])


def test_gbk_bytes_that_look_like_a_surrogate_stay_gbk():
    # 怼 is ED A1 in GBK and 丁 opens with B6: "ED A1 B6" looks like a half of a pair.
    text = "今天我们怼丁先生的方案，大家都同意了这个问题需要讨论。"
    assert readers.decode(text.encode("gbk"), "g.txt") == (text, "gb18030")
