"""Benchmark of the `terms` stage: recall, over-correction and speed, on text it never saw.

Text: a sample of real sentences from the People's Daily January 1998 corpus
(bench/data/pd199801_sample.txt, ``word/tag`` tokens, see tools/build_bench_corpus.py).
Everything else is generated with a fixed seed, nothing is hand-picked:

- the glossary: N terms, 70 % Chinese words drawn from the corpus' own vocabulary, 30 %
  English ones (words of wordfreq's ranks 3,000-20,000, alone or in pairs). A Chinese term
  has 2-4 Han characters, is not among jieba's everyday words (frequency < 512), and is the
  kind of word people put in a glossary: a name, noun, verb, abbreviation or set phrase
  (tags n*, v*, j, i, l). Numerals, time words, adverbs, pronouns and particles are not
  drawn: nobody lists 五十万 or 稍有 as a term. ``--vocab any`` drops the tag filter (the
  first version of this benchmark, harsher than real glossaries: 35 % of its "terms" were
  such words);
- corrupted items: a sentence holding a Chinese term gets one character (sometimes two)
  swapped for a common one with the same toneless sound; or a garbled English term (cut
  into fragments at random points, sometimes one letter dropped or changed, lower-cased)
  is put between two words of a sentence. Recall = share of items the stage restores
  exactly, so a wrong change elsewhere in the sentence is a miss too. A swap can produce a
  real word (挑水 for 跳水), as a recogniser's language model does; such items count, and
  recall is also shown without them ("non-word corruptions");
- clean sentences (the other half of the corpus), 20 % of them with an English word or
  term inserted the same way but spelled right. Over-correction = share of clean
  sentences the stage changes.

Sound-alikes: real-sounding sentences holding a phrase that sounds like a glossary term but is
right as written (tests/data/terms_soundalikes.yaml, written by hand, never tuned on). Each is
cleaned with its own terms alone, and with all of them added to the N generated terms; the
number changed is reported (target 0).

Speed: the whole corpus as one text, best of three runs (the matcher caches what it learnt
about each character bigram), and the first run alone.

Run: python bench/bench_terms.py [--sizes 50 1000 5000] [--items 1000] [--vocab any] [--seed N] [-v]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

from asrclean.glossary import Glossary, Term
from asrclean.settings import Settings
from asrclean.stages.terms import Stage
from asrclean.stages.terms.tables import readings, words_en, words_zh

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "pd199801_sample.txt"
SOUNDALIKES = HERE.parent / "tests" / "data" / "terms_soundalikes.yaml"
HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
GLOSSARY_TAGS = re.compile(r"^(?:n|v|j|i|l)")
SEED = 42
# A corruption at or above this jieba frequency level is "a real word" (the stage's guard level).
WORD_LEVEL = 2


@dataclass
class Item:
    text: str
    good: str
    bad: str  # the corrupted span
    want: str  # the term
    chinese: bool
    is_word: bool  # the corruption is itself a common word


def load_corpus() -> list[list[tuple[str, str]]]:
    out = []
    for ln in CORPUS.read_text(encoding="utf-8").splitlines():
        if ln:
            out.append([tuple(t.rpartition("/")[::2]) for t in ln.split(" ")])
    return out


def english_pool() -> list[str]:
    words = (HERE.parent / "src" / "asrclean" / "data" / "words_en.txt").read_text(encoding="utf-8")
    ranked = [w for w in words.splitlines()[1].split(" ")]
    return [w for w in ranked[3000:20000] if len(w) >= 6]


def make_glossary(n: int, vocab: list[str], en_pool: list[str], rnd: random.Random) -> tuple[list[str], list[str]]:
    n_zh = int(n * 0.7)
    zh = rnd.sample(vocab, min(n_zh, len(vocab)))
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


class Bench:
    def __init__(self, vocab_mode: str = "glossary"):
        self.corpus = [[w for w, _ in s] for s in load_corpus()]
        tagged = load_corpus()
        self.test_part, self.clean_part = self.corpus[:1500], self.corpus[1500:]
        # Glossaries list domain terms, not everyday words: only words that jieba's dictionary
        # counts fewer than 512 times (or not at all) are drawn.
        zh_level = words_zh()
        self.vocab = sorted({
            w for s in tagged for w, t in s
            if HAN.match(w) and zh_level.get(w, 0) < 9 and (vocab_mode == "any" or GLOSSARY_TAGS.match(t))
        })
        self.en_pool = english_pool()
        self.by_char, self.by_syl = readings()
        char_count: dict[str, int] = {}
        for s in self.corpus:
            for ch in "".join(s):
                char_count[ch] = char_count.get(ch, 0) + 1
        self.common_chars = "".join(c for c, k in char_count.items() if k >= 5)
        self.big_text = "\n\n".join("".join(s) for s in self.corpus)

    def glossary(self, n: int) -> tuple[list[str], list[str]]:
        return make_glossary(n, self.vocab, self.en_pool, random.Random(SEED + n))

    def items(self, n: int, count: int, zh_terms: list[str], en_terms: list[str]) -> list[Item]:
        zh_set = set(zh_terms)
        with_term = [(s, [w for w in s if w in zh_set]) for s in self.test_part]
        with_term = [(s, ws) for s, ws in with_term if ws]
        levels = words_zh()
        irnd = random.Random(SEED * 7 + n)
        out: list[Item] = []
        for k in range(count):
            if k % 2 == 0 and with_term:
                s, ws = irnd.choice(with_term)
                w = irnd.choice(ws)
                bad = homophone(w, irnd, self.by_char, self.by_syl, self.common_chars)
                if bad is None:
                    continue
                i = s.index(w)
                text = "".join(s[:i]) + bad + "".join(s[i + 1 :])
                out.append(Item(text, "".join(s), bad, w, True, levels.get(bad, -1) >= WORD_LEVEL))
            else:
                s = irnd.choice(self.test_part)
                term = irnd.choice(en_terms)
                text, _ = insert(s, garble(term, irnd), irnd)
                # the inserted span is the only lower-case Latin text in these sentences
                m = re.search(r"[a-z][a-z ]*[a-z]|[a-z]", text)
                good = text[: m.start()] + term + text[m.end() :] if m else text
                out.append(Item(text, good, m.group() if m else "", term, False, False))
        return out

    def clean(self, n: int, en_terms: list[str]) -> list[str]:
        crnd = random.Random(SEED * 13 + n)
        out = []
        for s in self.clean_part:
            text = "".join(s)
            if crnd.random() < 0.2:
                latin = crnd.choice(en_terms) if crnd.random() < 0.5 else " ".join(
                    crnd.choice(self.en_pool[:3000]) for _ in range(crnd.randint(1, 4)))
                text, _ = insert(s, latin, crnd)
            out.append(text)
        return out


def soundalikes() -> list[dict]:
    import yaml

    return yaml.safe_load(SOUNDALIKES.read_text(encoding="utf-8"))


def soundalike_changes(items: list[dict], extra: list[Term] | None) -> list[str]:
    """The sentences that change, each cleaned with its own terms (plus ``extra``)."""
    changed = []
    shared = None
    if extra is not None:
        own = [Term(t) for it in items for t in it["terms"]]
        shared = Stage(Settings(glossary=Glossary(terms=tuple(extra) + tuple(own))))
    for it in items:
        stage = shared or Stage(Settings(glossary=Glossary(terms=tuple(Term(t) for t in it["terms"]))))
        out, _ = stage.apply(it["text"])
        if out != it["text"]:
            changed.append(f"{it['text']} -> {out}")
    return changed


def pct(a: int, b: int) -> str:
    return f"{a}/{b} = {a / max(b, 1):.1%}"


def run(sizes: list[int], items: int, vocab: str, verbose: bool) -> None:
    b = Bench(vocab)
    print(f"vocabulary: {len(b.vocab)} candidate Chinese terms ({vocab})")
    alikes = soundalikes()
    own = soundalike_changes(alikes, None)
    print(f"sound-alike sentences changed, each with its own terms: {len(own)}/{len(alikes)}")
    for line in own:
        print("   ", line)
    for n in sizes:
        zh_terms, en_terms = b.glossary(n)
        glossary = Glossary(terms=tuple(Term(t) for t in zh_terms + en_terms))
        t0 = time.perf_counter()
        stage = Stage(Settings(glossary=glossary))
        build = time.perf_counter() - t0

        its = b.items(n, items, zh_terms, en_terms)
        ok = {(c, w): 0 for c in (True, False) for w in (True, False)}
        tot = dict.fromkeys(ok, 0)
        misses: list[str] = []
        for it in its:
            out, _ = stage.apply(it.text)
            tot[(it.chinese, it.is_word)] += 1
            if out == it.good:
                ok[(it.chinese, it.is_word)] += 1
            elif len(misses) < (60 if verbose else 12):
                misses.append(f"{it.bad!r} -> expected {it.want!r}" + (" (a word)" if it.is_word else ""))

        changed = 0
        samples: list[str] = []
        clean = b.clean(n, en_terms)
        for text in clean:
            out, edits = stage.apply(text)
            if out != text:
                changed += 1
                if len(samples) < (60 if verbose else 12):
                    samples.append("; ".join(f"{e.before}->{e.after}" for e in edits if e.before != e.after))

        with_all = soundalike_changes(alikes, list(glossary.terms))

        times = []
        fresh = Stage(Settings(glossary=glossary))  # its bigram cache is empty: the first run is cold
        for _ in range(3):
            t0 = time.perf_counter()
            fresh.apply(b.big_text)
            times.append(time.perf_counter() - t0)
        cold, dt = times[0], min(times)

        zh_ok = ok[(True, True)] + ok[(True, False)]
        zh_tot = tot[(True, True)] + tot[(True, False)]
        en_ok, en_tot = ok[(False, False)], tot[(False, False)]
        nw_ok = zh_ok - ok[(True, True)] + en_ok
        nw_tot = zh_tot - tot[(True, True)] + en_tot
        print(f"\n== {n} terms ({len(zh_terms)} Chinese, {len(en_terms)} English)")
        print(f"construction: {build * 1000:.1f} ms")
        print(f"recall: {pct(zh_ok + en_ok, zh_tot + en_tot)}  (Chinese {pct(zh_ok, zh_tot)}, English {pct(en_ok, en_tot)})")
        print(f"recall on non-word corruptions: {pct(nw_ok, nw_tot)}  (Chinese {pct(ok[(True, False)], tot[(True, False)])};"
              f" corruptions that are real words: {pct(ok[(True, True)], tot[(True, True)])})")
        print(f"over-correction: {changed}/{len(clean)} clean sentences changed = {changed / len(clean):.2%}")
        print(f"sound-alike sentences changed, with all {n} terms: {len(with_all)}/{len(alikes)}"
              + "".join(f"\n    {line}" for line in with_all))
        print(f"speed: {len(b.big_text) / dt / 1000:.0f}k chars/s ({len(b.big_text)} chars in {dt * 1000:.0f} ms);"
              f" first run {len(b.big_text) / cold / 1000:.0f}k chars/s")
        if misses:
            print("some misses:", " | ".join(misses))
        if samples:
            print("some over-corrections:", " | ".join(samples))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 1000, 5000])
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--vocab", choices=["glossary", "any"], default="glossary")
    ap.add_argument("--seed", type=int, default=42, help="another seed: a held-out draw of glossaries and items")
    ap.add_argument("-v", "--verbose", action="store_true", help="list more misses and over-corrections")
    a = ap.parse_args()
    global SEED
    SEED = a.seed
    words_en()  # load the shared tables outside the timings
    words_zh()
    run(a.sizes, a.items, a.vocab, a.verbose)


if __name__ == "__main__":
    main()
