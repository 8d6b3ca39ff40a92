"""Finding inputs, planning outputs and writing them safely. No cleaning here."""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import re
import stat
import sys
import tempfile
import unicodedata
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


# How a file this tool wrote ends: the Markdown marker line, or the JSON
# "checksum" key closing the object. Only a file that ends so is read whole and
# its checksum checked (``ownership.is_own_output_bytes``): a transcript that
# merely mentions the marker is an input like any other.
_OWN_TAIL_RE = re.compile(rb'(?:\n<!-- asrclean:[0-9a-f]{12} -->\n?|"checksum": "[0-9a-f]{12}"\s*\}\s*)\Z')
_TAIL_BYTES = 256


def is_own_output(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a file this tool wrote and nobody edited since (an unreadable file is not)."""
    from .ownership import is_own_output_bytes

    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - _TAIL_BYTES))
            if _OWN_TAIL_RE.search(f.read()) is None:
                return False
            f.seek(0)
            return is_own_output_bytes(f.read())
    except OSError:
        return False  # reading it for real will report the problem


def _matches(rel: str, name: str, globs: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in globs)


@dataclass
class Walked:
    """What a folder walk found: files to clean, entries it could not look at,
    and how many files it passed over on purpose (earlier outputs, special files)."""

    files: list[Path]
    problems: list[tuple[str, str]]
    skipped: int = 0


def walk(root: Path, include: list[str], exclude: list[str], default_match) -> Walked:
    """Transcript files below ``root`` in sorted, top-down order; hidden files and
    folders, excluded folders, this tool's own outputs and anything that is not a
    regular file skipped.

    Iterative, so a tree 1,000 folders deep is no deeper for Python than a flat
    one. Symbolic links to folders are not followed (no loops, no leaving the
    tree); a link to a regular file is read. An entry that cannot be looked at
    (a folder without permission, a link loop, a name too long) is a problem
    for that entry alone: the rest of the walk goes on.
    """
    # "--exclude sub/" means the folder as much as "--exclude sub".
    dir_exclude = [g.rstrip("/") for g in exclude if g.rstrip("/")]
    out = Walked([], [])
    stack: list[tuple[Path, Path]] = [(root, Path("."))]
    while stack:
        folder, rel_dir = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            out.problems.append((str(folder), f"cannot read folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if is_hidden(name):
                continue
            rel = (rel_dir / name).as_posix()
            path = folder / name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _matches(rel, name, dir_exclude):
                        subfolders.append((path, rel_dir / name))
                    continue
            except OSError as exc:
                out.problems.append((str(path), f"cannot look at it: {exc.strerror or exc}"))
                continue
            if include:
                if not _matches(rel, name, include):
                    continue
            elif not default_match(name):
                continue
            if _matches(rel, name, exclude):
                continue
            try:
                st = os.stat(path)  # follows a link to its file
            except OSError as exc:
                problem = "broken symbolic link" if exc.errno == errno.ENOENT and entry.is_symlink() else None
                out.problems.append((str(path), problem or f"cannot read: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                continue  # a link to a folder: not followed
            if not stat.S_ISREG(st.st_mode):
                out.skipped += 1  # a FIFO would block the walk, a device never ends
                continue
            if is_own_output(path):
                out.skipped += 1
                continue
            out.files.append(path)
        # Reversed onto the stack, so the first folder in sorted order comes out first.
        stack.extend(reversed(subfolders))
    return out


@dataclass
class Plan:
    jobs: list[Job]
    problems: list[tuple[str, str]]  # (input, message) for inputs that cannot run
    skipped: int = 0  # files a folder walk passed over on purpose (earlier outputs, FIFOs)


def readable_name(path: str) -> str:
    """A file name as text that can be written anywhere: bytes of a name that
    are not UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that do not stand for bytes
        return path.encode("utf-8", "replace").decode("utf-8")


# Control characters (a name may hold a newline) and line separators.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    """``text`` with control characters written as escapes ("\\n"): a message
    about a file stays one line whatever its name holds."""
    return CONTROL_RE.sub(lambda m: repr(m.group(0))[1:-1], text)


def display_name(path: str) -> str:
    """A file name for messages and reports: readable (``readable_name``) and
    on one line (``escape_controls``)."""
    return escape_controls(readable_name(path))


def _input_problem(st: os.stat_result) -> str | None:
    """Why a path named on the command line cannot be read as a transcript, if it cannot."""
    mode = st.st_mode
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return None  # a FIFO named on purpose (or <(command)) is read to its end
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a transcript file"  # /dev/zero never ends
    return "not a regular file"


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
    protect: tuple[str, ...] = (),
) -> Plan:
    """Jobs for the given paths, plus the inputs that cannot run.

    Every input gets an output of its own: outputs that would land on one name
    are renamed after the whole input name, several folders under ``out_dir``
    are mirrored each under its own name, and a clash that is left is a
    ``UsageError`` before anything is written.
    """
    if output is not None and out_dir is not None:
        raise UsageError("use either -o/--output or --out-dir, not both")
    # An empty name (an unset variable in a script: clean "$DIR") is not "here".
    if any(p == "" for p in paths):
        raise UsageError("an empty path was given (an unset shell variable?); use . for the current folder")
    if out_dir == "":
        raise UsageError("--out-dir is empty (an unset shell variable?); use . for the current folder")
    # (input, path relative to --out-dir)
    entries: list[tuple[str, Path | None]] = []
    problems: list[tuple[str, str]] = []
    skipped = 0
    # Distinct folders named ("d" and "./d" are one): several are mirrored each
    # under its own name, one is mirrored flat.
    named_folders = set()
    for p in paths:
        if p != STDIO:
            try:
                if stat.S_ISDIR(os.stat(p).st_mode):
                    named_folders.add(os.path.normcase(os.path.realpath(p)))
            except OSError:
                pass
    folders = len(named_folders)
    for p in paths:
        if p == STDIO:
            entries.append((STDIO, None))
            continue
        path = Path(p)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            problems.append((p, "broken symbolic link" if os.path.islink(p) else "no such file or folder"))
            continue
        except OSError as exc:
            problems.append((p, f"cannot read: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            found = walk(path, include, exclude, default_match)
            problems.extend(found.problems)
            skipped += found.skipped
            # Several folders into one --out-dir: each keeps its own name there,
            # so d1/a.txt and d2/a.txt do not meet.
            base = Path(_folder_name(path)) if folders > 1 else Path()
            for f in found.files:
                entries.append((str(f), base / f.relative_to(path)))
            continue
        problem = _input_problem(st)
        if problem:
            problems.append((p, problem))
            continue
        entries.append((str(path), Path(path.name)))
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

    jobs = []
    if output is not None:
        outs = {i: output for i in range(len(entries))}
    else:
        outs = _name_outputs(entries, out_dir, suffix)
    inputs = {os.path.normcase(os.path.realpath(inp)) for inp, _ in entries if inp != STDIO}
    # (Also by the file itself: a hard link, or a name that a folding file system takes
    # for another's, "a.md" for the input "A.md".)
    input_files = {_file_id(inp) for inp, _ in entries if inp != STDIO} - {None}
    for i, (inp, _rel) in enumerate(entries):
        if inp == STDIO:
            out = output if output is not None else STDIO
            jobs.append(Job(STDIO, out if write else None, None))
            continue
        out = outs[i]
        if write and output is None and out_dir is None and _names_a_descriptor(inp):
            # clean <(command): /dev/fd/63 has no folder to write an output beside.
            problems.append((inp, "a pipe has no folder to write its output beside; use -o FILE, -o - or --out-dir"))
            continue
        if write and out != STDIO:
            if _same_file(inp, out):
                if output is not None:
                    hint = "choose another -o/--output"
                elif out_dir is not None:
                    hint = "choose another --out-dir"
                else:
                    hint = "use -o or --out-dir"
                problems.append((inp, f"output {out} would overwrite the input; {hint}"))
                continue
            if os.path.normcase(os.path.realpath(out)) in inputs or _file_id(out) in input_files:
                problems.append((inp, f"output {out} is another input of this run; use -o or --out-dir"))
                continue
            # A glossary is an input too, even with --force.
            hit = next((g for g in protect if _same_file(g, out)), None)
            if hit is not None:
                problems.append((inp, f"output {out} would overwrite the glossary {hit}; choose another output"))
                continue
        # (The title is text of the document: a newline there is the renderer's to
        # tidy. A stem of spaces alone, " .txt", gives no title: the whole name does.)
        stem = Path(inp).stem if Path(inp).stem.strip() else Path(inp).name
        jobs.append(Job(inp, out if write else None, readable_name(stem)))
    return Plan(jobs, problems, skipped)


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _folder_name(path: Path) -> str:
    return path.resolve().name or "root"


def _name_outputs(entries: list[tuple[str, Path | None]], out_dir: str | None, suffix: str) -> dict[int, str]:
    """The output of each input (by index): the stem and ``suffix`` ("a.txt" ->
    "a.md"); where two would meet ("a.txt", "a.srt"), the whole input name
    ("a.txt.md", "a.srt.md"), again until nothing meets ("a.txt.txt" then
    becomes "a.txt.txt.md"). A clash that even whole names cannot part (two
    roots mirrored onto one place) stops the run before anything is written."""

    def name(i: int, whole: bool) -> str:
        inp, rel = entries[i]
        base = Path(out_dir) / rel if out_dir is not None else Path(inp)
        return str(base.with_name((base.name if whole else base.stem) + suffix))

    todo = [i for i, (inp, _) in enumerate(entries) if inp != STDIO]
    outs = {i: name(i, False) for i in todo}
    whole: set[int] = set()
    while True:
        groups: dict[str, list[int]] = {}
        for i in todo:
            groups.setdefault(_folded(outs[i]), []).append(i)
        renamed = False
        for group in groups.values():
            if len(group) > 1:
                for i in group:
                    if i not in whole:
                        whole.add(i)
                        outs[i] = name(i, True)
                        renamed = True
        if not renamed:
            break
    # Names that differ only in case or in the Unicode form of a letter (d1/Talk.txt and
    # d2/talk.txt into one --out-dir) are two files only where names are not folded.
    clashes = [g for g in groups.values() if len(g) > 1 and (_FOLDING_NAMES or len({_exact(outs[i]) for i in g}) < len(g))]
    if clashes:
        lines = [
            f"{' and '.join(entries[i][0] for i in g)} would be written to the same file, {outs[g[0]]}" for g in clashes[:5]
        ]
        more = f" (and {len(clashes) - 5} more)" if len(clashes) > 5 else ""
        raise UsageError(
            "outputs would overwrite each other, nothing written: " + "; ".join(lines) + more
            + "; clean these inputs in separate runs or into different --out-dir folders"
        )
    return outs


# macOS and Windows file systems fold names by default: Talk.md and talk.md (and an
# accented letter written as one character or as two) are one file there, and the second
# output written would replace the first.
_FOLDING_NAMES = sys.platform in ("darwin", "win32")


def _exact(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _folded(path: str) -> str:
    """The key under which two output names are one file on a folding file system: outputs
    are parted by it everywhere, so a run names its outputs the same on every system."""
    return unicodedata.normalize("NFD", _exact(path)).lower()


def ends_as_folder(path: str) -> bool:
    """Whether a path is written as a folder's ("out/"): never a file's name."""
    return path.endswith(os.sep) or bool(os.altsep and path.endswith(os.altsep)) or os.path.basename(path) in (".", "..")


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


def write_stdout(text: str) -> None:
    """All of ``text`` to standard output, or an exception.

    Python's buffered writer reports a write that a closed pipe cut short as
    done (it returns the part written and drops the error), so ``clean ... |
    head`` would end with 0 and the text silently cut; each part is written
    here until all of it is out, and the next write after such a cut raises.
    """
    import sys

    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (a test runner's, a notebook's)
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    view = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while view:
        n = buffer.write(view)
        buffer.flush()
        if not n:
            raise BrokenPipeError("standard output took nothing")
        view = view[n:]


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

# Temporary files are named ".<output>.asrclean-<pid>-<random>.tmp". A run
# killed with SIGKILL cannot remove its own; a later run into the same folder
# removes those whose process is gone (or that are too old to belong to a
# live write, which takes milliseconds).
_TEMP_RE = re.compile(r"\A\..+\.asrclean-(\d+)-[A-Za-z0-9_]+\.tmp\Z")
_STALE_DEAD = 60.0  # seconds: the writer's process is gone
_STALE_ANY = 3600.0  # seconds: whatever the process id says (ids are reused)
_swept: set[str] = set()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        return True
    return True


def sweep_stale_temporaries(folder: str | os.PathLike) -> int:
    """Remove temporary files of this tool's naming that a killed run left in ``folder``."""
    import time

    removed = 0
    now = time.time()
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if _TEMP_RE.match(e.name)]
    except OSError:
        return 0
    for e in entries:
        try:
            st = e.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            age = now - st.st_mtime
            pid = int(_TEMP_RE.match(e.name).group(1))
            if age > _STALE_ANY or (age > _STALE_DEAD and pid != os.getpid() and not _process_alive(pid)):
                os.unlink(e.path)
                removed += 1
        except (OSError, ValueError):
            continue
    return removed


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temporary file in the same folder and a rename: readers see the
    old file or the new one, never half of one, even if the run is interrupted.
    A file that is replaced keeps its permission bits (a private ``chmod 600``
    output stays private); a new file gets the usual mode under the umask."""
    with atomic_writer(path) as f:
        f.write(data)


@contextlib.contextmanager
def atomic_writer(path: str):
    """A binary file to write ``path`` through, as ``write_atomic`` does, for an
    output too big to hold (a manifest written row by row). The file appears
    under its name only when the block ends without an exception."""
    global _MODE
    if _MODE is None:
        _MODE = _default_mode()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = os.path.abspath(target.parent)
    if folder not in _swept:
        _swept.add(folder)
        sweep_stale_temporaries(folder)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = _MODE
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.asrclean-{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        # KeyboardInterrupt included: never leave a temporary file behind.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def check_extra_output(path: str, what: str, inputs: list[str], outputs: list[str], force: bool) -> None:
    """Refuse, before anything runs, an extra output (the ``--report``) that would
    replace an input, another output of the run, or a file this tool did not
    write (that last one only without ``force``). Raises ``UsageError``."""
    from .ownership import is_own_output_bytes

    for inp in inputs:
        if inp != STDIO and _same_file(inp, path):
            raise UsageError(f"refusing to write the {what} over the input {inp}; choose another file name")
    if _names_a_descriptor(path):
        return  # a stream (/dev/stdout): written into, shared with outputs if need be
    if ends_as_folder(path):
        raise UsageError(f"{path}: cannot write the {what}: names a folder; give a file name")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the {what}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{path}: cannot write the {what}: is a folder")
    if st is not None and not stat.S_ISREG(st.st_mode):
        return  # a device or a FIFO: nothing to replace
    for out in outputs:
        if out not in (None, STDIO) and _same_file(out, path):
            raise UsageError(f"refusing to write the {what} over the output {out}; choose another file name")
    if st is None or force:
        return
    try:
        with open(path, "rb") as f:
            ours = is_own_output_bytes(f.read(), "json")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the {what}: {exc.strerror or exc}") from None
    if not ours:
        raise UsageError(
            f"refusing to overwrite {path} with the {what}: not written by asrclean or edited since "
            "(use --force to replace it)"
        )
