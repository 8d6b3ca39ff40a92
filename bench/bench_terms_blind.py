"""Glossary-term repair on a set written blind (tests/data/blind_terms/).

    python bench/bench_terms_blind.py [--show] [--stages normalize,terms]

A helper that never saw the rules wrote a glossary of 132 terms in eight genres,
273 garbled sentences with the repair each needs (only the term spans differ),
and 162 sentences that must stay as they are: ordinary words that sound like a
term (中彩票 beside 仲裁), a term's string inside another word (仓库里 beside
库里), and correctly written terms. Nothing here was tuned on: the set is for
measuring only.

Only the stages named run (default: normalize and terms), so a difference is
the terms stage's, not the spacing or punctuation of others. Reported:
- repaired: garbled sentences whose output equals the expected one exactly;
- term recall: expected term occurrences present in the output;
- wrong edits: garbled sentences whose output has a change outside the expected
  terms (over-correction on text that needed a repair);
- sound-alikes changed: sentences of the must-not-change set that changed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "tests" / "data" / "blind_terms"


def rows(path: Path) -> list[list[str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--stages", default="normalize,terms")
    args = ap.parse_args()

    from asrclean.api import Cleaner
    from asrclean.glossary import load, load_all

    # The built-in default glossary is loaded too, as a user's run would.
    glossary = load_all([str(DATA / "glossary.yaml")], use_default=True)
    terms = sorted({t.term for t in load(str(DATA / "glossary.yaml")).terms}, key=len, reverse=True)
    cleaner = Cleaner(glossary, only=args.stages.split(","))

    def run(text: str) -> str:
        return cleaner.clean_text(text).text

    by_genre: dict[str, Counter] = defaultdict(Counter)
    found = wanted = 0
    for garbled, expected, genre in rows(DATA / "garbled.tsv"):
        out = run(garbled)
        c = by_genre[genre]
        c["lines"] += 1
        c["repaired"] += out == expected
        present = [t for t in terms if t in expected and t not in garbled]
        wanted += len(present)
        found += sum(t in out for t in present)
        # A change outside the terms: the output, with every glossary term taken out, differs from the expected so.
        strip = lambda s: _without(s, terms)  # noqa: E731
        wrong = out != expected and strip(out) != strip(expected) and strip(out) != strip(garbled)
        c["wrong"] += wrong
        if args.show and out != expected:
            print(f"MISS [{genre}] {garbled}\n  got      {out}\n  expected {expected}")
    changed = Counter()
    total = Counter()
    for sentence, genre in rows(DATA / "soundalike.tsv"):
        out = run(sentence)
        total[genre] += 1
        if out != sentence:
            changed[genre] += 1
            if args.show:
                print(f"CHANGED [{genre}] {sentence}\n  got {out}")

    print("| genre | garbled | repaired | wrong edits | sound-alikes | changed |")
    print("|---|---|---|---|---|---|")
    for genre in sorted(set(by_genre) | set(total)):
        c = by_genre[genre]
        print(f"| {genre} | {c['lines']} | {c['repaired']} | {c['wrong']} | {total[genre]} | {changed[genre]} |")
    lines = sum(c["lines"] for c in by_genre.values())
    repaired = sum(c["repaired"] for c in by_genre.values())
    wrong = sum(c["wrong"] for c in by_genre.values())
    print(f"\nrepaired {repaired}/{lines} = {repaired / lines:.1%}; term recall {found}/{wanted} = {found / max(1, wanted):.1%}; "
          f"sentences with a wrong edit {wrong}/{lines}; sound-alikes changed {sum(changed.values())}/{sum(total.values())}")


def _without(text: str, terms: list[str]) -> str:
    for t in terms:
        text = text.replace(t, "")
    return text


if __name__ == "__main__":
    main()
