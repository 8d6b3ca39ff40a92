"""What ``clean suggest`` and ``clean learn`` do, behind the typer layer in ``cli``.

Both read inputs as ``clean`` does (any format, files, folders, ``-``), print their result
(YAML) to stdout or write it atomically to a file that is none of their inputs, and report
problems as one-line errors naming the file; the exit codes are ``clean``'s (0, or 2).
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from .errors import InputError, UsageError

SUBCOMMANDS = ("suggest", "learn")


def _read(path: str, stdin: Callable[[], bytes], kind: str | None = None):
    from .readers import read, read_bytes

    if path == "-":
        return read_bytes(stdin(), "<stdin>", kind)
    return read(path, kind)


# The first words of what these commands write: a file that starts so is an
# earlier output of theirs, which a later run may replace.
_OWN_HEADS = ("# Candidate glossary: ", "# Learned by `clean learn` ")


def _emit(text: str, output: str | None, inputs: list[str], glossaries: tuple[str, ...], force: bool = False) -> None:
    from .files import _same_file, write_output

    if output in (None, "-"):
        from .files import write_stdout

        write_stdout(text)
        return
    for p in list(inputs) + list(glossaries):
        if p != "-" and _same_file(p, output):
            raise UsageError(f"{output}: is an input of this run ({p}); choose another -o/--output")
    if not force and os.path.isfile(output):
        try:
            with open(output, "rb") as f:
                head = f.read(200).decode("utf-8", "replace")
        except OSError:
            head = ""
        if not head.startswith(_OWN_HEADS):
            raise UsageError(f"refusing to overwrite {output}: not written by clean suggest or learn (use --force to replace it)")
    try:
        write_output(output, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


def run_suggest(
    paths: list[str], *, cleaner, output: str | None, include: list[str], exclude: list[str],
    min_count: int, top: int | None, stdin: Callable[[], bytes], err: Callable[[str], None], force: bool = False,
    field: str = "text",
) -> int:
    """Mine the inputs, print the candidate glossary; 2 if an input failed (the rest still count)."""
    from .files import plan
    from .readers import is_transcript_name
    from .suggest import Suggester, to_yaml

    if not paths:
        raise UsageError("no input given (a file, a folder, or - for stdin); see clean suggest --help")
    if min_count < 1:
        raise UsageError("--min-count must be at least 1")
    if top is not None and top < 1:
        raise UsageError("--top must be at least 1")
    planned = plan(
        paths, output=None, out_dir=None, suffix=".md", include=include, exclude=exclude,
        default_match=is_transcript_name, write=False,
    )
    failed = False
    for path, msg in planned.problems:
        err(f"{path}: {msg}")
        failed = True
    from .readers.types import manifest_kind

    s = Suggester(cleaner, min_count=min_count)
    for job in planned.jobs:
        try:
            if job.input != "-" and manifest_kind(job.input):
                for src in _manifest_sources(job.input, field):
                    s.add(src)
            else:
                s.add(_read(job.input, stdin))
        except InputError as exc:
            err(str(exc))
            failed = True
    if not s.n_files and failed:
        return 2
    text = to_yaml(s.candidates(), s.n_files, top)
    _emit(text, output, [j.input for j in planned.jobs], cleaner.settings.glossary.sources, force)
    return 2 if failed else 0


def _manifest_sources(path: str, field: str, rows_per_source: int = 2000):
    """A manifest's texts (one field of each row; bad rows passed over), as
    sources of a few thousand rows each: a table's other columns (ids, file
    names, speakers) are not transcript and must not be mined."""
    from .readers import plain
    from .readers.manifests import manifest_kind, open_reader

    reader = open_reader(path, manifest_kind(path), field, ())
    try:
        texts: list[str] = []
        first = None
        for row in reader.rows():
            if row.text is None:
                continue
            first = first or row.number
            texts.append(row.text)
            if len(texts) >= rows_per_source:
                yield plain("\n".join(texts), f"{path}:{first}")
                texts, first = [], None
        if texts:
            yield plain("\n".join(texts), f"{path}:{first}")
    finally:
        reader.close()


def run_learn(
    raw: str, edited: str, *, cleaner, glossary: list[str], write: bool, output: str | None,
    stdin: Callable[[], bytes], force: bool = False,
) -> int:
    """Print (or with ``write`` add to the last ``-g`` file) what the user's corrections teach."""
    from .learn import learn, to_yaml, write as write_glossary

    if raw == "-" and edited == "-":
        raise UsageError("only one of RAW and EDITED can be - (standard input)")
    target = None
    if write:
        if not glossary:
            raise UsageError("--write needs the glossary file to update: give it with -g")
        target = glossary[-1]
        if not os.path.isfile(target):
            raise UsageError(f"{target}: --write updates a glossary file; this is not one (a built-in glossary is not written)")
        if output is not None:
            raise UsageError("use either --write or -o/--output")
    for p in (raw, edited):
        if p != "-" and os.path.isdir(p):
            raise InputError(f"{p}: is a folder; learn takes one raw transcript and its edited Markdown")
    raw_src = _read(raw, stdin)
    edited_src = _read(edited, stdin, "markdown")
    proposal = learn(raw_src, edited_src, cleaner)
    text = to_yaml(proposal, raw_src.name, edited_src.name)
    if target is not None:
        if proposal:
            write_glossary(proposal, target)
        sys.stderr.write(f"{target}: {proposal.size} entr{'y' if proposal.size == 1 else 'ies'} added\n")
        return 0
    _emit(text, output, [raw, edited], cleaner.settings.glossary.sources, force)
    return 0


__all__ = ["SUBCOMMANDS", "run_learn", "run_suggest"]
