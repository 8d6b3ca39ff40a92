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
