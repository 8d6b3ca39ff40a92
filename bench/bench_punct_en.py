"""English punctuation and capital restoration on held-out dialogue with every
mark removed and every word lower-cased.

    PYTHONPATH=src python bench/bench_punct_en.py

The text is bench/data/punct_en_heldout.txt: every tenth dialogue of MultiWOZ
2.1 val/test (MIT; ConvLab-2's copy, detokenized), which
tools/train_punct_en.py holds out and never trains or tunes on. Three modes:

  words   the dialogue as one stream of words (turns joined by a space), run
          through normalize and restore as `clean` does;
  turns   one turn a line, run with `--lines paragraphs` (each line a turn of
          its own: Kaldi-style one utterance a line); every turn's end is then
          known to be a sentence end, the rest is the model's;
  pauses  a line break (one cue a line) wherever the original had a mark
          (. ? , ; : !) and at each turn's end, run through normalize and
          restore as `clean` does: the pipeline tells the model where the
          cue breaks were;
  cues    subtitle-like cues: a cue of 4 to 14 words (drawn at random, fixed
          seed), cut at a sentence end (85 %) or a comma (50 %) once it has 3
          words, else where its length runs out, mid-phrase; every turn's
          end cuts. As `pauses`, through the pipeline.

Scored per gap after a word: sentence ends (. ! ? together: a stop where the
truth has ? counts as found), questions (?), commas (, ;); and capitals:
the reference capitalizes exactly the sentence starts of the original and the
pronoun I (names are not restored, and not scored), every word counts. Then the
speed of the stage alone in characters of input per second (noisy on a shared
machine).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from asrclean.pipeline import Pipeline
from asrclean.restore_en import reduce_word
from asrclean.settings import Settings
from asrclean.stages.restore import Stage
from asrclean.stages.restore_english import EN_MAX_RUN, model
from bench_punct import score  # precision, recall, F1 as the Chinese bench counts them

DATA = Path(__file__).parent / "data" / "punct_en_heldout.txt"
CLASS = {",": 1, ";": 1, ":": 1, ".": 2, "!": 2, "?": 3}  # (the held-out text has no colons)
TARGETS = {
    "turns": {"sentence end": 0.80, "question": 0.85, "comma": 0.75},
    "pauses": {"sentence end": 0.80, "question": 0.85, "comma": 0.75},
    "words": {"sentence end": 0.65, "question": 0.75, "comma": 0.55},
    "cues": {"sentence end": 0.80, "question": 0.85, "comma": 0.75},
}
I_FORMS = {"i", "i'm", "i'd", "i'll", "i've"}


def parse(text: str) -> tuple[list[str], list[int], list[bool]]:
    """Words (as written, marks stripped), the class of the mark after each, and
    whether each should start with a capital (a sentence start, or I)."""
    words, labels = [], []
    for tok in text.split():
        core = tok.rstrip(".,?!;:")
        cls = max((CLASS[c] for c in tok[len(core):]), default=0)
        if not core:
            if labels:
                labels[-1] = max(labels[-1], cls)
            continue
        words.append(core)
        labels.append(cls)
    caps, start = [], True
    for w, y in zip(words, labels):
        caps.append(start or w.lower() in I_FORMS)
        start = y >= 2
    return words, labels, caps


def cue_breaks(gold: list[int], turn_end: list[bool], rng: random.Random) -> list[bool]:
    """Where subtitle-like cues end (see ``cues`` above)."""
    out = [False] * len(gold)
    length, limit = 0, rng.randint(4, 14)
    for k, y in enumerate(gold):
        length += 1
        cut = turn_end[k] or length >= limit
        if not cut and length >= 3 and y:
            cut = rng.random() < (0.85 if y >= 2 else 0.5)
        if cut:
            out[k] = True
            length, limit = 0, rng.randint(4, 14)
    return out


def main() -> int:
    lines = [l for l in DATA.read_text(encoding="utf-8").split("\n") if l and not l.startswith("#")]
    dialogues = [[parse(t) for t in l.split("\t")] for l in lines]
    n_words = sum(len(w) for d in dialogues for w, _, _ in d)
    print(f"{DATA.name}: {len(dialogues)} dialogues, {n_words} words, {sum(map(len, lines))} characters")
    model()  # loaded before timing
    stage = Stage(Settings())
    # So is the everyday-word table the capitals use (once per process).
    stage.apply("so what do you think about it i think it is fine and we can go")
    words_pipe = Pipeline(Settings(), only=["normalize", "restore"])
    turns_pipe = Pipeline(Settings(lines="paragraphs"), only=["normalize", "restore"])
    rng = random.Random(1)
    for mode in ("words", "turns", "pauses", "cues"):
        ends, questions, commas, caps = [], [], [], []
        n_chars = 0
        elapsed = 0.0
        for d in dialogues:
            words = [w for t, _, _ in d for w in t]
            gold = [y for _, ys, _ in d for y in ys]
            gold_caps = [c for _, _, cs in d for c in cs]
            lower = [w.lower() for w in words]
            turn_end = [k == len(t) - 1 for t, _, _ in d for k in range(len(t))]
            if mode in ("pauses", "cues"):
                breaks = [bool(y) or e for y, e in zip(gold, turn_end)]
                if mode == "cues":
                    breaks = cue_breaks(gold, turn_end, rng)
                else:
                    t = time.perf_counter()
                    model().decode([reduce_word(w) for w in lower], breaks, True, EN_MAX_RUN)
                    elapsed += time.perf_counter() - t
                    n_chars += sum(map(len, lower)) + len(lower)
                text = "".join(w + ("\n" if b else " ") for w, b in zip(lower, breaks)).strip()
                pipe = words_pipe
            else:
                sep = " " if mode == "words" else "\n"
                text = sep.join(" ".join(w.lower() for w in t) for t, _, _ in d)
                pipe = words_pipe if mode == "words" else turns_pipe
                n_chars += len(text)
                if mode == "words":
                    t = time.perf_counter()
                    stage.apply(text)
                    elapsed += time.perf_counter() - t
            out = pipe(text).text
            pw, pred, pred_caps = [], [], []
            for tok in out.split():
                core = tok.rstrip(".,?!;:")
                pw.append(core.lower())
                pred.append(max((CLASS[c] for c in tok[len(core):]), default=0))
                pred_caps.append(core[:1].isupper())
            if pw != lower:
                raise SystemExit(f"restore changed the words: {out[:80]}")
            for y, z in zip(gold, pred):
                ends.append((y >= 2, z >= 2))
                questions.append((y == 3, z == 3))
                commas.append((y == 1, z == 1))
            caps.extend(zip(gold_caps, pred_caps))
        speed = ""
        if mode == "words":
            # A yardstick from the same run (the machine's speed varies): the
            # whole pipeline without restore, on the same input.
            rest = Pipeline(Settings(punctuate="never"))
            texts = [" ".join(w.lower() for t, _, _ in d for w in t) for d in dialogues]
            t = time.perf_counter()
            for text in texts:
                rest(text)
            others = time.perf_counter() - t
            speed = (f"  restore {n_chars / elapsed / 1000:.0f}k chars/s; the other stages together "
                     f"{n_chars / others / 1000:.0f}k chars/s (restore takes {elapsed / others:.2f}x their time)")
        if mode == "pauses":
            speed = f"  (model decode alone {n_chars / elapsed / 1000:.0f}k chars/s)"
        print(f"\n{mode}:{speed}")
        for name, pairs in (("sentence end", ends), ("question", questions), ("comma", commas)):
            p, r, f = score(pairs)
            target = TARGETS[mode][name]
            print(f"  {name:13s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (target {target:.2f}{'' if f >= target else ', below'})")
        p, r, f = score(caps)
        acc = sum(g == q for g, q in caps) / len(caps)
        print(f"  {'capitals':13s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  accuracy {acc:.4f} over {len(caps)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
