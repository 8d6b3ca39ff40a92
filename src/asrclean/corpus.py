"""Cleaning manifests: one field of every row, streamed, in order, in parallel.

A manifest is read row by row (``readers.manifests``), rows are cleaned in
batches and written back in input order through an atomic writer, so the
memory a run takes depends on the batch size and the number of batches in
flight, not on the file. Batches go to an executor: this process (serial), a
local process pool (``-j``), or a Dask cluster (``--scheduler``); anything
with ``submit(fn, *args)`` returning a future with ``result()`` will do, and
the output is the same whichever runs them: ``fn(cleaner, *args)`` runs where the
executor keeps its cleaner.

A JSONL manifest goes to the executor as lines: the process that cleans a batch
also parses its rows and writes them back (``clean_lines``), so that this
process only reads lines and writes what comes back. Parsing and writing a row
cost about an eighth of cleaning a short utterance (20 against 170 us): done
here, for every row, they took that share of a core from the workers that clean.

A row that cannot be cleaned is reported as ``file:line: why`` and written
through unchanged (or left out with ``drop_bad``); the run goes on and the
command exits 2.
"""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import AsrcleanError, InputError, UsageError
from .files import STDIO, atomic_writer
from .readers.manifests import (
    BOM,
    EDITS_FIELD,
    JsonlWriter,
    Row,
    manifest_kind,
    open_reader,
    parse_jsonl_line,
)

# A batch is this many rows or this many characters (of JSONL: bytes of its lines), whichever comes first:
# big enough that handing it to a worker costs little, small enough that the
# batches in flight hold little memory.
BATCH_ROWS = 512
BATCH_CHARS = 256_000
# Reported one by one up to this many per file; the rest are counted.
MAX_SHOWN_PROBLEMS = 20


@dataclass(frozen=True)
class ManifestOptions:
    field: str = "text"
    keep_original: str | None = None  # a new field for the raw text
    drop_bad: bool = False
    edits: bool = False  # add each row's edits (--format json)
    check: bool = False  # write nothing; count the rows that would change
    explain: bool = False

    @property
    def new_fields(self) -> tuple[str, ...]:
        names = []
        if self.keep_original:
            names.append(self.keep_original)
        if self.edits:
            names.append(EDITS_FIELD)
        return tuple(names)


@dataclass
class ManifestResult:
    input: str
    output: str | None
    rows: int = 0
    changed: int = 0
    bad: int = 0
    dropped: int = 0
    failed: str | None = None  # the file could not be cleaned at all
    problems: list[str] = field(default_factory=list)  # the first few bad rows, "file:line: why"

    @property
    def exit_code(self) -> int:
        if self.failed or self.bad:
            return 2
        return 0

    def summary(self) -> str:
        if self.failed:
            return self.failed
        where = f" -> {self.output}" if self.output and self.output != STDIO else ""
        checking = self.output is None
        parts = [f"{self.rows:,} row{'' if self.rows == 1 else 's'}", f"{self.changed:,} {'would change' if checking else 'changed'}"]
        if self.bad:
            fate = "reported" if checking else ("left out" if self.dropped else "written unchanged")
            parts.append(f"{self.bad:,} bad ({fate})")
        return f"{self.input}{where}: " + ", ".join(parts)


# --- cleaning a batch (in whatever process runs it) ------------------------------


