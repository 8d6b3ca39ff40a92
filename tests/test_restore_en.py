"""English restoration: ". ? ," and capitals put back in English runs written without marks."""

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asrclean.api import Cleaner
from asrclean.edits import replay
from asrclean.pipeline import Pipeline
from asrclean.restore_en import Model, decode_reference, load_weights
from asrclean.settings import Settings
from asrclean.stages.restore_english import EN_MAX_RUN

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HELDOUT = ROOT / "bench" / "data" / "punct_en_heldout.txt"
MARKS_RE = re.compile(r"[.,?]")

SPOKEN = (
    "hi there i need a cheap hotel in the north can you help me with that "
    "sure there are several cheap hotels in the north do you need free parking "
    "yes please and i'd like wifi too"
)


def _words(text):
    """The words of a text, marks and case aside."""
    return MARKS_RE.sub("", text).lower().split()


def test_fast_decoder_agrees_with_the_reference():
    weights = load_weights()
    m = Model(weights)
    lines = [l for l in HELDOUT.read_text(encoding="utf-8").split("\n") if l and not l.startswith("#")][:15]
    for line in lines:
        words = _words(line.replace("\t", " "))
        pauses = [bool(re.search(r"[.,?!]$", t)) for t in line.split()]
        for p in (None, pauses):
            for final in (True, False):
                fast = [(k, cls) for k, cls, _ in m.decode(words, p, final, EN_MAX_RUN)]
                assert fast == decode_reference(weights, words, p, final, EN_MAX_RUN)


def test_unpunctuated_english_gets_sentences_questions_and_capitals():
    run = Pipeline()(SPOKEN)
    assert run.text.startswith("Hi")
    assert "?" in run.text and run.text.endswith((".", "?"))
    assert " i " not in run.text and "I'd" in run.text
    assert _words(run.text) == _words(SPOKEN)
    assert replay(SPOKEN, run.edits) == run.text
    restored = [e for e in run.edits if e.stage == "restore"]
    assert {e.rule for e in restored} >= {"restore-period", "restore-question", "restore-capital"}
    assert all(e.detail.startswith("model confidence ") for e in restored if e.rule != "restore-capital")
    again = Pipeline()(run.text)
    assert again.text == run.text
    assert [e for e in again.edits if e.before != e.after] == []


def test_one_utterance_a_line_as_paragraphs():
    # Kaldi-style: one utterance a line, a word alone too; each line ends a sentence.
    lines = "hi there i need a cheap hotel in the north\nsure\ndo you need free parking\nthanks"
    doc = Cleaner(lines="paragraphs").clean_text(lines)
    paras = [p for p in doc.text.split("\n\n") if p]
    assert len(paras) == 4 and all(p.endswith((".", "?")) for p in paras)
    assert paras[1] == "Sure." and paras[2] == "Do you need free parking?" and paras[3] == "Thanks."
    assert _words(doc.text) == _words(lines)


def test_punctuated_english_and_never_are_left_alone():
    punctuated = (
        "So the thing is, we never really agreed on what the release date should be and nobody asked the people "
        "who actually have to ship it before the end of the quarter. What do you think? i think it's fine."
    )
    run = Pipeline(only=["restore"])(punctuated)
    assert run.text == punctuated and run.edits == []
    never = Pipeline(Settings(punctuate="never"), only=["restore"])(SPOKEN)
    assert never.text == SPOKEN


