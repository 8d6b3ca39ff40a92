"""Nothing lost, nothing hangs: regressions from an adversarial run (issue 8).

Every test here was a way to lose a user's file, hang the tool or abort a batch.
Commands run in a subprocess where the process itself matters (signals, file
descriptors, hangs); a timeout turns a hang into a failure instead of a stuck suite.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from asrclean import files, runner
from asrclean.markdown import is_untouched_output

RAW = "呃，大家好。，我我我觉得这个问题？？在AI上有没有泡沫 。 然后呢，增长了4. 2%。"
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def clean(*args, timeout=120, **kw):
    return subprocess.run(
        [sys.executable, "-m", "asrclean", *map(os.fsdecode, args)],
        capture_output=True, text=True, env=ENV, timeout=timeout, **kw,
    )


def errors(proc) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.startswith("error:")]


# --- 1. the report obeys the rules of every output -------------------------------------


def test_report_never_replaces_the_input(tmp_path):
    only = tmp_path / "only.txt"
    only.write_text(RAW, encoding="utf-8")
    for extra in ([], ["--force"]):  # not even with --force
        proc = clean(only, "--report", only, *extra)
        assert proc.returncode == 2 and "over the input" in proc.stderr
        assert only.read_text(encoding="utf-8") == RAW
    assert not (tmp_path / "only.md").exists()  # refused before anything was written


def test_report_never_replaces_an_output_of_the_run(tmp_path):
    only = tmp_path / "only.txt"
    only.write_text(RAW, encoding="utf-8")
    proc = clean(only, "--report", tmp_path / "only.md")
    assert proc.returncode == 2 and "over the output" in proc.stderr
    assert not (tmp_path / "only.md").exists()


def test_report_replaces_only_its_own_earlier_report(tmp_path):
    only = tmp_path / "only.txt"
    only.write_text(RAW, encoding="utf-8")
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": 1}\n', encoding="utf-8")
    proc = clean(only, "--report", notes)
    assert proc.returncode == 2 and "refusing to overwrite" in proc.stderr and "--force" in proc.stderr
    assert notes.read_text(encoding="utf-8") == '{"mine": 1}\n'
    report = tmp_path / "report.json"
    assert clean(only, "--report", report).returncode == 0
    assert clean(only, "--report", report).returncode == 0  # a report of ours: replaced
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["unchanged"] == 1 and data["generator"].startswith("asrclean") and "checksum" in data
    report.write_text(report.read_text(encoding="utf-8").replace('"unchanged": 1', '"unchanged": 7'), encoding="utf-8")
    assert clean(only, "--report", report).returncode == 2  # edited since: not ours any more
    assert clean(only, "--report", notes, "--force").returncode == 0
    assert json.loads(notes.read_text(encoding="utf-8"))["summary"]["unchanged"] == 1


# --- 2. every input its own output ------------------------------------------------------


def test_two_folders_into_one_out_dir_are_mirrored_each_under_its_name(tmp_path):
    for d, text in (("d1", "你好。"), ("d2", "再见。")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = clean(tmp_path / "d1", tmp_path / "d2", "--out-dir", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == "2 cleaned, 0 unchanged, 0 failed"
    assert "你好。" in (out / "d1" / "a.md").read_text(encoding="utf-8")
    assert "再见。" in (out / "d2" / "a.md").read_text(encoding="utf-8")


def test_one_folder_keeps_its_flat_layout(tmp_path):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / "a.txt").write_text("你好。", encoding="utf-8")
    proc = clean(tmp_path / "d1", "--out-dir", tmp_path / "out")
    assert proc.returncode == 0 and (tmp_path / "out" / "a.md").exists()


def test_names_that_meet_in_one_folder_get_outputs_of_their_own(tmp_path):
    d = tmp_path / "e"
    d.mkdir()
    texts = {"a.txt": "一。", "a.srt": "1\n00:00:01,000 --> 00:00:02,000\n二。\n", "a.txt.txt": "三。"}
    for name, text in texts.items():
        (d / name).write_text(text, encoding="utf-8")
    proc = clean(d, "-j", "1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == "3 cleaned, 0 unchanged, 0 failed"
    outs = {p.name: p.read_text(encoding="utf-8") for p in d.glob("*.md")}
    assert set(outs) == {"a.txt.md", "a.srt.md", "a.txt.txt.md"}
    assert "一。" in outs["a.txt.md"] and "二。" in outs["a.srt.md"] and "三。" in outs["a.txt.txt.md"]


def test_a_clash_that_names_cannot_part_is_refused_before_writing(tmp_path):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text("你好。", encoding="utf-8")
    out = tmp_path / "out"
    proc = clean(tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt", "--out-dir", out)
    assert proc.returncode == 2 and "nothing written" in proc.stderr
    assert not out.exists()


def test_name_outputs_is_a_fixed_point():
    entries = [(f"d/{n}", Path(n)) for n in ("a.txt", "a.srt", "a.txt.txt", "a.txt.txt.txt", "b.txt")]
    outs = files._name_outputs(entries, None, ".md")
    assert len(set(outs.values())) == len(entries)
    assert outs[4] == "d/b.md"  # no clash, short name


# --- 3. a replaced output keeps its mode ---------------------------------------------


def test_a_private_output_stays_private(tmp_path):
    inp = tmp_path / "p.txt"
    inp.write_text("你好。", encoding="utf-8")
    assert clean(inp).returncode == 0
    out = tmp_path / "p.md"
    out.chmod(0o600)
    inp.write_text("再见。", encoding="utf-8")
    assert clean(inp).returncode == 0
    assert "再见" in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


# --- 4. FIFOs and devices ------------------------------------------------------------


def test_a_fifo_in_a_folder_is_passed_over(tmp_path):
    (tmp_path / "a.txt").write_text("好的。", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    proc = clean(tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == "1 cleaned, 0 unchanged, 0 failed, 1 skipped"


def test_a_fifo_named_on_purpose_is_read(tmp_path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "w", encoding="utf-8") as f:
            f.write("你好呃。")

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    proc = clean(fifo, "-o", "-", timeout=60)
    t.join(5)
    assert proc.returncode == 0 and proc.stdout.endswith("你好。\n"), proc.stderr


def test_a_device_is_refused(tmp_path):
    proc = clean("/dev/zero", timeout=60)
    assert proc.returncode == 2 and errors(proc) == ["error: /dev/zero: is a device, not a transcript file"]


# --- 5. workers ----------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_parent_is_killed(tmp_path, sig):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):  # long enough that the run is still going when the signal lands
        (src / f"t{i:02d}.txt").write_text(RAW * 5000, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "asrclean", str(src), "--out-dir", str(tmp_path / "out"), "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
    )
    deadline = time.time() + 60
    kids: list[int] = []
    while time.time() < deadline and len(kids) < 2:
        time.sleep(0.05)
        kids = _children(proc.pid)
    assert len(kids) == 2
    proc.send_signal(sig)
    proc.wait(timeout=60)
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.1)
    assert not any(_alive(k) for k in kids)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143


def test_no_more_workers_than_files(monkeypatch, tmp_path):
    import concurrent.futures

    seen = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counting(real):
        def __init__(self, max_workers=None, **kw):
            seen.append(max_workers)
            super().__init__(max_workers=max_workers, **kw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    jobs = []
    for i in range(2):
        p = tmp_path / f"t{i}.txt"
        p.write_text("你好。", encoding="utf-8")
        jobs.append(files.Job(str(p), None, None))
    from asrclean.api import Cleaner

    results = []
    runner.run_jobs(jobs, Cleaner(), Cleaner, runner.Options(), 300, results.append)
    assert seen == [2] and [r.status for r in results] == [runner.CLEANED] * 2


# --- 8, 9. a batch survives its worst entry --------------------------------------------


def test_symlink_loops_are_one_error_each_and_the_rest_runs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "x.txt").write_text("好的。", encoding="utf-8")
    (d / "self.txt").symlink_to("self.txt")
    (d / "a.txt").symlink_to("b.txt")
    (d / "b.txt").symlink_to("a.txt")
    (d / "sub").symlink_to(".")  # a link to a folder: not followed
    proc = clean(d)
    assert proc.returncode == 2
    assert sorted(e.split(":")[1].strip().rsplit("/", 1)[-1] for e in errors(proc)) == ["a.txt", "b.txt", "self.txt"]
    assert "internal error" not in proc.stderr
    assert (d / "x.md").exists()
    assert proc.stderr.splitlines()[-1] == "1 cleaned, 0 unchanged, 3 failed"


def test_a_tree_a_thousand_folders_deep(tmp_path):
    root = tmp_path / "deep"
    root.mkdir()
    (root / "a.txt").write_text("好的。", encoding="utf-8")
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(1100):  # one folder inside the next, created relative to the last
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        with open(os.open("b.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fds[-1]), "w", encoding="utf-8") as f:
            f.write("好的。")
        found = files.walk(root, [], [], lambda n: n.endswith(".txt"))
        assert [p.name for p in found.files] == ["a.txt", "b.txt"] and not found.problems
    finally:
        # Removed here, bottom up: pytest's own clean-up recurses and would fail on it.
        try:
            os.unlink("b.txt", dir_fd=fds[-1])
        except FileNotFoundError:
            pass
        for parent, child in zip(reversed(fds[:-1]), reversed(fds[1:])):
            os.close(child)
            os.rmdir("d", dir_fd=parent)
        os.close(fds[0])


def test_an_unreadable_folder_is_reported(monkeypatch, tmp_path):
    (tmp_path / "a.txt").write_text("好的。", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("好的。", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    p = files.plan([str(tmp_path)], output=None, out_dir=None, suffix=".md", include=[], exclude=[],
                   default_match=lambda n: n.endswith(".txt"))
    assert [Path(j.input).name for j in p.jobs] == ["a.txt"]
    assert p.problems == [(str(locked), "cannot read folder: Permission denied")]


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions are not enforced for root")
@pytest.mark.parametrize("check", [False, True])
def test_an_unreadable_folder_fails_the_run(tmp_path, check):
    (tmp_path / "a.txt").write_text("好的。", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        proc = clean(tmp_path, *(["--check"] if check else []))
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 2 and "locked" in proc.stderr


# --- 10. own outputs by their full marker ---------------------------------------------


@pytest.mark.parametrize("text", ["我们说到了 <!-- asrclean: 这个标记。\n", '他说 "generator": "asrclean 呃好的。\n'])
def test_a_transcript_that_mentions_the_marker_is_cleaned(tmp_path, text):
    (tmp_path / "m.txt").write_text(text, encoding="utf-8")
    proc = clean(tmp_path)
    assert proc.returncode == 0 and proc.stderr.splitlines()[-1] == "1 cleaned, 0 unchanged, 0 failed"


def test_skipped_outputs_are_counted(tmp_path):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    assert clean(tmp_path, "--format", "json").returncode == 0
    proc = clean(tmp_path, "--format", "json")
    assert proc.stderr.splitlines()[-1] == "0 cleaned, 1 unchanged, 0 failed, 1 skipped"


# --- 11. file names that are not UTF-8 -------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse such names")
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_a_file_name_that_is_not_utf8(tmp_path, fmt):
    name = os.fsencode(tmp_path) + b"/bad\xff\xfename.txt"
    with open(name, "wb") as f:
        f.write("你好呃。".encode("utf-8"))
    proc = clean(os.fsdecode(name), "--format", fmt, "--report", tmp_path / "r.json")
    assert proc.returncode == 0, proc.stderr
    out = os.fsencode(tmp_path) + (b"/bad\xff\xfename." + fmt.encode())
    text = open(out, "rb").read().decode("utf-8")
    assert "你好。" in text and "bad\ufffd\ufffdname" in text
    assert "bad\ufffd\ufffdname.txt" in (tmp_path / "r.json").read_text(encoding="utf-8")


# --- 12. standard output that cannot be written ---------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["-o", "-"], ["--diff"]])
def test_stdout_on_a_full_disk(tmp_path, args):
    inp = tmp_path / "a.txt"
    inp.write_text(RAW, encoding="utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "asrclean", str(inp), *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=ENV, timeout=120)
    assert proc.returncode == 2
    assert errors(proc) == [f"error: <stdout>: cannot write: No space left on device (output of {inp})"]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_stdout_into_a_closed_pipe(tmp_path):
    inp = tmp_path / "a.txt"
    inp.write_text(RAW * 5000, encoding="utf-8")
    r, w = os.pipe()
    os.close(r)
    try:
        proc = subprocess.run([sys.executable, "-m", "asrclean", str(inp), "-o", "-"], stdout=w,
                              stderr=subprocess.PIPE, text=True, env=ENV, timeout=120)
    finally:
        os.close(w)
    # clean ... | head: the reader went away, which is nobody's error: a quiet end,
    # with the status a shell gives a program that SIGPIPE ended (128 + 13).
    assert proc.returncode == 141
    assert proc.stderr == ""


@pytest.mark.parametrize("args", [["a.txt", "-o", "-"], ["--version"], ["--list-stages"]])
def test_closed_or_full_stdout_for_every_command(tmp_path, args):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    cmd = " ".join([sys.executable, "-m", "asrclean", *args])
    for redirect in (">&-", ">/dev/full"):
        proc = subprocess.run(f"exec {cmd} {redirect}", shell=True, cwd=tmp_path, stderr=subprocess.PIPE,
                              text=True, env=ENV, timeout=120)
        assert proc.returncode == 2, (redirect, proc.stderr)
        assert "Traceback" not in proc.stderr and len(errors(proc)) == 1, proc.stderr
        assert errors(proc)[0].startswith("error: <stdout>: cannot write")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["a.txt", "-o", "b.md"], ["a.txt", "-o", "b.md", "--explain"], ["missing.txt"], ["."]])
def test_stderr_on_a_full_disk_still_exits_2(tmp_path, args):
    """Messages that cannot be written (clean ... 2> log on a full disk) raised again in the
    error handler, and Python exited with 1, the code of --check's "would change"."""
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    cmd = " ".join([sys.executable, "-m", "asrclean", *args])
    proc = subprocess.run(f"exec {cmd} 2>/dev/full", shell=True, cwd=tmp_path, env=ENV, timeout=120, check=False)
    assert proc.returncode == 2


