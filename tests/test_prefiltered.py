"""Patterns tried only where a cheap scan says a match can begin (``edits.Prefiltered``,
``repeats.RepeatPrefiltered`` and the restarts' own scan) find exactly the matches of the pattern alone.

Speed changes must not change a single match: each one is checked here on generated
texts from an alphabet of the pieces its pattern reacts to, and every one of them on the
inputs of all the data-driven cases and the example transcript.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from asrclean.edits import Prefiltered
from asrclean.repeats import RepeatPrefiltered, repeat_starts
from asrclean.stages import base, normalize, punctuation, spacing
from asrclean.stages.fillers import english, restarts, stutters, word_repeats

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "asrclean.stages.base",
    "asrclean.stages.normalize",
    "asrclean.stages.punctuation",
    "asrclean.stages.spacing",
    "asrclean.stages.sentences",
    "asrclean.stages.fillers.english",
    "asrclean.stages.fillers.restarts",
    "asrclean.stages.fillers.stutters",
    "asrclean.stages.fillers.word_repeats",
]


def texts(alphabet, max_pieces=14):
    return st.lists(st.sampled_from(alphabet), max_size=max_pieces).map("".join)


def spans(pattern, text):
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


# The hesitation patterns at a word's first letter that can begin one, as the stage once ran
# them (it now tries them where a run of letters begins): kept here as the checked forms.
_EN_LIGHT_HESITATIONS = Prefiltered(english._EN_LIGHT_RE, re.compile(r"[Uu](?<![A-Za-z0-9'\-].)"))
_EN_STANDARD_HESITATIONS = Prefiltered(english._EN_STANDARD_RE, re.compile(r"[UuEeHh](?<![A-Za-z0-9'\-].)"))


def _all_prefiltered():
    found = [
        pytest.param(_EN_LIGHT_HESITATIONS, id="english._EN_LIGHT_HESITATIONS"),
        pytest.param(_EN_STANDARD_HESITATIONS, id="english._EN_STANDARD_HESITATIONS"),
    ]
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, (Prefiltered, RepeatPrefiltered)):
                found.append(pytest.param(value, id=f"{name}.{attr}"))
    return found


def _corpus():
    out = [(ROOT / "examples" / "podcast.txt").read_text(encoding="utf-8")]
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append(case["input"])
            if "expected" in case:
                out.append(case["expected"])
    return out


CORPUS = _corpus()


@pytest.mark.parametrize("pre", _all_prefiltered())
def test_same_matches_on_the_cases(pre):
    for text in CORPUS:
        assert spans(pre, text) == spans(pre.pattern, text), text[:80]


# Words of the English stutter pattern, read from it: a word added there is tried here.
_EN_WORDS = re.search(r"\(([A-Za-z|]+\|and(?:\|[A-Za-z]+)*)\)", english._EN_REPEAT_RE.pattern).group(1).split("|")

ALPHABETS = [
    (punctuation._MARK_RUNS, ["。", "，", ",", ".", "?", "!", ";", ":", "a", "1", "我", " ", "  ", "\n", "...", "Dr", "e.g.", "？！"]),
    (spacing._CJK_THEN_LATIN, ["我", "a", "AB", "1", "$", "€", " ", "。", "%", "‰", "°", "\n", "ア"]),
    (spacing._LATIN_THEN_CJK, ["我", "a", "AB", "1", "$", "€", " ", "。", "%", "‰", "°", "\n", "ア"]),
    (base._EMPTIED, [" ", "  ", "\n", "\n\n", "a", "我", "，", "\t", "\u3000"]),
    (word_repeats._WORD_REPEATS, ["我", "我们", "觉得", "我们我们", "的", "，", " ", "a", "一个", "个一", "是", "𠀀𠀀", "\x00", "\ud800", "\n"]),
    (stutters._CHAR_REPEATS, ["我", "我我", "的", " ", "  ", "a", "aa", "……", "，", "\n", "𠀀", "\x00", "\ud800"]),
    (english._EN_PHRASE_REPEATS, ["we", "We", "need", "to", " ", " ", ",", " ,", "'", "x1", "1", "我", "a", "I"]),
    (_EN_LIGHT_HESITATIONS, ["um", "Uh", "uhm", "uh oh", " ", "-", "'", "a", "sum", "我", "umm"]),
    (_EN_STANDARD_HESITATIONS, ["um", "Uh", "er", "Erm", "hmm", "Hmmm", " ", "-", "x", "her", "我", "uh-oh"]),
    (
        english._EN_REPEATS,
        [w for w in _EN_WORDS] + [w.upper() for w in _EN_WORDS] + [w.title() for w in _EN_WORDS]
        + [" ", " ", " ", "x", "'", "我", "ſhe", "ı", "İ"],
    ),
]


@pytest.mark.parametrize("pre,alphabet", [pytest.param(p, a, id=str(i)) for i, (p, a) in enumerate(ALPHABETS)])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_same_matches_generated(pre, alphabet, data):
    text = data.draw(texts(alphabet))
    assert spans(pre, text) == spans(pre.pattern, text)


@settings(max_examples=300, deadline=None)
@given(texts(["a", "b", "我", "\x00", "𠀀", "\ud800", "\U0010ffff", "\u5200", "\u4e01"], 30), st.integers(1, 2), st.integers(1, 7))
def test_repeat_starts(text, width, far):
    _finds_every_repeat(text, width, far)


def _finds_every_repeat(text: str, width: int, far: int) -> None:
    # Every place where ``width`` characters come again 1..far characters later is found.
    found = set(repeat_starts(text, range(1, far + 1), width))
    for i in range(len(text)):
        for k in range(1, far + 1):
            if i + k + width <= len(text) and text[i : i + width] == text[i + k : i + k + width]:
                assert i in found, (i, k)


@settings(max_examples=300, deadline=None)
@given(
    # Characters of the Basic Multilingual Plane only (the 16-bit lanes), among them some
    # whose keys are alike: the same low 15 bits, the same low 9 bits, a lone surrogate.
    texts(["a", "b", "\x00", "\u8061", "\u0261", "我", "\u6211", "\uE211", "\ud800", "\uffff", "\u4e01", "\u5200"], 40),
    st.integers(1, 2),
    st.integers(1, 7),
)
def test_repeat_starts_in_16_bit_lanes(text, width, far):
    _finds_every_repeat(text, width, far)


@settings(max_examples=300, deadline=None)
@given(texts([" ", "  ", "\n", "\n\n", "a", "我", "，", "“", "”", "- ", "1.", "A:", "客服：", "\t", "x"]))
def test_line_break_patterns(text):
    """normalize's line-break patterns open with the break (a fast scan); as before."""
    from asrclean.chars import CJK

    old = [
        (normalize._LINE_EDGE_SPACES_RE, "(?<! ) +(?=\n)|(?<=\n) +"),
        (normalize._CJK_LINE_BREAK_RE, f"(?<=[{CJK}，。！？、；：”’）」』])\n(?!\n)|(?<!\n)\n(?=[{CJK}，。！？、；：“‘（「『])"),
        (normalize._LINE_BREAK_RE, "(?<!\n)\n(?!\n)"),
        (normalize._CJK_PAUSE_BREAK_RE, f"(?<=[{CJK}])\n(?!\n)(?=[{CJK}])"),
        (
            normalize._STRUCTURED_LINE_RE,
            r"(?<=[^\n])\n(?=[ \t]*(?:[-*•·][ \t]|\d{1,3}[.、)）][ \t]?|[^\s：:，。,.]{1,12}[：:]))",
        ),
    ]
    for new, was in old:
        assert spans(new, text) == spans(re.compile(was), text)


