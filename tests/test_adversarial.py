"""Regressions from the second adversarial run (a demanding user): files, manifests,
subtitles. Each test names the finding it guards. (Texts that changed on a second run are
in tests/test_properties.py, CLEANS_ONCE.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from asrclean import files
from asrclean.errors import UsageError

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def clean(*args, timeout=120, **kw):
    return subprocess.run(
        [sys.executable, "-m", "asrclean", *map(os.fsdecode, args)],
        capture_output=True, text=True, env=ENV, timeout=timeout, check=False, **kw,
    )


def _plan(paths, **kw):
    return files.plan(
        [str(p) for p in paths], output=None, out_dir=kw.pop("out_dir", None), suffix=".md",
        include=[], exclude=[], default_match=lambda name: name.endswith((".txt", ".srt")), **kw,
    )


# --- outputs whose names differ only in case ---------------------------------------------
# On macOS and Windows "a.md" and "A.md" are one file: the second output written replaced
# the first (an earlier output of the run is ours, so it was replaced without a word).


def test_outputs_that_differ_only_in_case_get_names_of_their_own(tmp_path):
    (tmp_path / "a.txt").write_text("你好。", encoding="utf-8")
    (tmp_path / "A.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n再见。\n", encoding="utf-8")
    plan = _plan([tmp_path])
    outs = sorted(Path(j.output).name for j in plan.jobs)
    assert outs == ["A.srt.md", "a.txt.md"]


def test_outputs_that_differ_in_the_form_of_an_accent_get_names_of_their_own(tmp_path):
    # "é" as one character and as e + a combining accent: one name on macOS.
    (tmp_path / "caf\u00e9.txt").write_text("你好。", encoding="utf-8")
    (tmp_path / "cafe\u0301.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n再见。\n", encoding="utf-8")
    outs = {Path(j.output).name for j in _plan([tmp_path]).jobs}
    assert outs == {"caf\u00e9.txt.md", "cafe\u0301.srt.md"}


@pytest.mark.parametrize("folding", [True, False])
def test_a_clash_in_case_alone_is_refused_where_names_fold(tmp_path, monkeypatch, folding):
    for d, name in (("x", "Talk.txt"), ("y", "talk.txt")):
        (tmp_path / d).mkdir()
        (tmp_path / d / name).write_text("你好。", encoding="utf-8")
    monkeypatch.setattr(files, "_FOLDING_NAMES", folding)
    inputs = [tmp_path / "x" / "Talk.txt", tmp_path / "y" / "talk.txt"]
    if folding:
        with pytest.raises(UsageError, match="would be written to the same file"):
            _plan(inputs, out_dir=str(tmp_path / "out"))
    else:
        outs = {j.output for j in _plan(inputs, out_dir=str(tmp_path / "out")).jobs}
        assert len(outs) == 2


def test_an_output_that_is_another_input_by_a_hard_link_is_refused(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("呃你好。", encoding="utf-8")
    assert clean(a).returncode == 0
    other = tmp_path / "other.md"
    os.link(tmp_path / "a.md", other)  # as a folding file system sees "A.md" for "a.md"
    plan = _plan([a, other])
    assert any(p == str(a) and "another input" in why for p, why in plan.problems)


# --- a closed terminal ---------------------------------------------------------------------
# SIGHUP (the terminal closed, the ssh session dropped) ended the run as SIGKILL would: the
# manifest's temporary output was left behind. It ends the run as SIGTERM does.


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP here")
@pytest.mark.parametrize("group", [False, True])
def test_a_hangup_leaves_no_temporary_and_says_so(tmp_path, group):
    rows = "".join(json.dumps({"id": i, "text": "呃我我觉得这个问题很好，然后呢我们继续。" * 20}, ensure_ascii=False) + "\n" for i in range(20000))
    (tmp_path / "m.jsonl").write_text(rows, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "asrclean", str(tmp_path / "m.jsonl"), "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
        time.sleep(0.05)
    # A closed terminal hangs up its whole session; `kill -HUP` reaches the process alone.
    if group:
        os.killpg(proc.pid, signal.SIGHUP)
    else:
        proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGHUP, err
    assert "Traceback" not in err.decode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.jsonl"]


def test_a_hangup_that_the_run_ignores_is_ignored(tmp_path):
    # nohup clean ...: the run goes on.
    (tmp_path / "a.txt").write_text("呃你好。", encoding="utf-8")
    code = (
        "import signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
        "from asrclean.cli import _terminate_cleanly; _terminate_cleanly(); "
        "sys.exit(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN)"
    )
    assert subprocess.run([sys.executable, "-c", code], env=ENV, timeout=60, check=False).returncode == 1
