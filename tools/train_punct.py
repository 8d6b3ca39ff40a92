"""Train the punctuation-restoration model (src/asrclean/data/punct_model.bin).

Build time only: needs numpy, scipy and scikit-learn, none of which the
package uses at run time. Sources and licences: tools/README-punct.md.

    python tools/train_punct.py --data /work/data-punct

reads the raw corpora from --data (kept out of git), holds out every tenth
dialogue of each file (written to bench/data/punct_heldout.txt, never trained
on, for bench/bench_punct.py), and trains a multinomial logistic regression
over the features of asrclean.restore_model on the rest. Every dialogue is
seen twice: once with no spaces at all, once with a pause space where each
mark was (a few pauses dropped and a few added at random, as a recognizer
does), so one model serves both kinds of input.
"""

from __future__ import annotations

import argparse
import glob
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

from asrclean.chars import CJK  # noqa: E402
from asrclean.restore_model import (  # noqa: E402
    COMMA, LEFT_PAD, PAD, QUESTION, RIGHT_PAD, STOP, features, pause_distances, question_cue, reduce_char, save,
)

import re  # noqa: E402

_CJK_RE = re.compile(f"[{CJK}]")
MARK_CLASS = {}
for c in "，、；：,;:":
    MARK_CLASS[c] = COMMA
for c in "。！!…":
    MARK_CLASS[c] = STOP
for c in "？?":
    MARK_CLASS[c] = QUESTION


def dialogues(data: str):
    """(source name, list of utterances) for every dialogue, in a fixed order."""
    for path in sorted(glob.glob(os.path.join(data, "kdconv_*.json"))):
        for dlg in json.load(open(path, encoding="utf-8")):
            yield os.path.basename(path), [m["message"] for m in dlg["messages"]]
    for path in sorted(glob.glob(os.path.join(data, "crosswoz_*.json.zip"))):
        z = zipfile.ZipFile(path)
        d = json.loads(z.read(z.namelist()[0]))
        for key in sorted(d):
            yield os.path.basename(path), [m["content"] for m in d[key]["messages"]]
    # Last, so that the dialogues above keep their numbers (and the held-out
    # and dev splits theirs) whether or not this source is present.
    if os.path.exists(os.path.join(data, "crosswoz_train_user_templates.json")):
        yield from crosswoz_train_turns(data)
    path = os.path.join(data, "multiwoz_zh_human_val.json.zip")
    if os.path.exists(path):
        # MultiWOZ 2.1 validation dialogues machine-translated into Chinese,
        # then corrected by professional translators (ConvLab-2).
        z = zipfile.ZipFile(path)
        d = json.loads(z.read(z.namelist()[0]))
        for key in sorted(d):
            yield MULTIWOZ_SOURCE, [t["text"] for t in d[key]["log"]]


# The CrossWOZ training split itself is not in the snapshots here (a file
# over 4 MiB), but its turns are: ConvLab-2's template NLG
# (convlab2/nlg/template/crosswoz/auto_{user,system}_template_nlg.json in
# thu-coai/CrossWOZ) lists every user and system turn of train.json, grouped
# by dialogue act, with the slot values cut out as "[Inform+景点+名称]". The
# values are put back from the CrossWOZ database (same repository) and the
# turns, shuffled, are grouped ten to a pseudo-dialogue: no dialogue order
# survives, but every turn is real, punctuated as its writer did.
_SLOT = re.compile(r"\[([^\]]+)\]")
_DB = (("景点", "attraction"), ("酒店", "hotel"), ("餐馆", "restaurant"), ("地铁", "metro"))
TEMPLATE_SOURCE = "crosswoz_train_templates"
MULTIWOZ_SOURCE = "multiwoz_zh_human_val"
# The sources added after the first model: each has its own held-out file
# (bench/data/punct_heldout_<name>.txt), so that the first one stays as it was.
NEW_SOURCES = {
    TEMPLATE_SOURCE: ("crosswoz_train", "every tenth pseudo-dialogue of the CrossWOZ training turns (ten shuffled\n"
                      "# turns each, slot values filled from the CrossWOZ database), Apache-2.0"),
    MULTIWOZ_SOURCE: ("multiwoz_zh", "every tenth dialogue of MultiWOZ-zh human_val (ConvLab-2; MultiWOZ\n"
                      "# translated into Chinese, corrected by translators), Apache-2.0"),
}


