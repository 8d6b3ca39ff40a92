"""Finding inputs, planning outputs and writing them safely. No cleaning here."""

from __future__ import annotations

import fnmatch
import os
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


def walk(root: Path, include: list[str], exclude: list[str], default_match) -> list[Path]:
    """Transcript files below ``root``, sorted, hidden files and folders skipped."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not is_hidden(d))
        rel_dir = Path(dirpath).relative_to(root)
        for name in sorted(filenames):
            if is_hidden(name):
                continue
            rel = (rel_dir / name).as_posix()
            if include:
                if not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in include):
                    continue
            elif not default_match(name):
                continue
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in exclude):
                continue
            found.append(Path(dirpath) / name)
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
    if output is not None and len(entries) + len(problems) > 1:
        raise UsageError("-o/--output takes a single input; use --out-dir for several")

    # Outputs of "a.txt" and "a.srt" in one folder would both be "a.md": name
    # colliding outputs after the whole input name instead ("a.txt.md").
    def default_out(inp: str, rel: Path | None, full_name: bool) -> str:
        base = Path(out_dir) / rel if out_dir is not None else Path(inp)
        stem = base.name if full_name else base.stem
        return str(base.with_name(stem + suffix))

    # A folder walked again after a run holds that run's outputs ("a.json" from
    # "a.txt" with --format json): they are results, not new inputs.
    if output is None:
        planned = {os.path.normcase(os.path.abspath(default_out(inp, rel, False))) for inp, rel, _ in entries if inp != STDIO}
        planned |= {os.path.normcase(os.path.abspath(default_out(inp, rel, True))) for inp, rel, _ in entries if inp != STDIO}
        entries = [e for e in entries if not (e[2] and os.path.normcase(os.path.abspath(e[0])) in planned)]

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
        if out != STDIO and _same_file(inp, out):
            problems.append((inp, f"output {out} would overwrite the input; use -o or --out-dir"))
            continue
        jobs.append(Job(inp, out if write else None, Path(inp).stem))
    return jobs, problems


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


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
