"""Patterns restructured for linear time find what the plain ones found.

The plain patterns are kept here as the reference: each restructured one is
compared with its plain form on generated text (hypothesis), and every shape of
bench/bench_scaling.py is cleaned at a small size, replayably and idempotently.
Timing itself lives in the bench, not here.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asrclean.chars import CJK, CLOSERS
from asrclean.edits import Protected, Recorder, literal_pattern, replay
from asrclean.literals import alternation
from asrclean.pipeline import Pipeline
from asrclean.stages import base, fillers, normalize, punctuation, sentences, terms
from asrclean.stages.terms import latin as terms_latin

PIPE = Pipeline()


def texts(pieces, max_size=30):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# --- the shapes of the bench, small --------------------------------------------

SHAPES = [
    "我们" + " " * 300 + "你好 \n好",
    " \n" * 200,
    "x" + " \n" * 200 + "x",
    "对，" * 200,
    "谢谢，" * 150,
    "我 " * 200,
    "/" + "a" * 500,
    "@" + "a" * 500,
    "a" * 500 + "@",
    "1a" * 200 + ":/",
    "Google gogle " * 60,
    "。" * 300,
    "a" + "!" * 300 + "a",
    "呃" * 300,
    "我" * 300,
    "1" * 300,
    "好" + "\n" * 300 + "好",
    "我a" * 200,
    "a-" * 200,
    "g p t " * 100,
    "gpt 4 o " * 80,
    "a." * 200,
    "hello world " * 50,
    "a! b? " * 50,
    "嗯。" * 150,
    "我们嗯好的然后恩" * 40,
    "狗狗很" * 100,
    "然后，" * 150,
    "我们就是，" * 100,
    "我们的KPI" * 60,
    "苏炳添起" * 80,
    "ha" * 250,
    "http://" + "ab" * 250,
]


@pytest.mark.parametrize("text", SHAPES, ids=range(len(SHAPES)))
def test_shape_is_replayable_and_idempotent(text):
    run = PIPE(text)
    assert replay(text, run.edits) == run.text
    assert PIPE(run.text).text == run.text


def test_hallucinated_answers_stay():
    # "对，对，…" is emphasis (no copy goes on into a clause): nothing is removed.
    assert PIPE("对，" * 50).text.count("对") == 50
    # A restart after the chain still collapses: "我，我觉得" -> "我觉得".
    assert PIPE("我，我，我觉得很好。").text == "我觉得很好。"


def test_spaces_at_line_edges_go():
    # Two spaces between Chinese in so short a text read as word segmentation (see
    # chars.spaces_are_pauses): they go, and so does the line break.
    assert PIPE("我们" + " " * 200 + "你好 \n好").text == "我们你好好"
    assert PIPE(" \n a \n\n b ").text == "A\n\nb"


# --- restructured patterns against their plain forms -----------------------------

_OLD_EMPTIED = re.compile(r"\A\s+|\s+\Z|(?<=\n\n)\s+(?=\S)| +(?=\n)|(?<=\n) +")
_OLD_TRAILING = re.compile(" +(?=\n)|(?<=\n) +|\\A\\s+|\\s+\\Z")
_OLD_SPACE_BEFORE_MARK = re.compile(" +(?=[，。！？、；：）」』》”’】〕])")
_OLD_SENTENCE_END = re.compile(
    f"[。！？]+[{re.escape(CLOSERS)}]*"
    f"|(?=[.!?])(?<![.])(?<!\\b[A-Za-z]){sentences._NOT_AFTER_ABBREVIATION}[.!?]+[{re.escape(CLOSERS)}]*(?=\\s|$|[{CJK}])"
)
_OLD_ADDRESS = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]+"
    r"|www\.[!-~]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?:[A-Za-z]:|~)?(?:[/\\][A-Za-z0-9_.+~-]+){2,}[/\\]?"
)

_OLD_TWO_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9'’]* +[A-Za-z0-9]")

SPACES = texts([" ", "  ", "\n", "\n\n", "a", "我", "，", "\t"])


@settings(max_examples=300, deadline=None)
@given(SPACES)
def test_emptied_space(text):
    assert base._EMPTIED_RE.sub("", text) == _OLD_EMPTIED.sub("", text)


@settings(max_examples=300, deadline=None)
@given(texts([" ", "  ", "\n", "\n\n", "a", "我", "，"]))
def test_edge_spaces(text):
    r = Recorder("normalize")
    out = normalize._strip_edges(r, text)
    assert out == _OLD_TRAILING.sub("", text)
    assert replay(text, r.edits) == out


@settings(max_examples=300, deadline=None)
@given(texts([" ", "  ", "，", "。", "）", "a", "我"]))
def test_space_before_mark(text):
    assert punctuation._SPACE_BEFORE_MARK_RE.sub("", text) == _OLD_SPACE_BEFORE_MARK.sub("", text)


@settings(max_examples=500, deadline=None)
@given(texts([".", "!", "?", "。", "！", "”", ")", " ", "a", "Dr", "e", "U.S", "我", "\n", "x "]))
def test_sentence_ends(text):
    assert [m.end() for m in sentences.sentence_ends(text)] == [m.end() for m in _OLD_SENTENCE_END.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(texts(["a", "1", ".", "+", "-", "_", "%", "@", ":", "/", "\\", "~", "www.", "://", "b", "C:"], 16))
def test_addresses(text):
    assert list(terms_latin._addresses(text, 0, len(text))) == [m.span() for m in _OLD_ADDRESS.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(texts(["对", "我", "我们", "觉得", "，", ",", "、", " ", "  ", "。", "\n", "a", "1", "（", " a", "对对"]))
def test_restarts(text):
    found = []

    def keep(m):
        found.append((m.span(), m.group(1)))
        return m.group(0)

    assert fillers._Restarts.sub(keep, text) == text
    assert found == [(m.span(), m.group(1)) for m in fillers._RESTART_RE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(texts(["我", "我们", "的", "KPI", "a", "Ab", "1", "，", " ", "。", "AB我", "的KPI"]))
def test_mixed_repeats(text):
    from asrclean.stages.fillers import word_repeats

    found = [m.span() for m in word_repeats._MixedRepeats.finditer(text)]
    assert found == [m.span() for m in word_repeats._MIXED_REPEAT_RE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(texts(["a", "B", "1", "'", "’", " ", "  ", "我", ".", "ha"], 16))
def test_two_english_words(text):
    from asrclean.stages import restore_english

    assert restore_english.may_have_runs(text) == (_OLD_TWO_WORDS.search(text) is not None)


def _flat(strings, flags=0, guards=False):
    items = sorted({s for s in strings if s}, key=lambda s: (-len(s), s))
    parts = []
    for s in items:
        p = re.escape(s)
        if guards and re.match("[A-Za-z0-9]", s[0]):
            p = r"(?<![A-Za-z0-9_])" + p
        if guards and re.match("[A-Za-z0-9]", s[-1]):
            p += r"(?![A-Za-z0-9_])"
        parts.append(p)
    return re.compile("|".join(parts), flags)


WORDS = st.lists(texts(list("aAbB1_ .我们+"), 4).filter(bool), min_size=1, max_size=8)
LINE = texts(list("aAbB1_ .我们+"), 24)


@settings(max_examples=300, deadline=None)
@given(WORDS, LINE)
def test_trie_matches_like_longest_first_alternation(words, text):
    plain = re.compile(alternation(words))
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in _flat(words).finditer(text)]
    for flags in (re.NOFLAG, re.IGNORECASE):
        got = terms._alias_pattern(words, flags)
        assert [m.span() for m in got.finditer(text)] == [m.span() for m in _flat(words, flags, True).finditer(text)]


def _flat_words(strings, words):
    """The flat form of ``literal_pattern(strings, words=...)``: longest first, words guarded."""
    whole = {s for s in words if s}
    parts = []
    for s in sorted(whole | {s for s in strings if s}, key=lambda s: (-len(s), s)):
        p = re.escape(s)
        if s in whole and re.match("[A-Za-z0-9]", s[0]):
            p = r"(?<![A-Za-z0-9_])" + p
        if s in whole and re.match("[A-Za-z0-9]", s[-1]):
            p += r"(?![A-Za-z0-9_])"
        parts.append(p)
    return re.compile("|".join(parts))


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS, LINE)
def test_trie_with_whole_words_matches_like_the_flat_alternation(strings, words, text):
    got = literal_pattern(strings, words=words)
    assert [m.span() for m in got.finditer(text)] == [m.span() for m in _flat_words(strings, words).finditer(text)]


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS, LINE)
def test_lookup_at_one_place_is_what_the_trie_matches_there(strings, words, text):
    got = literal_pattern(strings, words=words)
    regex = got.regex
    for p in range(len(text) + 1):
        m = regex.match(text, p)
        assert got.match_end(text, p) == (m.end() if m else None)


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS, LINE)
def test_protected_spans_found_near_a_place_are_the_scanned_ones(strings, words, text):
    """``Protected`` on a ``Literals`` works out the spans only where it is asked: the
    answers are those of the whole ``finditer`` chain."""
    lit = literal_pattern(strings, words=words)
    lazy, scanned = Protected(text, lit), Protected(text, lit.regex)
    for s in range(len(text) + 1):
        for e in range(s, min(len(text), s + 4) + 1):
            assert lazy.overlaps(s, e) == scanned.overlaps(s, e), (s, e)


def test_protected_spans_overlapping_for_long_fall_back_to_one_scan():
    lit = literal_pattern(["甲甲", "甲乙"])
    text = "甲" * 2001 + "乙"
    lazy, scanned = Protected(text, lit), Protected(text, lit.regex)
    assert [lazy.overlaps(s, s + 1) for s in range(1990, 2002)] == [scanned.overlaps(s, s + 1) for s in range(1990, 2002)]


def test_long_strings_stay_flat():
    long = "甲" * 150
    pattern = re.compile(alternation([long, "甲乙", "甲"]))
    assert [m.group() for m in pattern.finditer(long + "甲乙")] == [long, "甲乙"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts(list("abAB联储美"), 5).filter(bool), st.lists(texts(list("abAB联储"), 3), max_size=2)), max_size=6))
def test_terms_containing_an_alias(entries):
    from asrclean.glossary import Term

    glossary_terms = tuple(Term(term=t, aliases=tuple(a)) for t, a in entries)
    folded = {a.lower() for t in glossary_terms for a in t.aliases if a and a != t.term}
    expected = {t.term for t in glossary_terms if any(a in t.term.lower() for a in folded)}
    assert terms._containing(glossary_terms, folded) == expected
