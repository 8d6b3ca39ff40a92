"""The command-line contract: outputs, exit codes, and the stdout/stderr split."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from asrclean.cli import app
from asrclean.edits import replay
from asrclean.pipeline import DEFAULT_ORDER

RAW = "呃，大家好。，我我我觉得这个问题？？在AI上有没有泡沫 。 然后呢，增长了4. 2%。"


def run(*args, input=None):
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def transcript(tmp_path):
    p = tmp_path / "talk.txt"
    p.write_text(RAW, encoding="utf-8")
    return p


def test_writes_markdown_beside_the_input(transcript):
    code, out, err = run(transcript)
    assert code == 0, err
    md = transcript.with_suffix(".md").read_text(encoding="utf-8")
    assert md.startswith("# talk\n\n")
    assert "我觉得" in md and "呃" not in md and "？？" not in md
    assert transcript.read_text(encoding="utf-8") == RAW  # the input is untouched
    assert out == ""
    assert "1 cleaned, 0 unchanged, 0 failed" in err


def test_second_run_is_unchanged(transcript):
    run(transcript)
    first = transcript.with_suffix(".md").read_bytes()
    code, _, err = run(transcript)
    assert code == 0 and "0 cleaned, 1 unchanged" in err
    assert transcript.with_suffix(".md").read_bytes() == first


def test_stdout_and_stdin():
    code, out, err = run("-", input=RAW)
    assert code == 0
    assert out.startswith("我觉得") or "我觉得" in out
    assert not out.startswith("#")  # stdin has no file name to make a title from
    assert err == ""


def test_output_dash_prints(transcript):
    code, out, _ = run(transcript, "-o", "-")
    assert code == 0 and out.startswith("# talk")
    assert not transcript.with_suffix(".md").exists()


def test_output_file(transcript, tmp_path):
    target = tmp_path / "sub" / "x.md"
    code, _, _ = run(transcript, "-o", target)
    assert code == 0 and target.exists()


def test_never_overwrites_the_input(tmp_path):
    md = tmp_path / "notes.md"
    md.write_text("# notes\n\n呃，文本。\n", encoding="utf-8")
    code, _, err = run(md)
    assert code == 2
    assert "notes.md" in err and "overwrite the input" in err
    assert md.read_text(encoding="utf-8") == "# notes\n\n呃，文本。\n"


def test_refuses_to_overwrite_a_foreign_file(transcript):
    out = transcript.with_suffix(".md")
    out.write_text("my own notes\n", encoding="utf-8")
    code, _, err = run(transcript)
    assert code == 2 and "refusing to overwrite" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    code, _, _ = run(transcript, "--force")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("# talk")


def test_refuses_to_overwrite_a_hand_edited_output(transcript):
    run(transcript)
    out = transcript.with_suffix(".md")
    out.write_text(out.read_text(encoding="utf-8").replace("大家好", "各位好"), encoding="utf-8")
    code, _, err = run(transcript)
    assert code == 2 and "edited since" in err


def test_check(transcript):
    code, _, err = run(transcript, "--check")
    assert code == 1 and "would create" in err
    assert not transcript.with_suffix(".md").exists()
    run(transcript)
    code, _, _ = run(transcript, "--check")
    assert code == 0


def test_diff_writes_nothing(transcript):
    code, out, _ = run(transcript, "--diff")
    assert code == 0
    assert out.startswith("---") and "+++" in out and "-呃，大家好。" in out
    assert not transcript.with_suffix(".md").exists()


def test_json_output(transcript):
    code, out, _ = run(transcript, "--format", "json", "-o", "-")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"source", "title", "paragraphs", "edits"}
    assert data["title"] == "talk"
    assert all(isinstance(p, list) and all(isinstance(s, str) for s in p) for p in data["paragraphs"])
    assert {"stage", "rule", "start", "end", "before", "after"} <= set(data["edits"][0])


def test_json_edits_replay_to_the_text(transcript):
    from asrclean.edits import Edit
    from asrclean.stages.sentences import split_sentences

    _, out, _ = run(transcript, "--format", "json", "-o", "-")
    data = json.loads(out)
    replayed = replay(RAW, [Edit.from_dict(e) for e in data["edits"]])
    assert [split_sentences(p) for p in replayed.split("\n\n")] == data["paragraphs"]


def test_unknown_stage_lists_the_valid_ones(transcript):
    code, _, err = run(transcript, "--skip", "fillers,bogus")
    assert code == 2
    assert "bogus" in err and all(name in err for name in DEFAULT_ORDER)


@pytest.mark.parametrize("option", ["-o", "--report", "-g"])
def test_an_empty_option_value_is_refused(transcript, option):
    """clean talk.txt -o "$OUT" with OUT unset: "-o ''" said "cannot write: is a folder",
    "--report ''" wrote no report without a word, "-g ''" named a folder ":"."""
    code, _, err = run(transcript, option, "")
    assert code == 2 and "is empty (an unset shell variable?)" in err
    assert not transcript.with_suffix(".md").exists()


def test_only_and_skip(transcript):
    _, out, _ = run(transcript, "--only", "punctuation", "-o", "-")
    assert "呃" in out and "？？" not in out
    _, out, _ = run(transcript, "--skip", "punctuation", "-o", "-")
    assert "？？" in out


def test_list_stages():
    code, out, _ = run("--list-stages")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(DEFAULT_ORDER)


def test_list_stages_marks_skipped():
    _, out, _ = run("--list-stages", "--skip", "spacing")
    assert [line[0] for line in out.splitlines()] == [" ", " ", " ", " ", " ", "-", " "]


def test_version():
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("asrclean ")


def test_bad_glossary_points_at_the_line(transcript, tmp_path):
    g = tmp_path / "bad.yaml"
    g.write_text("terms:\n  - ok\n  - term: x\n    threshold: high\n", encoding="utf-8")
    code, _, err = run(transcript, "-g", g)
    assert code == 2
    assert f"{g}:4:16: terms[1].threshold" in err
    assert not transcript.with_suffix(".md").exists()


def test_missing_input_is_reported_and_others_run(transcript, tmp_path):
    code, _, err = run(tmp_path / "nope.txt", transcript)
    assert code == 2
    assert "nope.txt: no such file" in err
    assert transcript.with_suffix(".md").exists()
    assert "1 cleaned, 0 unchanged, 1 failed" in err


def test_no_input_is_a_usage_error():
    code, _, err = run()
    assert code == 2 and "no input" in err


def test_folder_with_out_dir_mirrors_the_tree(tmp_path):
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    (src / ".hidden").mkdir()
    (src / "one.txt").write_text("呃，第一个。", encoding="utf-8")
    (src / "a" / "b" / "two.txt").write_text("嗯，第二个。", encoding="utf-8")
    (src / ".hidden" / "three.txt").write_text("第三个。", encoding="utf-8")
    (src / "notes.md").write_text("# not an input\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(src, "--out-dir", out, "-j", "1")
    assert code == 0, err
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["a/b/two.md", "one.md"]
    assert "2 cleaned" in err


def test_colliding_outputs_get_full_names(tmp_path):
    (tmp_path / "a.txt").write_text("第一个。", encoding="utf-8")
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n第二个。\n", encoding="utf-8")
    code, _, err = run(tmp_path, "-j", "1")
    assert code == 0, err
    assert (tmp_path / "a.txt.md").exists() and (tmp_path / "a.srt.md").exists()


def test_output_with_several_inputs_is_a_usage_error(tmp_path, transcript):
    other = tmp_path / "other.txt"
    other.write_text("文本。", encoding="utf-8")
    code, _, err = run(transcript, other, "-o", tmp_path / "x.md")
    assert code == 2 and "single input" in err


def test_cleaning_the_output_again_changes_nothing(transcript, tmp_path):
    run(transcript)
    md = transcript.with_suffix(".md")
    again = tmp_path / "again.md"
    code, _, err = run(md, "-o", again)
    assert code == 0, err
    assert again.read_text(encoding="utf-8") == md.read_text(encoding="utf-8")


def test_report(transcript, tmp_path):
    rep = tmp_path / "report.json"
    code, _, _ = run(transcript, "--report", rep)
    assert code == 0
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert data["summary"]["cleaned"] == 1
    f = data["files"][0]
    assert f["status"] == "cleaned" and f["edits"] and "clean" in f["seconds"]
    assert any(k.startswith("fillers/") for k in f["edits"])


def test_explain(transcript):
    code, out, err = run(transcript, "--explain", "-o", "-")
    assert code == 0
    assert "fillers/" in err and "punctuation/" in err
    assert "fillers/" not in out


def test_parallel_output_is_identical_to_serial(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"t{i}.txt").write_text(RAW * (i + 1), encoding="utf-8")
    run(src, "--out-dir", tmp_path / "serial", "-j", "1")
    run(src, "--out-dir", tmp_path / "parallel", "-j", "2")
    for i in range(6):
        a = (tmp_path / "serial" / f"t{i}.md").read_bytes()
        b = (tmp_path / "parallel" / f"t{i}.md").read_bytes()
        assert a == b


def test_real_process_exit_codes_and_no_traceback(tmp_path):
    """Through a real process: the entry point, stderr, exit code."""
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01\x02\xff" * 100)
    good = tmp_path / "good.txt"
    good.write_text(RAW, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "asrclean", str(bad), str(good), "-j", "1"],
        capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "bin.txt" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "1 cleaned, 0 unchanged, 1 failed"
    assert good.with_suffix(".md").exists() and not bad.with_suffix(".md").exists()


def test_a_bug_on_one_file_is_one_line_and_the_rest_still_run(tmp_path, monkeypatch):
    from asrclean.api import Cleaner

    real = Cleaner.clean_source

    def flaky(self, src, **kw):
        if "boom" in src.name:
            raise ZeroDivisionError("simulated bug")
        return real(self, src, **kw)

    monkeypatch.setattr(Cleaner, "clean_source", flaky)
    (tmp_path / "a_boom.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "b_fine.txt").write_text(RAW, encoding="utf-8")
    code, _, err = run(tmp_path, "-j", "1")
    assert code == 2
    assert "a_boom.txt: internal error (ZeroDivisionError: simulated bug" in err
    assert (tmp_path / "b_fine.md").exists()
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["cues.srt", "cues.vtt", "whisper.json", "whisperx.json", "funasr.json", "gbk.txt", "utf16le-bom.txt"])
def test_cleaning_any_kind_of_output_again_changes_nothing(tmp_path, name):
    import shutil

    src = Path(__file__).parent / "data" / "readers" / name
    shutil.copy(src, tmp_path / name)
    code, _, err = run(tmp_path / name, "-o", tmp_path / "first.md")
    assert code == 0, err
    code, _, err = run(tmp_path / "first.md", "-o", tmp_path / "second.md")
    assert code == 0, err
    assert (tmp_path / "second.md").read_bytes() == (tmp_path / "first.md").read_bytes()
    # Through a pipe (no file marker) as well.
    _, piped, _ = run("-", input=(tmp_path / "first.md").read_text(encoding="utf-8").split("\n<!-- asrclean:")[0] + "\n")
    body = (tmp_path / "first.md").read_text(encoding="utf-8").split("\n<!-- asrclean:")[0]
    assert piped == body


def test_json_outputs_are_not_taken_for_inputs_on_the_next_run(tmp_path):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    code, _, err = run(tmp_path, "--format", "json", "-j", "1")
    assert code == 0 and "1 cleaned" in err
    code, _, err = run(tmp_path, "--format", "json", "-j", "1")
    assert code == 0 and "0 cleaned, 1 unchanged, 0 failed" in err


def test_own_json_output_cleans_to_itself(transcript, tmp_path):
    first = tmp_path / "first.json"
    run(transcript, "--format", "json", "-o", first)
    second = tmp_path / "second.json"
    code, _, err = run(first, "--format", "json", "-o", second)
    assert code == 0, err
    a, b = json.loads(first.read_text(encoding="utf-8")), json.loads(second.read_text(encoding="utf-8"))
    assert a["paragraphs"] == b["paragraphs"] and a["title"] == b["title"] and b["edits"] == []
    code, _, _ = run(first, "-o", tmp_path / "from_json.md")
    code, _, _ = run(transcript, "-o", tmp_path / "from_text.md")
    assert (tmp_path / "from_json.md").read_text(encoding="utf-8") == (tmp_path / "from_text.md").read_text(encoding="utf-8")


def test_check_on_stdin_prints_nothing():
    code, out, _ = run("-", "--check", input=RAW)
    assert code == 1 and out == ""
    _, cleaned, _ = run("-", input=RAW)
    code, out, _ = run("-", "--check", input=cleaned)
    assert code == 0 and out == ""


def test_check_with_output_to_stdout_compares_with_the_input(transcript, tmp_path):
    code, out, _ = run(transcript, "--check", "-o", "-")
    assert code == 1 and out == ""
    clean_md = tmp_path / "clean.md"
    run(transcript, "-o", clean_md)
    body = clean_md.read_text(encoding="utf-8").split("\n<!-- asrclean:")[0]
    clean_md.write_text(body, encoding="utf-8")
    code, out, _ = run(clean_md, "--check", "-o", "-")
    assert code == 0 and out == ""


# --- file safety: outputs of earlier runs, hand-edited JSON, odd output paths ---------------

WHISPER = Path(__file__).parent / "data" / "readers" / "whisper.json"


def test_a_json_input_whose_output_is_itself_is_an_error_not_skipped(tmp_path):
    import shutil

    shutil.copy(WHISPER, tmp_path / "a.json")
    code, _, err = run(tmp_path, "--format", "json", "-j", "1")
    assert code == 2
    assert "a.json" in err and "would overwrite the input" in err and "0 cleaned, 0 unchanged, 1 failed" in err
    assert (tmp_path / "a.json").read_bytes() == WHISPER.read_bytes()


def test_outputs_of_an_earlier_run_are_not_inputs_whatever_the_format(tmp_path):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    code, _, err = run(tmp_path, "--format", "json", "-j", "1")
    assert code == 0, err
    code, _, err = run(tmp_path, "-j", "1")  # Markdown now: a.json is a result, not a transcript
    assert code == 0 and "1 cleaned, 0 unchanged, 0 failed" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.md", "a.txt"]
    # Even when a glob picks every file, our own outputs stay out.
    code, _, err = run(tmp_path, "-j", "1", "--include", "*")
    assert code == 0 and "0 cleaned, 1 unchanged, 0 failed" in err, err


def test_a_foreign_json_beside_a_transcript_is_still_an_input(tmp_path):
    import shutil

    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    shutil.copy(WHISPER, tmp_path / "a.json")
    code, _, err = run(tmp_path, "-j", "1")
    assert code == 0 and "2 cleaned" in err, err
    assert (tmp_path / "a.txt.md").exists() and (tmp_path / "a.json.md").exists()


def test_json_output_carries_a_checksum_of_itself(transcript):
    from asrclean.runner import is_untouched_json

    run(transcript, "--format", "json")
    out = transcript.with_suffix(".json")
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data)[-2:] == ["generator", "checksum"]
    assert is_untouched_json(text)
    assert not is_untouched_json(text.replace("大家好", "各位好"))
    assert not is_untouched_json(text.replace('"checksum": "', '"checksum": "0'))
    assert not is_untouched_json("[1, 2]") and not is_untouched_json("not json")


def test_refuses_to_overwrite_a_hand_edited_json_output(transcript):
    run(transcript, "--format", "json")
    out = transcript.with_suffix(".json")
    edited = out.read_text(encoding="utf-8").replace("大家好", "各位好")
    out.write_text(edited, encoding="utf-8")
    code, _, err = run(transcript, "--format", "json", "--skip", "fillers")
    assert code == 2 and "refusing to overwrite" in err
    assert out.read_text(encoding="utf-8") == edited
    code, _, err = run(transcript, "--format", "json", "--force")
    assert code == 0, err
    # An untouched output of ours is replaced without --force.
    code, _, err = run(transcript, "--format", "json", "--skip", "fillers")
    assert code == 0 and "1 cleaned" in err, err
    assert "呃" in out.read_text(encoding="utf-8")


def test_own_json_with_checksum_reads_back(transcript, tmp_path):
    first = tmp_path / "first.json"
    run(transcript, "--format", "json", "-o", first)
    code, out, err = run(first, "-o", "-")
    assert code == 0, err
    assert "checksum" not in out and out.startswith("# talk")


def test_force_onto_a_device_writes_into_it_and_never_renames_over_it(transcript, monkeypatch):
    from asrclean import files, runner

    def no_rename(*a, **kw):
        raise AssertionError("a device must not be replaced by a file")

    monkeypatch.setattr(files, "write_atomic", no_rename)
    monkeypatch.setattr(runner, "write_atomic", no_rename)
    assert files.examine_output(os.devnull)[0] == files.STREAM
    code, _, err = run(transcript, "-o", os.devnull, "--force")
    assert code == 0, err
    code, _, err = run(transcript, "-o", os.devnull, "--report", os.devnull)
    assert code == 0, err


def test_a_symlinked_output_is_written_through_the_link(transcript, tmp_path):
    target = tmp_path / "real" / "x.md"
    target.parent.mkdir()
    link = tmp_path / "link.md"
    link.symlink_to(target)  # dangling until the first run
    code, _, err = run(transcript, "-o", link)
    assert code == 0, err
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("# talk")
    code, _, err = run(transcript, "-o", link, "--skip", "fillers")
    assert code == 0 and "1 cleaned" in err, err
    assert link.is_symlink() and "呃" in target.read_text(encoding="utf-8")


def test_unwritable_report_is_one_line_naming_it(transcript, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    rep = blocker / "report.json"
    code, _, err = run(transcript, "--report", rep)
    assert code == 2
    assert f"error: {rep}: cannot write the report" in err and "internal error" not in err
    # The report's place is checked before any file is cleaned: nothing half done.
    assert not transcript.with_suffix(".md").exists()


def test_write_error_names_the_output(transcript, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "x.md"
    code, _, err = run(transcript, "-o", out)
    assert code == 2
    line = next(l for l in err.splitlines() if l.startswith("error:"))
    assert line.startswith(f"error: {out}: cannot write: ") and "talk.txt" in line


def test_the_same_input_twice_is_cleaned_once(transcript, tmp_path):
    code, _, err = run(transcript, transcript, tmp_path / "." / "talk.txt", tmp_path, "-j", "1")
    assert code == 0 and "1 cleaned, 0 unchanged, 0 failed" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.md", "talk.txt"]
    code, _, err = run(transcript, transcript, "-o", tmp_path / "one.md")
    assert code == 0, err


def test_check_refuses_a_foreign_output_as_a_run_would(transcript):
    out = transcript.with_suffix(".md")
    out.write_text("my own notes\n", encoding="utf-8")
    code, _, err = run(transcript, "--check")
    assert code == 2 and "refusing to overwrite" in err and "would change" not in err.splitlines()[0]
    code, _, err = run(transcript, "--check", "--force")
    assert code == 1 and "would change" in err
    assert out.read_text(encoding="utf-8") == "my own notes\n"


def test_output_onto_the_input_names_the_option_given(tmp_path):
    md = tmp_path / "notes.md"
    md.write_text("文本。\n", encoding="utf-8")
    code, _, err = run(md, "-o", md)
    assert code == 2 and "would overwrite the input; choose another -o/--output" in err
    code, _, err = run(md, "--out-dir", tmp_path)
    assert code == 2 and "would overwrite the input; choose another --out-dir" in err
    code, _, err = run(md)
    assert code == 2 and "use -o or --out-dir" in err
    code, _, _ = run(md, "-o", md, "--diff")  # writes nothing, so nothing to refuse
    assert code == 0


@pytest.mark.parametrize("glob", ["sub", "sub/", "a/sub", "s*"])
def test_exclude_prunes_folders(tmp_path, glob):
    src = tmp_path / "in"
    (src / "a" / "sub").mkdir(parents=True)
    (src / "a" / "keep").mkdir()
    (src / "a" / "sub" / "x.txt").write_text("第一个。", encoding="utf-8")
    (src / "a" / "keep" / "y.txt").write_text("第二个。", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(src, "--out-dir", out, "--exclude", glob, "-j", "1")
    assert code == 0, err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md")) == ["a/keep/y.md"]


def test_json_names_the_speaker_of_every_paragraph(tmp_path):
    segs = [{"start": i * 3.0, "end": i * 3.0 + 2, "text": "这是一段很长的话，" * 20 + "。", "speaker": "A" if i < 4 else "B"} for i in range(6)]
    src = tmp_path / "talk.json"
    src.write_text(json.dumps({"segments": segs}, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(src, "--format", "json", "-o", "-")
    assert code == 0
    info = json.loads(out)["paragraph_info"]
    assert len(info) > 2 and all("speaker" in i for i in info)
    assert [i["speaker"] for i in info][0] == "A" and info[-1]["speaker"] == "B"


# --- edits that a person can find ---------------------------------------------

TWO_LINES = "# 标题\n大家好。，\n呃我我我觉得这个问题？？\n"


def test_explain_gives_line_and_column_in_the_input_sorted(tmp_path):
    src = tmp_path / "talk.txt"
    src.write_text(TWO_LINES, encoding="utf-8")
    code, out, err = run(src, "--explain")
    assert code == 0
    lines = [l for l in err.splitlines() if l.startswith(f"{src}:") and ": " in l and "/" in l.split(": ", 1)[1][:20]]
    places = [tuple(int(n) for n in l[len(str(src)) + 1 :].split(":")[:2]) for l in lines]
    assert places == sorted(places)
    by_rule = {l.split(": ", 1)[1].split(" ", 1)[0]: p for l, p in zip(lines, places)}
    # The title line counts: the body starts on line 2 of the file.
    assert by_rule["punctuation/marks"] in {(2, 4), (3, 11)}
    assert by_rule["fillers/stutter-char"] == (3, 2)
    assert any(p == (3, 1) for l, p in zip(lines, places) if "'呃'" in l)
    # A few characters of the line around it, not of the line before.
    assert "near '呃我我我觉得这个问'" in err
    # It says whether (and where) the cleaned text is written.
    assert f"the cleaned text is written to {src.with_suffix('.md')}" in err.splitlines()[0]
    code, _, err = run(src, "--explain", "--check")
    assert "not written (--check)" in err.splitlines()[0]


def test_json_edits_carry_line_column_and_context_of_the_file(tmp_path):
    src = tmp_path / "talk.srt"
    src.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\n大家好。，\n\n2\n00:00:02,000 --> 00:00:04,000\n呃我我我觉得\n", encoding="utf-8"
    )
    code, out, err = run(src, "--format", "json", "-o", "-")
    assert code == 0, err
    edits = json.loads(out)["edits"]
    text = src.read_text(encoding="utf-8").split("\n")
    for e in edits:
        if e["before"] and e["before"].strip():
            line = text[e["line"] - 1]
            col = e["column"] - 1
            assert line[col : col + len(e["before"])] == e["before"], e
            assert e["before"] in e["context"]
    stutter = next(e for e in edits if e["rule"] == "stutter-char")
    assert (stutter["line"], stutter["column"]) == (7, 2)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_places_are_the_same_whatever_the_line_endings(tmp_path, newline):
    src = tmp_path / "t.txt"
    src.write_bytes(newline.join(["你好", "然后然后我们um开始", "第三行 呃 好", ""]).encode("utf-8"))
    code, out, err = run(src, "--format", "json", "-o", "-")
    assert code == 0, err
    places = {e["before"]: (e["line"], e["column"]) for e in json.loads(out)["edits"] if e["stage"] == "fillers"}
    assert places["然后然后"] == (2, 1)
    assert places["um"] == (2, 7)
    assert next(v for k, v in places.items() if k.startswith("呃")) == (3, 5)


def test_one_file_run_says_where_the_output_went(transcript):
    code, _, err = run(transcript, "--check")
    assert code == 1 and f"would create {transcript.with_suffix('.md')}" in err
    code, _, err = run(transcript)
    assert f"{transcript} -> {transcript.with_suffix('.md')} (created)" in err
    code, _, err = run(transcript)
    assert f"{transcript} -> {transcript.with_suffix('.md')} (unchanged)" in err
    transcript.write_text(RAW + "再见。", encoding="utf-8")
    code, _, err = run(transcript, "--check")
    assert code == 1 and f"would change {transcript.with_suffix('.md')}" in err
    code, _, err = run(transcript)
    assert f"{transcript} -> {transcript.with_suffix('.md')} (changed)" in err
    # Standard input is named as such, not "-".
    out = transcript.with_name("from_stdin.md")
    code, _, err = run("-", "-o", out, input=RAW)
    assert code == 0 and f"<stdin> -> {out} (created)" in err


@pytest.mark.parametrize(
    "args, closed",
    [
        (["-o", "-"], "stdout"),
        (["--format", "json", "-o", "-"], "stdout"),
        (["--format", "html", "-o", "-"], "stdout"),
        (["--diff"], "stdout"),
        (["--explain", "-o", "-"], "stdout"),
        (["--report", "-", "-o", "{out}"], "stdout"),
        (["--explain", "-o", "{out}"], "stderr"),
        (["--list-stages"], "stdout"),
        (["--help"], "stdout"),
        (["--version"], "stdout"),
    ],
)
def test_a_closed_pipe_ends_quietly(tmp_path, args, closed):
    """clean ... | head: the reader goes away; no message, no traceback."""
    src = tmp_path / "talk.txt"
    src.write_text(RAW * 50, encoding="utf-8")
    args = [a.format(out=tmp_path / "out.md") for a in args]
    r, w = os.pipe()
    os.close(r)  # the reader is gone before anything is written
    streams = {"stdout": w, "stderr": subprocess.PIPE} if closed == "stdout" else {"stdout": subprocess.PIPE, "stderr": w}
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent / "src"))
    try:
        proc = subprocess.run([sys.executable, "-m", "asrclean", str(src), *args], env=env, timeout=120, **streams)
    finally:
        os.close(w)
    other = proc.stderr if closed == "stdout" else proc.stdout
    # (What was said before the pipe closed, "talk.txt -> out.md", may stand.)
    assert proc.returncode == 141 and b"error" not in other and b"Traceback" not in other, other
    if args[0] != "--report":
        assert other == b""


@pytest.mark.parametrize("args", [["-o", "-"], ["--format", "json", "-o", "-"], ["--diff"]])
def test_a_pipe_closed_part_way_is_not_success(tmp_path, args):
    """clean big.txt -o - | head -c 10: the reader goes away after the first
    64 KB. Python's buffered writer reports such a cut write as done; the output
    was cut short, so the exit code says so (141), quietly."""
    src = tmp_path / "big.txt"
    src.write_text("呃我们开始今天的会议。\n" * 20000, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "asrclean", str(src), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141, err
    assert b"Traceback" not in err and b"error" not in err


def test_file_cut_inside_its_last_character(tmp_path):
    src = tmp_path / "cut.txt"
    src.write_bytes("大家好，我觉得这个问题。然后呢".encode("utf-8")[:-2])
    code, out, err = run(src, "-o", "-")
    assert code == 0
    assert "\ufffd" not in out and out.rstrip().endswith("然后")
    assert "warning: " in err and "ends inside a character" in err


@pytest.mark.parametrize(
    "cue",
    [
        "<i>然后然后</i>我们开始 <b>呃</b> 今天",
        "{\\an8}然后然后我们开始 呃 今天",
        "<font color=\"#fff\">然后然后</font>我们 &amp; 呃 今天",
    ],
)
def test_places_skip_the_markup_a_subtitle_reader_took_out(tmp_path, cue):
    """Formatting tags, position codes and character references are taken out
    of a cue on the way in; an edit is still placed on its own characters."""
    src = tmp_path / "t.srt"
    src.write_text(f"1\n00:00:01,000 --> 00:00:02,000\n{cue}\n", encoding="utf-8")
    code, out, err = run(src, "--format", "json", "-o", "-")
    assert code == 0, err
    line = src.read_text(encoding="utf-8").split("\n")[2]
    fillers = [e for e in json.loads(out)["edits"] if e["stage"] == "fillers"]
    assert {e["rule"] for e in fillers} >= {"stutter-word", "hesitation"}
    for e in fillers:
        assert e["line"] == 3
        # (a mark the restore stage put after a filler is not in the file; one
        # before it took the place of the pause space the edit then starts at)
        core = e["before"].strip("，。")
        at = line[e["column"] - 1 :]
        if e["before"][0] in "，。":
            assert at.startswith(" ") and core in at, (e, line)
        else:
            assert at.startswith(core), (e, line)
