"""Find what a recogniser made of the glossary's Latin-script terms.

Recognisers split and mishear English inside Chinese speech: "block chain ing",
"deriv a tive", "you tube". A run of adjacent Latin tokens is cut into sub-runs of one
to a few tokens; each sub-run's key (lower case, letters and digits only) is looked
up exactly, then fuzzily (rapidfuzz ratio) among the glossary keys that share its
first or last letter and have a compatible length, so the cost per sub-run does not
grow with the glossary.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .glossary import Term
from .terms_tables import known_en, words_en

_TOKEN = r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?"
TOKEN = re.compile(_TOKEN)
# Fragments are joined across single spaces and across one stray comma or enumeration
# mark ("open, I", "met、 ata"): recognisers put those between pieces of one word.
RUN = re.compile(rf"(?<![A-Za-z0-9]){_TOKEN}(?:(?: |[,，、] ?){_TOKEN})*(?![A-Za-z0-9])")
_NON_KEY = re.compile(r"[^a-z0-9]+")

# Keys this short are too easy to hit by chance: only an exact single token may match.
EXACT_ONLY_LEN = 3
# A sub-run made only of everyday English words is probably English, not a garble: it needs
# an almost certain score ("window" is not "Windows" at 92).
COMMON_PHRASE_SCORE = 95.0
# A single real English word ("sentiment") is taken for another ("entitlement") only when
# the two are nearly the same.
KNOWN_WORD_SCORE = 92.0
# Near misses this far below a term's threshold are reported as suggestions.
NOTE_MARGIN = 8.0
# Garbles split a word into more pieces than it has, but rarely more than two more.
EXTRA_TOKENS = 2
MAX_TOKENS = 6
# Lengths a key may differ by and still reach the lowest threshold (ratio is 2*LCS/(a+b)).
LEN_FACTOR = 0.6


def key_of(text: str) -> str:
    return _NON_KEY.sub("", text.lower())


def default_threshold(key_len: int) -> float:
    """Longer keys survive more damage; short ones must be nearly exact."""
    if key_len <= EXACT_ONLY_LEN:
        return 100.0
    if key_len <= 5:
        return 88.0
    if key_len <= 8:
        return 85.0
    return 80.0


_SUFFIXES = ("s", "es", "d", "ed", "ing", "er", "ers", "ly", "y", "al")


def _inflected(a: str, b: str) -> bool:
    """Whether one key is the other with an English inflection or suffix added."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and long_[len(short):] in _SUFFIXES


@dataclass(frozen=True, slots=True)
class LatinTerm:
    term: Term
    key: str
    threshold: float


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # offsets in the text
    end: int
    term: LatinTerm
    score: float
    note: bool  # below threshold: a suggestion, not a change


class _Bucket:
    """Keys sharing one letter, sorted by length so a length window is one slice."""

    __slots__ = ("keys", "lens")

    def __init__(self, keys: list[str]):
        self.keys = sorted(set(keys), key=len)
        self.lens = [len(k) for k in self.keys]

    def window(self, lo: int, hi: int) -> list[str]:
        return self.keys[bisect.bisect_left(self.lens, lo) : bisect.bisect_right(self.lens, hi)]


