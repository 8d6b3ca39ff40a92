"""One-character tests written in Python instead of a regex class find what the class found.

A class of every Han character costs ``re`` 3-5 ms to compile (it is built one code point at a
time), so the tests that ask about one character at a time (``chars.is_cjk``, ``han_at``, the
Han runs of the fillers stage, ``joins_words``) compare code points. Each keeps its regex form
here as the reference it must agree with: on every code point, and at every position of random
texts (including the positions ``match`` reads in its own way: negative ones and past the end).
"""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from asrclean import chars
from asrclean.stages.base import _spaced_word_char, joins_words

CJK_CHAR = re.compile(f"[{chars.CJK}]")
HAN_CHAR = re.compile(f"[{chars.HAN}]")
HAN_RUN = re.compile(f"[{chars.HAN}]+")
HAN_TAIL = re.compile(f"[{chars.HAN}]+\\Z")
SPACED_WORD_CHAR = re.compile(f"[^\\W_{chars.CJK}]")

# Every code point, surrogates included (a str may hold a lone one).
EVERY = "".join(map(chr, range(sys.maxunicode + 1)))


def _matched(pattern: re.Pattern[str]) -> list[bool]:
    hits = [False] * len(EVERY)
    for m in pattern.finditer(EVERY):
        hits[m.start()] = True
    return hits


def test_every_code_point():
    assert [chars.is_cjk(c) for c in EVERY] == _matched(CJK_CHAR)
    assert [chars.han_at(c) for c in EVERY] == _matched(HAN_CHAR)
    assert [_spaced_word_char(c) for c in EVERY] == _matched(SPACED_WORD_CHAR)


def test_edges_of_the_ranges():
    # The first and last code point of each range, and their neighbours outside.
    for lo, hi in re.findall("(.)-(.)", chars.CJK):
        for c, inside in ((lo, True), (hi, True), (chr(ord(lo) - 1), None), (chr(ord(hi) + 1), None)):
            assert chars.is_cjk(c) == (CJK_CHAR.match(c) is not None)
            if inside:
                assert chars.is_cjk(c)
    assert not chars.is_cjk("") and not chars.han_at("")
    # A longer string is read from its first character, as ``match`` reads it.
    assert chars.is_cjk("我a") and not chars.is_cjk("a我")


_PIECES = ["我", "们", "ア", "ㄅ", "⺀", "一", "鿿", "豈", "𠀀", "\U0003134f", "\U00031350", "a", "Z", "1", "_", "é", " ", "，", "。", "\n", "\ud800", "〇", "ー"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join), st.integers(0, 8))
def test_han_positions_and_runs(text, limit):
    n = len(text)
    for i in range(-3, n + 3):
        assert chars.han_at(text, i) == (HAN_CHAR.match(text, i) is not None)
        assert chars.han_at(text, i) == (HAN_RUN.match(text, i) is not None)
    for i in range(n + 3):
        m = HAN_RUN.match(text, i)
        assert chars.han_run_end(text, i, limit) == min(m.end() if m else i, i + limit)
    for hi in range(n + 1):
        for lo in range(hi + 1):
            m = HAN_TAIL.search(text, lo, hi)
            assert chars.han_run_start(text, lo, hi) == (m.start() if m else hi)
    for start in range(n + 1):
        for end in range(start, n + 1):
            assert joins_words(text, start, end) == (
                0 < start
                and end < n
                and SPACED_WORD_CHAR.match(text, start - 1) is not None
                and SPACED_WORD_CHAR.match(text, end) is not None
            )


_OPENING_PIECES = ["我", "们", "a", "1", " ", "  ", "\n", "，", "、", ",", "。", "？", ".", "“", "（", "(", "é", "ア", "_"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_OPENING_PIECES), max_size=12).map("".join))
def test_clause_openings(text):
    from asrclean.stages.fillers import restarts

    plain = re.compile(f"{restarts._CLAUSE_OPENING}(?=[{chars.HAN}])", re.MULTILINE)
    for i in range(len(text) + 1):
        assert (restarts._opens_clause(text, i) and chars.han_at(text, i)) == (plain.match(text, i) is not None)


def test_every_cjk_character_may_stand_beside_a_pause_space():
    cheap = re.compile(chars._NOT_ASCII_OR_MARK)
    assert all(cheap.match(c) for c in EVERY if chars.is_cjk(c))


_SPACE_PIECES = ["我", "ア", "。", "，", "（", "ａ", "é", "a", " ", "  ", "\n", "𠀀", "〇", "ー", "・"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SPACE_PIECES), max_size=16).map("".join))
def test_space_between_cjk_only_where_it_may_be(text):
    # The cheap test says "no" only where the pattern finds nothing, so skipping it changes nothing.
    if chars.SPACE_BETWEEN_CJK_RE.search(text) is not None:
        assert chars.may_space_between_cjk(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["我", "我 ", " ", "我我", "a", "a ", "，", "\n"]), max_size=16).map("".join))
def test_spaced_repeats_as_the_pattern_finds_them(text):
    from asrclean.stages.fillers import stutters

    plain = re.compile(f"([{chars.HAN}]) \\1(?!\\1)")
    assert [m.span() for m in stutters.SpacedRepeats.finditer(text)] == [m.span() for m in plain.finditer(text)]


_MIXED_PIECES = ["我们", "的", "KPI", "kpi", "A", "a1", "x", " ", "，", "我", "ab", "abc", "。", "1"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MIXED_PIECES), max_size=14).map("".join))
def test_mixed_repeats_as_the_pattern_finds_them(text):
    from asrclean.stages.fillers import word_repeats

    found = [m.span() for m in word_repeats._MixedRepeats.finditer(text)]
    assert found == [m.span() for m in word_repeats._MIXED_REPEAT_RE.compiled.finditer(text)]
