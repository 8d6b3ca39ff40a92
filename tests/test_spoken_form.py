"""spoken_form: the form of a spoken clause decides whether the mark the model
put after it is a question mark (data: tests/data/spoken_form_clauses.tsv)."""

from pathlib import Path

import pytest

from asrclean.spoken_form import (
    COMMA,
    QUESTION,
    STOP,
    alternative_gaps,
    echo_gaps,
    open_question_gaps,
    question_reason,
    relabel,
    stated,
    suggestion,
)

DATA = Path(__file__).parent / "data" / "spoken_form_clauses.tsv"


def _clauses():
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            text, kind = line.split("\t")
            yield pytest.param(text, kind, id=text)


@pytest.mark.parametrize("clause,kind", list(_clauses()))
def test_clause_form(clause, kind):
    asks = question_reason(clause)
    assert bool(asks) == (kind == "ask"), asks
    assert suggestion(clause) == (kind == "suggest")
    # An embedded or indefinite question word states (a question mark the
    # model put there becomes a full stop); a clause that asks never does.
    if kind == "embedded":
        assert stated(clause)
    if kind == "ask":
        assert not stated(clause)


def test_relabel_changes_only_the_class_of_the_model_marks():
    seq = "几天了差不多一个礼拜了我不知道他去哪了我来看吧"
    marks = [(3, COMMA, 0.6), (11, COMMA, 0.7), (20, QUESTION, 0.5), (24, QUESTION, 0.5)]
    out = relabel(seq, marks)
    assert [g for g, *_ in out] == [g for g, *_ in marks]
    assert [cls for _, cls, _, _ in out] == [QUESTION, COMMA, STOP, STOP]
    assert [bool(why) for *_, why in out] == [True, False, True, True]


def test_a_clause_that_leads_on_takes_a_comma():
    # 如果 … opens a clause the next one completes; …的时候 too; 而是 continues.
    seq = "如果明天下雨我们就不去了上班的时候别看手机不是说努力没用而是方向更重要"
    marks = [(6, STOP, 0.6), (12, STOP, 0.6), (17, STOP, 0.6), (21, STOP, 0.6), (28, STOP, 0.6), (35, STOP, 0.9)]
    assert [cls for _, cls, _, _ in relabel(seq, marks)] == [COMMA, STOP, COMMA, STOP, COMMA, STOP]


def test_a_question_mark_after_an_embedded_question_word_in_an_earlier_clause():
    # The model carries 是不是 over to the next clause; the sentence asked nothing.
    seq = "看看是不是有人动了配置我先去开会了"
    assert [cls for _, cls, _, _ in relabel(seq, [(11, COMMA, 0.6), (17, QUESTION, 0.5)])] == [COMMA, STOP]


def test_an_unsure_comma_before_a_question_ends_the_sentence():
    # "线上的" then "影响大不大": the question starts a sentence of its own where
    # the model was unsure of its comma; a sure comma, or a lead-in ("我想问一下"), stays.
    seq = "线上的影响大不大"
    assert [cls for _, cls, _, _ in relabel(seq, [(3, COMMA, 0.5), (8, STOP, 0.9)])] == [STOP, QUESTION]
    assert [cls for _, cls, _, _ in relabel(seq, [(3, COMMA, 0.9), (8, STOP, 0.9)])] == [COMMA, QUESTION]
    seq = "我想问一下房子怎么分"
    assert [cls for _, cls, _, _ in relabel(seq, [(5, COMMA, 0.5), (10, STOP, 0.9)])] == [COMMA, QUESTION]


GAPS = Path(__file__).parent / "data" / "unspaced_gaps.tsv"
_FINDERS = {"echo": echo_gaps, "open": open_question_gaps, "alternative": alternative_gaps}


def _gap_cases():
    for line in GAPS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, text = line.split("\t")
            yield pytest.param(kind, text, id=f"{kind}:{text}")


@pytest.mark.parametrize("kind,marked", list(_gap_cases()))
def test_gaps_the_form_of_the_words_marks(kind, marked):
    # Must-find (a | where the rule finds a gap) and must-not-find (no |) cases alike.
    seq = marked.replace("|", "")
    want = [k - i for i, k in enumerate(k for k, c in enumerate(marked) if c == "|")]
    assert list(_FINDERS[kind](seq)) == want


def test_a_second_alternative_after_a_comma_asks_with_the_first():
    # "是婚前买的，还是婚后买的": the clause after the comma opens with 还是 and asks
    # only with the one before it; the comma itself stays.
    seq = "你是要茶还是要咖啡咖啡"
    out = relabel(seq, [(4, COMMA, 0.9), (9, STOP, 0.9), (11, STOP, 0.9)])
    assert [cls for _, cls, _, _ in out] == [COMMA, QUESTION, STOP]
    out = relabel("是婚前买的还是婚后买的", [(5, COMMA, 0.9), (11, STOP, 0.9)])
    assert [cls for _, cls, _, _ in out] == [COMMA, QUESTION]
    # 还是 meaning "still" asks nothing, even after a clause with 是 (the two clauses
    # are no alternatives: they neither end alike nor go on alike after 是 and 还是).
    for seq, g in (("我想了想还是算了吧", 4), ("人均消费是九十还是比较划算的", 7), ("是的还是老样子", 2)):
        out = relabel(seq, [(g, COMMA, 0.9), (len(seq), STOP, 0.9)])
        assert [cls for _, cls, _, _ in out] == [COMMA, STOP], seq
