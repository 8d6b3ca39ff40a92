"""The `terms` stage alone, as the glossary grows: its CPU time at N extra terms as a ratio of
its time at 0, in one run (a shared machine's load moves both alike).

    python bench/bench_terms_speed.py [--terms 0 1000 5000] [--size-mb 1] [--repeat 4]

Text and glossaries as in ``bench_pipeline.py`` (People's Daily sample + example transcript;
the example glossary + N terms drawn as ``bench_terms.py`` draws them), taken as the text
reaches the terms stage (the stages before it applied once). Reported per size: the first
call of a new stage (cold: its caches empty; the word model is loaded before timing) and the
best of ``--repeat`` further calls (warm), in CPU time of this process. Target (issue 12): the
cost at 5,000 terms close to the cost at 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, nargs="+", default=[0, 1000, 5000])
    ap.add_argument("--size-mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=4)
    args = ap.parse_args()

    from bench_pipeline import glossary_of, real_text

    from asrclean import Cleaner

    big = real_text(args.size_mb)
    base: tuple[float, float] | None = None
    for n in args.terms:
        stages = Cleaner(glossary_of(n)).pipeline.stages
        text = big
        for stage in stages:
            if stage.name == "terms":
                break
            text, _ = stage.apply(text)
        if stage.pinyin is not None:
            stage.pinyin.model  # loaded once per process, not part of a call
        t0 = time.process_time()
        stage.apply(text)
        cold = time.process_time() - t0
        warm = min(_timed(stage, text) for _ in range(args.repeat))
        base = base or (cold, warm)
        print(
            f"{n:>6} extra terms: {len(text):,} chars; first call {cold * 1000:.0f} ms "
            f"({cold / base[0]:.2f}x the first size), then {warm * 1000:.0f} ms "
            f"({warm / base[1]:.2f}x; {len(text) / warm / 1e6:.2f} M chars/s)",
            flush=True,
        )


def _timed(stage, text: str) -> float:
    t0 = time.process_time()
    stage.apply(text)
    return time.process_time() - t0


if __name__ == "__main__":
    main()
