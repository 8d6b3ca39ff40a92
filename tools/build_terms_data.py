"""Build the small tables the `terms` stage ships, so it never loads pypinyin or jieba at run time.

Writes four files under src/asrclean/data/:

- ``pinyin.txt``: one line per toneless syllable, ``syllable<TAB>chars``; a polyphonic
  character is listed under every reading pypinyin knows (CJK basic block and extension A),
  and again in a second section with all its readings.
- ``words_zh.txt``: Chinese words of 1-4 Han characters from jieba's dictionary with a
  frequency of at least 5, one line per word ``word<TAB>level`` sorted by word (so that a few
  words are looked up in the text without loading them all: ``asrclean.sortedtable``), where
  level = floor(log2(freq)) (the stage only compares orders of magnitude, in bits), after a
  first line ``total<TAB>log2(sum of all frequencies)``: together a unigram word model.
- ``words_names.txt``: a character model of Chinese personal names, from the words jieba's
  dictionary tags ``nr`` (person name) that have three Han characters: how often a name
  starts with each character (the surname slot) and how often each character fills a
  given-name slot, as rounded bits, plus the share of all word tokens that are names of three
  or two characters. Names are counted once each (types), so a name never seen still gets a
  fair probability from its characters.
- ``words_zh_more.txt``: the Chinese words of 2-4 Han characters in wordfreq's "large" Chinese
  list that ``words_zh.txt`` lacks, from level MORE_MIN_LEVEL on (compounds such as 援华, 共渡, 一跤 that jieba's dictionary
  does not list), with a level on jieba's scale: floor(log2(wordfreq frequency) + offset), the
  offset being the median of (jieba level - log2 wordfreq frequency) over the words both list.
  Grouped by level, one line ``level<TAB>word word ...``. Read by the terms stage's word model
  only (``words_zh.txt`` stays jieba's alone: other stages read it).
- ``words_en.txt``: the most frequent English words (alphabetic, lower case), most frequent
  first, one line, space separated; the stage takes a prefix of it as "common words" to tell
  real English from recogniser fragments.

Build-time requirements (not run-time dependencies): pypinyin, jieba, wordfreq.
Run: python tools/build_terms_data.py [pinyin.txt words_zh.txt words_zh_more.txt words_names.txt words_en.txt]
(``words_zh_more.txt`` is built against the ``words_zh.txt`` already in src/asrclean/data.)
Sources, versions and licences: tools/README-terms.md.
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "asrclean" / "data"
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
EN_WORDS = 20000
ZH_MIN_FREQ = 5
NAME_CHAR_MIN = 3  # a name character must occur in this many names (fewer is noise)
SURNAME_MIN = 50  # a surname must start this many three-character names
MIN_PHRASES = 2
# wordfreq's rarest Chinese words (levels below 2 on jieba's scale, about 1.5e-8 of tokens) are
# mostly tokenizer debris and garbles themselves (时线, 国际行): the compounds start above them.
MORE_MIN_LEVEL = 2  # a secondary reading must occur in this many phrases of pypinyin's list


def build_pinyin() -> str:
    from pypinyin import phrases_dict, pinyin_dict
    from pypinyin.contrib.tone_convert import to_normal

    # How often each reading of a character is used in pypinyin's phrase list: dictionaries
    # keep rare literary readings (和 hu, 苦 gu) that would make unrelated words sound alike.
    used: dict[tuple[str, str], int] = defaultdict(int)
    for phrase, rs in phrases_dict.phrases_dict.items():
        for ch, r in zip(phrase, rs):
            used[(ch, to_normal(r[0]))] += 1
    by_syllable: dict[str, list[str]] = defaultdict(list)
    for code, readings in sorted(pinyin_dict.pinyin_dict.items()):
        if not any(lo <= code <= hi for lo, hi in HAN_RANGES):
            continue
        ch = chr(code)
        seen = []
        for k, r in enumerate(readings.split(",")):
            s = to_normal(r.strip())
            if k > 0 and used[(ch, s)] < MIN_PHRASES:
                continue  # the first reading is the common one; others must be in real use
            # pypinyin spells a few interjections without a vowel (hm, ng); they match nothing useful.
            if s and s.isascii() and s.isalpha() and s not in seen:
                seen.append(s)
        for s in seen:
            by_syllable[s].append(chr(code))
    lines = [f"{s}\t{''.join(chars)}" for s, chars in sorted(by_syllable.items())]
    # Polyphones again, with all their readings, so the loader can build char -> readings
    # with bulk dict updates instead of a loop over every character.
    poly: dict[str, list[str]] = defaultdict(list)
    for s, chars in sorted(by_syllable.items()):
        for ch in chars:
            poly[ch].append(s)
    lines.append("=")
    lines += [f"{ch}\t{','.join(syls)}" for ch, syls in sorted(poly.items()) if len(syls) > 1]
    return (
        "# toneless syllable<TAB>Han characters with that reading (built from pypinyin);\n"
        "# after the '=' line: polyphonic character<TAB>all its readings\n" + "\n".join(lines) + "\n"
    )


def build_words_zh() -> str:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    han = re.compile(r"^[\u3400-\u9fff]{1,4}$")
    levels: dict[str, int] = {}
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        freq = int(parts[1])
        total += freq
        if han.match(parts[0]) and freq >= ZH_MIN_FREQ:
            level = int(math.log2(freq))
            levels[parts[0]] = max(level, levels.get(parts[0], level))  # (a word listed twice: its higher level)
    return (
        "# word<TAB>level: Chinese words of 1-4 characters whose jieba frequency f has floor(log2 f) == level,\n"
        "# sorted by word, so that a few words are found without loading them all (asrclean.sortedtable);\n"
        "# the first line is total<TAB>log2 of the sum of all frequencies\n"
        f"total\t{math.log2(total):.2f}\n" + "".join(f"{w}\t{lvl}\n" for w, lvl in sorted(levels.items()))
    )


def build_words_zh_more() -> str:
    import statistics

    from wordfreq import get_frequency_dict

    han = re.compile(r"^[\u3400-\u9fff]{2,4}$")
    jieba_levels = {}
    for line in (OUT / "words_zh.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("total\t"):
            continue
        word, level = line.split("\t")
        jieba_levels[word] = int(level)
    freqs = {w: p for w, p in get_frequency_dict("zh", wordlist="large").items() if han.match(w)}
    # wordfreq gives a share of tokens, jieba a count: one offset (in bits) puts the two on one scale.
    offset = statistics.median(jieba_levels[w] - math.log2(p) for w, p in freqs.items() if w in jieba_levels)
    by_level: dict[int, list[str]] = defaultdict(list)
    for w, p in freqs.items():
        level = math.floor(math.log2(p) + offset)
        if w not in jieba_levels and level >= MORE_MIN_LEVEL:
            by_level[level].append(w)
    return (
        "# Chinese words of 2-4 characters that words_zh.txt lacks, from wordfreq's large Chinese list\n"
        "# (data CC BY-SA 4.0), on jieba's scale of levels (see tools/build_terms_data.py);\n"
        f"# offset {offset:.2f} bits; one line per level: level<TAB>words separated by spaces\n"
        + "".join(f"{lvl}\t{' '.join(sorted(ws))}\n" for lvl, ws in sorted(by_level.items()))
    )


def build_words_names() -> str:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    han = re.compile(r"^[\u4e00-\u9fff]+$")
    total = 0
    three: list[tuple[str, int]] = []
    two: list[tuple[str, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        total += freq
        if tag == "nr" and han.match(word):
            if len(word) == 3:
                three.append((word, freq))
            elif len(word) == 2:
                two.append((word, freq))
    first: dict[str, int] = defaultdict(int)
    given: dict[str, int] = defaultdict(int)
    for word, _ in three:
        first[word[0]] += 1
        given[word[1]] += 1
        given[word[2]] += 1
    # jieba's two-character nr entries are mostly given names or nicknames; only those that
    # start with a well-attested surname measure how often surname + one character is used.
    mass3 = sum(f for _, f in three)
    mass2 = sum(f for w, f in two if first.get(w[0], 0) >= SURNAME_MIN)

    def section(name: str, counts: dict[str, int], n: int) -> list[str]:
        by_bits: dict[int, list[str]] = defaultdict(list)
        for ch, k in counts.items():
            if k >= NAME_CHAR_MIN:
                by_bits[round(math.log2(n / k))].append(ch)
        return [f"{name}\t{b}\t{''.join(sorted(cs))}" for b, cs in sorted(by_bits.items())]

    lines = [
        f"name3\t{math.log2(total / mass3):.2f}",
        f"name2\t{math.log2(total / mass2):.2f}",
        *section("first", first, len(three)),
        *section("given", given, 2 * len(three)),
    ]
    return (
        "# A character model of Chinese personal names from jieba's nr words of three characters.\n"
        "# name3/name2<TAB>bits: -log2 of the share of word tokens that are names of 3/2 characters;\n"
        "# first|given<TAB>bits<TAB>chars: -log2 P(char fills the surname / a given-name slot)\n"
        + "\n".join(lines)
        + "\n"
    )


def build_words_en() -> str:
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", EN_WORDS) if w.isascii() and w.isalpha()]
    return (
        "# the most frequent English words, most frequent first, from wordfreq (data CC BY-SA 4.0)\n"
        + " ".join(words)
        + "\n"
    )


def main(names: list[str]) -> None:
    builders = {
        "pinyin.txt": build_pinyin,
        "words_zh.txt": build_words_zh,
        "words_zh_more.txt": build_words_zh_more,
        "words_names.txt": build_words_names,
        "words_en.txt": build_words_en,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names or builders:
        text = builders[name]()
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(text.encode('utf-8')) / 1024:.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