def slot_values(data: str) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """(domain, slot) -> the values the CrossWOZ database has; and every place name."""
    values: dict[tuple[str, str], set[str]] = {}
    names: set[str] = set()
    for domain, stem in _DB:
        for name, attrs in json.load(open(os.path.join(data, f"crosswoz_db_{stem}.json"), encoding="utf-8")):
            names.add(name)
            for slot, v in attrs.items():
                for x in v if isinstance(v, list) else [v]:
                    if x is None or x == "":
                        continue
                    if isinstance(x, float) and x.is_integer():
                        x = int(x)
                    values.setdefault((domain, slot), set()).add(str(x))
    values[("地铁", "出发地附近地铁站")] = values[("地铁", "目的地附近地铁站")] = values[("地铁", "地铁")]
    values[("出租", "车型")] = {"#CX"}  # as in the CrossWOZ turns themselves
    values[("出租", "车牌")] = {"#CP"}
    return {k: sorted(v) for k, v in values.items()}, sorted(names)


# Training turns with a sentence over LISTING characters are left out of
# training (not of the held-out or dev splits): the system's lists of places
# ("周边酒店有A、B、C……") read as one run-on sentence, and taught the model
# that a long sentence is seldom a question.
LISTING = 60


def _listing(turn: str) -> bool:
    return any(len(s) > LISTING for s in re.split("[。！？!?]", turn))


def crosswoz_train_turns(data: str):
    values, names = slot_values(data)
    rng = random.Random(7)

    def fill(m: re.Match) -> str:
        parts = m.group(1).split("+")  # act, domain, slot[n], optional 是/否/免费
        domain, slot = parts[1], parts[2].rstrip("0123456789")
        if parts[-1] == "免费":
            return "免费"
        return rng.choice(values.get((domain, slot)) or names)

    turns: list[str] = []
    for role in ("user", "system"):
        d = json.load(open(os.path.join(data, f"crosswoz_train_{role}_templates.json"), encoding="utf-8"))
        # A few turns were cut at a decimal point ("评分4."): left out.
        turns.extend(sorted({u for group in d.values() for u in group if not re.search(r"\d\.$", u)}))
    rng.shuffle(turns)
    for k in range(0, len(turns), 10):
        yield TEMPLATE_SOURCE, [_SLOT.sub(fill, u) for u in turns[k:k + 10]]


def labelled(utterances: list[str]) -> tuple[str, list[int]]:
    """The dialogue as reduced characters without marks, and the class of each gap.

    labels[g] is the mark before seq[g] (g = len(seq): the end). An utterance
    that ends without a mark ends a sentence all the same.
    """
    chars: list[str] = []
    labels: list[int] = [0]
    for u in utterances:
        pending = 0
        start = len(chars)
        for k, c in enumerate(u):
            cls = MARK_CLASS.get(c)
            if c == "." and 0 < k < len(u) - 1 and u[k - 1].isdigit() and u[k + 1].isdigit():
                cls = None  # a decimal point
            elif c == ".":
                cls = STOP
            if cls is not None:
                pending = max(pending, cls)  # the strongest mark wins: ？ > 。 > ，
                continue
            if not (c.isalnum() or _CJK_RE.match(c)):
                continue  # quotes, brackets, dashes: not in recognizer output
            if len(chars) > start:
                labels[-1] = pending
            pending = 0
            chars.append(reduce_char(c))
            labels.append(0)
        if len(chars) > start:
            labels[-1] = pending if pending in (STOP, QUESTION) else STOP
    return "".join(chars), labels