def test_restart_openings_on_the_cases():
    for text in CORPUS:
        assert [m.span() for m in restarts._Restarts.finditer(text)] == [
            m.span() for m in restarts._RESTART_RE.finditer(text)
        ]


@settings(max_examples=500, deadline=None)
@given(texts(["a", "b1", "'", "’", ".", ",", ":", "3", " ", "我", "。", "\n", "don't", "3.5", "1,000"]))
def test_english_stretches(text):
    """restore's English stretches, the runs of ordinary characters taken whole: as one at a time."""
    from asrclean.stages import restore, restore_english

    boundary = restore._BOUNDARY
    apostrophes = "".join(c for c in "'’" if c in boundary)
    one_at_a_time = re.compile(
        f"(?:[^{re.escape(boundary)}]|(?<=[A-Za-z])[{apostrophes}](?=[A-Za-z])"
        f"|(?<=[A-Za-z0-9])[.](?=[A-Za-z0-9])|(?<=[0-9])[,:](?=[0-9]))+"
    )
    assert spans(restore_english.stretch_pattern(boundary), text) == spans(one_at_a_time, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["我", "a", "後", "著名", "乾", "，", "頭寸", "\n", "說話" * 40, "好" * 200]), max_size=30).map("".join))
def test_to_simplified(text):
    """Only the runs of traditional characters translated: as translating the whole."""
    from asrclean.chars import t2s, to_simplified

    assert to_simplified(text) == text.translate(t2s())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            texts(["#", "> ", "1.", "2)", " ", "    ", "*", "&amp;", "a", "我", "\n", "\n\n", "-", "|", "\\"], 8),
            st.sampled_from([None, 1.0]),
            st.sampled_from([None, "A"]),
        ),
        max_size=6,
    ),
    st.sampled_from([None, "t#", "x\ny"]),
)
def test_markdown_runs_escaped_together(items, title):
    """Paragraphs escaped as one text where they have no prefix: as each on its own."""
    from asrclean.api import Paragraph
    from asrclean.markdown import escape, render, timestamp

    paragraphs = [Paragraph(t, start=s, speaker=sp) for t, s, sp in items]
    blocks = ["# " + escape(title).replace("\n", " ")] if title else []
    for p in paragraphs:
        prefix = (timestamp(p.start) + " " if p.start is not None else "") + (f"**{escape(p.speaker)}:** " if p.speaker else "")
        blocks.append(prefix + escape(p.text))
    assert render(title, paragraphs) == ("\n\n".join(blocks) + "\n" if blocks else "")


