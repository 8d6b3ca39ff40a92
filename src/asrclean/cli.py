"""The command line: a thin typer layer over ``Cleaner`` and ``runner``.

Results go to stdout, messages to stderr. Exit codes: 0 success; 1 ``--check``
found files that would change; 2 usage error, bad glossary, or an input that
could not be cleaned (the other inputs are still processed).
"""

from __future__ import annotations

import errno
import os
import sys
import time
from functools import partial
from typing import List, Optional

import typer

from ._version import __version__
from .errors import EXIT_ERROR, AsrcleanError

app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        if sys.stdout is None:  # started with stdout closed: echo would print nowhere
            _err("<stdout>: cannot write: standard output is closed")
            raise typer.Exit(EXIT_ERROR)
        typer.echo(f"asrclean {__version__}")
        raise typer.Exit()


def _names(values: Optional[List[str]]) -> Optional[List[str]]:
    if values is None:
        return None
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _err(msg: str) -> None:
    from .files import escape_controls

    # One line, whatever a file name in it holds.
    try:
        typer.echo(f"error: {escape_controls(msg)}", err=True)
    except OSError as exc:
        if _closed_pipe(exc):
            raise
        # Standard error itself cannot be written (a full disk, an I/O error): there is
        # nowhere left to say it, and the run's exit code must still say so (2); the
        # error raised here went uncaught and Python exited with 1, "would change".
        _silence_stderr()


