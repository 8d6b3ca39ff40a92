"""Build the word tables of the fillers stage from jieba's dictionary.

The fillers stage must tell a stutter ("我我", "所以所以") from a word that
repeats by design ("慢慢", "谢谢", "美国国会"), and a hesitation from a word that
contains a filler character ("金额", "哎呀"). jieba's dictionary knows these
words, but loading it costs half a second; the stage needs only a few tables
cut from it, so they are derived here once and shipped as package data.

    python tools/build_reduplicated.py            # writes src/asrclean/data/
    python tools/build_reduplicated.py --check    # exit 1 if the files are stale

Outputs (one word per line, a ``#`` header naming the source):
  reduplicated.txt        words containing an immediate repeat (AA) and their
                          frequency: 慢慢, 一一, 哈哈哈
  reduplicated_verbs.txt  two-character verbs that can be said twice (研究研究)
  reduplicated_context.txt  common 2-3 character words: a repeat that falls
                          between two of them is a word boundary (美国|国会)
  fillers_words.txt       words that contain a filler character (金额, 哎呀, 感恩)
  reduplicated_vv.txt     one-syllable action verbs that double (看看, 聊聊):
                          "看看书" is a verb and its object, not a stutter
  onomatopoeia.txt        words jieba tags as onomatopoeia (o): 哗啦, 叮当
  nouns_one.txt           one-character nouns said alone (水, 盐): 水水要 is a stutter
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jieba

OUT = Path(__file__).resolve().parent.parent / "src" / "asrclean" / "data"
HAN = re.compile(r"[\u4e00-\u9fff]+")
REPEAT = re.compile(r"(.)\1")

# Frequencies in jieba's dictionary are corpus counts; entries below these are
# mostly segmentation artefacts ("了了" 3, "对对" 3) that would hide stutters.
MIN_FREQ_REDUP = 5
MIN_FREQ_CONTEXT = 10
MIN_FREQ_VERB = 100
MIN_FREQ_ADJ = 1000
MIN_FREQ_FILLER_WORD = 5

# One-syllable action verbs double productively ("说说", "聊聊") but jieba lists
# only some of the doubled forms. Only volitional verbs double this way; 是, 有,
# 要, 会, 在 never do, and a doubled one is a stutter.
VV_VERBS = (
    "说讲聊谈问答想看听瞧瞅望找查翻读写算数练学试尝走逛玩跑跳动摸碰洗擦扫刷"
    "理整修改编画唱弹敲拍揉捏搓按拉推拽抱亲等歇坐躺睡泡逗哄劝夸骂教帮陪"
)

# Verbs that never reduplicate as ABAB: states, modals, copulas and verbs with
# a result or direction built in. "没有没有录" and "觉得觉得" are stutters.
NOT_ABAB = set(
    "没有 觉得 知道 认为 希望 需要 应该 可以 可能 能够 愿意 感觉 发现 开始 继续 进行 发生 出现 "
    "存在 包括 表示 喜欢 相信 成为 作为 属于 等于 就是 不是 还是 只是 像是 好像 具有 拥有 "
    "没法 不要 不用 不会 不能 需求 导致 造成 引起 使得 让人 打算 准备好 得以 加以 予以 给予 "
    "获得 取得 失去 变成 当成 看成 算是 意味 代表 显示 证明 说明 决定 确定 担心 害怕 讨厌 "
    "同意 反对 支持 希冀 期待 认识 记得 忘记 明白 理解 懂得 晓得 看见 听见 遇见 碰见 "
    "重要 主要 一样 不同 相同 容易 困难 简单 清楚 所有 真正 一定 最好 非常 特别 正常 "
    "其实 当然 因为 所以 但是 然后 如果 现在 已经".split()
    # ABAB says "do it a little while": only an activity that lasts and that the
    # speaker controls doubles so (研究研究, 检查检查). An act done at one point
    # (an achievement: 出发, 结婚, 签约, 付款) or a speech act that settles or
    # demands something (要求, 投诉, 批准, 拒绝) does not: "客户要求要求月底上线"
    # and "我要投诉投诉你们" say the word twice.
    + "出发 到达 死亡 出生 结婚 离婚 失败 成功 开除 辞职 逮捕 毕业 取消 签订 签约 付款 购买 "
    "提交 注册 报名 登记 预约 发布 宣布 批准 允许 禁止 拒绝 答应 承认 否认 确认 判决 起诉 "
    "投诉 举报 要求 请求 申请 邀请 赔偿".split()  # noqa: SIM905 (a word list reads best as one string)
)
NOT_ABAB_ENDINGS = tuple("到得了着过是有为于成见完掉住起来去出进回上下开")

# Characters that are fillers or particles in speech; words containing them
# protect them ("金额", "哎呀", "呢子").
# 恩 is how many recognizers write 嗯: a hesitation, but also a word (恩情, 感恩).
FILLER_CHARS = "呃嗯恩额哎唉啊呢"
# These are never a morpheme at the edge of a compound: an entry like
# "郭靖啊" or "嗯帮忙" is a phrase that jieba happened to list, not a word.
PARTICLES = "呃嗯啊呢哎唉"


def read_dictionary() -> dict[str, tuple[int, str]]:
    path = Path(jieba.__file__).with_name("dict.txt")
    words: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and HAN.fullmatch(parts[0]):
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def reduplicated(words) -> list[str]:
    """``word<TAB>frequency``: the stage lets a rare doubled form ("推推", 3)
    give way to a stutter before a word ("推推进" -> "推进"), a common one not."""
    out = {w: f for w, (f, _) in words.items() if len(w) >= 2 and f >= MIN_FREQ_REDUP and REPEAT.search(w)}
    for c in VV_VERBS:
        out.setdefault(c + c, words.get(c + c, (0, ""))[0])
    return [f"{w}\t{f}" for w, f in sorted(out.items())]


def abab_verbs(words) -> list[str]:
    return sorted(
        w
        for w, (f, tag) in words.items()
        if len(w) == 2
        # Verbs (商量商量 is tagged a noun by jieba, alas), adjectives said as
        # verbs (热闹热闹, 清醒清醒) and state words (雪白雪白的).
        and tag in ("v", "vn", "a", "ad", "z")
        # Adjectives only when common: jieba lists odd pieces like 最重 as "a".
        and f >= (MIN_FREQ_ADJ if tag in ("a", "ad") else MIN_FREQ_VERB)
        and w[0] != w[1]
        and w not in NOT_ABAB
        and not w.endswith(NOT_ABAB_ENDINGS)
        and not w.startswith(("不", "没", "别"))
    )


def vv_verbs(words) -> list[str]:
    return sorted(set(VV_VERBS))


def nouns_one(words) -> list[str]:
    """Characters that jieba tags as nouns and lists often as words of their own
    (水, 盐, 馅): doubled opening a clause, one is a noun said twice, not an
    adjective (暖暖, 甜甜) or a verb doubled as grammar."""
    return sorted(w for w, (f, tag) in words.items() if len(w) == 1 and tag in ("n", "ng") and f >= MIN_FREQ_VERB)


def onomatopoeia(words) -> list[str]:
    return sorted(w for w, (f, tag) in words.items() if tag == "o" and f >= MIN_FREQ_REDUP)


def context_words(words) -> list[str]:
    return sorted(w for w, (f, _) in words.items() if 2 <= len(w) <= 3 and f >= MIN_FREQ_CONTEXT)


def filler_words(words) -> list[str]:
    out = []
    for w, (f, _) in words.items():
        if len(w) < 2 or f < MIN_FREQ_FILLER_WORD or not any(c in w for c in FILLER_CHARS):
            continue
        if w[0] in PARTICLES and len(w) >= 3 and w[1:] in words:
            continue
        if w[-1] in PARTICLES and len(w) >= 3 and w[:-1] in words:
            continue
        out.append(w)
    return sorted(out)


def render(name: str, items: list[str]) -> str:
    header = f"# {name}: generated by tools/build_reduplicated.py from jieba {jieba.__version__} dict.txt; do not edit\n"
    return header + "".join(w + "\n" for w in items)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped files differ")
    args = ap.parse_args(argv)
    words = read_dictionary()
    tables = {
        "reduplicated.txt": reduplicated(words),
        "reduplicated_verbs.txt": abab_verbs(words),
        "reduplicated_context.txt": context_words(words),
        "fillers_words.txt": filler_words(words),
        "reduplicated_vv.txt": vv_verbs(words),
        "onomatopoeia.txt": onomatopoeia(words),
        "nouns_one.txt": nouns_one(words),
    }
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name, items in tables.items():
        text = render(name, items)
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path}: {len(items)} words", file=sys.stderr)
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