# --- 19. temporaries left by a killed run ---------------------------------------------


def test_stale_temporaries_of_our_naming_are_swept(tmp_path):
    inp = tmp_path / "a.txt"
    inp.write_text("你好。", encoding="utf-8")
    old = time.time() - 3 * 3600
    dead = tmp_path / ".a.md.asrclean-999999999-abc123.tmp"  # no such process
    live_recent = tmp_path / f".b.md.asrclean-{os.getpid()}-xyz789.tmp"  # a live writer's
    foreign = tmp_path / ".a.md.other.tmp"  # not ours
    for p in (dead, live_recent, foreign):
        p.write_text("half", encoding="utf-8")
    for p in (dead, foreign):
        os.utime(p, (old, old))
    proc = clean(inp)
    assert proc.returncode == 0, proc.stderr
    assert not dead.exists() and live_recent.exists() and foreign.exists()
    assert is_untouched_output((tmp_path / "a.md").read_text(encoding="utf-8"))


def test_sweep_keeps_a_recent_temporary_of_a_dead_process(tmp_path):
    recent = tmp_path / ".a.md.asrclean-999999999-abc.tmp"
    recent.write_text("half", encoding="utf-8")
    assert files.sweep_stale_temporaries(tmp_path) == 0 and recent.exists()
    t = time.time() - 120
    os.utime(recent, (t, t))
    assert files.sweep_stale_temporaries(tmp_path) == 1 and not recent.exists()