def instances(seq: str, labels: list[int], pauses: list[bool], spaced: bool):
    """(feature keys, class) for every gap, with the gold marks as left context."""
    p = LEFT_PAD + seq + RIGHT_PAD
    since_mark = since_stop = since_cue = 0
    asked = ""
    to_pause = pause_distances(pauses, len(seq)) if spaced else [0] * (len(seq) + 1)
    for g in range(1, len(seq) + 1):
        i = g + PAD
        since_mark += 1
        since_stop += 1
        since_cue += 1
        cue = question_cue(p, i)
        if cue:
            asked = cue
            since_cue = 0
        y = labels[g]
        yield features(p, i, g < len(seq) and pauses[g], spaced, since_mark, since_stop, asked, since_cue,
                       to_pause[g]), y
        if y:
            since_mark = 0
            if y != COMMA:
                since_stop = 0
                asked = ""


def pauses_for(labels: list[int], rng: random.Random, drop: float, add: float) -> list[bool]:
    out = []
    for y in labels:
        out.append(rng.random() >= drop if y else rng.random() < add)
    return out


def dev_scores(model, dev, dc: float, de: float, dp: float = 0.0) -> dict[str, dict[str, float]]:
    """Dev F1 of sentence ends, questions and commas, per kind of input, with
    offsets added to the comma and sentence-end bias (dc, de) and to the
    sentence-end weight of a pause (dp, which only input with pauses sees).
    Scored with the fast decoder (tests/test_restore.py holds it to the
    reference one, decision for decision). The offsets go straight into the
    loaded model's two sums (the same as a model saved with them: the
    weights are integers in thousandths), so the model is built once."""
    from asrclean.restore_model import SCALE, decode

    bias, paused = model.bias, model.paused
    model.bias = bias + complex(round(dc * SCALE), round(de * SCALE))
    model.paused = paused + complex(0, round(dp * SCALE))
    try:
        return _dev_scores(model, dev, decode)
    finally:
        model.bias, model.paused = bias, paused


def _dev_scores(model, dev, decode) -> dict[str, dict[str, float]]:
    out = {}
    for spaced in (False, True):
        counts = {k: [0, 0, 0] for k in ("end", "q", "comma")}  # tp, fp, fn
        for seq, labels in dev:
            pauses = [bool(y) and spaced for y in labels]
            pred = [0] * len(labels)
            for g, cls, _ in decode(model, seq, pauses, None, True):
                pred[g] = cls
            for y, z in zip(labels[1:], pred[1:]):
                for name, gold, got in (("end", y >= STOP, z >= STOP), ("q", y == QUESTION, z == QUESTION),
                                        ("comma", y == COMMA, z == COMMA)):
                    t = counts[name]
                    t[0] += gold and got
                    t[1] += got and not gold
                    t[2] += gold and not got
        out["pauses" if spaced else "no spaces"] = {
            k: 2 * tp / (2 * tp + fp + fn) if tp else 0.0 for k, (tp, fp, fn) in counts.items()}
    return out


