"""Train the English punctuation-restoration model (src/asrclean/data/punct_en.tsv.gz).

Build time only: needs numpy, scipy and scikit-learn, none of which the
package uses at run time. Sources and licences: tools/README-punct.md (English).

    python tools/train_punct_en.py --data /work/data-punct-en

reads MultiWOZ (`multiwoz_{val,test}.json.zip` from ConvLab-2) from --data
(kept out of git), holds out every tenth dialogue (the first 250 written to
bench/data/punct_en_heldout.txt, never trained on, for bench/bench_punct_en.py),
keeps another tenth as the dev set (only to choose the score offsets), and
trains a multinomial logistic regression over the features of
asrclean.restore_en on the rest. Every dialogue is seen three times: as one
stream of words, with a break at each turn's end (one utterance a line), and
with a break where each mark was (a few dropped, a few added at random, as a
recognizer's cues do not match marks exactly), so one model serves all three.

Tried and not shipped (tools/README-punct.md, "Commas"): --sgd adds every
fourth dialogue of Schema-Guided Dialogue to the training, --cues a fourth
view cut into subtitle-like cues.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from asrclean.restore_en import (
    COMMA,
    MARKS,
    NONE,
    PAD,
    QUESTION,
    STOP,
    Model,
    features,
    padded,
    reduce_word,
)
from asrclean.stages.restore_english import EN_MAX_RUN

MARK_CLASS = {",": COMMA, ";": COMMA, ".": STOP, "!": STOP, "?": QUESTION}
# A colon in MultiWOZ introduces a value ("Reference number is : 0M3JW724"):
# speech has no mark there, and a comma would be wrong. It is dropped.
DROPPED = {":"}
# ConvLab-2's MultiWOZ is tokenized: "I 'm", "do n't", "please ." The clitics
# go back onto their word, as a recognizer writes them.
CLITICS = ("'s", "'m", "'re", "'ll", "'ve", "'d", "n't", "'")
SOURCES = ("multiwoz_val.json.zip", "multiwoz_test.json.zip")


def dialogues(data: str):
    """(name, list of turns) for every dialogue, in a fixed order."""
    for name in SOURCES:
        z = zipfile.ZipFile(os.path.join(data, name))
        d = json.loads(z.read(z.namelist()[0]))
        for key in sorted(d):
            yield key, [t["text"] for t in d[key]["log"]]


def sgd_dialogues(folder: str, every: int):
    """(name, list of turns) of every ``every``-th dialogue of Schema-Guided
    Dialogue (``{train,dev,test}/dialogues_*.json`` under ``folder``), in a
    fixed order. Its turns are written text, not tokenized ("I'm looking for
    a restaurant in San Jose."): ``turn_tokens`` reads them as they are."""
    n = 0
    for split in ("train", "dev", "test"):
        for path in sorted(Path(folder, split).glob("dialogues_*.json")):
            for d in json.loads(path.read_text(encoding="utf-8")):
                if n % every == 0:
                    yield f"{split}/{d['dialogue_id']}", [t["utterance"] for t in d["turns"]]
                n += 1


def turn_tokens(turn: str) -> list[tuple[str, int]]:
    """(word as written, class of the mark after it) for one tokenized turn.
    The turn's last word ends a sentence whether or not it has a mark."""
    out: list[list] = []
    for tok in turn.split():
        if tok in MARK_CLASS:
            if out:
                out[-1][1] = max(out[-1][1], MARK_CLASS[tok])
            continue
        if tok in DROPPED:
            continue
        if out and tok.lower() in CLITICS:
            out[-1][0] += tok
            continue
        core = tok
        cls = NONE
        while core and core[-1] in MARK_CLASS and not (len(core) > 2 and core[-2].isdigit()):
            cls = max(cls, MARK_CLASS[core[-1]])
            core = core[:-1]
        if not any(c.isalnum() for c in core):
            if cls and out:
                out[-1][1] = max(out[-1][1], cls)
            continue  # dashes, quotes, brackets: not in a recognizer's output
        out.append([core, cls])
    if out and out[-1][1] != QUESTION:
        out[-1][1] = STOP
    return [(w, c) for w, c in out]


def detokenized(tokens: list[tuple[str, int]]) -> str:
    return " ".join(w + MARKS[c] for w, c in tokens)


def thousandths(x: float) -> int:
    return max(-LIMIT, min(LIMIT, round(float(f"{x:.3g}") * 1000)))


LIMIT = (1 << 20) - 1  # what the model's packed sums hold


def instances(words: list[str], labels: list[int], pauses: list[bool]):
    """(feature keys, class) for every gap, with the gold marks as left context."""
    p = padded(words)
    spaced = any(pauses)
    n = len(words)
    since_mark = since_stop = 0
    first = second = clause = "^"
    for k in range(n):
        if since_stop == 0:
            first, second = p[k + PAD], p[k + PAD + 1]
        if since_mark == 0:
            clause = p[k + PAD]
        since_mark += 1
        since_stop += 1
        y = labels[k]
        yield features(p, k, spaced and k < n - 1 and pauses[k], spaced, since_mark, since_stop,
                       first, second, clause), y
        if y:
            since_mark = 0
            if y != COMMA:
                since_stop = 0


def views(words, labels, turn_end, rng, with_cues: bool = False):
    """The inputs a dialogue is seen as: (pauses). Three, and subtitle-like
    cues as a fourth with ``with_cues`` (--cues)."""
    n = len(words)
    yield [False] * n
    yield list(turn_end)
    yield [(rng.random() >= 0.05) if y else (rng.random() < 0.01) for y in labels]
    if with_cues:
        yield cues(labels, turn_end, rng)


def cues(labels, turn_end, rng) -> list[bool]:
    """Breaks as subtitle cues have them: a cue of a few words to a dozen or
    so, cut at a sentence end or a comma where one comes in time (not always),
    else wherever its length runs out (mid-phrase, as a cue's length limit
    cuts); every turn's end cuts."""
    out = [False] * len(labels)
    length = 0
    limit = rng.randint(4, 14)
    for k, y in enumerate(labels):
        length += 1
        cut = turn_end[k] or length >= limit
        if not cut and length >= 3 and y:
            cut = rng.random() < (0.85 if y >= STOP else 0.5)
        if cut:
            out[k] = True
            length = 0
            limit = rng.randint(4, 14)
    return out


def score_dev(model: Model, dev, with_cues: bool = False, rng_seed=5) -> tuple[float, dict]:
    """Mean F1 of sentence ends, questions and commas, each counted over every
    view of the dev dialogues together; and each kind's F1 by view (words,
    turns, marks, and cues with ``with_cues``), to print."""
    rng = random.Random(rng_seed)
    names = ("words", "turns", "marks", "cues")
    counts = {(v, k): [0, 0, 0] for v in names for k in ("end", "q", "comma")}
    for words, labels, turn_end in dev:
        for view, pauses in zip(names, views(words, labels, turn_end, rng, with_cues)):
            pred = [0] * len(words)
            for k, cls, _ in model.decode(words, pauses, True, EN_MAX_RUN):
                pred[k] = cls
            for y, z in zip(labels[:-1], pred[:-1]):
                for name, gold, got in (("end", y >= STOP, z >= STOP), ("q", y == QUESTION, z == QUESTION),
                                        ("comma", y == COMMA, z == COMMA)):
                    t = counts[view, name]
                    t[0] += gold and got
                    t[1] += got and not gold
                    t[2] += gold and not got

    def f1(tp, fp, fn):
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    pooled = {k: f1(*(sum(counts[v, k][i] for v in names) for i in range(3))) for k in ("end", "q", "comma")}
    by_view = {k: " / ".join(f"{f1(*counts[v, k]):.3f}" for v in names[: 3 + with_cues]) for k in pooled}
    return sum(pooled.values()) / 3, {k: f"{pooled[k]:.4f} ({by_view[k]})" for k in pooled}


def _dialogue_rows(turns):
    """A dialogue's turns as the trainer reads them: the tokens of each non-empty turn,
    then the reduced words, their labels and a turn-end flag per word, all joined."""
    toks = [t for t in (turn_tokens(t) for t in turns) if t]
    words = [reduce_word(w) for t in toks for w, _ in t]
    labels = [c for t in toks for _, c in t]
    turn_end = [False] * len(words)
    pos = 0
    for t in toks:
        pos += len(t)
        turn_end[pos - 1] = True
    return toks, words, labels, turn_end


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/data-punct-en")
    ap.add_argument("--out", default=str(ROOT / "src/asrclean/data/punct_en.tsv.gz"))
    ap.add_argument("--heldout", default=str(ROOT / "bench/data/punct_en_heldout.txt"))
    ap.add_argument("--heldout-max", type=int, default=250)
    ap.add_argument("--C", type=float, default=0.2)
    ap.add_argument("--iter", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--prune", type=float, default=0.1)
    # Tried for issue 9 and not shipped (tools/README-punct.md, "Commas"):
    ap.add_argument("--sgd", default="", help="also train on Schema-Guided Dialogue from this folder "
                    "({train,dev,test}/dialogues_*.json)")
    ap.add_argument("--sgd-every", type=int, default=4, help="take every n-th SGD dialogue")
    ap.add_argument("--cues", action="store_true", help="a fourth view of every dialogue: subtitle-like cues")
    args = ap.parse_args()

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(13)
    t0 = time.time()
    train, held, dev = [], [], []
    n_words = [0, 0, 0]
    for n, (name, turns) in enumerate(dialogues(args.data)):
        toks, words, labels, turn_end = _dialogue_rows(turns)
        if len(words) < 4:
            continue
        if n % 10 == 0:
            held.append((name, toks))
            n_words[1] += len(words)
        elif n % 10 == 5:
            dev.append((words, labels, turn_end))
            n_words[2] += len(words)
        else:
            train.append((words, labels, turn_end))
            n_words[0] += len(words)
    if args.sgd:
        if not Path(args.sgd, "train").is_dir():
            raise SystemExit(f"--sgd {args.sgd}: no train folder (give the Schema-Guided Dialogue checkout, or --sgd '')")
        n_sgd = [0, 0]
        for name, turns in sgd_dialogues(args.sgd, args.sgd_every):
            _, words, labels, turn_end = _dialogue_rows(turns)
            if len(words) < 4:
                continue
            train.append((words, labels, turn_end))
            n_sgd[0] += 1
            n_sgd[1] += len(words)
        n_words[0] += n_sgd[1]
        print(f"Schema-Guided Dialogue: {n_sgd[0]} dialogues, {n_sgd[1]} words (training)")
    print(f"train {len(train)} dialogues {n_words[0]} words; held out {len(held)} ({n_words[1]} words); "
          f"dev {len(dev)} ({n_words[2]} words)")
    Path(args.heldout).parent.mkdir(parents=True, exist_ok=True)
    with open(args.heldout, "w", encoding="utf-8") as f:
        f.write("# Held out from training: every tenth dialogue of MultiWOZ 2.1 val and test (ConvLab-2 copy,\n"
                "# detokenized), MIT (c) the MultiWOZ authors; see tools/README-punct.md. One dialogue a line,\n"
                "# its turns separated by a tab.\n")
        for name, toks in held[: args.heldout_max]:
            f.write("\t".join(detokenized(t) for t in toks) + "\n")

    # Sparse rows (tools/feature_rows.py): keys seen fewer than --min-count times are dropped.
    from feature_rows import FeatureRows

    rows = FeatureRows()
    ys: list[int] = []
    for words, labels, turn_end in train:
        for pauses in views(words, labels, turn_end, rng, args.cues):
            for keys, y in instances(words, labels, pauses):
                rows.add(keys)
                ys.append(y)
    X, vocab = rows.matrix(args.min_count)
    y = np.array(ys)
    print(f"{len(ys)} gaps, {len(vocab)} features ({time.time() - t0:.0f}s); class counts {np.bincount(y)}")

    clf = LogisticRegression(C=args.C, solver="saga", max_iter=args.iter, tol=1e-4, fit_intercept=False, random_state=0)
    clf.fit(X, y)
    print(f"trained ({time.time() - t0:.0f}s); train accuracy {clf.score(X, y):.4f}")
    rel = clf.coef_[1:] - clf.coef_[0]  # comma, stop, question relative to no mark
    names = sorted(vocab, key=vocab.get)
    weights = {}
    for j, name in enumerate(names):
        w = rel[:, j]
        if name != "b=" and np.abs(w).max() < args.prune:
            continue
        # In thousandths, as the model holds them (three significant digits at most).
        weights[name] = tuple(thousandths(x) if abs(x) >= args.prune / 2 else 0 for x in w)
    # One offset per mark, chosen on the dev dialogues (neither trained on nor
    # in the bench) for the best mean F1 over the three kinds of input.
    best = None
    base = weights["b="]
    for dc in (0.0, 0.5, 1.0):
        for de in (-0.5, 0.0, 0.5):
            w = dict(weights)
            w["b="] = (base[0] + thousandths(dc), base[1] + thousandths(de), base[2] + thousandths(de))
            f, per = score_dev(Model(w), dev, args.cues)
            print(f"offsets comma {dc:+.1f} end {de:+.1f}: mean F1 {f:.4f} {per}")
            if best is None or f > best[0]:
                best = (f, dc, de)
    _, dc, de = best
    weights["b="] = (base[0] + thousandths(dc), base[1] + thousandths(de), base[2] + thousandths(de))
    print(f"chosen offsets: comma {dc:+.1f}, end {de:+.1f}")
    header = (f"# asrclean English punctuation model: key, then comma, stop and question weights relative to no mark, "
              f"in thousandths. Trained by tools/train_punct_en.py (C={args.C}, {args.iter} iterations, "
              f"min count {args.min_count}, pruned below {args.prune}, offsets comma {dc:+.1f} end {de:+.1f}).\n")
    lines = [header]
    lines += [f"{k}\t{a}\t{b}\t{c}\n" for k, (a, b, c) in sorted(weights.items())]
    data = gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0)
    Path(args.out).write_bytes(data)
    print(f"kept {len(weights)} of {len(names)} features; {args.out}: {len(data)} bytes ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