def clean_batch(cleaner, texts: list[str], edits: bool, explain: bool) -> list[tuple]:
    """(cleaned, edits, error) for each text: ``edits`` a list of dicts when asked
    for, ``error`` a one-line message when the cleaner failed on that text."""
    out = []
    for text in texts:
        try:
            doc = cleaner.clean_source(_plain(text), edits=edits or explain)
            cleaned = doc.text
            shown = [e.as_dict() for e in doc.edits] if (edits or explain) else None
            out.append((cleaned, shown, None))
        except AsrcleanError as exc:
            out.append((None, None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        except (RecursionError, MemoryError) as exc:
            out.append((None, None, f"cannot clean ({type(exc).__name__})"))
        except Exception as exc:  # a bug of ours: this row is reported, the others go on
            if os.environ.get("ASRCLEAN_DEBUG"):
                raise
            out.append((None, None, f"internal error ({type(exc).__name__}: {exc}); please report it"))
    return out


def _plain(text: str):
    from .readers import plain

    return plain(text, "<row>")


def _in_worker(fn, *args):
    # A pool worker of ``runner``: the cleaner was inherited (fork) or built once.
    from . import runner

    return fn(runner._worker_cleaner, *args)


class Serial:
    """An executor that runs each batch at once, in this process."""

    def __init__(self, cleaner):
        self.cleaner = cleaner

    def submit(self, fn, *args):
        return _Done(fn(self.cleaner, *args))


@dataclass
class _Done:
    value: list

    def result(self):
        return self.value


class LocalPool:
    """Batches on ``runner``'s process pool: workers built like a files run's."""

    def __init__(self, pool):
        self.pool = pool

    def submit(self, fn, *args):
        return self.pool.submit(_in_worker, fn, *args)


# --- one manifest ----------------------------------------------------------------


def clean_manifest(
    path: str,
    output: str | None,
    executor,
    opts: ManifestOptions,
    *,
    in_flight: int = 4,
    on_problem: Callable[[str], None] | None = None,
    on_explain: Callable[[str], None] | None = None,
) -> ManifestResult:
    """Clean the field ``opts.field`` of every row of ``path`` into ``output``
    (a path, ``"-"`` for standard output, or None with ``opts.check``)."""
    result = ManifestResult(path, None if opts.check else output)
    kind = manifest_kind(path)
    try:
        reader = open_reader(path, kind, opts.field, opts.new_fields)
    except (InputError, UsageError) as exc:
        result.failed = str(exc)
        return result

    def run(out) -> None:
        if kind == "jsonl":
            _run_lines(reader, out, executor, opts, result, in_flight, on_problem, on_explain)
        else:
            _run(reader, reader.writer(out) if out is not None else None, executor, opts, result, in_flight,
                 on_problem, on_explain)

    try:
        if opts.check:
            run(None)
        elif output == STDIO:
            out = sys.stdout.buffer
            run(out)
            out.flush()
        else:
            with atomic_writer(output) as f:
                run(f)
    except InputError as exc:
        # The file stops being readable part way (bytes that are not text, a broken
        # quote): nothing is written, the message names the line.
        result.failed = str(exc)
    except OSError as exc:
        if output == STDIO and isinstance(exc, BrokenPipeError):
            raise  # the reader went away (clean m.jsonl -o - | head): the command ends quietly
        result.failed = f"{output}: cannot write: {exc.strerror or exc} (output of {path})"
    finally:
        reader.close()
    return result


def _run(reader, writer, executor, opts, result, in_flight, on_problem, on_explain) -> None:
    pending: deque = deque()  # (rows, future) in input order

    def finish() -> None:
        rows, future = pending.popleft()
        for _ in _settled(rows, future.result(), writer, opts, result, on_problem, on_explain, reader.path):
            pass

    batch: list[Row] = []
    texts: list[str] = []
    chars = 0
    for row in reader.rows():
        batch.append(row)
        if row.text is not None:
            texts.append(row.text)
            chars += len(row.text)
        if len(batch) >= BATCH_ROWS or chars >= BATCH_CHARS:
            pending.append((batch, executor.submit(clean_batch, texts, opts.edits, opts.explain)))
            batch, texts, chars = [], [], 0
            while len(pending) > in_flight:
                finish()
    if batch:
        pending.append((batch, executor.submit(clean_batch, texts, opts.edits, opts.explain)))
    while pending:
        finish()
    if writer is not None:
        writer.close()


def _run_lines(reader, out, executor, opts, result, in_flight, on_problem, on_explain) -> None:
    """``_run`` for JSONL: batches of lines out, (written bytes, what happened) back, in order."""
    pending: deque = deque()

    def finish() -> None:
        data, (rows, changed, bad, dropped), events = pending.popleft().result()
        if out is not None:
            out.write(data)
        result.rows += rows
        result.changed += changed
        result.bad += bad
        result.dropped += dropped
        for kind, text in events:  # problems and explanations, in the order of their rows
            if kind == "explain":
                if on_explain:
                    on_explain(text)
            elif len(result.problems) < MAX_SHOWN_PROBLEMS:
                result.problems.append(text)
                if on_problem:
                    on_problem(text)

    def submit(first: int, lines: list[bytes]) -> None:
        pending.append(executor.submit(clean_lines, reader.path, first, lines, reader.column, reader.new_fields, opts))
        while len(pending) > in_flight:
            finish()

    lines: list[bytes] = []
    size = 0
    first = 1
    for number, line in enumerate(reader.f, 1):
        if number == 1 and line.startswith(BOM):
            line = line[len(BOM) :]
            if out is not None:
                out.write(BOM)
        lines.append(line)
        size += len(line)
        if len(lines) >= BATCH_ROWS or size >= BATCH_CHARS:
            submit(first, lines)
            first, lines, size = number + 1, [], 0
    if lines:
        submit(first, lines)
    while pending:
        finish()


def clean_lines(cleaner, path: str, first: int, lines: list[bytes], column: str, new_fields: tuple[str, ...],
                opts: ManifestOptions) -> tuple[bytes, tuple[int, int, int, int], list[tuple[str, str]]]:
    """A batch of JSONL lines (the first is line ``first`` of ``path``) parsed, cleaned and
    written back, as ``_run`` does row by row: (the bytes to write, (rows, changed, bad,
    dropped), [("problem" | "explain", text), ...] in row order). The problems are this
    batch's first ``MAX_SHOWN_PROBLEMS``; the caller shows the file's first ones."""
    import io

    rows = [parse_jsonl_line(first + i, line, column, new_fields) for i, line in enumerate(lines)]
    outcomes = iter(clean_batch(cleaner, [row.text for row in rows if row.text is not None], opts.edits, opts.explain))
    buffer = io.BytesIO()
    writer = None if opts.check else JsonlWriter(buffer, column)
    part = ManifestResult(path, None)
    events: list[tuple[str, str]] = []
    shown = 0
    for _ in _settled(rows, outcomes, writer, opts, part, None, lambda text: events.append(("explain", text)), path):
        if len(part.problems) > shown:
            shown = len(part.problems)
            events.append(("problem", part.problems[-1]))
    return buffer.getvalue(), (part.rows, part.changed, part.bad, part.dropped), events


def _settled(rows, outcomes, writer, opts: ManifestOptions, result: ManifestResult, on_problem, on_explain, path):
    """Each row given its outcome ((cleaned, edits, error), one per row that has text,
    in order), then written; yields after each row, for a caller that watches."""
    outcomes = iter(outcomes)
    for row in rows:
        if row.text is not None:
            cleaned, edits, error = next(outcomes)
            if error is not None:
                row.problem, row.text = error, None
            else:
                _settle(row, cleaned, edits, opts, result, on_explain, path)
        _emit(row, writer, opts, result, on_problem, path)
        yield row


def _settle(row: Row, cleaned: str, edits, opts: ManifestOptions, result: ManifestResult, on_explain, path) -> None:
    if cleaned != row.text:
        row.cleaned = cleaned
        result.changed += 1
    if opts.keep_original:
        row.extra[opts.keep_original] = row.text
    if opts.edits:
        # JSONL takes the list as it is; a table cell takes it as JSON text.
        row.extra[EDITS_FIELD] = edits if manifest_kind(path) == "jsonl" else json.dumps(edits, ensure_ascii=False)
    if opts.explain and on_explain and edits:
        from .runner import explain

        on_explain(explain(f"{path}:{row.number}", _as_edits(edits)))


def _as_edits(dicts):
    from .edits import Edit

    return [Edit.from_dict(d) for d in dicts]


def _emit(row: Row, writer, opts: ManifestOptions, result: ManifestResult, on_problem, path) -> None:
    if row.problem is None and row.text is None and row.cleaned is None and not row.extra:
        # A blank line: kept, not counted as a row.
        if writer is not None:
            writer.write(row)
        return
    result.rows += 1
    if row.problem is not None:
        result.bad += 1
        message = f"{path}:{row.number}: {row.problem}"
        if len(result.problems) < MAX_SHOWN_PROBLEMS:
            result.problems.append(message)
            if on_problem:
                on_problem(message)
        if opts.drop_bad:
            result.dropped += 1
            if writer is not None:
                writer.drop(row)
            return
    if writer is not None:
        writer.write(row)


# --- a run over several manifests ---------------------------------------------------


def is_manifest(path: str) -> bool:
    return manifest_kind(path) is not None


def plan_manifests(paths: list[str], output: str | None, out_dir: str | None, *, check: bool, force: bool) -> list[tuple[str, str | None]]:
    """(input, output) for each manifest; ``UsageError`` for any output that
    would replace an input, clash with another output, or replace a file
    without ``force`` (a manifest has no room for the marker that tells a
    Markdown output of ours from somebody's file)."""
    from pathlib import Path

    from .files import _same_file

    if output is not None and len(paths) > 1:
        raise UsageError("-o/--output takes a single input; use --out-dir for several")
    planned = []
    for path in paths:
        if output is not None:
            out = output
        elif out_dir is not None:
            out = str(Path(out_dir) / Path(path).name)
        else:
            p = Path(path)
            out = str(p.with_name(f"{p.stem}.clean{p.suffix}"))
        planned.append((path, out))
    outs = [o for _, o in planned if o != STDIO]
    if len(set(outs)) != len(outs):
        dup = next(o for o in outs if outs.count(o) > 1)
        raise UsageError(f"{dup}: two manifests would be written to the same output (give them different names or folders)")
    for path, out in planned:
        if out == STDIO:
            continue
        if manifest_kind(out) != manifest_kind(path):
            raise UsageError(f"{out}: a manifest is written in its own format ({Path(path).suffix}); give the output that suffix")
        for other in paths:
            if _same_file(out, other) or os.path.abspath(out) == os.path.abspath(other):
                raise UsageError(f"refusing to write {out}: it is an input of this run")
        if not check and not force and os.path.lexists(out):
            raise UsageError(f"refusing to overwrite {out}: it exists (use --force to replace it)")
    return [(p, None if check else o) for p, o in planned]


def run_manifests(paths, cleaner, make_cleaner, opts: ManifestOptions, *, workers: int, scheduler: str | None,
                  output: str | None, out_dir: str | None, force: bool, on_message) -> int:
    """Clean every manifest in ``paths``; messages go to ``on_message``; the exit code."""
    planned = plan_manifests(paths, output, out_dir, check=opts.check, force=force)
    code = 0
    with _executor(cleaner, make_cleaner, workers, scheduler) as (executor, in_flight):
        for path, out in planned:
            result = clean_manifest(
                path, out, executor, opts, in_flight=in_flight,
                on_problem=lambda m: on_message("error", m),
                on_explain=lambda text: sys.stderr.write(text),
            )
            if result.failed:
                on_message("error", result.failed)
            elif result.bad > len(result.problems):
                on_message("error", f"{path}: {result.bad - len(result.problems):,} more bad rows not shown")
            if not result.failed and out != STDIO:
                on_message("info", result.summary())
            code = max(code, result.exit_code)
            if opts.check and not result.failed and code == 0 and (result.changed or not _exists_for_check(path, output, out_dir)):
                code = 1
    return code


def _exists_for_check(path, output, out_dir) -> bool:
    (_, out), = plan_manifests([path], output, out_dir, check=False, force=True)
    return out == STDIO or os.path.exists(out)


class _executor:
    """The executor for a run: serial, a local pool, or a Dask cluster."""

    def __init__(self, cleaner, make_cleaner, workers: int, scheduler: str | None):
        self.cleaner, self.make_cleaner, self.workers, self.scheduler = cleaner, make_cleaner, workers, scheduler
        self.pool = None
        self.client = None

    def __enter__(self):
        if self.scheduler:
            from .dask import ClusterExecutor

            self.client = ClusterExecutor(self.scheduler, self.cleaner)
            return self.client, 2 * max(1, self.client.workers)
        if self.workers <= 1:
            return Serial(self.cleaner), 0
        from .runner import open_pool

        self.pool = open_pool(self.cleaner, self.make_cleaner, None, self.workers)
        return LocalPool(self.pool), 2 * self.workers

    def __exit__(self, kind, exc, tb):
        if self.pool is not None:
            from .runner import _stop

            if exc is None:
                self.pool.shutdown()
            else:
                _stop(self.pool, terminate=not isinstance(exc, KeyboardInterrupt))
        if self.client is not None:
            self.client.close()
        return False