def mean_f1(scores: dict[str, dict[str, float]]) -> float:
    f1s = [f for mode in scores.values() for f in mode.values()]
    return sum(f1s) / len(f1s)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/data-punct")
    ap.add_argument("--out", default=str(ROOT / "src/asrclean/data/punct_model.bin"))
    ap.add_argument("--text-out", default="", help="also write the weights as gzip'd text here")
    ap.add_argument("--heldout", default=str(ROOT / "bench/data/punct_heldout.txt"))
    ap.add_argument("--heldout-new-max", type=int, default=200,
                    help="dialogues written to the held-out file of each new source (the rest are held out unused)")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--iter", type=int, default=12)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--prune", type=float, default=0.25)
    ap.add_argument("--template-weight", type=float, default=0.4,
                    help="sample weight of the CrossWOZ training turns (shuffled single turns) against whole dialogues")
    args = ap.parse_args()

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(13)
    t0 = time.time()
    train, held, dev = [], [], []
    held_new: dict[str, list[list[str]]] = {}
    per_source: dict[str, list[int]] = {}
    dropped = [0]  # listing turns left out of training
    for n, (source, utts) in enumerate(dialogues(args.data)):
        seq, labels = labelled(utts)
        if len(seq) < 4:
            continue
        stat = per_source.setdefault(source, [0, 0, 0, 0])
        if n % 10 == 0:
            (held_new.setdefault(source, []) if source in NEW_SOURCES else held).append(utts)
            stat[2] += 1
            stat[3] += len(seq)
        elif n % 10 == 5:
            dev.append((seq, labels))  # for the mark offsets only, never trained on
        else:
            if source == TEMPLATE_SOURCE:
                kept = [u for u in utts if not _listing(u)]
                dropped[0] += len(utts) - len(kept)
                seq, labels = labelled(kept)
                if len(seq) < 4:
                    continue
            train.append((seq, labels, args.template_weight if source == TEMPLATE_SOURCE else 1.0))
            stat[0] += 1
            stat[1] += len(seq)
    print(f"{dropped[0]} listing turns left out of training")
    for source, (nd, nc, hd, hc) in sorted(per_source.items()):
        print(f"{source}: train {nd} dialogues {nc} chars; held out {hd} dialogues {hc} chars")
    Path(args.heldout).parent.mkdir(parents=True, exist_ok=True)
    with open(args.heldout, "w", encoding="utf-8") as f:
        f.write("# Held out from training: every tenth dialogue of KdConv (dev, test) and CrossWOZ (val, test),\n")
        f.write("# Apache-2.0 (see tools/README-punct.md). One dialogue per line, its turns joined.\n")
        for utts in held:
            f.write("".join(u.replace("\n", " ").strip() for u in utts) + "\n")
    for source, dialogues_held in held_new.items():
        # Every tenth dialogue is held out (never trained on); the first few
        # hundred of them are enough for a bench of their own.
        name, what = NEW_SOURCES[source]
        with open(Path(args.heldout).parent / f"punct_heldout_{name}.txt", "w", encoding="utf-8") as f:
            f.write(f"# Held out from training: {what} (see tools/README-punct.md).\n")
            for utts in dialogues_held[:args.heldout_new_max]:
                f.write("".join(u.replace("\n", " ").strip() for u in utts) + "\n")

    # Sparse rows (tools/feature_rows.py): keys seen fewer than --min-count times are dropped.
    from feature_rows import FeatureRows

    rows = FeatureRows()
    ys: list[int] = []
    ws: list[float] = []
    for seq, labels, weight in train:
        for spaced in (False, True):
            pauses = pauses_for(labels, rng, 0.05, 0.01) if spaced else [False] * len(labels)
            for keys, y in instances(seq, labels, pauses, spaced):
                rows.add(keys)
                ys.append(y)
                ws.append(weight)
    X, vocab = rows.matrix(args.min_count)
    y = np.array(ys)
    sw = np.array(ws)
    print(f"{len(ys)} gaps, {len(vocab)} features ({time.time() - t0:.0f}s); class counts {np.bincount(y)}")

    # Two models: is there a mark, and which (none / comma / sentence end);
    # then, where a sentence ends, is it a question.
    mark = LogisticRegression(C=args.C, solver="saga", max_iter=args.iter, tol=1e-4, fit_intercept=False)
    mark.fit(X, np.minimum(y, STOP), sample_weight=sw)
    print(f"mark model trained ({time.time() - t0:.0f}s); train accuracy {mark.score(X, np.minimum(y, STOP)):.4f}")
    ends = y >= STOP
    question = LogisticRegression(C=args.C, solver="saga", max_iter=args.iter * 2, tol=1e-4, fit_intercept=False)
    question.fit(X[ends], (y[ends] == QUESTION).astype(int), sample_weight=sw[ends])
    print(f"question model trained ({time.time() - t0:.0f}s); train accuracy {question.score(X[ends], y[ends] == QUESTION):.4f}")
    rel = mark.coef_ - mark.coef_[0]  # relative to "no mark"
    coef = np.vstack([rel[1], rel[2], question.coef_[0]])
    names = sorted(vocab, key=vocab.get)
    kept = 0
    lines = [f"# asrclean punctuation model: key, then comma and sentence-end weights (relative to no mark) "
             f"and question weight (relative to full stop). Trained by tools/train_punct.py "
             f"(C={args.C}, min count {args.min_count}, pruned below {args.prune}, "
             f"CrossWOZ training turns weighted {args.template_weight}).\n"]
    for j, name in enumerate(names):
        w = coef[:, j]
        if name != "b=" and np.abs(w).max() < args.prune:
            continue
        kept += 1
        w = np.where(np.abs(w) < args.prune / 2, 0.0, w)  # (zeros compress)
        lines.append(f"{name}\t{w[0]:.3g}\t{w[1]:.3g}\t{w[2]:.3g}\n")
    # The two mark scores get one offset each, chosen on the dev dialogues
    # (neither trained on nor in the bench) for the best mean F1 of sentence
    # ends, questions and commas over both kinds of input.
    weights = {}
    for line in lines[1:]:
        k, a, b, c = line.rstrip("\n").split("\t")
        weights[k] = (float(a), float(b), float(c))
    from asrclean.restore_model import Model

    dev_model = Model.from_weights(weights)
    best = None
    for dc in (-0.5, 0.0, 0.5, 1.0):
        for de in (-0.5, 0.0, 0.5, 1.0):
            f1 = mean_f1(dev_scores(dev_model, dev, dc, de))
            print(f"offsets comma {dc:+.1f} end {de:+.1f}: mean F1 {f1:.4f}")
            if best is None or f1 > best[0]:
                best = (f1, dc, de)
    _, dc, de = best
    # Then the sentence-end weight of a pause alone (input without pauses
    # never sees it), on the same dev dialogues: whether a pause the
    # recognizer heard more often ends a sentence than the text taught.
    best_p = None
    for dp in (-0.25, 0.0, 0.25, 0.5, 0.75):
        f1 = mean_f1(dev_scores(dev_model, dev, dc, de, dp))
        print(f"pause end offset {dp:+.2f}: mean F1 {f1:.4f}")
        if best_p is None or f1 > best_p[0]:
            best_p = (f1, dp)
    _, dp = best_p
    scores = dev_scores(dev_model, dev, dc, de, dp)
    print(f"chosen offsets: comma {dc:+.1f}, end {de:+.1f}, pause end {dp:+.2f}; dev F1 (end, question, comma) "
          + "; ".join(f"{mode} " + " ".join(f"{f:.4f}" for f in fs.values()) for mode, fs in scores.items()))
    a, b, c = weights["b="]
    pa, pb, pc = weights.get("P=", (0.0, 0.0, 0.0))
    for k, line in enumerate(lines):
        if line.startswith("b=\t"):
            lines[k] = f"b=\t{a + dc:.3g}\t{round(b + de, 3):g}\t{c:.3g}\n"
        elif line.startswith("P=\t"):
            lines[k] = f"P=\t{pa:.3g}\t{round(pb + dp, 3):g}\t{pc:.3g}\n"
    if dp and "P=" not in weights:
        lines.append(f"P=\t0\t{dp:g}\t0\n")
    weights = {}
    for line in lines[1:]:
        k, a, b, c = line.rstrip("\n").split("\t")
        weights[k] = (float(a), float(b), float(c))
    data = save(weights)
    Path(args.out).write_bytes(data)
    if args.text_out:  # the weights as text, to read and diff (not shipped)
        Path(args.text_out).write_bytes(gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0))
    print(f"kept {kept} of {len(names)} features; {args.out}: {len(data)} bytes ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
