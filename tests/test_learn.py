"""`clean learn`: what a user's corrections teach, and what they must not."""

import pytest
from typer.testing import CliRunner

from asrclean.api import Cleaner
from asrclean.cli import editor_app
from asrclean.glossary import parse
from asrclean.learn import learn, to_yaml
from asrclean.readers import parse as parse_source, plain

# (label, raw, [(find, replace) applied to the cleaned Markdown], glossary YAML, expected, must_not)
# expected: {"terms": {term: [aliases]}, "replace": {...}, "keep": [...], "fillers": [...]}
CASES = [
    (
        "a same-sound Chinese correction made twice: an alias",
        "我们讲稀土的问题。系土的出口管制很严格。美国也在看系土的价格。",
        [("系土", "稀土")],
        None,
        {"terms": {"稀土": ["系土"]}},
        [],
    ),
    (
        "a Latin term corrected once: an alias",
        "我们用 pie torch 训练模型，效果很好。",
        [("pie torch", "PyTorch")],
        None,
        {"terms": {"PyTorch": ["pie torch"]}},
        [],
    ),
    (
        "another text for the same thing, twice: a replace pair",
        "老美很紧张。老美的想法也变了。",
        [("老美", "美国人")],
        None,
        {"replace": {"老美": "美国人"}},
        [],
    ),
    (
        "a Chinese correction made once is a one-off",
        "我们讲系土的问题。这个很重要。",
        [("系土", "稀土")],
        None,
        {},
        ["系土"],
    ),
    (
        "an English word changed once is wording, not a term",
        "这个 idea 很 good，我们试试。",
        [("good", "great")],
        None,
        {},
        ["good"],
    ),
    (
        "a sentence rewritten is ignored",
        "今天天气很好。我们去公园散步吧。然后回家吃饭。",
        [("我们去公园散步吧", "大家一起到河边走走看看风景")],
        None,
        {},
        ["我们去公园散步吧"],
    ),
    (
        "a hesitation deleted everywhere: a filler",
        "你知道吧，这个问题很大。你知道吧，我们要解决。",
        [("你知道吧，", "")],
        None,
        {"fillers": ["你知道吧"]},
        [],
    ),
    (
        "deleted here, left there: no filler",
        "你知道吧，这个问题很大。你知道吧，我们要解决。我说你知道吧。",
        [("你知道吧，这个", "这个"), ("你知道吧，我们", "我们")],
        None,
        {},
        ["你知道吧"],
    ),
    (
        "what the cleaner changed and the user put back: keep",
        "老美很紧张。",
        [("美国人", "老美")],
        "replace: {老美: 美国人}\n",
        {"keep": ["老美"]},
        [],
    ),
    (
        "a repetition the cleaner took out and the user put back: keep the whole of it",
        "谢谢谢谢大家。今天天气不错。",
        [("谢谢大家", "谢谢谢谢大家")],
        None,
        {"keep": ["谢谢谢谢"]},
        [],
    ),
    (
        "a stutter put back: keep it with its word's first character",
        "他说我我我觉得不对。然后走了。",
        [("我觉得", "我我我觉得")],
        None,
        {"keep": ["我我我"]},
        [],
    ),
    (
        "what the glossary already has (here: a keep entry) is not proposed",
        "我们讲稀土的问题。系土的出口管制很严格。美国也在看系土的价格。",
        [("系土", "稀土")],
        "keep: [系土]\n",
        {},
        ["系土"],
    ),
]


def _learn(raw, edits, glossary_yaml):
    g = parse(glossary_yaml, "g.yaml") if glossary_yaml else None
    cleaner = Cleaner(g, default_glossary=False) if g else Cleaner([], default_glossary=False)
    md = cleaner.clean_text(raw).to_markdown()
    for a, b in edits:
        assert a in md, (a, md)
        md = md.replace(a, b)
    return learn(plain(raw, "raw.txt"), parse_source(md, "edited.md", kind="markdown"), cleaner)


@pytest.mark.parametrize("label,raw,edits,glossary,expected,must_not", CASES, ids=[c[0] for c in CASES])
def test_cases(label, raw, edits, glossary, expected, must_not):
    p = _learn(raw, edits, glossary)
    assert p.terms == expected.get("terms", {}), label
    assert p.replace == expected.get("replace", {}), label
    assert p.keep == expected.get("keep", []), label
    assert p.fillers == expected.get("fillers", []), label
    entries = {a for v in p.terms.values() for a in v} | set(p.replace) | set(p.keep) | set(p.fillers)
    for s in must_not:
        assert s not in entries, label
    parse(to_yaml(p, "raw.txt", "edited.md"), "learnt.yaml")  # the proposal loads as a glossary


LEARNABLE = [c for c in CASES if c[4] and "deleted here" not in c[0]]


