"""Texts of phrases said over and over, as a recognizer writes when it loops on
silence, cleaned twice: how many change on the second run (they should not).

    PYTHONPATH=src python tools/fuzz_cleans_once.py --seed 8 --texts 10000

Each text is 1-12 pieces: a phrase of 1-4 Chinese words or English words, once or
said 2-15 times, each followed by a separator (nothing, spaces, marks of either
width, a line break). The level is drawn per text. Seeded: the same seed gives the
same texts. Prints each text that changed (up to --show) and the count. Found the
round-limit and separator cases of the adversary's second run (tests/test_properties.py,
CLEANS_ONCE); what it finds is a fact to add there as a fixed case.
"""

from __future__ import annotations

import argparse
import random

from asrclean.api import Cleaner

ZH = ["我", "你", "他", "我们", "觉得", "明天", "今天", "这个", "那个", "问题", "公司", "模型", "数据", "团队", "的", "了", "是", "在", "就", "也", "很", "说", "看", "就是", "就是说", "然后", "然后呢", "所以", "但是", "因为", "一个", "对", "不", "好", "用", "吗", "呢", "吧", "啊", "呃", "嗯", "额", "哎", "什么", "怎么", "为什么", "可以", "没有", "不是", "是不是", "一下", "讨论", "发布", "产品", "用户"]
EN = ["I", "you", "we", "the", "a", "is", "was", "to", "of", "and", "so", "like", "you", "know", "I", "mean", "um", "uh", "think", "need", "go", "ship", "it", "model", "data", "deep", "seek", "open", "ai", "GPT", "OK", "yeah", "right"]
SEPARATORS = ["", " ", "，", "。", "？", "、", " , ", ", ", ". ", "\n", "  ", "！", "……"]
LEVELS = ("light", "standard", "aggressive")


def phrase(rng: random.Random) -> str:
    k = rng.randint(1, 4)
    if rng.random() < 0.6:
        return "".join(rng.choice(ZH) for _ in range(k))
    return " ".join(rng.choice(EN) for _ in range(k))


def text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 12)):
        if rng.random() < 0.25:
            parts.append((phrase(rng) + rng.choice(SEPARATORS)) * rng.randint(2, 15))
        else:
            parts.append(phrase(rng) + rng.choice(SEPARATORS))
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--texts", type=int, default=10000)
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cleaners = {level: Cleaner(fillers=level) for level in LEVELS}
    changed = 0
    for _ in range(args.texts):
        t = text(rng)
        level = rng.choice(LEVELS)
        once = cleaners[level].clean_text(t).text
        twice = cleaners[level].clean_text(once).text
        if once != twice:
            changed += 1
            if changed <= args.show:
                print(f"{level}: {t!r}\n  once:  {once!r}\n  twice: {twice!r}")
    print(f"{args.texts} texts (seed {args.seed}): {changed} changed on a second run")


if __name__ == "__main__":
    main()