@settings(max_examples=300, deadline=None)
@given(texts([" ", "  ", "我", "a", "。", "\n", "ア", "1"]))
def test_space_between_cjk(text):
    from asrclean import chars

    assert spans(chars.SPACE_BETWEEN_CJK_RE, text) == spans(re.compile(f"(?<=[{chars.CJK}]) +(?=[{chars.CJK}])"), text)
    assert chars.spaces_are_pauses(text) == (
        not chars.SPACE_BETWEEN_CJK_RE.findall(text)
        or len(re.findall(f"[{chars.CJK}]", text)) >= 3 * (len(chars.SPACE_BETWEEN_CJK_RE.findall(text)) + 1)
    )


@settings(max_examples=300, deadline=None)
@given(texts([" ", "  ", "，", "。", "）", "（", "a", "我", "5", "%", "‰", ",", ".", "\n", ")"]))
def test_punctuation_space_patterns(text):
    """punctuation's patterns about spaces open with the space; as with the look back first."""
    from asrclean import chars
    from asrclean.chars import CN_MARKS

    old = [
        (chars.PERCENT_SPACE_RE, r"(?<=\d) +(?=[%‰])"),
        (punctuation._SPACE_BEFORE_HALF_MARK_RE, r"(?<=[A-Za-z0-9%)\]]) +(?=[,.?!;:](?:\s|\Z))"),
        (punctuation._SPACE_BEFORE_MARK_RE, f"(?<! ) +(?=[{CN_MARKS}）」』》”’】〕])"),
        (punctuation._SPACE_AFTER_MARK_RE, f"(?<=[{CN_MARKS}（「『《“‘【〔]) +"),
    ]
    for new, was in old:
        assert spans(new, text) == spans(re.compile(was), text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["我们今天讨论", "我们今天", "把那个文件", "对", "的", "，", " ", "、", "。", "a", "发给我"]), max_size=14)
)
def test_restart_openings_find_copies_of_every_length(pieces):
    """Copies of one to _MAX_RESTART characters (six): the fast scan of pause
    runs looks back as far as the longest copy."""
    text = "".join(pieces)
    assert [m.span() for m in restarts._Restarts.finditer(text)] == [m.span() for m in restarts._RESTART_RE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["我们", "的", "在", "定在", "，", "、", " ", ",", "a", "需要", "十五号", "。", "我"]), max_size=16))
def test_pauses_before_copies_hold_every_pause_a_copy_follows(pieces):
    """The scan for pauses after which a copy may be said again finds every
    pause run whose next characters repeat up to _MAX_RESTART before it."""
    text = "".join(pieces)
    found = set(restarts._pauses_before_copies(text))
    for m in re.finditer("[ ，,、]+", text):
        p, q = m.span()
        if any(p >= n and q < len(text) and text.startswith(text[p - n : p], q) for n in range(1, restarts._MAX_RESTART + 1)):
            assert (p, q) in found, (text, p, q)


# The restore stage's stretches: the long ones found by the regex engine, and the
# English ones with enough spaces found from the spaces.
_STRETCH_PIECES = ["我", "们", "a", "I'm", "don’t", "3.5", "1,000", "12:15", "e.g.", ".", ",", ":", "'", "’", "。", "，", "\n", " ", "  ", "”", "（", "x y z"]


@settings(max_examples=400, deadline=None)
@given(texts(_STRETCH_PIECES, 30), st.sampled_from([1, 2, 3, 5, 40]))
def test_long_stretches_are_the_long_matches(text, least):
    from asrclean.stages import restore

    want = [m.span() for m in restore._STRETCH_RE.finditer(text) if m.end() - m.start() >= least]
    assert list(restore.long_stretch_spans(text, least)) == want