class LatinIndex:
    def __init__(self, terms: list[Term]):
        self.by_key: dict[str, LatinTerm] = {}
        self.exact_text: set[str] = set()
        first: dict[str, list[str]] = {}
        last: dict[str, list[str]] = {}
        max_tokens = 1
        for t in terms:
            key = key_of(t.term)
            if len(key) < 2 or key in self.by_key:
                continue  # a one-letter key would hit every stray letter
            th = t.threshold if t.threshold is not None else default_threshold(len(key))
            lt = LatinTerm(t, key, th)
            self.by_key[key] = lt
            self.exact_text.add(t.term)
            max_tokens = max(max_tokens, len(TOKEN.findall(t.term)))
            if t.fuzzy and len(key) > EXACT_ONLY_LEN:
                first.setdefault(key[0], []).append(key)
                last.setdefault(key[-1], []).append(key)
        self.first = {c: _Bucket(k) for c, k in first.items()}
        self.last = {c: _Bucket(k) for c, k in last.items()}
        self.max_tokens = min(MAX_TOKENS, max_tokens + EXTRA_TOKENS)
        self.max_key = max((len(k) for k in self.by_key), default=0)
        self.min_cutoff = min((lt.threshold for lt in self.by_key.values()), default=100.0) - NOTE_MARGIN
        self.common = words_en()
        self.known = known_en()

    def __bool__(self) -> bool:
        return bool(self.by_key)

    # --- one sub-run ----------------------------------------------------

    def lookup(self, key: str, cache: dict) -> tuple[LatinTerm, float] | None:
        """The best glossary key for ``key``: exact, else the best fuzzy one."""
        if key in cache:
            return cache[key]
        found = self.by_key.get(key)
        result = (found, 100.0) if found is not None else None
        if result is None and len(key) > EXACT_ONLY_LEN and len(key) <= self.max_key / LEN_FACTOR:
            lo, hi = int(len(key) * LEN_FACTOR), int(len(key) / LEN_FACTOR) + 1
            best = None
            for buckets, c in ((self.first, key[0]), (self.last, key[-1])):
                b = buckets.get(c)
                if b is None:
                    continue
                m = process.extractOne(key, b.window(lo, hi), scorer=fuzz.ratio, score_cutoff=self.min_cutoff)
                if m is not None and (best is None or m[1] > best[1] or (m[1] == best[1] and m[0] < best[0])):
                    best = m
            if best is not None:
                result = (self.by_key[best[0]], best[1])
        cache[key] = result
        return result

    def _is_common(self, words: list[str]) -> bool:
        """All tokens are everyday English words (single letters never count)."""
        return all(len(w) >= 2 and w.lower() in self.common for w in words)

    # --- a whole text ---------------------------------------------------

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping best hits (and near-miss notes), in text order."""
        hits: list[Hit] = []
        cache: dict = {}
        for run in RUN.finditer(text):
            toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, run.start(), run.end())]
            hits.extend(self._run_hits(text, toks, cache))
        hits.sort(key=lambda h: h.start)
        return hits

    def _run_hits(self, text: str, toks: list[tuple[int, int, str]], cache: dict) -> list[Hit]:
        n = len(toks)
        locked = [False] * n
        cands: list[tuple[float, int, int, int, LatinTerm, bool]] = []
        for i in range(n):
            for j in range(i + 1, min(n, i + self.max_tokens) + 1):
                if any(locked[i:j]):
                    break
                span = text[toks[i][0] : toks[j - 1][1]]
                if span in self.exact_text:
                    # A canonical spelling is never changed, nor merged into a longer match.
                    for k in range(i, j):
                        locked[k] = True
                    cands = [c for c in cands if not any(locked[c[1] : c[2]])]
                    break
                key = key_of(span)
                if len(key) > self.max_key / LEN_FACTOR:
                    break
                found = self.lookup(key, cache)
                if found is None:
                    continue
                lt, score = found
                words = [t[2] for t in toks[i:j]]
                need = lt.threshold
                if len(lt.key) <= EXACT_ONLY_LEN and j - i > 1:
                    continue  # "A I" is two letters, not the term "AI"
                if not lt.term.fuzzy and score < 100:
                    continue
                common = self._is_common(words)
                if j - i == 1 and span.lower() in self.known:
                    if score < 100 and _inflected(key, lt.key):
                        # "rhythms" is the plural of a word, not a garbled "rhythm": suggest only.
                        cands.append((score, i, j, -1, lt, True))
                        continue
                    need = max(need, KNOWN_WORD_SCORE)
                if common:
                    need = max(need, COMMON_PHRASE_SCORE)
                    if score == 100 and n > 1 and lt.term.term.lower() == span.lower():
                        # "open the windows": a case change alone on an everyday word inside
                        # English is a guess about meaning, so only suggest it. A lone word in
                        # Chinese text ("那个google他们") is taken as the name.
                        cands.append((score, i, j, -1, lt, True))
                        continue
                if lt.term.case_sensitive and score == 100 and key_of(span) == lt.key:
                    if span.replace(" ", "") != lt.term.term.replace(" ", ""):
                        continue  # the user said the case matters: "us" is not "US"
                if score >= need:
                    cands.append((score, i, j, 0, lt, False))
                elif score >= need - NOTE_MARGIN and (not common or score >= 90):
                    cands.append((score, i, j, -1, lt, True))
        if not cands:
            return []
        out: list[Hit] = []
        taken = [False] * n
        # Best score first, then the longer span, then the earlier one: deterministic.
        for score, i, j, _, lt, note in sorted(cands, key=lambda c: (c[5], -c[0], -(c[2] - c[1]), c[1])):
            if any(taken[i:j]) or any(locked[i:j]):
                continue
            for k in range(i, j):
                taken[k] = True
            out.append(Hit(toks[i][0], toks[j - 1][1], lt, score, note))
        return out