@pytest.mark.parametrize("label,raw,edits,glossary,expected,must_not", LEARNABLE, ids=[c[0] for c in LEARNABLE])
def test_cleaning_again_with_what_was_learnt_gives_the_users_text(label, raw, edits, glossary, expected, must_not):
    p = _learn(raw, edits, glossary)
    learnt = parse(to_yaml(p, "raw.txt", "edited.md"), "learnt.yaml")
    base = parse(glossary_yaml, "g.yaml") if (glossary_yaml := glossary) else parse("", "empty.yaml")
    cleaner = Cleaner(base.merged(learnt), default_glossary=False)
    want = Cleaner(base, default_glossary=False).clean_text(raw).to_markdown()
    for a, b in edits:
        want = want.replace(a, b)
    got = cleaner.clean_text(raw).to_markdown()
    assert got == want, label
    # And there is nothing more to learn.
    again = learn(plain(raw, "raw.txt"), parse_source(want, "edited.md", kind="markdown"), cleaner)
    assert not again, label


def run(*args, input=None):
    result = CliRunner().invoke(editor_app, [str(a) for a in args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


RAW = "我们讲稀土的问题。系土的出口管制很严格。美国也在看系土的价格。"


def _files(tmp_path, glossary_text):
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW, encoding="utf-8")
    g = tmp_path / "my.yaml"
    g.write_text(glossary_text, encoding="utf-8")
    md = Cleaner([str(g)], default_glossary=False).clean_text(RAW).to_markdown().replace("系土", "稀土")
    edited = tmp_path / "edited.md"
    edited.write_text(md, encoding="utf-8")
    return raw, edited, g


def test_write_keeps_comments_and_order_and_is_idempotent(tmp_path):
    pytest.importorskip("ruamel.yaml")
    text = "# my show\nterms:\n  - 联储  # the Fed\n  - 美联储\nkeep: [卖卖卖]\n"
    raw, edited, g = _files(tmp_path, text)
    code, out, err = run("learn", raw, edited, "-g", g, "--no-default-glossary", "--write")
    assert code == 0, err
    assert "1 entry added" in err
    new = g.read_text(encoding="utf-8")
    assert new.startswith("# my show\n") and "# the Fed" in new
    assert new.index("联储") < new.index("美联储") < new.index("稀土")
    glossary = parse(new, "my.yaml")
    assert [t.term for t in glossary.terms] == ["联储", "美联储", "稀土"]
    assert glossary.terms[2].aliases == ("系土",) and glossary.keep == ("卖卖卖",)
    code, out, err = run("learn", raw, edited, "-g", g, "--no-default-glossary")
    assert code == 0 and "Nothing to learn" in out


def test_cli_prints_the_proposal_and_reports_errors(tmp_path):
    raw, edited, g = _files(tmp_path, "terms: []\n")
    code, out, err = run("learn", raw, edited, "--no-default-glossary")
    assert code == 0, err
    assert "term: 稀土" in out and "aliases: [系土]" in out
    code, _, err = run("learn", tmp_path / "nope.txt", edited)
    assert code == 2 and "nope.txt" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("learn", raw, edited, "--write")
    assert code == 2 and "-g" in err
    code, _, err = run("learn", raw, edited, "-g", "finance", "--write")
    assert code == 2 and "built-in" in err
    code, _, err = run("learn", "-", "-")
    assert code == 2 and "only one" in err
    code, _, err = run("learn", raw, edited, "-o", raw)
    assert code == 2 and "is an input" in err


def test_an_unrelated_edited_file_is_refused(tmp_path):
    raw, edited, g = _files(tmp_path, "terms: []\n")
    other = tmp_path / "other.md"
    other.write_text("完全不同的一篇文章，讲的是别的事情。今天下雨了，我们在家看书。", encoding="utf-8")
    code, out, err = run("learn", raw, other, "--no-default-glossary")
    assert code == 2 and out == ""
    assert "other.md: does not look like" in err and len(err.strip().splitlines()) == 1


def test_times_and_speakers_of_the_edited_markdown_are_not_text(tmp_path):
    srt = tmp_path / "raw.srt"
    cues = ["我们讲稀土的问题。", "系土的出口管制很严格。", "美国也在看系土的价格。"]
    srt.write_text(
        "".join(f"{i + 1}\n00:00:{i * 20:02d},000 --> 00:00:{i * 20 + 5:02d},000\n{c}\n\n" for i, c in enumerate(cues)),
        encoding="utf-8",
    )
    cleaner = Cleaner([], default_glossary=False)
    from asrclean.readers import read

    md = cleaner.clean_source(read(srt)).to_markdown()
    assert "[00:00:" in md
    edited = tmp_path / "raw.md"
    edited.write_text(md.replace("系土", "稀土"), encoding="utf-8")
    code, out, err = run("learn", srt, edited, "--no-default-glossary")
    assert code == 0, err
    assert "aliases: [系土]" in out
    assert "replace:" not in out and "keep:" not in out and "00:" not in out.split("terms:")[1]
