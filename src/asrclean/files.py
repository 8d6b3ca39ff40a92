"""Finding inputs, planning outputs and writing them safely. No cleaning here."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

STDIO = "-"


@dataclass(frozen=True)
class Job:
    input: str  # a path, or "-" for standard input
    output: str | None  # a path, "-" for standard output, or None (nothing to write)
    title: str | None  # default title (the file's stem) when the text has none


def is_hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


# The tail of a file this tool wrote: the Markdown marker, or the JSON
# "generator" key (followed only by "checksum"). Enough to tell an earlier
# run's outputs from inputs when walking a folder, without parsing the file.
_OWN_TAIL_RE = re.compile(rb'<!-- asrclean:|"generator": "asrclean')
_TAIL_BYTES = 512


def is_own_output(path: str | os.PathLike) -> bool:
    """Whether ``path`` ends like a file this tool wrote (an unreadable file is not)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - _TAIL_BYTES))
            return _OWN_TAIL_RE.search(f.read()) is not None
    except OSError:
        return False  # reading it for real will report the problem


def _matches(rel: str, name: str, globs: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in globs)


def walk(root: Path, include: list[str], exclude: list[str], default_match) -> list[Path]:
    """Transcript files below ``root``, sorted; hidden files and folders, excluded
    folders and this tool's own outputs skipped."""
    # "--exclude sub/" means the folder as much as "--exclude sub".
    dir_exclude = [g.rstrip("/") for g in exclude if g.rstrip("/")]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = sorted(
            d for d in dirnames if not is_hidden(d) and not _matches((rel_dir / d).as_posix(), d, dir_exclude)
        )
        for name in sorted(filenames):
            if is_hidden(name):
                continue
            rel = (rel_dir / name).as_posix()
            if include:
                if not _matches(rel, name, include):
                    continue
            elif not default_match(name):
                continue
            if _matches(rel, name, exclude):
                continue
            path = Path(dirpath) / name
            if is_own_output(path):
                continue
            found.append(path)
    return found


def plan(
    paths: list[str],
    *,
    output: str | None,
    out_dir: str | None,
    suffix: str,
    include: list[str],
    exclude: list[str],
    default_match,
    write: bool = True,
) -> tuple[list[Job], list[tuple[str, str]]]:
    """Jobs for the given paths, plus (path, message) for inputs that cannot run."""
    if output is not None and out_dir is not None:
        raise UsageError("use either -o/--output or --out-dir, not both")
    # (input, path relative to its root for --out-dir, found by walking a folder)
    entries: list[tuple[str, Path | None, bool]] = []
    problems: list[tuple[str, str]] = []
    for p in paths:
        if p == STDIO:
            entries.append((STDIO, None, False))
            continue
        path = Path(p)
        if path.is_dir():
            for f in walk(path, include, exclude, default_match):
                entries.append((str(f), f.relative_to(path), True))
        elif path.exists():
            entries.append((str(path), Path(path.name), False))
        else:
            problems.append((p, "no such file or folder"))
    # The same file named twice (or named and also found in a folder) is one input.
    seen: set[str] = set()
    unique = []
    for e in entries:
        key = STDIO if e[0] == STDIO else os.path.normcase(os.path.realpath(e[0]))
        if key not in seen:
            seen.add(key)
            unique.append(e)
    entries = unique
    if output is not None and len(entries) + len(problems) > 1:
        raise UsageError("-o/--output takes a single input; use --out-dir for several")

    # Outputs of "a.txt" and "a.srt" in one folder would both be "a.md": name
    # colliding outputs after the whole input name instead ("a.txt.md").
    def default_out(inp: str, rel: Path | None, full_name: bool) -> str:
        base = Path(out_dir) / rel if out_dir is not None else Path(inp)
        stem = base.name if full_name else base.stem
        return str(base.with_name(stem + suffix))

    counts: dict[str, int] = {}
    for inp, rel, _ in entries:
        if inp != STDIO and output is None:
            key = os.path.normcase(default_out(inp, rel, False))
            counts[key] = counts.get(key, 0) + 1

    jobs = []
    for inp, rel, _ in entries:
        if inp == STDIO:
            out = output if output is not None else STDIO
            jobs.append(Job(STDIO, out if write else None, None))
            continue
        if output is not None:
            out = output
        else:
            out = default_out(inp, rel, False)
            if counts[os.path.normcase(out)] > 1:
                out = default_out(inp, rel, True)
        if write and out != STDIO and _same_file(inp, out):
            if output is not None:
                hint = "choose another -o/--output"
            elif out_dir is not None:
                hint = "choose another --out-dir"
            else:
                hint = "use -o or --out-dir"
            problems.append((inp, f"output {out} would overwrite the input; {hint}"))
            continue
        jobs.append(Job(inp, out if write else None, Path(inp).stem))
    return jobs, problems


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links and symlinks too
    except OSError:  # the output does not exist yet
        pass
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


# Where an output goes. A regular file (or a name not taken yet) is compared,
# checked for ownership and replaced atomically; anything else that exists
# (a terminal, /dev/null, a FIFO, a pipe behind /dev/stdout) is a stream: it is
# opened and written, never read (reading a FIFO blocks) nor renamed over
# (that would replace the device with a regular file).
NEW, FILE, STREAM = "new", "file", "stream"

# /dev/stdout, /dev/fd/N and /proc/self/fd/N name a descriptor the caller
# opened: a redirection to a file is as much a stream as a pipe is.
_DESCRIPTOR_RE = re.compile(r"\A/(?:dev|proc/(?:self|thread-self|\d+))/fd/\d+\Z")


def _names_a_descriptor(path: str) -> bool:
    p = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on a chain of links
        if _DESCRIPTOR_RE.match(p):
            return True
        try:
            target = os.readlink(p)
        except OSError:
            return False
        p = os.path.normpath(os.path.join(os.path.dirname(p), target))
    return False


def examine_output(path: str) -> tuple[str, str]:
    """(NEW | FILE | STREAM, the path to write): a symlink is followed so that
    its target is replaced, not the link."""
    if _names_a_descriptor(path):
        return STREAM, path
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return NEW, real
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", path)
    if stat.S_ISREG(st.st_mode):
        return FILE, real
    return STREAM, path


def write_stream(path: str, data: bytes) -> None:
    # O_APPEND: a descriptor redirected with ">>" keeps what it has; a device
    # or a pipe does not care.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` whatever it is, without any ownership check."""
    kind, where = examine_output(path)
    if kind == STREAM:
        write_stream(where, data)
    else:
        write_atomic(where, data)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = None


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temporary file in the same folder and a rename: readers see the
    old file or the new one, never half of one, even if the run is interrupted."""
    global _MODE
    if _MODE is None:
        _MODE = _default_mode()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _MODE)
        os.replace(tmp, target)
    except BaseException:
        # KeyboardInterrupt included: never leave a temporary file behind.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
