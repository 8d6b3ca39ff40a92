"""Cleaning on a Dask cluster (``pip install 'asrclean[dask]'``).

Two ways in:

- collections: ``clean_series(ddf["text"])``, ``clean_column(ddf, "text")`` and
  ``clean_bag(bag)`` return lazy collections of cleaned text;
- the command line: ``clean corpus/ --out-dir out/ --scheduler tcp://host:8786``
  (or ``python -m asrclean.dask corpus/ --out-dir out/ --scheduler ...``) sends
  the cleaning of each file, or of each batch of manifest rows, to the
  cluster. This process reads the inputs and writes the outputs, so the
  workers need no access to your files, and the outputs are byte for byte
  those of a local run.

Either way the glossary is loaded here, once, and shipped to the cluster as
data (a worker needs no glossary file); each worker process builds its
cleaner from it once, at its first task, and keeps it for the rest (a
glossary's indexes take seconds to build at 5,000 terms: per row would be
ruinous).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass

from .api import Cleaner

# token -> Cleaner, in each worker process (and in this one, for local schedulers).
_CLEANERS: dict[str, Cleaner] = {}


@dataclass(frozen=True)
class Recipe:
    """What a worker needs to build the same cleaner: data, no file names."""

    token: str
    options: dict

    def cleaner(self) -> Cleaner:
        found = _CLEANERS.get(self.token)
        if found is None:
            found = _CLEANERS[self.token] = Cleaner(**self.options)
        return found


def recipe(cleaner: Cleaner) -> Recipe:
    s = cleaner.settings
    options = {
        "glossary": s.glossary,
        "only": list(cleaner.stage_names),
        "script": s.script,
        "fillers": s.fillers,
        "punctuate": s.punctuate,
        "lines": s.lines,
    }
    token = hashlib.sha256(pickle.dumps(options, protocol=4)).hexdigest()[:16]
    _CLEANERS.setdefault(token, cleaner)
    return Recipe(token, options)


def _cleaner_for(glossary, options) -> Cleaner:
    return glossary if isinstance(glossary, Cleaner) else Cleaner(glossary, **options)


def _clean_one(cleaner: Cleaner, text):
    from .readers import plain

    if not isinstance(text, str):
        return text  # a missing value stays missing
    return cleaner.clean_source(plain(text, "<row>"), edits=False).text


def _clean_partition(part, spec: Recipe):
    cleaner = spec.cleaner()
    return part.map(lambda t: _clean_one(cleaner, t))


def _clean_list(items, spec: Recipe):
    cleaner = spec.cleaner()
    return [_clean_one(cleaner, t) for t in items]


def _spec(glossary, options):
    import dask

    # One key in the graph for the recipe, shared by every partition's task.
    return dask.delayed(recipe(_cleaner_for(glossary, options)), pure=True)


def clean_series(series, glossary=None, **options):
    """A Dask Series of texts -> a Dask Series of cleaned texts (same index and
    partitions). ``glossary`` and ``options`` are those of ``Cleaner``, or pass a
    built ``Cleaner`` as ``glossary``."""
    return series.map_partitions(_clean_partition, _spec(glossary, options), meta=series._meta)


def clean_column(df, column: str = "text", *, keep_original: str | None = None, glossary=None, **options):
    """A Dask DataFrame with ``column`` cleaned (every other column as it was);
    ``keep_original`` names a new column for the raw text."""
    if column not in df.columns:
        from .errors import UsageError

        raise UsageError(f"no column {column!r} (columns: {', '.join(map(str, df.columns))})")
    cleaned = clean_series(df[column], glossary, **options)
    if keep_original:
        df = df.assign(**{keep_original: df[column]})
    return df.assign(**{column: cleaned})


def clean_bag(bag, glossary=None, **options):
    """A Dask Bag of texts -> a Bag of cleaned texts, in the same order."""
    return bag.map_partitions(_clean_list, _spec(glossary, options))


# --- the command line on a cluster ---------------------------------------------------


class ClusterExecutor:
    """``submit`` for ``corpus`` (manifest batches) and ``run_files`` (whole files)
    on a ``dask.distributed`` scheduler."""

    def __init__(self, address, cleaner: Cleaner):
        from .errors import UsageError

        try:
            from distributed import Client
        except ImportError:
            raise UsageError("--scheduler needs Dask: pip install 'asrclean[dask]'") from None
        try:
            self.client = address if hasattr(address, "submit") else Client(address, timeout="10s")
            self.own_client = not hasattr(address, "submit")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--scheduler {address}: cannot connect: {exc}") from None
        except ValueError as exc:  # an address Dask cannot parse ("host" without a port)
            raise UsageError(f"--scheduler {address}: not an address: {exc} (for example tcp://host:8786)") from None
        self.spec = self.client.scatter(recipe(cleaner), broadcast=True)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, fn, *args):
        return self.client.submit(_remote_call, self.spec, fn, *args, pure=False)

    def submit_file(self, *args):
        return self.client.submit(_remote_file, self.spec, *args, pure=False)

    def close(self) -> None:
        if self.own_client:
            self.client.close()


def _remote_call(spec: Recipe, fn, *args):
    return fn(spec.cleaner(), *args)


def _remote_file(spec: Recipe, name: str, data: bytes, title, opts):
    from .files import STDIO, Job
    from .runner import process

    return process(Job(STDIO, STDIO, title), spec.cleaner(), opts, data, display=name)


def run_files(jobs, cleaner: Cleaner, opts, address, on_result) -> None:
    """Like ``runner.run_jobs``, with the cleaning done on the cluster: inputs are
    read and outputs written here, results arrive in input order."""
    import dataclasses
    from collections import deque

    from .files import display_name
    from .runner import FAILED, Result, finish_remote

    executor = ClusterExecutor(address, cleaner)
    # The worker renders; checking, comparing and writing the output happen here.
    remote_opts = dataclasses.replace(opts, check=False)
    pending: deque = deque()
    window = 2 * executor.workers
    try:
        for job in jobs:
            name = display_name(job.input)
            try:
                with open(job.input, "rb") as f:
                    data = f.read()
            except OSError as exc:
                pending.append((job, name, None, None, Result(job.input, job.output, FAILED, message=f"{name}: cannot read: {exc.strerror or exc}")))
            else:
                pending.append((job, name, data, executor.submit_file(name, data, job.title, remote_opts), None))
            while len(pending) > window:
                on_result(_settle(pending.popleft(), opts, finish_remote))
        while pending:
            on_result(_settle(pending.popleft(), opts, finish_remote))
    finally:
        executor.close()


def _settle(item, opts, finish_remote):
    job, name, data, future, failed = item
    if failed is not None:
        return failed
    return finish_remote(job, opts, future.result(), name, data)


def main(argv=None) -> None:
    """``python -m asrclean.dask ...``: the ``clean`` command; give ``--scheduler``."""
    import sys

    from .cli import main as clean_main

    if argv is not None:
        sys.argv = ["clean", *argv]
    clean_main()


if __name__ == "__main__":
    main()
