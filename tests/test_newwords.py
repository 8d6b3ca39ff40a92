"""New-word discovery: what it finds is frequent, free and in no dictionary."""

from hypothesis import given, settings
from hypothesis import strategies as st

from asrclean.newwords import FUNCTION, Counts
from asrclean.stages.terms.tables import zh_levels


def _found(*texts, min_count=3):
    c = Counts()
    for t in texts:
        c.add(t)
    return {w.word: w for w in c.words(min_count)}


def test_a_name_in_varied_company_is_found_whole():
    found = _found(
        "昨天钱墨川来了。钱墨川说老城区要改，房子太旧，街道太窄，停车也难。",
        "我问钱墨川，他笑了。还是钱墨川懂行，他在这一片住了二十年。",
    )
    assert "钱墨川" in found and found["钱墨川"].count == 4
    # Its pieces always stand beside the same characters: no words of their own.
    assert "钱墨" not in found and "墨川" not in found


def test_a_string_always_in_the_same_company_is_a_piece():
    # 泽尔 here only ever follows 阿 and precedes 巴: not free on either side.
    found = _found("阿泽尔巴来了。" * 3, "阿泽尔巴走了。" * 3)
    assert "泽尔" not in found


def test_known_words_and_phrases_of_them_are_not_new():
    text = "我们学校的老师，我们学校的学生，我们学校的食堂，还有我们学校的操场。"
    found = _found(text, text)
    assert "我们学校" not in found and "学校" not in found


def test_rare_strings_are_not_words():
    assert _found("钱墨川来了。钱墨川走了。") == {}


HAN = st.sampled_from(list("钱墨川爆仓算力我们的了是在和学校老师来走说好大"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(HAN, min_size=0, max_size=30), max_size=12))
def test_every_word_found_recurs_is_unknown_and_is_deterministic(texts):
    found = _found(*texts)
    levels = zh_levels()
    for w, nw in found.items():
        assert sum(t.count(w) for t in texts) >= nw.count >= 3
        assert w not in levels
        assert w[0] not in FUNCTION and w[-1] not in FUNCTION
    assert list(found) == list(_found(*texts))
