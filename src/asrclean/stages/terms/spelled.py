"""Acronyms and model names said piece by piece: "G P U", "l l m", "R 1", "gpt 4 o", "covid 19".

A recogniser writes a spelled-out acronym as single letters and a model name as its letter and
number parts, with spaces between. Pieces (runs of letters or digits, apart by one space or a
hyphen) join into a glossary term when their letters and digits are exactly the term's key and
every place they were cut is one a speaker pauses at: beside a single letter, or between letters
and digits. Two single letters alone ("A I") stay, as they are too often just two letters; the
fuzzy matcher (``latin``) has the same rule.

A spelled-out run one letter or digit away from a term's key ("G P V") is only suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .latin import LatinTerm, mask_addresses

PIECE = re.compile(r"[A-Za-z0-9]+")
# Pieces apart by one space or hyphen, not glued to an identifier, a file name or an address.
# (The first letter or digit before the look back at the character before it, for the
# fast scan: see ``latin.RUN``. As "(?<![A-Za-z0-9_.@/\\-])[A-Za-z0-9]+(?:...".)
RUN = re.compile(r"[A-Za-z0-9](?<![A-Za-z0-9_.@/\\-].)[A-Za-z0-9]*(?:[ -][A-Za-z0-9]+)+(?![A-Za-z0-9_@/\\-]|\.[A-Za-z0-9])")
MAX_PIECES = 8
# Keys this long or shorter are suggested only when spelled letter by letter with no other
# piece: a near miss of a two-character key is anything.
MIN_SUGGEST_KEY = 3


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    term: LatinTerm
    note: bool  # a near miss: suggested, not changed


def _single(pieces: list[tuple[int, int, str]], k: int) -> bool:
    return 0 <= k < len(pieces) and len(pieces[k][2]) == 1 and pieces[k][2].isalpha()


def _cut_ok(a: str, b: str) -> bool:
    """Whether a speaker's pause explains the cut between pieces ``a`` and ``b``."""
    if len(a) == 1 and a.isalpha() or len(b) == 1 and b.isalpha():
        return True
    return a[-1].isdigit() != b[0].isdigit()


class SpelledIndex:
    def __init__(self, by_key: dict[str, LatinTerm]):
        self.by_key = {k: lt for k, lt in by_key.items() if lt.term.fuzzy}
        # One letter or digit blanked ("g?u"): a near miss of the same length.
        self.near: dict[str, list[LatinTerm]] = {}
        for k, lt in self.by_key.items():
            if MIN_SUGGEST_KEY <= len(k) <= 8:
                for i in range(len(k)):
                    self.near.setdefault(k[:i] + "?" + k[i + 1 :], []).append(lt)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def find(self, text: str) -> list[Hit]:
        scan = mask_addresses(text)
        out: list[Hit] = []
        for run in RUN.finditer(scan):
            pieces = [(m.start(), m.end(), m.group()) for m in PIECE.finditer(scan, run.start(), run.end())]
            out.extend(self._run(text, pieces))
        return out

    def _run(self, text: str, pieces: list[tuple[int, int, str]]) -> list[Hit]:
        n = len(pieces)
        hits: list[Hit] = []
        i = 0
        while i < n - 1:
            best = None
            joined = pieces[i][2]
            for j in range(i + 1, min(n, i + MAX_PIECES)):
                if not _cut_ok(pieces[j - 1][2], pieces[j][2]):
                    break
                joined += pieces[j][2]
                key = joined.lower()
                singles = all(len(p[2]) == 1 and p[2].isalpha() for p in pieces[i : j + 1])
                if singles and (len(key) < 3 or _single(pieces, i - 1) or _single(pieces, j + 1)):
                    continue  # "A I" is two letters; "a b c d" is not "ABC" and a letter
                lt = self.by_key.get(key)
                if lt is not None:
                    if lt.term.case_sensitive and joined != "".join(ch for ch in lt.term.term if ch.isalnum()):
                        continue
                    best = (j, lt, False)
                elif best is None and (singles or any(c.isdigit() for c in key)):
                    cands = {id(x): x for x in self._near(key)}
                    if len(cands) == 1:
                        best = (j, next(iter(cands.values())), True)
            if best is None:
                i += 1
                continue
            j, lt, note = best
            start, end = pieces[i][0], pieces[j][1]
            if "-" in text[start:end] and "-" not in lt.term.term and not lt.digits:
                i += 1  # a hyphenated word ("e-mail") is written so on purpose
                continue
            if text[start:end] != lt.term.term:
                hits.append(Hit(start, end, lt, note))
            i = j + 1
        return hits

    def _near(self, key: str) -> list[LatinTerm]:
        if not MIN_SUGGEST_KEY <= len(key) <= 8:
            return []
        found = []
        for i in range(len(key)):
            found.extend(self.near.get(key[:i] + "?" + key[i + 1 :], ()))
        return found
