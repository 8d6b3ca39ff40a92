"""Glossary loading: valid files load, every error names file:line:col and where."""

import os
from pathlib import Path

import pytest

from asrclean.errors import GlossaryError
from asrclean.glossary import Glossary, builtin_names, load, load_all, parse

GOOD = """\
terms:
  - executive order
  - term: OpenAI
    aliases: [open AI]
    threshold: 90
    fuzzy: true
    case_sensitive: false
  - 稀土
fillers: [呃, um]
keep: [卖卖卖]
replace: {B圈: 币圈}
"""


def test_good_glossary():
    g = parse(GOOD, "g.yaml")
    assert [t.term for t in g.terms] == ["executive order", "OpenAI", "稀土"]
    assert g.terms[1].aliases == ("open AI",)
    assert g.terms[1].threshold == 90.0
    assert g.terms[0].origin == "g.yaml:2"
    assert g.fillers == ("呃", "um")
    assert g.keep == ("卖卖卖",)
    assert g.replace == (("B圈", "币圈"),)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "terms:\n", "terms: []\nkeep:\n"])
def test_empty_glossaries(text):
    assert parse(text, "e.yaml").terms == ()


@pytest.mark.parametrize(
    "text,message",
    [
        ("termz: [a]\n", "e.yaml:1:1: termz: unknown key"),
        ("terms: foo\n", "e.yaml:1:8: terms: expected a list"),
        ("terms:\n  - a\n  - [b]\n", "e.yaml:3:5: terms[1]: expected a mapping, got a list"),
        ("terms:\n  - term: a\n    aliases: x\n", "e.yaml:3:14: terms[0].aliases: expected a list of strings"),
        ("terms:\n  - term: a\n    aliases: [x, {y: 1}]\n", "e.yaml:3:18: terms[0].aliases[1]: expected a string"),
        ("terms:\n  - aliases: [x]\n", "e.yaml:2:5: terms[0]: missing required key 'term'"),
        ("terms:\n  - term: a\n    treshold: 3\n", "e.yaml:3:5: terms[0].treshold: unknown option"),
        ("terms:\n  - term: a\n    threshold: 300\n", "e.yaml:3:16: terms[0].threshold: expected a number from 0 to 100"),
        ("terms:\n  - term: a\n    fuzzy: maybe\n", "e.yaml:3:12: terms[0].fuzzy: expected true or false"),
        ("replace: [a, b]\n", "e.yaml:1:10: replace: expected a mapping"),
        ("replace: {a: [b]}\n", "e.yaml:1:14: replace['a']: expected a string"),
        ("keep: [a, a: b]\n", "keep[1]: expected a string"),
        ("terms: [a\n", "e.yaml:2:1: invalid YAML"),
        ("- a\n- b\n", "e.yaml:1:1: top level: expected a mapping"),
        ("keep: [a]\nkeep: [b]\n", "e.yaml:2:1: top level: duplicate key 'keep'"),
        # A term given twice is reported as a replace key given twice is (flow or block, bare or mapped).
        ("terms: [GPT, GPT]\n", "e.yaml:1:14: terms[1]: duplicate term 'GPT' (also terms[0])"),
        ("terms:\n  - term: 币圈\n    aliases: [B圈]\n  - 币圈\n", "e.yaml:4:5: terms[1]: duplicate term '币圈' (also terms[0])"),
        ("terms:\n  - ''\n", "e.yaml:2:5: terms[0]: expected a non-empty string"),
        # A replacement replaced again changes the text on every run.
        ("replace: {甲: 乙, 乙: 甲}\n", "e.yaml:1:14: replace['甲']: '乙' is replaced too (by '甲')"),
        ("replace:\n  a: b\n  b: c\n", "e.yaml:2:6: replace['a']: 'b' is replaced too (by 'c')"),
    ],
)
def test_errors_point_at_the_place(text, message):
    with pytest.raises(GlossaryError) as exc:
        parse(text, "e.yaml")
    assert message in str(exc.value)


def test_distinct_terms_are_no_duplicates():
    # Must not change: terms that differ (in case, or only by an alias) are each kept.
    g = parse("terms: [GPT, gpt, {term: DeepSeek, aliases: [deep seek]}]\n", "e.yaml")
    assert [t.term for t in g.terms] == ["GPT", "gpt", "DeepSeek"]


def test_all_errors_are_reported_together():
    with pytest.raises(GlossaryError) as exc:
        parse("terms: foo\nkeep: 3\nbogus: 1\n", "e.yaml")
    lines = str(exc.value).splitlines()
    assert len(lines) == 3
    assert all(line.startswith("e.yaml:") for line in lines)


def test_numbers_are_taken_as_written():
    assert parse("terms: [911, 3M]\n").term_strings == ("911", "3M")


