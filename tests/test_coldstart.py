"""What makes a cold start cheap must not change what a run does: patterns compiled on first
use behave as compiled ones, word tables looked up in their sorted text answer as the built
set or dict, and the shortcuts that skip a costly pattern skip only where it cannot match."""

import pickle
import random
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asrclean.lazyre import lazy
from asrclean.sortedtable import SortedTable, body
from asrclean.stages import punctuation
from asrclean.stages.fillers import common
from asrclean.stages.terms import tables

# --- lazyre ---------------------------------------------------------------------------


def test_lazy_pattern_is_not_compiled_until_used():
    p = lazy("(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
    with pytest.raises(AttributeError):
        object.__getattribute__(p, "compiled")  # nothing compiled yet
    assert p.sub("，", "你好 世界 ok x") == "你好，世界 ok x"
    assert isinstance(object.__getattribute__(p, "compiled"), re.Pattern)


@pytest.mark.parametrize(
    "source, flags, text",
    [
        ("([\u4e00-\u9fff])\\1+", 0, "我我我觉得好好的"),
        ("^ *[。，]+", re.MULTILINE, "。，然后\n，好的\n没事"),
        ("(?P<w>[a-z]+)", re.IGNORECASE, "Deep SEEK 模型"),
    ],
)
def test_lazy_pattern_answers_as_the_compiled_one(source, flags, text):
    lazy_p, real = lazy(source, flags), re.compile(source, flags)
    assert [m.span() for m in lazy_p.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy_p.findall(text) == real.findall(text)
    assert lazy_p.sub("-", text) == real.sub("-", text)
    assert lazy_p.split(text) == real.split(text)
    assert (lazy_p.match(text) is None) == (real.match(text) is None)
    assert (lazy_p.pattern, lazy_p.flags, lazy_p.groups, lazy_p.groupindex) == (
        real.pattern, real.flags, real.groups, real.groupindex
    )
    assert lazy_p.compiled is real  # re's own cache: the same pattern object


def test_lazy_pattern_pickles_and_rejects_unknown_attributes():
    p = lazy("[\u3400-\u4dbf]+", re.MULTILINE)
    q = pickle.loads(pickle.dumps(p))
    assert q.findall("㐀㐁 x") == ["㐀㐁"]
    with pytest.raises(AttributeError):
        p.no_such_method  # noqa: B018


# --- sortedtable ------------------------------------------------------------------------


def _probe_keys(keys: list[str], seed: int = 7) -> list[str]:
    """Every key, and near misses: each key cut short, lengthened and changed by a character."""
    rng = random.Random(seed)
    probes = list(keys)
    for k in rng.sample(keys, min(3000, len(keys))):
        probes += [k[:-1], k + "的", k[:-1] + chr(ord(k[-1]) + 1), "\t" + k, k + "\n"]
    return probes + ["", "\n", "\t", "total", "zzzz", "\U00020000"]


def test_words_zh_looked_up_as_the_built_dict():
    table = SortedTable(tables._words_zh_text()[1], tables.words_zh, value=tables._LEVELS.__getitem__, buy=10**9)
    built = tables.words_zh()
    assert len(built) > 100_000
    for key in _probe_keys(list(built)):
        assert table.get(key, -99) == built.get(key, -99), key


def test_context_words_looked_up_as_the_built_set():
    name = "reduplicated_context.txt"
    text = resources.files("asrclean").joinpath("data", name).read_text(encoding="utf-8")
    table = SortedTable(body(text), lambda: frozenset(common._lines(name)), buy=10**9)
    built = frozenset(common._lines(name))
    for key in _probe_keys(sorted(built)):
        assert (key in table) == (key in built), key


@pytest.mark.parametrize("name", ["words_zh.txt", "reduplicated_context.txt"])
def test_sorted_tables_are_sorted_unique_and_without_blank_lines(name):
    # A binary search is right only on such a text (a rebuilt file must stay so).
    text = resources.files("asrclean").joinpath("data", name).read_text(encoding="utf-8")
    lines = body(text).split("\n")
    if name == "words_zh.txt":
        assert lines[0].startswith("total\t")
        lines = lines[1:]
    assert lines[-1] == ""
    keys = [line.split("\t")[0] for line in lines[:-1]]
    assert all(keys) and all(len(line.split("\t")) <= 2 for line in lines[:-1])
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_a_table_is_built_once_after_enough_lookups():
    calls = []

    def build():
        calls.append(1)
        return {"a": 1, "b": 2}

    table = SortedTable("a\t1\nb\t2\n", build, value=int, buy=3)
    assert [table.get(k) for k in ("a", "b", "c")] == [1, 2, None]
    assert calls == []  # renting: looked up in the text
    assert [table.get(k) for k in ("a", "b", "c")] == [1, 2, None]
    assert calls == [1]  # bought: the dict from now on
    assert ("a" in table, "c" in table) == (True, False)


def test_zh_levels_uses_the_dict_when_it_is_built_already():
    tables.words_zh()
    tables.zh_levels.cache_clear()
    try:
        levels = tables.zh_levels()
        assert levels.get("一") == tables.words_zh()["一"] and levels.get("没有这个词呢") is None
    finally:
        tables.zh_levels.cache_clear()


# --- shortcuts around costly patterns ---------------------------------------------------

_MARKISH = st.text(alphabet="。！？，、；：,.?!;: \n好的ab1…", max_size=30)


@settings(max_examples=400, deadline=None)
@given(_MARKISH)
def test_mark_run_shortcuts_skip_only_where_nothing_matches(text):
    # The mark runs are Prefiltered (compiled only where a run can begin): the same matches.
    assert [m.span() for m in punctuation._MARK_RUNS.finditer(text)] == [
        m.span() for m in punctuation._MARK_RUN_RE.finditer(text)
    ]
    if punctuation._MAY_ORPHAN_RE.search(text) is None:
        assert punctuation._ORPHAN_MARKS_RE.search(text) is None


@pytest.mark.parametrize("every", [1, 2, 3, 7, 50])
def test_sampled_search_finds_every_line_whatever_the_sample(monkeypatch, every):
    from asrclean import sortedtable

    monkeypatch.setattr(sortedtable, "SAMPLE_EVERY", every)
    words = sorted({"一", "一一", "一丁", "不", "不是", "中国", "中国人", "好", "好好", "𠀀", "a", "ab", "z"})
    text = "".join(f"{w}\t{i}\n" for i, w in enumerate(words))
    table = SortedTable(text, dict, value=int, buy=10**9)
    for i, w in enumerate(words):
        assert table.get(w) == i
    for miss in ("", "0", "一二", "丁", "不不", "中", "好好好", "zz", "\U0002ffff", "a\t0"):
        assert table.get(miss) is None
    assert SortedTable("", dict, buy=10**9).get("x") is None
