"""Batches as shell scripts run them: bad files reported, the rest cleaned, nothing half-written."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from asrclean.markdown import is_untouched_output

GOOD = "呃，大家好。，我我我觉得这个问题？？在AI上有没有泡沫 。 然后呢，增长了4. 2%。"
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def clean(*args, **kw):
    return subprocess.run([sys.executable, "-m", "asrclean", *map(str, args)], capture_output=True, text=True, env=ENV, **kw)


def test_bad_files_are_reported_and_the_rest_cleaned(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (src / "b_binary.txt").write_bytes(bytes(range(256)) * 8)
    (src / "c_unreadable.txt").symlink_to(tmp_path / "gone.txt")  # a dangling link cannot be opened
    (src / "d_bad_encoding.txt").write_bytes(b"\x80\x81\x82" * 50)
    (src / "e_gbk.txt").write_bytes("呃，我们今天谈谈稀土。".encode("gbk"))
    (src / "f_bad.json").write_text('{"segments": [{"start": 0, "text": "好"', encoding="utf-8")
    (src / "g_good.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n呃，第一句\n\n2\n00:00:02,000 --> 00:00:04,000\n还没说完。\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = clean(src, "--out-dir", out, "-j", "2")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    for name in ("b_binary.txt", "c_unreadable.txt", "d_bad_encoding.txt", "f_bad.json"):
        assert sum(name in e for e in errors) == 1, (name, errors)
    assert proc.stderr.splitlines()[-1] == "3 cleaned, 0 unchanged, 4 failed"
    written = sorted(p.name for p in out.iterdir())
    assert written == ["a_good.md", "e_gbk.md", "g_good.md"]
    assert "我们今天谈谈稀土。" in (out / "e_gbk.md").read_text(encoding="utf-8")
    srt = (out / "g_good.md").read_text(encoding="utf-8")
    assert "[00:00:01] 第一句，还没说完。" in srt


def test_interrupt_leaves_no_half_written_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    big = GOOD * 4000  # large enough that a run takes a while
    for i in range(40):
        (src / f"t{i:02d}.txt").write_text(big, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "asrclean", str(src), "--out-dir", str(out), "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not (out.exists() and any(out.glob("*.md"))):
        time.sleep(0.05)
    # Like Ctrl-C in a terminal: the whole process group gets SIGINT.
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err.decode("utf-8")
    leftovers = [p.name for p in out.iterdir() if not p.name.endswith(".md")]
    assert leftovers == [], leftovers
    done = list(out.glob("*.md"))
    assert 0 < len(done) < 40
    for p in done:
        assert is_untouched_output(p.read_text(encoding="utf-8")), p


def test_unreadable_output_folder_is_reported(tmp_path):
    inp = tmp_path / "t.txt"
    inp.write_text(GOOD, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = clean(inp, "-o", blocker / "t.md")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "t.txt" in proc.stderr


def test_same_bytes_whatever_the_hash_seed():
    """Sets and dicts of strings iterate in a per-process order: output must not depend on it."""
    example = Path(__file__).resolve().parent.parent / "examples"
    outs = set()
    for seed in ("0", "1", "12345"):
        proc = subprocess.run(
            [sys.executable, "-m", "asrclean", str(example / "podcast.txt"), "-g", str(example / "podcast.glossary.yaml"),
             "-g", "finance", "--format", "json", "-o", "-"],
            capture_output=True, env={**ENV, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 0
        outs.add(proc.stdout)
    assert len(outs) == 1


def test_output_to_a_fifo_is_written_not_read(tmp_path):
    import threading

    inp = tmp_path / "t.txt"
    inp.write_text(GOOD, encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = clean(inp, "-o", fifo, "--force", timeout=60)
    reader.join(timeout=10)
    assert proc.returncode == 0, proc.stderr
    assert got and got[0].decode("utf-8").startswith("# t\n")
    assert stat_is_fifo(fifo)


def stat_is_fifo(path) -> bool:
    import stat

    return stat.S_ISFIFO(os.stat(path).st_mode)


def test_output_to_dev_stdout_through_a_pipe(tmp_path):
    if not os.path.exists("/dev/stdout"):
        return
    inp = tmp_path / "t.txt"
    inp.write_text(GOOD, encoding="utf-8")
    proc = clean(inp, "-o", "/dev/stdout", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# t\n") and "asrclean:" not in proc.stdout
    # Redirected to a file, /dev/stdout is that file: written, not replaced.
    target = tmp_path / "redirected.md"
    with open(target, "wb") as f:
        proc = subprocess.run([sys.executable, "-m", "asrclean", str(inp), "-o", "/dev/stdout"],
                              stdout=f, stderr=subprocess.PIPE, env=ENV, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8").startswith("# t\n")
