"""The checked-in example output is what the tool produces today, and reads well.

Regenerate after a deliberate change with:
    clean examples/podcast.txt -g examples/podcast.glossary.yaml --force
"""

import re
from pathlib import Path

from typer.testing import CliRunner

from asrclean.cli import app
from asrclean.markdown import split_marker

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _clean_example() -> str:
    result = CliRunner().invoke(
        app, [str(EXAMPLES / "podcast.txt"), "-g", str(EXAMPLES / "podcast.glossary.yaml"), "-o", "-"]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_checked_in_output_is_current():
    body, mark = split_marker((EXAMPLES / "podcast.md").read_text(encoding="utf-8"))
    assert mark is not None
    assert body == _clean_example(), "examples/podcast.md is stale; regenerate it (see this file's docstring)"


def test_example_output_reads_well():
    md = _clean_example()
    paragraphs = [p for p in md.split("\n\n") if p and not p.startswith("#")]
    assert md.startswith("# podcast\n\n")
    assert "呃" not in md and "嗯" not in md
    assert not re.search(r"[，。？！、；：,.?!]\s*[，。？！、；：]", md), "doubled marks"
    assert not re.search(r"(?<![。？！])(?:^|[，。？！])\s*(?:呃|嗯|啊[，,])", md, re.M)
    # Not one wall of text, not one sentence per paragraph.
    assert len(paragraphs) >= 20
    sizes = [len(p) for p in paragraphs]
    assert max(sizes) < 600 and sum(sizes) / len(sizes) > 80
