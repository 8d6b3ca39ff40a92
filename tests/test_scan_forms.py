"""Patterns rewritten only so that ``re`` scans a long text faster find what the plain
forms found: the same matches, at the same places, on random texts.

``re`` skips ahead in a fast scan to the class (or literal) a pattern opens with; a pattern
that opens with a look back, an alternation or ``[...]+`` is tried at every character of a
Chinese text. Each rewrite keeps its plain form here, as the reference it must agree with.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st


def texts(pieces, max_size=40):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


def spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


_LATIN_PIECES = ["a", "Ab", "x1", "1", "'", "’", " ", "  ", ",", "，", "、", ", ", "我", ".", "/", "@", "\\", "w", "ww", "www.", "-", "_", "\n", "é"]


@settings(max_examples=500, deadline=None)
@given(texts(_LATIN_PIECES))
def test_latin_runs(text):
    from asrclean.stages.terms import latin

    token = r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?"
    plain = re.compile(rf"(?<![A-Za-z0-9]){token}(?:(?: |[,，、] ?){token})*(?![A-Za-z0-9])")
    assert spans(latin.RUN, text) == spans(plain, text)
    assert spans(latin._ADDRESS_MARK, text) == spans(re.compile(r"[/@\\]|www\."), text)


@settings(max_examples=500, deadline=None)
@given(texts(_LATIN_PIECES))
def test_spelled_runs(text):
    from asrclean.stages.terms import spelled

    plain = re.compile(r"(?<![A-Za-z0-9_.@/\\-])[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)+(?![A-Za-z0-9_@/\\-]|\.[A-Za-z0-9])")
    assert spans(spelled.RUN, text) == spans(plain, text)


@settings(max_examples=300, deadline=None)
@given(texts(["１", "ａ", "Ｚ", "，", "（", "！", "～", "我", "a", " ", "＃"]))
def test_full_width_runs(text):
    from asrclean.stages import normalize

    plain = re.compile("[" + "".join(re.escape(chr(c)) for c in normalize._WIDTH) + "]+")
    assert spans(normalize._WIDTH_RE, text) == spans(plain, text)


_GLUED_PIECES = ["呃", "呃呃", "《》", "“”", "「」", "『』", "（）", "【】", "()", "a", "1", ".", " ", "我", "《", "》", "\n"]


@settings(max_examples=300, deadline=None)
@given(texts(_GLUED_PIECES, 20))
def test_glued_hesitations(text):
    from asrclean.stages import restore_english

    plain = re.compile("呃+|《》|“”|「」|『』|（）|【】|\\(\\)")
    assert spans(restore_english._GLUED_RE, text) == spans(plain, text)


_SENTENCE_PIECES = ["a", "so", "i", "I", "e.", "g.", "U.S. ", ". ", "! ", "? ", '." ', ".) ", "\n", " ", "我", ",", ":", ".", "'", "x/", "1"]


@settings(max_examples=500, deadline=None)
@given(texts(_SENTENCE_PIECES))
@example("so it is. and e.g. this? no U.S. one\nwell. \"yes.\" ok")
def test_lowercase_sentence_starts(text):
    from asrclean.stages import sentences

    plain = re.compile(
        r"(?=[a-z])(?:^|(?<=[.!?] )|(?<=[.!?][\"')] ))(?<!\b[A-Za-z]\. )(?<!\b[A-Za-z]\.[A-Za-z]\. )[a-z](?=[a-z']*(?:[\s,;!?]|[.:](?![A-Za-z0-9/])|$))",
        re.MULTILINE,
    )
    assert spans(sentences._LOWERCASE_START_RE, text) == spans(plain, text)


@settings(max_examples=300, deadline=None)
@given(texts(["我", "们", "a", "AB", "1", "$", "€", "£", " ", "。", "\n", "ア", "한", "，", "ｘ"], 20))
def test_latin_after_chinese(text):
    from asrclean.chars import CJK
    from asrclean.stages import spacing

    plain = re.compile(f"[{CJK}](?=[A-Za-z0-9$€£])")
    assert [m.start() for m in spacing._LATIN_AFTER_CJK_RE.finditer(text)] == [m.end() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts(["呃", "嗯", "恩", "唔", "额", "哎", "唉", "啊", "呀", "啦", "嘛", "哦", "哈", "我", " ", "，", "a"]))
def test_filler_runs(text):
    from asrclean.stages.fillers import discourse, hesitations

    for pattern, plain in (
        (hesitations._CN_LIGHT_RE, "[呃嗯恩唔]+"),
        (hesitations._E_RE, "额+"),
        (hesitations._INTERJECTION_RE, "[哎唉啊]+"),
        (discourse._FINAL_TONE_RE, "[啊呀啦嘛哦哈]+"),
    ):
        assert spans(pattern, text) == spans(re.compile(plain), text)


@settings(max_examples=500, deadline=None)
@given(texts(["我", "们", "我们", "对", " ", "，", ",", "、", "，，", "\n", "a", "。"], 30))
@example("对，对，对，我们，我们的 a, a 对\n，对")
def test_pauses_before_copies(text):
    # The pause runs found: those of the plain form (one alternation of the look backs,
    # then one of every character again).
    from asrclean.stages.fillers import restarts

    k = restarts._MAX_RESTART
    plain = re.compile(
        "[ ，,、](?<![ ，,、].)(?:"
        + "|".join(f"(?<=(\\S){'.' * (i + 1)})" for i in range(k))
        + ")[ ，,、]*(?:"
        + "|".join(f"\\{i + 1}" for i in range(k))
        + ")"
    )
    got = [m.start() for m in restarts._PAUSE_BEFORE_COPY_RE.finditer(text)]
    assert got == [m.start() for m in plain.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(texts(["a", "我", " ", "  ", "\n", "\n\n", "\t", "\u3000", "\x0b", "。"], 20))
@example("a\n\n\tb")
@example("a\n\n\nb")
def test_emptied_space_pass_skipped_only_when_it_finds_nothing(text):
    # tidy_after_deletions skips the pass on a text without white space at a line's edge
    # and without white space after a paragraph break: the pass finds nothing there.
    from asrclean.stages import base

    if not base.has_edge_space(text) and not base._BREAK_THEN_SPACE_RE.search(text):
        assert base._EMPTIED_RE.search(text) is None


@settings(max_examples=300, deadline=None)
@given(texts(["我", "们", "。", "！", "？", "。。", "”", "」", "）", "a", "ab", "1", " ", ".", "\n", "𠀀"], 30))
def test_sentence_ends_and_weights(text):
    from asrclean.chars import CJK
    from asrclean.stages import sentences

    plain = re.compile(f"[。！？]+[{re.escape(sentences.CLOSERS)}]*")
    assert spans(sentences._CJK_SENTENCE_END_RE, text) == spans(plain, text)
    cjk = len(re.sub(f"[^{CJK}]+", "", text))
    latin = 2 * len(sentences._LATIN_WORD_RE.findall(text)) if re.search("[A-Za-z0-9]", text) else 0
    assert sentences.weight(text) == cjk + latin


@settings(max_examples=500, deadline=None)
@given(texts(["\n", " ", "  ", "。", "，", ",", ".", "?", "我", "a", "\n\n", "：", "…"]))
def test_line_start_scans(text):
    # Found from the line breaks, not by "^" with re.MULTILINE (tried at every character).
    from asrclean.stages import punctuation, restore_english

    assert punctuation.may_orphan(text) == (punctuation._MAY_ORPHAN_RE.search(text) is not None)
    starts = [m.start() for m in re.compile("^", re.MULTILINE).finditer(text)]
    assert list(restore_english._line_starts(text)) == starts
