"""New-word discovery (``asrclean.newwords``, the "new" candidates of `clean suggest`):
does it find the words a segmented corpus has that jieba's dictionary lacks, and little else?

    python bench/bench_newwords.py                     # the People's Daily sample (development)
    python bench/bench_newwords.py --conllu F.conllu   # a Universal Dependencies treebank (held out)

Text: every sentence of the corpus, its words joined without spaces (one text per sentence).
Gold: the corpus' own words of 2-4 Han characters that are not in the dictionary the
tool ships (data/words_zh.txt) and occur at least MIN times. Recall = gold words found;
precision = found strings that are one of the corpus' words not in the dictionary (whatever
their count). A name the corpus cuts in two (陈方安生 -> 陈方 安生) counts as wrong, so
precision is a lower bound.

The rules were written looking at the People's Daily sample: its figures are development
figures. The held-out figure in the README is UD_Chinese-GSDSimp (Wikipedia, CC BY-SA 4.0,
github.com/UniversalDependencies/UD_Chinese-GSDSimp at eb3aed3, train+dev+test), read from a
local copy: it is not shipped and was not looked at while writing the rules.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from asrclean.newwords import Counts  # noqa: E402
from asrclean.stages.terms.tables import zh_levels  # noqa: E402

MIN = 3


def pd_sentences():
    for ln in (ROOT / "bench" / "data" / "pd199801_sample.txt").read_text(encoding="utf-8").splitlines():
        words = [t.rpartition("/")[0] for t in ln.split()]
        if words:
            yield words


def conllu_sentences(paths):
    for p in paths:
        words: list[str] = []
        for ln in Path(p).read_text(encoding="utf-8").splitlines():
            if not ln.strip():
                if words:
                    yield words
                words = []
            elif not ln.startswith("#"):
                cols = ln.split("\t")
                if cols[0].isdigit():
                    words.append(cols[1])
        if words:
            yield words


def han(w: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" for c in w)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conllu", nargs="+", help="CoNLL-U files (default: the People's Daily sample)")
    ap.add_argument("-v", action="store_true", help="print what was found and missed")
    args = ap.parse_args()
    sents = list(conllu_sentences(args.conllu) if args.conllu else pd_sentences())
    levels = zh_levels()
    unknown: Counter = Counter(w for s in sents for w in s if 2 <= len(w) <= 4 and han(w) and w not in levels)
    gold = {w for w, k in unknown.items() if k >= MIN}
    counts = Counts()
    t0 = time.process_time()
    for s in sents:
        counts.add("".join(s))
    found = counts.words()
    dt = time.process_time() - t0
    words = {w.word for w in found}
    right = [w for w in found if w.word in unknown]
    chars = sum(len("".join(s)) for s in sents)
    print(f"{len(sents):,} sentences, {chars:,} characters; {len(gold)} words of 2-4 characters in no dictionary occur >= {MIN} times")
    print(f"found {len(found)}: precision {len(right)}/{len(found)} = {len(right) / max(1, len(found)):.1%}; "
          f"recall {len(gold & words)}/{len(gold)} = {len(gold & words) / max(1, len(gold)):.1%}; {dt:.2f} s CPU")
    if args.v:
        print("found, not a word of the corpus:", " ".join(f"{w.word}x{w.count}" for w in found if w.word not in unknown))
        print("found, right:", " ".join(f"{w.word}x{w.count}" for w in right))
        print("missed:", " ".join(sorted(gold - words)))


if __name__ == "__main__":
    main()
