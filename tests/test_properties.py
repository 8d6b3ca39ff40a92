"""Invariants of the whole pipeline, on arbitrary text (hypothesis)."""

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asrclean.edits import replay
from asrclean.pipeline import Pipeline

PIPE = Pipeline()

# Text that looks like transcripts: Chinese, fillers, stutters, marks, Latin fragments, numbers.
PIECES = st.sampled_from(
    list("我你他的了是在有这那个就说们呃嗯啊吧呢额哎唉慢看谢")
    + ["，", "。", "？", "！", "、", "：", "；", ",", ".", "?", "!", " ", "  ", "\n", "\n\n", "%", "……"]
    + ["我我", "所以所以", "就是就是", "um", "uh", "AI", "open AI", "stand off", "4. 2", "100 %", "第一", "然后"]
    + ["Ｇ", "３", "\u3000", "\t", "\u200b", "*", "_", "#", "`", "[", "]", "<", ">", "&", "\\"]
)
TRANSCRIPTS = st.lists(PIECES, max_size=60).map("".join)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)

# Stages that only repair form: they may drop spaces, marks and invisible
# characters, but never a letter, digit or Chinese character.
FORM_STAGES = {"normalize", "punctuation", "spacing", "sentences"}
_WORDISH = re.compile(r"\w")


def _word_chars(s: str) -> str:
    return "".join(_WORDISH.findall(unicodedata.normalize("NFKC", s))).casefold()  # capitalizing is not a loss


def _check(text: str) -> None:
    run = PIPE(text)
    assert replay(text, run.edits) == run.text
    for e in run.edits:
        assert e.stage in PIPE.names and e.rule
        if e.stage in FORM_STAGES:
            assert _word_chars(e.before) == _word_chars(e.after), e
    again = PIPE(run.text)
    assert again.text == run.text
    run.text.encode("utf-8")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TRANSCRIPTS)
def test_transcript_like_text(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_arbitrary_unicode(text):
    _check(text)


def test_deterministic():
    text = "呃，我我我觉得。，这个问题？？在AI上有没有泡沫 。 增长了4. 2%"
    assert PIPE(text).text == Pipeline()(text).text
    assert PIPE(text).edits == Pipeline()(text).edits
