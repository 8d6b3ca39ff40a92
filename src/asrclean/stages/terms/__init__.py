"""Repair the glossary's names and terms: what the recogniser made of them becomes the right spelling.

Five passes, each on the previous one's output:

1. ``replace``: the glossary's exact text replacements.
2. ``alias``: a term's listed variants become the term (Latin ones ignore case unless the
   term is ``case_sensitive``).
3. ``spelled``: acronyms and model names said piece by piece ("G P U", "gpt 4 o"), see
   ``spelled``.
4. ``latin``: garbled English, found by fuzzy key matching (see ``latin``).
5. ``homophone``: same-sound Chinese misspellings, found by pinyin (see ``pinyin``).

A term already spelled right is never changed, and near misses are recorded as
suggestions (``*-suggest`` rules, before == after) with their score.
"""

from __future__ import annotations

import bisect
import re

from ...chars import t2s
from ...edits import Edit
from ...glossary import Term
from ...lazyre import lazy
from ...literals import alternation
from .. import base
from .pinyin import undotted

_HAN = lazy(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ALL_HAN = lazy(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z]")
_ALNUM_EDGE = re.compile(r"[A-Za-z0-9]")
MAX_PINYIN_PASSES = 4
MAX_LATIN_PASSES = 4


# (An ASCII term holds no Chinese: it is told apart without compiling the Han patterns.)
def _latin(t: Term) -> bool:
    return bool(_LATIN.search(t.term)) and (t.term.isascii() or not _HAN.search(t.term))


def _chinese(t: Term) -> bool:
    return not t.term.isascii() and _ALL_HAN.fullmatch(undotted(t.term)) is not None



class Stage(base.Stage):
    name = "terms"
    description = "repair glossary terms: replacements, aliases, garbled English, same-sound Chinese"

    def __init__(self, settings):
        super().__init__(settings)
        g = settings.glossary
        self.replace_map = dict(g.replace)
        # A replacement that holds a key ("苹果" -> "苹果手机", "K8s" -> "Kubernetes (K8s)") is
        # found whole and left alone, as a term holding an alias is: else each run grew it
        # again ("苹果手机手机").
        # A Latin key never matches inside a word or identifier: GPT: 模型 leaves ChatGPT alone.
        keys = _alias_pattern(list(self.replace_map), re.NOFLAG)
        self.replace_kept = {v for v in self.replace_map.values() if v not in self.replace_map and keys.search(v)} if keys else set()
        self.replace_re = _alias_pattern(list(self.replace_map) + sorted(self.replace_kept), re.NOFLAG) if keys else None
        self._build_aliases(g.terms)
        # The matchers import rapidfuzz and load tables: only when the glossary needs them.
        latin = [t for t in g.terms if _latin(t)]
        chinese = [t for t in g.terms if _chinese(t) and t.fuzzy]
        self.latin = None
        self.spelled = None
        self.pinyin = None
        if latin:
            from .latin import LatinIndex

            from .spelled import SpelledIndex

            self.latin = LatinIndex(latin) or None
            self.spelled = SpelledIndex(self.latin.by_key) if self.latin else None
            self.spelled = self.spelled or None
        if chinese:
            from .pinyin import PinyinIndex

            self.pinyin = PinyinIndex(chinese) or None

    def _build_aliases(self, terms: tuple[Term, ...]) -> None:
        """One regex per case mode; canonical terms that contain an alias are in it too, so
        that 联储 inside 美联储 is found as part of the term and left alone."""
        self.alias_to: dict[str, str] = {}
        self.alias_ci: dict[str, str] = {}
        folded_aliases: set[str] = set()
        for t in terms:
            # A name written with its middle dot (约翰·纳什) is found without it too.
            bare = undotted(t.term)
            for a in t.aliases + ((bare,) if bare != t.term and t.fuzzy else ()):
                if not a or a == t.term:
                    continue
                if t.case_sensitive or not _LATIN.search(a):
                    self.alias_to[a] = t.term
                else:
                    self.alias_ci[a.lower()] = t.term
                folded_aliases.add(a.lower())
        self.canon = _containing(terms, folded_aliases)
        self.alias_re = _alias_pattern(list(self.alias_to) + list(self.canon), re.NOFLAG) if self.alias_to else None
        self.alias_ci_re = (
            _alias_pattern(list(self.alias_ci) + list(self.canon), re.IGNORECASE) if self.alias_ci else None
        )

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        rec = self.recorder()
        if self.replace_re is not None:
            text = _sub(rec, self.replace_re, self._replacement, text, "replace")
        if self.alias_re is not None:
            text = _sub(rec, self.alias_re, self._alias_exact, text, "alias")
        if self.alias_ci_re is not None:
            text = _sub(rec, self.alias_ci_re, self._alias_folded, text, "alias")
        if self.spelled is not None:
            text = self._spelled_pass(text, rec)
        if self.latin is not None:
            text = self._latin_pass(text, rec)
        if self.pinyin is not None:
            text = self._pinyin_pass(text, rec)
        return text, rec.edits

    def _replacement(self, m: re.Match):
        s = m.group()
        return None if s in self.replace_kept else self.replace_map.get(s)

    def _alias_exact(self, m: re.Match):
        s = m.group()
        if s in self.canon:
            return None
        to = self.alias_to.get(s)
        return None if to is None else (to, f"alias of {to}")

    def _alias_folded(self, m: re.Match):
        s = m.group()
        if s in self.canon:
            return None
        to = self.alias_ci.get(s.lower())
        return None if to is None else (to, f"alias of {to}")

    def _spelled_pass(self, text: str, rec) -> str:
        changes = []
        for h in self.spelled.find(text):
            before = text[h.start : h.end]
            if h.note:
                rec.note("spelled-suggest", h.start, before, f"one letter or digit from {h.term.term.term!r}")
            else:
                changes.append((h.start, h.end, h.term.term.term, f"score 100 for {h.term.term.term!r} (spelled out)"))
        return rec.replace_spans(text, changes, "spelled") if changes else text

    def _latin_pass(self, text: str, rec) -> str:
        # A repair changes the run around it (a right spelling now stands there),
        # and with it what its neighbours match: look again until nothing changes,
        # so that a second run of the stage finds nothing to do.
        for round_ in range(MAX_LATIN_PASSES):
            changes = []
            for h in self.latin.find(text):
                before = text[h.start : h.end]
                detail = f"score {h.score:.0f} for {h.term.term.term!r} (threshold {h.term.threshold:.0f})"
                if h.note:
                    if round_ == 0:
                        rec.note("latin-suggest", h.start, before, detail)
                else:
                    changes.append((h.start, h.end, h.term.term.term, detail))
            if not changes:
                break
            text = rec.replace_spans(text, changes, "latin")
        return text

    def _pinyin_pass(self, text: str, rec) -> str:
        near = None
        present: frozenset[str] = frozenset()
        # A replacement changes its neighbours' context; looking again around it until nothing
        # changes keeps the stage idempotent (rarely more than one extra look).
        for _ in range(MAX_PINYIN_PASSES):
            hits, present = self.pinyin.find(text, near, present)
            changes = []
            for h in hits:
                before = text[h.start : h.end]
                sounds = self._sounds(before, h.term.sounds)
                detail = f"score {h.score:.0f}, {h.gain:+.1f} bits: sounds like {h.term.term.term} ({sounds})"
                if before.translate(t2s()) == h.term.term.term.translate(t2s()):
                    continue  # the term itself, written in the other script (頭寸 for 头寸)
                if h.note:
                    if near is None:
                        rec.note("homophone-suggest", h.start, before, f"{detail}; kept: {h.note}")
                else:
                    changes.append((h.start, h.end, h.term.term.term, detail))
            n_edits = len(rec.edits)
            text = rec.replace_spans(text, changes, "homophone")
            near = [(e.start, e.start + len(e.after)) for e in rec.edits[n_edits:]]
            if not near:
                break
        return text

    def _sounds(self, window: str, sounds) -> str:
        """The readings the window and the term share, position by position: "xi-tu"."""
        out = []
        for ch, ss in zip(window, sounds):
            shared = ss.intersection(self.pinyin.by_char.get(ch, ())) or ss
            out.append("/".join(sorted(shared)))
        return "-".join(out)


def _containing(terms: tuple[Term, ...], folded: set[str]) -> set[str]:
    """The terms that contain one of the ``folded`` (lower-case) strings, ignoring case.

    Each term's substrings of the strings' lengths are looked up in the set: testing
    every string against every term made loading a large glossary quadratic.
    """
    lengths = sorted({len(a) for a in folded})
    out = set()
    for t in terms:
        low = t.term.lower()
        if any(low[i : i + k] in folded for k in lengths for i in range(len(low) - k + 1)):
            out.add(t.term)
    return out


def _sub(rec, pattern: re.Pattern[str], repl, text: str, rule: str) -> str:
    """Replace every match ``repl`` accepts, except inside URLs, e-mail addresses and paths.

    A Latin word set off by spaces in Chinese text that becomes Chinese ("还有 ai 和" ->
    人工智能) takes those spaces with it: between two Chinese words they would read as pauses.
    """
    from .latin import address_spans

    spans = address_spans(text)
    starts = [a for a, _ in spans]
    changes = []
    deleted = False
    deleted_to = -1  # where the last deletion ended
    for m in pattern.finditer(text):
        start, end = m.span()
        # Spans are sorted and apart: only the last one starting before `end` can
        # overlap (testing every span made many addresses and matches quadratic).
        k = bisect.bisect_left(starts, end) - 1
        if k >= 0 and spans[k][1] > start:
            continue
        out = repl(m)
        if out is None:
            continue
        after, detail = out if isinstance(out, tuple) else (out, None)
        if not after:
            # A deletion ("[音乐]": '') leaves one of the spaces around it, and a space
            # between two English words ("I[音乐]think" -> "I think").
            if deleted_to == start:
                start = changes.pop()[0]  # deletions side by side go as one
            deleted, deleted_to = True, end
            if start > 0 and text[start - 1] == " " and text.startswith(" ", end):
                if not changes or changes[-1][1] <= start - 1:
                    start -= 1
            elif base.joins_words(text, start, end):
                after = " "
            changes.append((start, end, after, detail))
            continue
        if _HAN.search(m.group()):
            changes.append((start, end, after, detail))
            continue  # spaces between Chinese words are the text's own pauses
        if _HAN.match(after) and start >= 2 and text[start - 1] == " " and _HAN.match(text, start - 2):
            start -= 1
        if _HAN.match(after[-1:]) and text.startswith(" ", end) and _HAN.match(text, end + 1):
            end += 1
        changes.append((start, end, after, detail))
    text = rec.replace_spans(text, changes, rule)
    # What a deletion left at a line's edge.
    return base.tidy_after_deletions(rec, text) if deleted else text


def _alias_pattern(strings: list[str], flags) -> re.Pattern[str] | None:
    """Longest first; a Latin alias must not start or end inside a Latin word or identifier
    ("AI" in "said", "k8s" in "k8s_config"). A trie (see ``literals``), so that the
    time per position does not grow with the glossary."""
    source = alternation(
        strings,
        lead=lambda c: r"(?<![A-Za-z0-9_])" if _ALNUM_EDGE.match(c) else "",
        trail=lambda c: r"(?![A-Za-z0-9_])" if _ALNUM_EDGE.match(c) else "",
        fold=bool(flags & re.IGNORECASE),
    )
    return None if source is None else re.compile(source, flags)