# --- the same class elsewhere: glossaries are inputs, stdin may be a device ----------


def test_no_output_and_no_report_over_a_glossary(tmp_path):
    inp = tmp_path / "a.txt"
    inp.write_text(RAW, encoding="utf-8")
    gloss = tmp_path / "my.yaml"
    gloss.write_text("terms: [稀土]\n", encoding="utf-8")
    proc = clean(inp, "-o", gloss, "-g", gloss, "--force")
    assert proc.returncode == 2 and "would overwrite the glossary" in proc.stderr
    proc = clean(inp, "--report", gloss, "-g", gloss, "--force")
    assert proc.returncode == 2 and "over the input" in proc.stderr
    assert gloss.read_text(encoding="utf-8") == "terms: [稀土]\n"


def test_stdin_from_a_device_is_refused_but_dev_null_is_empty():
    with open("/dev/zero", "rb") as zero:
        proc = clean("-", stdin=zero, timeout=60)
    assert proc.returncode == 2 and errors(proc) == ["error: <stdin>: is a device, not a transcript"]
    with open(os.devnull, "rb") as null:
        proc = clean("-", stdin=null, timeout=60)
    assert proc.returncode == 0 and proc.stdout == ""


def test_an_empty_path_is_refused_not_taken_for_here(tmp_path):
    (tmp_path / "a.txt").write_text("你好。", encoding="utf-8")
    for args in ([""], [str(tmp_path), "--out-dir", ""]):
        proc = clean(*args, cwd=tmp_path)
        assert proc.returncode == 2 and "empty" in proc.stderr
    assert not (tmp_path / "a.md").exists()