@app.command()
def command(
    paths: List[str] = typer.Argument(None, metavar="PATH...", help="A file, a folder (every transcript file below it), or - for stdin.", show_default=False),
    glossary: List[str] = typer.Option([], "-g", "--glossary", metavar="FILE", help="YAML glossary, or the name of a built-in one; repeatable, merged in order over the built-in default."),
    no_default_glossary: bool = typer.Option(False, "--no-default-glossary", help="Do not start from the built-in default glossary."),
    output: Optional[str] = typer.Option(None, "-o", "--output", metavar="PATH", help="Output for a single input; - means stdout."),
    out_dir: Optional[str] = typer.Option(None, "--out-dir", metavar="DIR", help="Write outputs under DIR, mirroring the input tree."),
    fmt: str = typer.Option("md", "--format", metavar="md|json|html", help="Markdown (default), JSON, or an HTML page to review every edit (reject edits, accept suggestions, export a glossary)."),
    only: Optional[List[str]] = typer.Option(None, "--only", metavar="NAMES", help="Run only these stages (comma-separated)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", metavar="NAMES", help="Run all but these stages (comma-separated)."),
    list_stages: bool = typer.Option(False, "--list-stages", help="Print the stages in order and exit."),
    fillers: str = typer.Option("standard", "--fillers", metavar="light|standard|aggressive", help="How much the fillers stage removes."),
    punctuate: str = typer.Option("auto", "--punctuate", metavar="auto|always|never", help="Restore missing marks (。？，) where the recognizer wrote none: auto (long stretches without marks, or pause spaces), always, or never (pauses become commas)."),
    lines: str = typer.Option("auto", "--lines", metavar="auto|join|paragraphs", help="What a line break in a plain-text transcript is: join (a cue or pause inside a paragraph), paragraphs (each line a turn of its own), or auto (paragraphs when the lines look like turns: nearly all end a sentence and hold more than one on average)."),
    script: str = typer.Option("keep", "--script", metavar="keep|simplified|traditional|taiwan|hongkong", help="Convert the Chinese script (OpenCC)."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if any output would be created or would change."),
    diff: bool = typer.Option(False, "--diff", help="Write nothing; print a diff of each input against its cleaned text."),
    explain: bool = typer.Option(False, "--explain", help="Also print every edit (file:line:column, stage/rule, before -> after) to stderr; the output is written as usual."),
    force: bool = typer.Option(False, "--force", help="Replace output files that asrclean did not write or that were edited since."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", metavar="N", help="Clean files in N processes (default: the CPU count)."),
    include: List[str] = typer.Option([], "--include", metavar="GLOB", help="In folders, clean only files matching GLOB (repeatable)."),
    exclude: List[str] = typer.Option([], "--exclude", metavar="GLOB", help="In folders, skip files matching GLOB (repeatable)."),
    no_timestamps: bool = typer.Option(False, "--no-timestamps", help="Leave out [hh:mm:ss] paragraph times of timed inputs."),
    report: Optional[str] = typer.Option(None, "--report", metavar="FILE.json", help="Write per-file edit counts and timings as JSON."),
    field_: Optional[str] = typer.Option(None, "--field", metavar="NAME", help="Manifests (.jsonl, .csv, .tsv, .parquet): the field to clean (default: text)."),
    keep_original: Optional[str] = typer.Option(None, "--keep-original", metavar="NAME", help="Manifests: keep the raw text in a new field NAME."),
    drop_bad: bool = typer.Option(False, "--drop-bad", help="Manifests: leave out rows that cannot be cleaned (they are still reported) instead of writing them through unchanged."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Clean on a Dask cluster (tcp://host:8786); needs asrclean[dask]."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Only errors on stderr."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Clean raw speech-recognition transcripts into readable Markdown.

    clean transcript.txt writes transcript.md beside it; clean - reads stdin
    and writes stdout. Two more commands: clean suggest PATH... (a candidate
    glossary from your transcripts) and clean learn RAW EDITED (glossary
    entries from your corrections); see clean suggest --help. A file named
    suggest or learn is cleaned as clean ./suggest.
    """
    _terminate_cleanly()
    try:
        code = _run(**locals())
    except _Terminated:
        typer.echo("terminated", err=True)
        # 128 + the signal, as a shell reports a program it ended: 143 (SIGTERM), 129 (SIGHUP).
        code = 128 + (_TERMINATED[-1] if _TERMINATED else 15)
    except (_PipeClosed, BrokenPipeError):
        # Whoever read the output went away (clean ... | head): end quietly, as
        # cat does; nothing more can be said where nobody listens.
        _silence_stdout()
        _silence_stderr()
        code = EXIT_PIPE
    except AsrcleanError as exc:
        for line in str(exc).splitlines() or [""]:
            _err(line)
        code = EXIT_ERROR
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = 130
    except Exception as exc:  # a bug of ours; ASRCLEAN_DEBUG=1 shows the traceback
        if os.environ.get("ASRCLEAN_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set ASRCLEAN_DEBUG=1 for details; please report it)")
        code = EXIT_ERROR
    raise typer.Exit(code)


class _Terminated(BaseException):
    """SIGTERM, raised where the run is, so that temporary files are removed on the way out."""


class _PipeClosed(BaseException):
    """The reader of standard output (or error) closed the pipe: the run stops here."""


# 128 + SIGPIPE: what a shell reports for a program that a closed pipe ended.
EXIT_PIPE = 141


def _closed_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or getattr(exc, "errno", None) == errno.EPIPE


# The signals that end a run cleanly (SIGHUP only where there is one: not on Windows).
TERMINATING_SIGNALS = ("SIGTERM", "SIGHUP")

# Also noted here: a signal that lands in a finalizer raises where Python
# ignores the exception, so the run checks this after each file as well.
_TERMINATED: list[int] = []


def _terminate_cleanly() -> None:
    import signal

    main = os.getpid()

    def handler(signum, frame):
        if os.getpid() != main:
            return  # a forked worker that inherited a signal the parent had not handled yet
        _TERMINATED.append(signum)
        raise _Terminated()

    # A closed terminal or a dropped ssh session sends SIGHUP: it ends the run as SIGTERM
    # does, temporary files removed (unless the run ignores it: nohup clean ...).
    for name in TERMINATING_SIGNALS:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            if signal.getsignal(sig) is not signal.SIG_IGN:
                signal.signal(sig, handler)
        except ValueError:  # not the main thread (called from a library user's thread)
            return


def _run(*, paths, glossary, no_default_glossary, output, out_dir, fmt, only, skip, list_stages, fillers,
         script, punctuate="auto", lines="auto", check, diff, explain, force, jobs, include, exclude, no_timestamps, report, quiet, version,
         field_=None, keep_original=None, drop_bad=False, scheduler=None) -> int:
    from . import runner
    from .api import Cleaner
    from .errors import UsageError
    from .gcpause import settle
    from .pipeline import describe, select

    if list_stages:
        chosen = set(select(_names(only), _names(skip)))
        _check_stdout()
        try:
            for name, desc in describe():
                mark = " " if name in chosen else "-"
                typer.echo(f"{mark} {name:<12} {desc}")
        except OSError as exc:
            _silence_stdout()
            if _closed_pipe(exc):
                raise _PipeClosed() from None
            raise UsageError(f"<stdout>: cannot write: {exc.strerror or exc}") from None
        return 0
    if not paths:
        raise UsageError("no input given (a file, a folder, or - for stdin); see clean --help")
    if fmt not in ("md", "json", "html"):
        raise UsageError(f"unknown format {fmt!r} (choose md, json or html)")
    if jobs is not None and jobs < 1:
        raise UsageError("-j/--jobs must be at least 1")
    if check and diff:
        raise UsageError("use either --check or --diff")
    # An empty name (an unset variable in a script) is not "no report" nor "no glossary".
    if report == "":
        raise UsageError("--report is empty (an unset shell variable?); give a file name, or - for stdout")
    if "" in glossary:
        raise UsageError("-g/--glossary is empty (an unset shell variable?); give a file or a built-in name")
    if output == "":
        raise UsageError("-o/--output is empty (an unset shell variable?); use - for standard output")
    from .files import ends_as_folder

    # "-o out/" means a folder: written as a file named "out", it would surprise.
    if output not in (None, "-") and ends_as_folder(output):
        raise UsageError(f"-o/--output {output} names a folder; to write into a folder use --out-dir {output}")

    make_cleaner = partial(
        Cleaner,
        glossary,
        only=_names(only),
        skip=_names(skip),
        script=script,
        fillers=fillers,
        punctuate=punctuate,
        lines=lines,
        default_glossary=not no_default_glossary,
    )
    # Build once here: a bad glossary or stage name stops the run before any file.
    cleaner = make_cleaner()
    if _own_process:
        settle()  # what lives now lives to the end: no full collection walks it again (see gcpause)
    from .readers.types import manifest_kind

    manifests = [p for p in paths if p != "-" and manifest_kind(p)]
    if manifests:
        return _run_manifests(
            paths, manifests, cleaner, make_cleaner, field=field_, keep_original=keep_original, drop_bad=drop_bad,
            fmt=fmt, check=check, diff=diff, explain=explain, report=report, output=output, out_dir=out_dir,
            force=force, workers=jobs or runner.default_workers(), scheduler=scheduler, quiet=quiet,
        )
    if field_ is not None or keep_original is not None or drop_bad:
        raise UsageError("--field, --keep-original and --drop-bad are for manifests (.jsonl, .ndjson, .csv, .tsv, .parquet)")
    if scheduler and "-" in paths:
        raise UsageError("--scheduler cannot read standard input; name the files")
    from .files import check_extra_output, plan
    from .readers import is_transcript_name

    planned = plan(
        paths,
        output=output,
        out_dir=out_dir,
        suffix={"json": ".json", "html": ".html"}.get(fmt, ".md"),
        include=include,
        exclude=exclude,
        default_match=is_transcript_name,
        write=not diff,
        protect=tuple(cleaner.settings.glossary.sources),
    )
    jobs_ = planned.jobs
    # A table a folder walk picked up (--include '*.csv') is not a transcript:
    # read as text, its rows would be run together. It is cleaned when named.
    walked_tables = [j for j in jobs_ if j.input not in paths and manifest_kind(j.input)]
    if walked_tables:
        jobs_ = [j for j in jobs_ if j not in walked_tables]
        planned.problems.extend(
            (j.input, "a manifest (table of transcripts): name it on the command line to clean it row by row")
            for j in walked_tables
        )
    if report == "-":
        # "-" is standard output, as for -o; it must not be mixed with cleaned text there.
        if any(j.output == "-" for j in jobs_) or diff:
            raise UsageError("--report - would mix the report into the cleaned text on stdout; give the report a file name")
        report = "/dev/stdout"
    if report:
        # Checked before any file is cleaned: the report obeys the rules of every output.
        check_extra_output(
            report, "report",
            inputs=[j.input for j in jobs_] + [p for p, _ in planned.problems] + [p for p in paths if p != "-"]
            + list(cleaner.settings.glossary.sources),
            outputs=[j.output for j in jobs_],
            force=force,
        )
    if any(j.output == "-" for j in jobs_) or diff:
        _check_stdout()
    from .files import display_name

    opts = runner.Options(format=fmt, timestamps=not no_timestamps, check=check, diff=diff, force=force, explain=explain)
    rep = runner.Report(check=check, skipped=planned.skipped)
    for path, msg in planned.problems:
        _err(f"{display_name(path)}: {msg}")
        rep.add(runner.Result(path, None, runner.FAILED, message=msg))

    stdin_bytes = _read_stdin() if any(j.input == "-" for j in jobs_) else None
    show_progress = not quiet and len(jobs_) > 1 and sys.stderr.isatty()
    progress = _Progress(len(jobs_)) if show_progress else None
    stdout_failed = []
    one_file = len(jobs_) == 1 and not planned.problems
    def on_result(r):
        if _TERMINATED:
            raise _Terminated()
        if r.stdout:
            if stdout_failed:
                r = runner.Result(r.input, r.output, runner.FAILED, message=f"<stdout>: not written (output of {r.input})")
            else:
                try:
                    from .files import write_stdout

                    write_stdout(r.stdout)
                except (OSError, ValueError) as exc:
                    # A full disk behind "> file": this text is lost, so the file failed.
                    _silence_stdout()
                    if _closed_pipe(exc):
                        raise _PipeClosed() from None
                    stdout_failed.append(exc)
                    why = getattr(exc, "strerror", None) or exc
                    r = runner.Result(r.input, r.output, runner.FAILED, message=f"<stdout>: cannot write: {why} (output of {r.input})")
        rep.add(r)
        if progress:
            progress.step(r.input)
        if r.warnings and not quiet:
            for w in r.warnings:
                typer.echo(f"warning: {w}", err=True)
        if r.explain:
            sys.stderr.write(r.explain)
        if r.status == runner.FAILED:
            if progress:
                progress.clear()
            _err(r.message)
        elif not quiet and check and r.status == runner.WOULD_CHANGE:
            typer.echo(f"would {'create' if r.created else 'change'} {display_name(r.output)}", err=True)
        elif not quiet and not check and one_file and r.output not in (None, "-") and not diff:
            # One file: say where its output went and what happened to it.
            what = "unchanged" if r.status == runner.UNCHANGED else "created" if r.created else "changed"
            source = "<stdin>" if r.input == "-" else display_name(r.input)
            typer.echo(f"{source} -> {display_name(r.output)} ({what})", err=True)

    started = time.perf_counter()
    report_failed = False
    workers = jobs or runner.default_workers()
    if scheduler:
        from .dask import run_files

        run_files(jobs_, cleaner, opts, scheduler, on_result)
    else:
        runner.run_jobs(jobs_, cleaner, make_cleaner, opts, workers, on_result, stdin_bytes)
    if progress:
        progress.clear()
    if _TERMINATED:
        raise _Terminated()
    if report:
        from .files import write_output
        from .ownership import with_checksum

        data = with_checksum(rep.to_json(time.perf_counter() - started))
        try:
            write_output(report, data.encode("utf-8"))
        except OSError as exc:
            if _closed_pipe(exc):  # --report - | head
                raise _PipeClosed() from None
            # The files are done; only the report is missing: say so, exit 2.
            _err(f"{report}: cannot write the report: {exc.strerror or exc}")
            report_failed = True
    writes_stdout = any(j.output == "-" for j in jobs_) or diff
    if not quiet and not (writes_stdout and len(rep.results) == 1 and rep.exit_code == 0 and not stdout_failed):
        typer.echo(rep.summary(), err=True)
    return EXIT_ERROR if (report_failed or stdout_failed) else rep.exit_code


def _run_manifests(paths, manifests, cleaner, make_cleaner, *, field, keep_original, drop_bad, fmt, check, diff,
                   explain, report, output, out_dir, force, workers, scheduler, quiet) -> int:
    """Manifests are cleaned row by row (``corpus``): one field, the rest kept."""
    from .corpus import ManifestOptions, run_manifests
    from .errors import UsageError

    if len(manifests) != len(paths):
        raise UsageError("manifests (.jsonl, .ndjson, .csv, .tsv, .parquet) and transcripts cannot be cleaned in one run")
    if diff:
        raise UsageError("--diff is not available for manifests; use --check or --explain")
    if fmt not in ("md", "json"):
        raise UsageError(f"--format {fmt} is not available for manifests (a manifest is written in its own format; json adds the edits)")
    if report:
        raise UsageError("--report is not available for manifests; the summary line gives the counts")
    if keep_original is not None and keep_original in ((field or "text"),):
        raise UsageError("--keep-original must name a field other than the one cleaned")
    opts = ManifestOptions(
        field=field or "text", keep_original=keep_original or None, drop_bad=drop_bad,
        edits=fmt == "json", check=check, explain=explain,
    )
    if output == "-":
        _check_stdout()

    def on_message(level: str, text: str) -> None:
        if level == "error":
            _err(text)
        elif not quiet:
            from .files import escape_controls

            typer.echo(escape_controls(text), err=True)

    return run_manifests(
        manifests, cleaner, make_cleaner, opts, workers=workers, scheduler=scheduler,
        output=output, out_dir=out_dir, force=force, on_message=on_message,
    )


def _read_stdin() -> bytes:
    """All of standard input; a device other than a terminal or /dev/null is
    refused, as it is when named (``< /dev/zero`` would never end)."""
    import stat

    from .errors import UsageError

    if sys.stdin is None:
        raise UsageError("<stdin>: cannot read: standard input is closed")
    try:
        st = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError):
        st = None  # not a descriptor (a test runner's stream, a notebook)
    if st is not None and stat.S_ISCHR(st.st_mode) and not sys.stdin.isatty() and st.st_rdev != os.stat(os.devnull).st_rdev:
        raise UsageError("<stdin>: is a device, not a transcript")
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError) as exc:
        raise UsageError(f"<stdin>: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def _check_stdout() -> None:
    from .errors import UsageError

    if sys.stdout is None:
        raise UsageError("<stdout>: cannot write: standard output is closed")


def _silence_stdout() -> None:
    """After a failed write, point stdout at /dev/null so that Python's own flush
    at exit does not fail a second time with a traceback."""
    _silence(sys.stdout)


def _silence_stderr() -> None:
    _silence(sys.stderr)


def _silence(stream) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class _Progress:
    """A one-line counter on stderr, only when stderr is a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0

    def step(self, name: str) -> None:
        self.done += 1
        width = 30
        filled = width * self.done // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {name[-40:]:<40}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r" + " " * 80 + "\r")
        sys.stderr.flush()


# --- clean suggest / clean learn ----------------------------------------------
# `clean` itself takes paths, so these are not typer subcommands (a group would
# take `clean transcript.txt` for an unknown command): the first argument, when it
# is exactly one of their names, chooses them (see ``main``). A file of that name
# is cleaned as `clean ./suggest`.

editor_app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _guarded(body) -> int:
    try:
        return body()
    except AsrcleanError as exc:
        for line in str(exc).splitlines() or [""]:
            _err(line)
        return EXIT_ERROR
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get("ASRCLEAN_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set ASRCLEAN_DEBUG=1 for details; please report it)")
        return EXIT_ERROR


@editor_app.command("suggest")
def suggest_command(
    paths: List[str] = typer.Argument(None, metavar="PATH...", help="Transcripts: files, folders (every transcript file below), or - for stdin.", show_default=False),
    glossary: List[str] = typer.Option([], "-g", "--glossary", metavar="FILE", help="Your glossary (repeatable): its entries are never suggested, and the inputs are cleaned with it first."),
    no_default_glossary: bool = typer.Option(False, "--no-default-glossary", help="Do not start from the built-in default glossary."),
    output: Optional[str] = typer.Option(None, "-o", "--output", metavar="FILE", help="Write the YAML here (atomically; never over an input) instead of stdout."),
    include: List[str] = typer.Option([], "--include", metavar="GLOB", help="In folders, read only files matching GLOB (repeatable)."),
    exclude: List[str] = typer.Option([], "--exclude", metavar="GLOB", help="In folders, skip files matching GLOB (repeatable)."),
    min_count: int = typer.Option(2, "--min-count", metavar="N", help="Suggest only what was seen at least N times."),
    top: Optional[int] = typer.Option(None, "--top", metavar="N", help="Only the N candidates that would fix most."),
    force: bool = typer.Option(False, "--force", help="Let -o replace a file that clean suggest did not write."),
    field_: str = typer.Option("text", "--field", metavar="NAME", help="Manifests (.jsonl, .csv, .tsv, .parquet): the field holding the transcript."),
) -> None:
    """Write a candidate glossary (YAML) mined from transcripts: recurring garbled English,
    near misses of your terms, same-sound Chinese spellings; each with a count and examples."""
    from .api import Cleaner
    from .editor import run_suggest

    def body():
        cleaner = Cleaner(glossary, default_glossary=not no_default_glossary)
        return run_suggest(
            paths or [], cleaner=cleaner, output=output, include=include, exclude=exclude,
            min_count=min_count, top=top, stdin=_read_stdin, err=_err, force=force, field=field_,
        )

    raise typer.Exit(_guarded(body))


@editor_app.command("learn")
def learn_command(
    raw: str = typer.Argument(..., metavar="RAW", help="The raw transcript you cleaned."),
    edited: str = typer.Argument(..., metavar="EDITED", help="Its cleaned Markdown after your corrections."),
    glossary: List[str] = typer.Option([], "-g", "--glossary", metavar="FILE", help="The glossary you cleaned with (repeatable); --write updates the last one."),
    no_default_glossary: bool = typer.Option(False, "--no-default-glossary", help="Do not start from the built-in default glossary."),
    write: bool = typer.Option(False, "--write", help="Add the proposal to the last -g file, keeping its comments and order."),
    output: Optional[str] = typer.Option(None, "-o", "--output", metavar="FILE", help="Write the proposal here instead of stdout."),
    fillers: str = typer.Option("standard", "--fillers", metavar="light|standard|aggressive", help="As you cleaned with."),
    punctuate: str = typer.Option("auto", "--punctuate", metavar="auto|always|never", help="As you cleaned with."),
    lines: str = typer.Option("auto", "--lines", metavar="auto|join|paragraphs", help="As you cleaned with."),
    script: str = typer.Option("keep", "--script", metavar="keep|simplified|traditional|taiwan|hongkong", help="As you cleaned with."),
    force: bool = typer.Option(False, "--force", help="Let -o replace a file that clean learn did not write."),
) -> None:
    """Turn your corrections of a cleaned transcript into glossary entries (terms with
    aliases, replace pairs, keep entries, fillers); prints them as YAML."""
    from .api import Cleaner
    from .editor import run_learn

    def body():
        cleaner = Cleaner(
            glossary, default_glossary=not no_default_glossary, fillers=fillers,
            punctuate=punctuate, lines=lines, script=script,
        )
        return run_learn(raw, edited, cleaner=cleaner, glossary=glossary, write=write, output=output, stdin=_read_stdin, force=force)

    raise typer.Exit(_guarded(body))


def _pipe_exit(exc: SystemExit) -> None:
    """Click answers a closed pipe while it writes (``clean --help | true``)
    with exit 1 and a quiet stdout put in place; the documented code for a
    closed pipe is EXIT_PIPE, as for the cleaned text."""
    if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
        sys.exit(EXIT_PIPE)
    raise exc


# Whether this process is the command's own (``main``, the installed ``clean``), not a
# program or a test that calls the app in its process: only then is its collector ours.
_own_process = False


def main() -> None:
    global _own_process
    _own_process = True
    argv = sys.argv[1:]
    if argv and argv[0] in ("suggest", "learn"):
        try:
            editor_app(args=argv, prog_name="clean")
        except SystemExit as exc:
            _pipe_exit(exc)
        except OSError as exc:
            _silence_stdout()
            _err(f"<stdout>: cannot write: {exc.strerror or exc}")
            sys.exit(EXIT_ERROR)
        return
    try:
        app(prog_name="clean")
    except SystemExit as exc:
        _pipe_exit(exc)
    except OSError as exc:  # --version or --help into a full disk or a closed pipe
        _silence_stdout()
        if _closed_pipe(exc):
            _silence_stderr()
            sys.exit(EXIT_PIPE)
        _err(f"<stdout>: cannot write: {exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
