"""The fillers stage: rule cases from tests/cases/fillers.yaml, quality on the
disfluency pairs, the example transcript, and invariants checked with hypothesis."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from asrclean.edits import replay
from asrclean.settings import Settings
from asrclean.stages import fillers
from asrclean.stages.fillers import Stage

HERE = Path(__file__).parent
# The example transcript (a copy of the seed in ../shared/seeds), checked in with the project.
SEED = HERE.parent / "examples" / "podcast.txt"
LEVELS = ("light", "standard", "aggressive")
STAGES = {level: Stage(Settings(fillers=level)) for level in LEVELS}


def _load_pairs():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_fillers", HERE.parent / "bench" / "bench_fillers.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


_BENCH = _load_pairs()
_SETS = _BENCH.load_sets()


# Sets written by someone who never saw the rules may follow conventions of their
# own (punctuation, what counts as an answer): they are held to looser bounds, so
# that a first merge shows their figures in the bench rather than failing here.
_BLIND_BOUNDS = {"standard": (0.95, 0.80), "aggressive": (0.90, 0.70)}
# blind3 (ten genres none of the rules was written for) was scored first at
# 97.7 % / 83.9 % (standard) and 98.9 % / 73.1 % (aggressive) over the whole file.
_BOUNDS = {
    "blind": _BLIND_BOUNDS,
    "blind2": _BLIND_BOUNDS,
    "blind3": {"standard": (0.95, 0.70), "aggressive": (0.90, 0.65)},
}


@pytest.mark.parametrize("key", sorted(_SETS), ids=lambda k: f"{k[0]}-{k[1]}")
def test_quality_on_disfluency_pairs(key):
    """Every pair file (tests/data/disfluency_*.tsv) at its level. The targets
    the bench reports against are higher; these bounds catch a rule gone wrong."""
    name, level = key
    pairs = _SETS[key]
    assert len(pairs) >= 80
    precision, recall = _BOUNDS.get(name.split("-")[0], {}).get(level, (0.97, 0.90))
    result = _BENCH.score(pairs, lambda t: STAGES[level].apply(t)[0])
    # A held-out set's pairs are never printed (bench_fillers.py --show hides them too).
    shown = "(held out: pairs not shown)" if name in _BENCH.HELD_OUT_SETS else result["failures"]
    assert result["precision"] >= precision, shown
    assert result["recall"] >= recall, shown


def _deletions_of(disfluent: str, fluent: str) -> bool:
    """Whether ``fluent`` is ``disfluent`` with deletions only, but for the
    capital a removed English filler hands on to the word opening a sentence
    ("Um, the patient" -> "The patient")."""
    rest = iter(disfluent)
    for i, c in enumerate(fluent):
        opens = i == 0 or fluent[i - 1 : i] in ".!?。！？\n" or fluent[max(0, i - 2) : i] in (". ", "! ", "? ")
        if not any(d == c or (opens and c.isupper() and d == c.lower()) for d in rest):
            return False
    return True


def test_pair_files_are_deletions():
    """A reference written with the rules is the disfluent text with deletions only."""
    for (name, level), pairs in _SETS.items():
        if name.startswith("blind"):
            continue  # written apart, perhaps with a comma for a pause
        for disfluent, fluent, _ in pairs:
            assert _deletions_of(disfluent, fluent), (name, level, disfluent, fluent)
    assert not _deletions_of("the end", "The end.")
    assert not _deletions_of("so the end", "so The end")


def test_genres_cover_six_or_more():
    genres = {g for (name, _), pairs in _SETS.items() if name == "development" for *_, g in pairs}
    assert len(genres - {"podcast", "english"}) >= 6


def test_bench_reads_the_documented_columns(tmp_path):
    (tmp_path / "disfluency_x_aggressive.tsv").write_text(
        "# comment\n呃，好啊。\t好。\tcooking\n", encoding="utf-8"
    )
    (tmp_path / "disfluency_y.tsv").write_text(
        "# columns: disfluent standard aggressive genre\n那么，呃，我们开始啊。\t那么，我们开始啊。\t我们开始。\tlecture\n好的。\t=\t=\tlecture\n",
        encoding="utf-8",
    )
    sets = _BENCH.load_sets(tmp_path)
    assert sets[("x", "aggressive")] == [("呃，好啊。", "好。", "cooking")]
    assert sets[("y", "standard")] == [("那么，呃，我们开始啊。", "那么，我们开始啊。", "lecture"), ("好的。", "好的。", "lecture")]
    assert sets[("y", "aggressive")][1] == ("好的。", "好的。", "lecture")


def test_bench_splits_the_blind_files(tmp_path):
    """Odd data lines (comments not counted) are blind-dev, even ones blind-test."""
    (tmp_path / "disfluency_blind_standard.tsv").write_text(
        "# comment\n呃，一。\t一。\tx\n# genre: y\n呃，二。\t二。\n\n呃，三。\t三。\tx\n", encoding="utf-8"
    )
    sets = _BENCH.load_sets(tmp_path)
    assert [p[1] for p in sets[("blind-dev", "standard")]] == ["一。", "三。"]
    assert [p[1] for p in sets[("blind-test", "standard")]] == ["二。"]
    assert ("blind", "standard") not in sets


@pytest.mark.skipif(not SEED.exists(), reason="example transcript not available")
def test_example_transcript():
    from asrclean.stages.normalize import Stage as Normalize

    text = Normalize(Settings()).apply(SEED.read_text(encoding="utf-8"))[0]
    out, _ = STAGES["standard"].apply(text)
    assert not re.search("[呃嗯]", out)
    # No clause opens with a filler.
    assert not re.search(r"(?:^|[，。！？；：、,.?!;:\n]) ?(?:[呃嗯哎唉]|啊(?![？！]))", out, re.M)
    for stutter in ("没有没有录", "我我个人", "这这是", "那那比特币", "两个两个问题", "破破灭", "政政治", "几几乎", "推推进", "被被指责"):
        assert stutter not in out
    for word in ("看看", "慢慢", "刚刚", "天天", "常常", "一一", "美国国会"):
        assert text.count(word) == out.count(word)


# -- invariants ------------------------------------------------------------

FILLER_STRINGS = {"呃", "嗯", "恩", "额", "哎", "唉", "啊", "那个", "这个", "那么", "然后", "就是说", "然后呢", "呢", "呀", "啦", "嘛", "youknow", "Youknow", "Imean", "like", "Like"}
EN_FILLER = re.compile(r"(?i)u+[mh]+|uhm+|erm*|hmm+")
MARKS = set(fillers.PAUSE + fillers.STOP + " ")


def _named_deletion(edit) -> bool:
    """A filler with marks and spaces, or repeats of what is kept."""
    if edit.before.isspace() and len(edit.after) < len(edit.before) and (edit.after == "" or edit.after.isspace()):
        return True  # the blank space a removal left behind
    if edit.rule == "restart":
        body = "".join(c for c in edit.before if c not in MARKS and not c.isspace())
        return bool(edit.after) and body == edit.after * (len(body) // len(edit.after))
    if edit.rule.startswith("stutter"):
        body = edit.before.replace(" ", "")
        unit = edit.after.replace(" ", "")
        return bool(unit) and len(body) % len(unit) == 0 and body == unit * (len(body) // len(unit))
    if edit.rule == "empty-pair":
        # Quotes and brackets with nothing inside, nested or side by side, and spaces.
        body = edit.before.replace(" ", "")
        while body:
            shorter = re.sub("“”|‘’|「」|『』|（）|\\(\\)|《》|【】", "", body)
            if shorter == body:
                return False
            body = shorter
        return not edit.after.strip()
    rest = "".join(c for c in edit.before if c not in MARKS and not c.isspace())
    if edit.after not in ("", " "):  # a space stays between two English words
        return False
    if not rest:
        return True
    return re.fullmatch("(?:[呃嗯恩]+|额+|[哎唉啊]+|[啊呀啦嘛]+)", rest) is not None or rest in FILLER_STRINGS or EN_FILLER.fullmatch(rest) is not None


# Text built from the characters these rules care about, so that the
# properties meet fillers, repeats and marks often.
ALPHABET = "呃嗯恩额哎唉啊呀啦嘛呢吧那个么就是说然后我们这的了慢看谢天国美会一二金度狗时候好对，。！？、 umhUberthelikeyoukn\n《》（）"
interesting = st.text(alphabet=ALPHABET, max_size=60)


@hsettings(max_examples=300, deadline=None)
@given(text=st.one_of(interesting, st.text(max_size=80)), level=st.sampled_from(LEVELS))
def test_properties(text, level):
    stage = STAGES[level]
    out, edits = stage.apply(text)
    assert replay(text, edits) == out
    assert all(_named_deletion(e) for e in edits), [e for e in edits if not _named_deletion(e)]
    assert stage.apply(out) == (out, []), "not idempotent"


@hsettings(max_examples=100, deadline=None)
@given(text=interesting)
def test_deterministic(text):
    assert Stage(Settings()).apply(text) == STAGES["standard"].apply(text)


def test_tables_are_current():
    """The shipped tables match jieba's dictionary (rebuild with tools/build_reduplicated.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", HERE.parent / "tools" / "build_reduplicated.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.main(["--check"]) == 0