def test_merge_later_wins_and_lists_join():
    a = parse("terms: [{term: X, aliases: [x1]}]\nkeep: [k1]\nreplace: {a: b}\n", "a")
    b = parse("terms: [{term: X, aliases: [x2]}, Y]\nkeep: [k2, k1]\nreplace: {a: c}\n", "b")
    m = a.merged(b)
    assert [t.aliases for t in m.terms] == [("x2",), ()]
    assert m.keep == ("k1", "k2")
    assert m.replace == (("a", "c"),)
    assert m.sources == ("a", "b")


def test_missing_file_names_builtins(tmp_path):
    with pytest.raises(GlossaryError) as exc:
        load(str(tmp_path / "nope.yaml"))
    assert "nope.yaml: no such glossary" in str(exc.value)


def test_builtins_load_by_name():
    names = builtin_names()
    assert "default" in names
    for name in names:
        assert isinstance(load(name), Glossary)


def test_load_all_collects_errors_of_every_file(tmp_path):
    bad1 = tmp_path / "a.yaml"
    bad1.write_text("terms: 1\n", encoding="utf-8")
    bad2 = tmp_path / "b.yaml"
    bad2.write_text("keep: {}\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as exc:
        load_all([str(bad1), str(bad2)])
    assert "a.yaml:1:8" in str(exc.value) and "b.yaml:1:7" in str(exc.value)


# --- one line naming the file and the problem (issue 8) ---------------------------------


@pytest.mark.parametrize(
    "data,message",
    [
        (b"terms:\n  - a\x00b\n", "g.yaml:2:6: invalid YAML: the character U+0000 is not allowed"),
        (b"terms:\n  - !!python/name:os.system\n", "g.yaml:2:5: unsupported YAML tag !!python/name:os.system"),
        (b"terms:\n  - !!python/object:os.system {}\n", "g.yaml:2:5: unsupported YAML tag !!python/object:os.system"),
        (b"terms:\n  - !custom x\n", "g.yaml:2:5: unsupported YAML tag !custom"),
        (b"\xff\xfeterms", "g.yaml: cannot read glossary: not UTF-8 text (invalid start byte at byte 0)"),
    ],
)
def test_bad_glossary_files_are_one_line_each(tmp_path, data, message):
    path = tmp_path / "g.yaml"
    path.write_bytes(data)
    with pytest.raises(GlossaryError) as info:
        load(path)
    text = str(info.value).replace(str(tmp_path) + "/", "")
    assert "\n" not in text and text.startswith(message), text


def test_a_folder_is_not_a_glossary(tmp_path):
    with pytest.raises(GlossaryError, match="is a folder, not a glossary file"):
        load(tmp_path)


def test_a_device_is_not_a_glossary():
    with pytest.raises(GlossaryError, match="not a regular file"):
        load("/dev/null")


def test_a_pipe_is_read_as_a_glossary(tmp_path):
    import threading

    fifo = tmp_path / "g.yaml"
    os.mkfifo(fifo)
    t = threading.Thread(target=lambda: fifo.write_text("terms: [稀土]\n", encoding="utf-8"), daemon=True)
    t.start()
    assert [x.term for x in load(fifo).terms] == ["稀土"]
    t.join(5)


@pytest.mark.parametrize(
    "text",
    ["a: &a [*a]\n", "terms: &a [*a]\n", "terms: [ &x {term: foo, aliases: [*x]} ]\n"]
    + ["\n".join(["a0: &a0 [x, x, x]"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)])
       + "\nterms: *a11\n"],
)
def test_anchors_that_refer_to_themselves_or_multiply_are_errors_not_hangs(text):
    # The walk over YAML nodes visits each node once: an alias is the same node again.
    with pytest.raises(GlossaryError):
        parse(text, "g.yaml")


# --- built-in glossaries kept pre-parsed ------------------------------------------


def test_preparsed_builtins_are_up_to_date_and_read_as_the_yaml():
    """data/builtin_glossaries.json is what tools/build_builtin_glossaries.py
    writes from glossary/*.yaml now, and loading a built-in through it gives
    exactly what parsing its YAML gives (origins included)."""
    import importlib.util
    import json

    from asrclean import glossary as g

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("build_builtin", root / "tools" / "build_builtin_glossaries.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    recorded = json.loads((root / "src" / "asrclean" / g._PREPARSED).read_text(encoding="utf-8"))
    assert recorded == tool.build(), "run python tools/build_builtin_glossaries.py"
    for name in g.builtin_names():
        path = g.resolve(name)
        text = path.read_text(encoding="utf-8-sig")
        assert g.load(name) == g.parse(text, str(path))
        # A text other than the recorded one (an edited checkout) is parsed, not looked up.
        assert g._preparsed(name, text + "\n# edited\n", str(path)) is None


def test_builtin_glossaries_alone_need_no_yaml():
    import subprocess
    import sys

    code = "import sys; from asrclean import glossary; glossary.load_all([]); print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
