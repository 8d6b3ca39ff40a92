"""Build large, long-lived structures without the cyclic garbage collector.

Loading a glossary of many thousand terms creates millions of objects that all
live on (YAML nodes, terms, trie nodes, compiled patterns). CPython's collector
runs over the growing heap again and again while they are made: measured, it
made loading take three to six times longer, and more so the larger the
glossary. None of these objects form garbage cycles, so the collector is paused
while they are built and resumed after.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Leave every object alive now out of the collector's full collections, for a process
    that has built its cleaner and now only cleans (the command line and its workers).

    A cleaner with a large glossary holds some 80 k objects that the collector can track
    (terms, indexes, compiled patterns), all alive as long as the process. A clean makes
    many objects that outlive a young collection (a long transcript's edits), and every
    few of them the collector walks all that the process holds: with 5,000 terms a full
    collection cost about 35 ms, about 14 ms a clean of a 270 k-character text, 4 % of it
    (``gc.freeze``: 0.7 ms). Frozen objects are never collected: right for a process that
    keeps its cleaner to the end, and before a fork, whose children then do not touch
    (copy) the parent's pages to count references. Not done by the library: a program
    that uses a ``Cleaner`` owns its process's collector (a long-lived service that keeps
    its cleaner may call ``gc.freeze()`` after building it, to the same effect).
    """
    gc.freeze()