def test_model_loads_only_when_an_english_text_needs_it():
    code = (
        "import sys\n"
        "from asrclean.api import Cleaner\n"
        f"Cleaner().clean_text(open({str(EXAMPLES / 'podcast.txt')!r}, encoding='utf-8').read())\n"
        "Cleaner().clean_text('So what do you think? I think it is fine.')\n"
        "assert 'asrclean.restore_en' not in sys.modules\n"
        f"Cleaner().clean_text({SPOKEN!r})\n"
        "assert 'asrclean.restore_en' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(ROOT / "src")})


# Arbitrary lower-case English as a recognizer without marks writes it: common
# words, question and discourse openers, the pronoun i, numbers, line breaks.
_WORDS = st.sampled_from(
    ["i", "i'm", "you", "we", "what", "why", "how", "do", "does", "can", "is", "are", "so", "but", "and",
     "then", "okay", "well", "the", "a", "hotel", "train", "need", "want", "think", "it", "that", "please",
     "yes", "no", "thanks", "at", "5", "2024", "london", "gpu", "x"]
)
_SEP = st.sampled_from([" "] * 12 + ["\n", "\n\n", "  "])
_ENGLISH = st.lists(st.tuples(_WORDS, _SEP), min_size=1, max_size=90).map(
    lambda pairs: "".join(w + s for w, s in pairs).strip()
)
_PIPES = {mode: Pipeline(Settings(punctuate=mode)) for mode in ("auto", "always")}
_ALONE = {mode: Pipeline(Settings(punctuate=mode), only=["normalize", "restore"]) for mode in ("auto", "always")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(_ENGLISH, st.sampled_from(["auto", "always"]))
def test_arbitrary_lowercase_english(text, mode):
    # Restore alone: only marks go in and first letters go up, every word is
    # still there, in order.
    alone = _ALONE[mode](text)
    assert _words(alone.text) == _words(text)
    assert replay(text, alone.edits) == alone.text
    # The whole pipeline (fillers may take a stutter out): replayable and stable.
    pipe = _PIPES[mode]
    run = pipe(text)
    assert replay(text, run.edits) == run.text
    for e in run.edits:
        if e.stage == "restore":
            assert (e.before, e.after) in (("", ","), ("", "."), ("", "?")) or e.after == e.before.upper()
    again = pipe(run.text)
    assert again.text == run.text
    assert [e for e in again.edits if e.before != e.after] == []


# English runs inside unpunctuated Chinese: both models at work in one text.
_MIXED = st.lists(
    st.one_of(_WORDS.map(lambda w: w + " "), st.sampled_from(["我们", "今天", "什么", "吗", "然后", "问题", " ", "\n", "。", "，"])),
    min_size=10,
    max_size=120,
).map("".join)


# `auto` only: with `always` the Chinese part has a known gap (README: a text whose
# only mark a later stage removes gets Chinese marks on a second pass).
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(_MIXED, st.just("auto"))
def test_english_runs_in_chinese_are_stable(text, mode):
    alone = _ALONE[mode](text)
    assert replay(text, alone.edits) == alone.text
    # (Not run twice alone: without the punctuation stage a pause space left
    # between two Chinese words reads as word segmentation the second time.)
    pipe = _PIPES[mode]
    run = pipe(text)
    assert replay(text, run.edits) == run.text
    again = pipe(run.text)
    assert again.text == run.text
    assert [e for e in again.edits if e.before != e.after] == []


# Cue and segment breaks reach the English model inside `clean` (normalize
# joins English lines with a plain space, which tells nothing by itself).
_CUES = [
    "okay so i looked at the numbers",
    "and honestly they look fine",
    "but what worries me is the timeline",
    "can we ship it by friday",
    "if not we need a new plan",
]


def _srt(cues):
    return "\n".join(
        f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{cue}\n" for i, cue in enumerate(cues)
    )


def _expected_marks(cues):
    """The marks the model gives these words with a pause at every cue's end,
    settled by question form: what the restore stage must write when it is
    told where the cues ended."""
    words = [w for cue in cues for w in cue.split()]
    pauses, n = [], 0
    for cue in cues:
        n += len(cue.split())
        pauses.extend([False] * (len(cue.split()) - 1) + [True])
    from asrclean.stages.question_form import settle
    from asrclean.stages.restore_english import model

    decided = settle(words, model().decode(words, pauses, True, EN_MAX_RUN), True)
    return words, [(k, ",.?"[cls - 1]) for k, cls, _, _ in decided]


def _marks_of(text):
    """(index of the word, mark after it) in a restored text."""
    out = []
    for k, tok in enumerate(text.split()):
        if tok[-1] in ",.?":
            out.append((k, tok[-1]))
    return out


def test_an_english_srt_without_marks_gives_its_cue_breaks_to_the_model():
    from asrclean import readers

    doc = Cleaner().clean_source(readers.parse(_srt(_CUES), "talk.srt"))
    words, expected = _expected_marks(_CUES)
    assert _words(doc.text) == words
    assert _marks_of(doc.text) == expected
    # Without the breaks (the same words on one line) the model reads them
    # otherwise: the cue breaks are what made the difference.
    plain = Cleaner().clean_text(" ".join(_CUES))
    assert _marks_of(plain.text) != expected
    again = Cleaner().clean_text(doc.to_markdown(), format="markdown")
    assert again.text == doc.text


def test_recognizer_segments_joined_by_spaces_are_breaks_too():
    import json

    segments = [{"start": 2 * i, "end": 2 * i + 1.5, "text": cue} for i, cue in enumerate(_CUES)]
    doc = Cleaner().clean_text(json.dumps({"segments": segments}), format="json")
    assert _marks_of(doc.text) == _expected_marks(_CUES)[1]


def test_lines_as_paragraphs_are_no_pauses_inside_a_run():
    # With --lines paragraphs every line is a paragraph: its end is a sentence
    # end, and no break is left inside a run to weigh.
    doc = Cleaner(lines="paragraphs").clean_text("\n".join(_CUES))
    assert all(p.text.endswith((".", "?")) for p in doc.paragraphs)


_SEPARATORS = st.sampled_from([" "] * 6 + ["\n", " \n", "\n  ", "\n\n", "  "])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(_WORDS, _SEPARATORS), min_size=2, max_size=40))
def test_the_restore_stage_is_told_of_every_single_line_break(pairs):
    # Words parted by spaces, single line breaks (with spaces around them) and
    # blank lines: the pauses the restore stage gets are exactly the spaces
    # that were single line breaks.
    from asrclean.stages import restore

    text = "".join(w + s for w, s in pairs).strip()
    told = []
    original = restore.Stage.apply

    def spy(self, t, pauses=frozenset()):
        told.append((t, pauses))
        return original(self, t, pauses)

    restore.Stage.apply = spy
    try:
        Pipeline(only=["normalize", "restore"])(text)
    finally:
        restore.Stage.apply = original
    (restored_input, pauses), = told
    seps = [s for _, s in pairs]
    tokens = list(re.finditer(r"\S+", restored_input))
    assert len(tokens) == len(pairs)
    assert pauses == {m.end() for m, sep in zip(tokens[:-1], seps) if sep.strip(" ") == "\n"}


def test_question_form_reads_the_model_classes():
    """question_form keeps its own copy of the classes (a cold start imports neither module)."""
    from asrclean import restore_en
    from asrclean.stages import question_form

    assert (question_form.COMMA, question_form.STOP, question_form.QUESTION) == (
        restore_en.COMMA, restore_en.STOP, restore_en.QUESTION)
