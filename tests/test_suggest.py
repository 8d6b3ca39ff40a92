"""`clean suggest`: candidates that must be suggested, and what must never be."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from asrclean.api import Cleaner
from asrclean.cli import editor_app
from asrclean.glossary import parse
from asrclean.readers import plain
from asrclean.suggest import suggest, to_yaml

GLOSSARY_95 = "terms:\n  - term: Kubernetes\n    threshold: 95\n"

# (label, texts (one per file), glossary YAML or None, must: {term: [aliases]}, must_not: forms)
CASES = [
    (
        "latin garbles clustered with the one-word spelling the text uses",
        ["我们用 Kubernetes 部署服务。这个 ku ber netes 集群很大。", "kuber netes 的配置很复杂。ku ber netes 很好用。"],
        None,
        {"Kubernetes": ["ku ber netes", "kuber netes"]},
        [],
    ),
    (
        "fragments that join into an English word",
        ["这个 deriv a tive 的价格。那个 deriv a tive 的风险。", "还有 deri vative 交易。"],
        None,
        {"derivative": ["deriv a tive"]},
        [],
    ),
    (
        "same-sound Chinese spellings: the one the text also writes right",
        ["我们今天讲一下稀土的出口管制。系土的出口管制很严格。美国也在看系土的价格。稀土是重要资源。"],
        None,
        {"稀土": ["系土"]},
        [],
    ),
    (
        "near misses the terms stage noted, with the term's own settings",
        ["用 kubernetis 部署。", "再用 kubernetis 部署。"],
        GLOSSARY_95,
        {"Kubernetes": ["kubernetis"]},
        [],
    ),
    (
        "near misses that are words made from a term, or words of their own, are no aliases",
        ["我们养了 llamas 在农场。那些 llamas 很可爱。", "我看 sentiment 很差。那个 sentiment 很差。"],
        "terms: [Llama, entitlement]\n",
        {},
        ["llamas", "sentiment"],
    ),
    (
        "English spelled right, however often, is what was said",
        ["我觉得 meeting 很重要。这个 good idea 不错。", "那个 meeting 很长。good idea 啊。meeting 结束了。"],
        None,
        {},
        ["meeting", "good idea"],
    ),
    (
        "a garble seen once is no pattern",
        ["这个 ku ber netes 集群很大。然后 deriv a tive 的价格。"],
        None,
        {},
        ["ku ber netes", "deriv a tive", "derivative"],
    ),
    (
        "what the glossary has is never suggested: a keep entry, a term",
        ["这个 ku ber netes 集群。那个 ku ber netes 集群。稀土的出口。系土的出口。系土的价格。稀土资源。"],
        "terms: [稀土]\nkeep: [ku ber netes]\n",
        {},
        ["ku ber netes", "系土"],
    ),
    (
        "a name no dictionary holds, said often, with its same-sound garbles",
        [
            "今天我们请到了钱墨川老师。钱墨川：大家好。主持人：钱默川老师，你觉得最难的是什么？钱墨川：沟通。",
            "上一期钱默川老师讲到了城市更新。钱墨川老师说过，老城区的改造不能只看房子。",
        ],
        None,
        {"钱墨川": ["钱默川"]},
        [],
    ),
    (
        "a frequent word no dictionary holds is suggested as it is",
        ["我们这期聊爆仓。爆仓是怎么发生的？去年爆仓很多。", "上次爆仓以后，大家都怕了。"],
        None,
        {"爆仓": []},
        [],
    ),
    (
        "phrases of known words, however often said, are no new words",
        [
            "在这个范围内，短时间内要理论和实践相结合。价格跌成零，卖卖卖，对吧？",
            "在那个范围内，短时间内还是要相结合。股价跌成负的，卖卖卖。",
            "不在范围内的，短时间内不能相结合。期货跌成这样，卖卖卖！",
        ],
        None,
        {},
        ["范围内", "短时间内", "相结合", "跌成", "卖卖卖", "间内", "结合"],
    ),
]


def _suggest(texts, glossary_yaml):
    g = parse(glossary_yaml, "g.yaml") if glossary_yaml else None
    cleaner = Cleaner(g, default_glossary=False) if g else Cleaner([], default_glossary=False)
    cands, n = suggest([plain(t, f"f{i}.txt") for i, t in enumerate(texts)], cleaner)
    return cands, n


@pytest.mark.parametrize("label,texts,glossary,must,must_not", CASES, ids=[c[0] for c in CASES])
def test_cases(label, texts, glossary, must, must_not):
    cands, n = _suggest(texts, glossary)
    got = {c.term: list(c.aliases) for c in cands}
    for term, aliases in must.items():
        assert term in got, (label, got)
        for a in aliases:
            assert a in got[term], (label, got)
    forms = {f for c in cands for f in [c.term, *c.aliases]}
    for f in must_not:
        assert f not in forms, (label, got)
    # Whatever is suggested loads as a glossary.
    parse(to_yaml(cands, n), "suggested.yaml")


def test_output_is_a_glossary_with_counts_and_examples_sorted_by_count():
    cands, n = _suggest(
        ["我们用 Kubernetes 部署。ku ber netes 集群。kuber netes 配置。ku ber netes 好用。稀土的出口。系土的出口。系土的价格。稀土资源。"],
        None,
    )
    text = to_yaml(cands, n)
    assert [c.count for c in cands] == sorted((c.count for c in cands), reverse=True)
    assert "# 3 to fix in 1 file" in text
    assert "\n  #   …这个 ku ber netes" in text or "\n  #   " in text.split("- term: Kubernetes")[0]
    data = yaml.safe_load(text)
    assert data["terms"][0]["term"] == "Kubernetes"
    g = parse(text, "s.yaml")
    # Laid over nothing, the suggestions fix what they were found in.
    doc = Cleaner(g, default_glossary=False).clean_text("这个 ku ber netes 集群很大。")
    assert "Kubernetes" in doc.text


def test_new_words_come_after_the_fixes_and_load_as_terms():
    texts = ["稀土的出口。系土的出口。系土的价格。稀土资源。", "我们聊爆仓。爆仓是怎么发生的？去年爆仓很多。"]
    cands, n = _suggest(texts, None)
    kinds = [c.kind for c in cands]
    assert kinds.index("new") > kinds.index("homophone")
    assert all(k == "new" for k in kinds[kinds.index("new") :])
    text = to_yaml(cands, n)
    assert "# seen 3 times in 1 file, in no dictionary" in text
    g = parse(text, "s.yaml")
    assert "爆仓" in g.term_strings


def test_unknown_right_spelling_is_marked():
    cands, n = _suggest(["这个 pie torch 模型。那个 py torch 模型。还有 pie torch 训练。"], None)
    c = next(c for c in cands if "pie torch" in (c.term, *c.aliases))
    assert not c.known
    assert "right spelling unknown" in to_yaml(cands, n)


def run(*args, input=None):
    result = CliRunner().invoke(editor_app, [str(a) for a in args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_folder_output_file_and_errors(tmp_path):
    d = tmp_path / "show"
    d.mkdir()
    (d / "e1.txt").write_text("这个 ku ber netes 集群。用 Kubernetes 部署。", encoding="utf-8")
    (d / "e2.txt").write_text("那个 ku ber netes 配置。", encoding="utf-8")
    out = tmp_path / "cand.yaml"
    code, stdout, err = run("suggest", d, "-o", out, "--no-default-glossary")
    assert code == 0, err
    assert stdout == ""
    assert "ku ber netes" in out.read_text(encoding="utf-8")
    # Never over an input.
    code, _, err = run("suggest", d / "e1.txt", "-o", d / "e1.txt")
    assert code == 2 and "is an input" in err and len(err.strip().splitlines()) == 1
    # A missing input is named; the others still count.
    code, stdout, err = run("suggest", d / "e1.txt", tmp_path / "nope.txt", "--no-default-glossary")
    assert code == 2 and "nope.txt: no such file or folder" in err
    assert stdout.startswith("# Candidate glossary")
    code, _, err = run("suggest")
    assert code == 2 and "no input given" in err
    code, stdout, _ = run("suggest", "-", "--no-default-glossary", input="ku ber netes 集群。ku ber netes 配置。")
    assert code == 0 and "ku ber netes" in stdout


def test_a_file_named_suggest_is_cleaned_as_dot_slash(tmp_path):
    """The rule in the README: the first argument, spelled exactly, is the command."""
    (tmp_path / "suggest").write_text("呃，我我我觉得这个问题。", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    proc = subprocess.run([sys.executable, "-m", "asrclean", "./suggest"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "suggest.md").exists()
    proc = subprocess.run([sys.executable, "-m", "asrclean", "suggest", "suggest"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Candidate glossary")


def test_output_never_replaces_a_file_it_did_not_write(tmp_path):
    import subprocess
    import sys

    mine = tmp_path / "mine.yaml"
    mine.write_text("# my precious glossary\nterms: [OpenAI]\n", encoding="utf-8")
    src = tmp_path / "r.txt"
    src.write_text("我们用fo bar zed部署。这个fo bar zed集群很大。\n", encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "asrclean", "suggest", *map(str, a)], capture_output=True, text=True)  # noqa: E731
    proc = run(src, "-o", mine)
    assert proc.returncode == 2 and "refusing to overwrite" in proc.stderr
    assert mine.read_text(encoding="utf-8").startswith("# my precious glossary")
    out = tmp_path / "new.yaml"
    assert run(src, "-o", out).returncode == 0
    assert run(src, "-o", out).returncode == 0  # its own earlier output may be replaced
    assert run(src, "-o", mine, "--force").returncode == 0


def test_a_manifest_is_mined_in_its_text_field_only(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "sp.csv"
    rows = ["path,speaker,text"] + [f"clip{i}.wav,zhang wei,我们在 pie torch 里训练第{i}个模型" for i in range(4)]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "asrclean", "suggest", str(src), "--no-default-glossary"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "zhang wei" not in proc.stdout and "clip" not in proc.stdout
