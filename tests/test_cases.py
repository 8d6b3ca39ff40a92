"""Data-driven stage cases: tests/cases/<stage>.yaml, one list of cases per stage.

Each case has a `label`, an `input`, an `expected` output (omitted: the input
must come out unchanged), and optionally `settings` (Settings fields), a
`glossary` (as YAML data), `stages` (default: the stage the file is named
for) and `suggest` (texts that must be recorded as suggestions, `*-suggest`
edits that change nothing). Every case is also checked for idempotence and for replayable edits.
"""

from pathlib import Path

import pytest
import yaml

from asrclean.edits import replay
from asrclean.glossary import Glossary, parse
from asrclean.pipeline import Pipeline
from asrclean.settings import Settings

CASES = Path(__file__).parent / "cases"
STAGE_FILES = ["normalize", "fillers", "terms", "restore", "punctuation", "spacing", "sentences", "keep"]


def _load():
    for stage in STAGE_FILES:
        path = CASES / f"{stage}.yaml"
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield pytest.param(stage, case, id=f"{stage}:{i}:{case['label']}")


def _pipeline(stage, case):
    settings = dict(case.get("settings", {}))
    glossary = settings.pop("glossary", None) or case.get("glossary")
    g = parse(yaml.safe_dump(glossary, allow_unicode=True), "case") if glossary else Glossary()
    only = case.get("stages", [stage])
    return Pipeline(Settings(glossary=g, **settings), only=only)


@pytest.mark.parametrize("stage,case", list(_load()))
def test_case(stage, case):
    pipe = _pipeline(stage, case)
    expected = case.get("expected", case["input"])
    run = pipe(case["input"])
    assert run.text == expected
    assert replay(case["input"], run.edits) == run.text
    assert all(e.stage in pipe.names for e in run.edits)
    suggested = {e.before for e in run.edits if e.rule.endswith("-suggest")}
    assert set(case.get("suggest", ())) <= suggested, f"suggested only {sorted(suggested)}"
    again = pipe(run.text)
    assert again.text == run.text, "not idempotent"
    assert [e for e in again.edits if e.before != e.after] == []
