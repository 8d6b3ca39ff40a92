"""Whatever a file holds: never a traceback, always valid UTF-8 Markdown, idempotent."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asrclean.api import Cleaner
from asrclean.files import Job
from asrclean.runner import CLEANED, FAILED, Options, process

CLEANER = Cleaner()
OPTS = Options()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINE_ENDINGS = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\n\n", "\r\n\r\n"])
CHUNKS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["呃，", "我我我", "。，", "？？", "4. 2", "100 %", "open AI", "*", "# ", "1. ", "[00:01:02] ", "**A:** "]),
)
TRANSCRIPT = st.lists(st.one_of(CHUNKS, LINE_ENDINGS), max_size=40).map("".join)


def _run_bytes(data: bytes, name: str, tmp_path) -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    result = process(Job(str(path), "-", "t"), CLEANER, OPTS)
    assert result.status in (CLEANED, FAILED)
    if result.status == FAILED:
        assert "\n" not in result.message and name in result.message
        return FAILED, ""
    result.stdout.encode("utf-8")  # no lone surrogates
    return CLEANED, result.stdout


def _idempotent(markdown: str, tmp_path) -> None:
    status, again = _run_bytes(markdown.encode("utf-8"), "again.md", tmp_path)
    assert status == CLEANED
    assert again == markdown


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("b")
    status, out = _run_bytes(data, "x.txt", tmp)
    if status == CLEANED:
        _idempotent(out, tmp)


@SETTINGS
@given(text=TRANSCRIPT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_transcripts_in_any_encoding_and_line_endings(tmp_path_factory, text, encoding):
    tmp = tmp_path_factory.mktemp("t")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    status, out = _run_bytes(data, "x.txt", tmp)
    if status == CLEANED:
        _idempotent(out, tmp)


@SETTINGS
@given(texts=st.lists(st.text(max_size=20), max_size=6), speakers=st.lists(st.sampled_from([None, "A", "B", "*x*"]), max_size=6))
def test_whisper_json_with_anything_inside(tmp_path_factory, texts, speakers):
    tmp = tmp_path_factory.mktemp("j")
    segments = [
        {"start": i * 1.5, "end": i * 1.5 + 1, "text": t, **({"speaker": s} if s else {})}
        for i, (t, s) in enumerate(zip(texts, speakers + [None] * len(texts)))
    ]
    status, out = _run_bytes(json.dumps({"segments": segments}).encode("utf-8"), "x.json", tmp)
    assert status == CLEANED
    _idempotent(out, tmp)


def test_lone_surrogates_in_json(tmp_path):
    data = b'{"segments": [{"start": 0, "end": 1, "text": "\\ud800\\u5927\\u5bb6\\u597d\\udc00"}]}'
    status, out = _run_bytes(data, "s.json", tmp_path)
    assert status == CLEANED and "大家好" in out


def test_empty_file(tmp_path):
    status, out = _run_bytes(b"", "e.txt", tmp_path)
    assert status == CLEANED and out == "# t\n"


def test_huge_line(tmp_path):
    line = ("呃，我我觉得这个问题？？在AI上 " * 20000).encode("utf-8")  # ~600 KB, no line break
    status, out = _run_bytes(line, "huge.txt", tmp_path)
    assert status == CLEANED
    assert "呃" not in out and "？？" not in out
    assert max(len(p) for p in out.split("\n\n")) < 2000  # paragraphs, not a wall


def test_mixed_line_endings(tmp_path):
    status, out = _run_bytes("第一句。\r\n第二句。\r第三句。\n\n第二段。\r\n\r\n第三段。".encode("utf-8"), "m.txt", tmp_path)
    assert status == CLEANED
    assert "\r" not in out
    assert out == "# t\n\n第一句。第二句。第三句。\n\n第二段。\n\n第三段。\n"
