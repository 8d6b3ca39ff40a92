"""Benchmark of the `terms` stage: recall, over-correction and speed, on text it never saw.

Text: a sample of real sentences from the People's Daily January 1998 corpus
(bench/data/pd199801_sample.txt, see tools/build_bench_corpus.py). Everything else is
generated with a fixed seed, nothing is hand-picked:

- the glossary: N terms, 70 % Chinese words drawn from the corpus' own vocabulary (2-4 Han
  characters, not among jieba's everyday words: frequency < 512), 30 % English ones (words of wordfreq's ranks 3,000-20,000, alone or in pairs);
- corrupted items: a sentence holding a Chinese term gets one character (sometimes two)
  swapped for another with the same toneless sound; or a garbled English term (cut into
  fragments at random points, sometimes one letter dropped or changed, lower-cased) is put
  between two words of a sentence. Recall = share of items the stage restores exactly;
- clean sentences, 20 % of them with an English word or term inserted the same way but
  spelled right. Over-correction = share of clean sentences the stage changes.

Run: python bench/bench_terms.py [--sizes 50 1000 5000] [--items 1000]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from asrclean.glossary import Glossary, Term
from asrclean.settings import Settings
from asrclean.stages.terms import Stage
from asrclean.terms_tables import readings, words_en, words_zh

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "pd199801_sample.txt"
HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
SEED = 42


def load_corpus() -> list[list[str]]:
    return [ln.split(" ") for ln in CORPUS.read_text(encoding="utf-8").splitlines() if ln]


def english_pool() -> list[str]:
    words = (HERE.parent / "src" / "asrclean" / "data" / "words_en.txt").read_text(encoding="utf-8")
    ranked = [w for w in words.splitlines()[1].split(" ")]
    return [w for w in ranked[3000:20000] if len(w) >= 6]


def make_glossary(n: int, vocab: list[str], en_pool: list[str], rnd: random.Random) -> tuple[list[str], list[str]]:
    n_zh = int(n * 0.7)
    zh = rnd.sample(vocab, n_zh)
    en: list[str] = []
    seen = set()
    while len(en) < n - n_zh:
        w = rnd.choice(en_pool)
        if rnd.random() < 0.3:
            w = w + " " + rnd.choice(en_pool)
        if rnd.random() < 0.3:
            w = w[0].upper() + w[1:]
        if w.lower() not in seen:
            seen.add(w.lower())
            en.append(w)
    return zh, en


def homophone(word: str, rnd: random.Random, by_char, by_syl, common: str) -> str | None:
    """Swap one character (two with 30 %) for a common one read the same way."""
    k = 2 if len(word) >= 3 and rnd.random() < 0.3 else 1
    out = list(word)
    for pos in rnd.sample(range(len(word)), k):
        syls = by_char.get(word[pos])
        if not syls:
            return None
        pool = [c for c in by_syl[syls[0]] if c != word[pos] and c in common]
        if not pool:
            return None
        out[pos] = rnd.choice(sorted(pool))
    return "".join(out)


def garble(term: str, rnd: random.Random) -> str:
    key = term.replace(" ", "").lower()
    if len(key) >= 8 and rnd.random() < 0.5:
        p = rnd.randrange(1, len(key) - 1)
        key = key[:p] + key[p + 1 :] if rnd.random() < 0.5 else key[:p] + rnd.choice("aeiou") + key[p + 1 :]
    cuts = sorted(rnd.sample(range(2, len(key) - 1), min(rnd.choice([1, 2]), max(0, len(key) - 3))))
    parts, last = [], 0
    for c in cuts + [len(key)]:
        parts.append(key[last:c])
        last = c
    return " ".join(p for p in parts if p)


def insert(words: list[str], latin: str, rnd: random.Random) -> tuple[str, int]:
    i = rnd.randrange(1, len(words))
    left = "".join(words[:i])
    return left + latin + "".join(words[i:]), len(left)


def run(sizes: list[int], items: int) -> None:
    corpus = load_corpus()
    rnd = random.Random(SEED)
    test_part, clean_part = corpus[:1500], corpus[1500:]
    # Glossaries list domain terms, not everyday words: only words that jieba's dictionary
    # counts fewer than 512 times (or not at all) are drawn.
    zh_level = words_zh()
    vocab = sorted({w for s in corpus for w in s if HAN.match(w) and zh_level.get(w, 0) < 9})
    en_pool = english_pool()
    by_char, by_syl = readings()
    char_count: dict[str, int] = {}
    for s in corpus:
        for ch in "".join(s):
            char_count[ch] = char_count.get(ch, 0) + 1
    common_chars = "".join(c for c, k in char_count.items() if k >= 5)
    big_text = "\n\n".join("".join(s) for s in corpus)

    for n in sizes:
        grnd = random.Random(SEED + n)
        zh_terms, en_terms = make_glossary(n, vocab, en_pool, grnd)
        glossary = Glossary(terms=tuple(Term(t) for t in zh_terms + en_terms))
        t0 = time.perf_counter()
        stage = Stage(Settings(glossary=glossary))
        build = time.perf_counter() - t0

        # Corrupted items.
        zh_set = set(zh_terms)
        with_term = [(s, [w for w in s if w in zh_set]) for s in test_part]
        with_term = [(s, ws) for s, ws in with_term if ws]
        hits = total = hits_zh = total_zh = 0
        irnd = random.Random(SEED * 7 + n)
        misses: list[str] = []
        for k in range(items):
            if k % 2 == 0 and with_term:
                s, ws = irnd.choice(with_term)
                w = irnd.choice(ws)
                bad = homophone(w, irnd, by_char, by_syl, common_chars)
                if bad is None:
                    continue
                i = s.index(w)
                good = "".join(s)
                text = "".join(s[:i]) + bad + "".join(s[i + 1 :])
                total_zh += 1
            else:
                s = irnd.choice(test_part)
                term = irnd.choice(en_terms)
                text, _ = insert(s, garble(term, irnd), irnd)
                good = text  # rebuilt below with the term at the same place
                irnd2 = irnd.getstate()
                good = None
                irnd.setstate(irnd2)
                bad_latin = text
                # the inserted span is the only Latin text in these sentences
                m = re.search(r"[a-z][a-z ]*[a-z]|[a-z]", bad_latin)
                good = bad_latin[: m.start()] + term + bad_latin[m.end() :] if m else bad_latin
                bad = m.group() if m else ""
                w = term
            out, _ = stage.apply(text)
            total += 1
            ok = out == good
            hits += ok
            if k % 2 == 0:
                hits_zh += ok
            if not ok and len(misses) < 12:
                misses.append(f"{bad!r} -> expected {w!r}")

        # Clean sentences.
        crnd = random.Random(SEED * 13 + n)
        changed = 0
        samples: list[str] = []
        for s in clean_part:
            text = "".join(s)
            if crnd.random() < 0.2:
                latin = crnd.choice(en_terms) if crnd.random() < 0.5 else " ".join(
                    crnd.choice(en_pool[:3000]) for _ in range(crnd.randint(1, 4)))
                text, _ = insert(s, latin, crnd)
            out, edits = stage.apply(text)
            if out != text:
                changed += 1
                if len(samples) < 12:
                    samples.append("; ".join(f"{e.before}->{e.after}" for e in edits if e.before != e.after))

        # Speed on the whole corpus as one text.
        t0 = time.perf_counter()
        stage.apply(big_text)
        dt = time.perf_counter() - t0

        print(f"\n== {n} terms ({len(zh_terms)} Chinese, {len(en_terms)} English)")
        print(f"construction: {build * 1000:.1f} ms")
        print(f"recall: {hits}/{total} = {hits / max(total, 1):.1%}"
              f"  (Chinese {hits_zh}/{total_zh} = {hits_zh / max(total_zh, 1):.1%},"
              f" English {hits - hits_zh}/{total - total_zh} = {(hits - hits_zh) / max(total - total_zh, 1):.1%})")
        print(f"over-correction: {changed}/{len(clean_part)} clean sentences changed = {changed / len(clean_part):.2%}")
        print(f"speed: {len(big_text) / dt / 1000:.0f}k chars/s ({len(big_text)} chars in {dt * 1000:.0f} ms)")
        if misses:
            print("some misses:", " | ".join(misses))
        if samples:
            print("some over-corrections:", " | ".join(samples))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 1000, 5000])
    ap.add_argument("--items", type=int, default=1000)
    a = ap.parse_args()
    words_en()  # load the shared tables outside the timings
    run(a.sizes, a.items)


if __name__ == "__main__":
    main()