@settings(max_examples=400, deadline=None)
@given(texts(_STRETCH_PIECES, 30), st.sampled_from([0, 1, 2, 3, 7]))
def test_stretches_found_from_the_spaces_are_the_matches_with_spaces(text, spaces):
    from asrclean.stages import restore, restore_english

    pattern = restore._EN_STRETCH_RE
    want = [m.span() for m in pattern.finditer(text) if m.group(0).count(" ") >= spaces]
    assert [m.span() for m in restore_english._stretches(text, pattern, spaces)] == want


def test_stretches_on_the_cases():
    from asrclean.stages import restore, restore_english

    for text in CORPUS:
        for spaces in (1, 7):
            want = [m.span() for m in restore._EN_STRETCH_RE.finditer(text) if m.group(0).count(" ") >= spaces]
            assert [m.span() for m in restore_english._stretches(text, restore._EN_STRETCH_RE, spaces)] == want
        want = [m.span() for m in restore._STRETCH_RE.finditer(text) if m.end() - m.start() >= 40]
        assert list(restore.long_stretch_spans(text, 40)) == want


_SPACING_PIECES = ["我", "们", "a", "AB", "1", "$", "€", "£", "%", "‰", "°", " ", "。", "\n", "ア", "한", "，", "ｘ"]


@settings(max_examples=400, deadline=None)
@given(texts(_SPACING_PIECES, 20))
def test_spacing_finds_its_places_in_one_scan(text):
    assert [m.start() for m in spacing._LATIN_AFTER_CJK_RE.finditer(text)] == [m.start() for m in spacing._CJK_THEN_LATIN.pattern.finditer(text)]
    assert [m.end() for m in spacing._LATIN_BEFORE_CJK_RE.finditer(text)] == [m.start() for m in spacing._LATIN_THEN_CJK.pattern.finditer(text)]


def test_spacing_classes_share_no_character():
    from asrclean.chars import CJK

    assert not [c for c in "ABCXYZabcxyz0123456789$€£%‰°" if re.match(f"[{CJK}]", c)]
    for text in CORPUS:
        assert [m.start() for m in spacing._LATIN_AFTER_CJK_RE.finditer(text)] == [m.start() for m in spacing._CJK_THEN_LATIN.pattern.finditer(text)]
        assert [m.end() for m in spacing._LATIN_BEFORE_CJK_RE.finditer(text)] == [m.start() for m in spacing._LATIN_THEN_CJK.pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts(_SPACING_PIECES + ["我a", "1我"], 20))
def test_insert_records_what_sub_records(text):
    """``Recorder.insert`` at the places gives the text and edits ``Recorder.sub`` gives,
    with protected spans (a place inside one is skipped, one at its edge is not)."""
    from asrclean.edits import Recorder, literal_pattern

    for protect in (None, literal_pattern(["我a", "1我", "AB"])):
        by_sub, by_insert = Recorder("spacing", protect), Recorder("spacing", protect)
        a = by_sub.sub(spacing._CJK_THEN_LATIN, " ", text, "space-cjk-latin")
        b = by_insert.insert(text, [m.start() for m in spacing._LATIN_AFTER_CJK_RE.finditer(text)], " ", "space-cjk-latin")
        assert a == b
        assert by_sub.edits == by_insert.edits


@settings(max_examples=400, deadline=None)
@given(texts(["1", "12", "123", "1234", ".", ". ", " ", ",", "a", "我", "%", "١", "。"], 16))
def test_decimal_split_starts_at_a_digit(text):
    """punctuation's split-decimal pattern opens with a digit (a fast scan); as before."""
    old = re.compile(r"(?<![\d.,])(\d{1,3})\. +(\d+)(?![\d.])")
    assert spans(punctuation._DECIMAL_SPLIT_RE, text) == spans(old, text)


def _filler_word_pieces():
    from asrclean.stages.fillers.common import _tables

    words = sorted(_tables()[3])
    return words[:: max(1, len(words) // 60)] + list("呃嗯恩额哎唉啊呢我的感情")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_filler_word_pieces()), max_size=8).map("".join))
def test_in_filler_word_is_the_index_look_up(text):
    """The filler-word test by places (offset, length) finds what the scan of every
    indexed word finds."""
    from asrclean.stages.fillers.common import _covered, _filler_index, _filler_places, _in_filler_word

    places = _filler_places()
    for i in range(len(text)):
        assert _in_filler_word(text, i, places) == (_covered(text, i, text[i], _filler_index()) is not None), (text, i)


def test_in_filler_word_on_the_cases():
    from asrclean.stages.fillers.common import FILLER_CHARS, _covered, _filler_index, _filler_places, _in_filler_word

    places = _filler_places()
    for text in CORPUS:
        for i, c in enumerate(text):
            if c in FILLER_CHARS:
                assert _in_filler_word(text, i, places) == (_covered(text, i, c, _filler_index()) is not None), (text, i)