def test_one_folder_named_twice_is_one_root(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text("你好。", encoding="utf-8")
    proc = clean(d, f"{tmp_path}/./d", "--out-dir", tmp_path / "o")
    assert proc.returncode == 0 and (tmp_path / "o" / "a.md").exists()


def test_report_dash_is_stdout_and_never_mixed_with_cleaned_text(tmp_path):
    inp = tmp_path / "a.txt"
    inp.write_text(RAW, encoding="utf-8")
    proc = clean(inp, "--report", "-", "-q", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["summary"]["cleaned"] == 1
    assert not (tmp_path / "-").exists()
    proc = clean(inp, "-o", "-", "--report", "-", cwd=tmp_path)
    assert proc.returncode == 2 and "--report -" in proc.stderr


# --- a second adversarial run ----------------------------------------------------------


@pytest.mark.parametrize("out", ["newdir/", ".", "sub/.."])
def test_an_output_written_as_a_folder_is_refused_not_made_a_file(tmp_path, out):
    # "-o newdir/" used to create a file named "newdir".
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    proc = clean("a.txt", "-o", out, cwd=tmp_path)
    assert proc.returncode == 2 and errors(proc) == [
        f"error: -o/--output {out} names a folder; to write into a folder use --out-dir {out}"
    ]
    proc = clean("a.txt", "--report", "rep/", cwd=tmp_path)
    assert proc.returncode == 2 and errors(proc) == ["error: rep/: cannot write the report: names a folder; give a file name"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "sub"]


def test_a_file_name_with_a_newline_is_one_error_line(tmp_path):
    (tmp_path / "n\nl.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "t\tab.txt").write_text("呃，好。", encoding="utf-8")
    proc = clean(".", cwd=tmp_path)
    assert proc.returncode == 2
    assert errors(proc) == ["error: n\\nl.txt: not a text file (binary data)"]
    assert proc.stderr.splitlines()[-1] == "1 cleaned, 0 unchanged, 1 failed"
    # The title is the name on one line, and reads back the same.
    out = (tmp_path / "t\tab.md").read_text(encoding="utf-8")
    assert out.startswith("# t ab\n\n好。\n")
    proc = clean(tmp_path / "t\tab.md", "-o", tmp_path / "again.md")
    assert proc.returncode == 0 and (tmp_path / "again.md").read_text(encoding="utf-8") == out


def test_a_name_of_spaces_gives_a_title_that_reads_back(tmp_path):
    # " .txt" gave the title " ", written "# " and read back as text "\#".
    (tmp_path / " .txt").write_text("呃，好。", encoding="utf-8")
    assert clean(" .txt", cwd=tmp_path).returncode == 0
    out = (tmp_path / " .md").read_text(encoding="utf-8")
    assert out.startswith("# .txt\n\n好。\n")
    proc = clean(" .md", "-o", "again.md", cwd=tmp_path)
    assert proc.returncode == 0 and (tmp_path / "again.md").read_text(encoding="utf-8") == out


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="no /dev/fd")
def test_a_pipe_named_as_input_needs_an_output_named(tmp_path):
    # clean <(command): the output beside /dev/fd/63 cannot exist; say what to do.
    def run(*args):
        r, w = os.pipe()
        os.write(w, "呃，好的。".encode("utf-8"))
        os.close(w)
        try:
            return subprocess.run(
                [sys.executable, "-m", "asrclean", f"/dev/fd/{r}", *args],
                capture_output=True, text=True, env=ENV, timeout=120, pass_fds=(r,), cwd=tmp_path,
            )
        finally:
            os.close(r)

    proc = run()
    assert proc.returncode == 2
    assert errors(proc)[0].endswith("a pipe has no folder to write its output beside; use -o FILE, -o - or --out-dir")
    proc = run("-o", "-")
    assert proc.returncode == 0 and proc.stdout.endswith("好的。\n")
