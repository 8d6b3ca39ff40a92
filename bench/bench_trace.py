"""Placing edits (``trace`` + ``locate``) for --explain, JSON and the review page, against cleaning.

    python bench/bench_trace.py [COPIES]

Cleans examples/podcast.txt repeated COPIES times (default 1, 4, 16) and prints,
for each size, the seconds to clean with edits kept, to trace the edits into
pieces of the base text, to place them in the file, and to render the review
page, with the ratios to the cleaning time. Tracing applies each run of edits
in one pass, so its time grows with runs x pieces; the figures show how it scales.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from asrclean import Cleaner
from asrclean.api import base_text
from asrclean.locate import Locator
from asrclean.readers import parse
from asrclean.review import render
from asrclean.trace import trace

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    text = (ROOT / "examples" / "podcast.txt").read_text(encoding="utf-8")
    cleaner = Cleaner()
    sizes = [int(a) for a in sys.argv[1:]] or [1, 4, 16]
    print(f"{'copies':>6} {'chars':>9} {'edits':>7} {'clean s':>8} {'trace s':>8} {'locate s':>9} {'html s':>7}  ratios to clean")
    for n in sizes:
        raw = "\n".join([text] * n)
        src = parse(raw, "podcast.txt")
        t0 = time.perf_counter()
        doc = cleaner.clean_source(src)
        t1 = time.perf_counter()
        base = base_text(src)
        pieces, spans = trace(base, doc.edits)
        t2 = time.perf_counter()
        loc = Locator(raw, src)
        places = [loc.place(s, e) for s, e in spans]
        t3 = time.perf_counter()
        page = render(doc, base, pieces, places)
        t4 = time.perf_counter()
        c = t1 - t0
        print(
            f"{n:>6} {len(raw):>9} {len(doc.edits):>7} {c:>8.2f} {t2 - t1:>8.2f} {t3 - t2:>9.2f} {t4 - t3:>7.2f}"
            f"  trace {(t2 - t1) / c:.2f}, locate {(t3 - t2) / c:.2f}, html {(t4 - t3) / c:.2f}; page {len(page) // 1024} KB"
        )


if __name__ == "__main__":
    main()
