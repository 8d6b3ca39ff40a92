"""``clean suggest``: a candidate glossary mined from the user's own transcripts.

Every input is cleaned with the given glossary first, so only what the cleaner still gets
wrong is looked at. Three kinds of evidence, each counted across all inputs:

- ``latin``: runs of Latin fragments that are not English ("ku ber netes", "pie torch"),
  clustered by their letters (joined, lower case, fuzzily) with the spellings around them;
  the right spelling is the one-word form the text also uses ("Kubernetes") or the English
  word the fragments join into ("deriv a tive"), else it is unknown and the entry says so;
- ``near``: the near misses the terms stage noted (``*-suggest`` edits), per garble and term;
- ``homophone``: Chinese words of the texts (dictionary words that are not everyday ones,
  and the new words below) that the same text also spells with other, same-sounding
  characters, found by the terms stage's own pinyin matcher and its reads-better test, with
  these words as the glossary;
- ``new``: frequent Chinese words that no dictionary holds (a guest's name, a product, a
  place: ``asrclean.newwords``). They fix nothing yet, so they come after the candidates
  that do; in the glossary they are protected and their garbles repaired from then on.

What the glossary already has (a term, an alias, a ``keep`` or ``replace`` entry) is never
suggested. Candidates are sorted by how many occurrences they would fix.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .glossary import Glossary, Term
from .stages.terms.latin import RUN, TOKEN, _glued, _inflected, key_of, mask_addresses
from .stages.terms.tables import known_en, words_en, words_zh

# A candidate must be seen this often (over all inputs) to be suggested.
MIN_COUNT = 2
# Keys shorter than this are too easy to hit by chance ("ai", "ok").
MIN_KEY = 5
# Garbled terms are a few fragments; longer stretches are English prose.
MAX_TOKENS = 4
# Spellings whose keys are this similar (rapidfuzz ratio) are one cluster.
CLUSTER_SCORE = 80.0
# Chinese words jieba counts 2**9 = 512 times or more are everyday words, not glossary terms
# (the line bench_terms draws too): as candidates they drew same-sound "fixes" of ordinary
# text (日至 in "3日至5日" for 日志).
ZH_MAX_LEVEL = 8
ZH_LENGTHS = (2, 3, 4)
# Characters of context shown on each side in an example.
CONTEXT = 14
EXAMPLES = 2

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_COMMA = re.compile(r"[,，、]")
_DETAIL_LATIN = re.compile(r"for '(.+)' \(threshold")
_DETAIL_HOMOPHONE = re.compile(r"sounds like (\S+) \(")


@dataclass
class Candidate:
    kind: str  # "latin" | "near" | "homophone" | "new"
    term: str
    aliases: dict[str, int]  # garbled spelling -> how often
    files: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    known: bool = True  # False: the right spelling is a guess; the user must correct it
    base: Term | None = None  # the glossary's own term, for an alias added to it
    seen: int = 0  # "new": how often the word itself occurs (it has no aliases to fix)

    @property
    def count(self) -> int:
        return sum(self.aliases.values())


class _Occurrences:
    """Spellings seen, with counts, files and a couple of contexts each."""

    def __init__(self) -> None:
        self.count: Counter = Counter()
        self.files: dict[str, set[str]] = defaultdict(set)
        self.examples: dict[str, list[str]] = defaultdict(list)

    def add(self, form: str, name: str, text: str, start: int, end: int) -> None:
        self.count[form] += 1
        self.files[form].add(name)
        ex = self.examples[form]
        if len(ex) < EXAMPLES:
            ctx = _context(text, start, end)
            if ctx not in ex:
                ex.append(ctx)


def _context(text: str, start: int, end: int) -> str:
    a = max(0, start - CONTEXT)
    b = min(len(text), end + CONTEXT)
    s = ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")
    return " ".join(s.split())


class Suggester:
    """Feed it documents (``add``), then ask for ``candidates``."""

    def __init__(self, cleaner, min_count: int = MIN_COUNT):
        self.cleaner = cleaner
        self.glossary: Glossary = cleaner.settings.glossary
        self.min_count = min_count
        self.latin = _Occurrences()
        self.near: dict[tuple[str, str], _Occurrences] = {}
        self.texts: list[tuple[str, str]] = []  # (name, cleaned text) for the Chinese pass
        self.zh_words: Counter = Counter()
        self.n_files = 0
        self._common = words_en()
        self._known = known_en()
        self._zh = words_zh()

    # --- reading -----------------------------------------------------------

    def add(self, src) -> None:
        doc = self.cleaner.clean_source(src)
        text = doc.text
        name = src.name
        self.n_files += 1
        for e in doc.edits:
            if e.rule.endswith("-suggest"):
                self._add_near(e, name, text)
        self._add_latin(text, name)
        self._add_zh_words(text)
        self.texts.append((name, text))

    def _add_near(self, e, name: str, text: str) -> None:
        m = (_DETAIL_LATIN if e.rule.startswith("latin") else _DETAIL_HOMOPHONE).search(e.detail or "")
        if m is None:
            return
        term = m.group(1)
        before = " ".join(e.before.split())
        if e.rule.startswith("latin"):
            words = before.split(" ")
            if before.lower() == term.lower() or all(w.lower() in self._common for w in words):
                return  # "zoom in", "open the windows": English as it was said
            if len(words) == 1 and self._is_word(before):
                return  # "sentiment" near "entitlement": a word of its own
            if _inflected(key_of(before), key_of(term)):
                return  # "llamas", "YouTuber": a word made from the term, rightly left alone
        else:
            if "kept: sounds like" in (e.detail or ""):
                return  # two terms sound the same here: an alias would be a guess
            if before in self._zh:
                return  # a word of its own (较好 near 叫好): an alias would replace it everywhere
        occ = self.near.setdefault((term, before), _Occurrences())
        at = text.find(e.before)
        occ.add(before, name, text, max(at, 0), max(at, 0) + len(e.before))

    def _is_word(self, w: str) -> bool:
        low = w.lower()
        return len(low) >= 2 and (low in self._common or low in self._known)

    def _add_latin(self, text: str, name: str) -> None:
        scan = mask_addresses(text)
        for run in RUN.finditer(scan):
            toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(scan, run.start(), run.end())]
            stretch: list = []
            for k, t in enumerate(toks):
                if stretch and _COMMA.search(scan, toks[k - 1][1], t[0]):
                    self._add_stretch(text, stretch, name)
                    stretch = []
                stretch.append(t)
            self._add_stretch(text, stretch, name)

    def _add_stretch(self, text: str, toks: list, name: str) -> None:
        if not toks:
            return
        if len(toks) > MAX_TOKENS:
            # English prose: only its stretches of non-words can be garbles.
            piece: list = []
            for t in toks + [None]:
                if t is not None and not self._is_word(t[2]):
                    piece.append(t)
                    continue
                if piece and len(piece) <= MAX_TOKENS:
                    self._add_piece(text, piece, name)
                piece = []
            return
        self._add_piece(text, toks, name)

    def _add_piece(self, text: str, toks: list, name: str) -> None:
        start, end = toks[0][0], toks[-1][1]
        if _glued(text, start, end):
            return  # an identifier, a file name, a version
        form = " ".join(t[2] for t in toks)
        self.latin.add(form, name, text, start, end)

    def _add_zh_words(self, text: str) -> None:
        zh = self._zh
        for m in _HAN_RUN.finditer(text):
            run = m.group()
            for n in ZH_LENGTHS:
                for i in range(len(run) - n + 1):
                    w = run[i : i + n]
                    lvl = zh.get(w)
                    if lvl is not None and lvl <= ZH_MAX_LEVEL:
                        self.zh_words[w] += 1

    # --- deciding ----------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        have = _Known(self.glossary)
        out = self._near_candidates(have)
        explained = {a.lower() for c in out for a in c.aliases}
        out += self._latin_candidates(have, explained)
        new = self._new_words(have)
        out += self._zh_candidates(have, new)
        # The same spelling claimed twice (a near miss and a cluster): the first, surer one.
        seen: set[str] = set()
        unique = []
        for c in sorted(out, key=lambda c: (-c.count, -len(c.files), c.term)):
            c.aliases = {a: n for a, n in c.aliases.items() if a.lower() not in seen}
            if c.count < self.min_count:
                continue
            seen.update(a.lower() for a in c.aliases)
            unique.append(c)
        # New words after what fixes something: neither a spelling claimed above (a garble
        # that recurs is no word of its own) nor a term suggested already.
        terms = {c.term for c in unique}
        unique += [
            c for c in self._new_candidates(new) if c.term.lower() not in seen and c.term not in terms
        ]
        return unique

    def _new_words(self, have: "_Known") -> dict[str, int]:
        """Frequent words no dictionary holds (asrclean.newwords), with their counts."""
        from .newwords import Counts

        counts = Counts()
        for _, text in self.texts:
            counts.add(text)
        return {w.word: w.count for w in counts.words(max(self.min_count, 3)) if not have.has_zh(w.word)}

    def _new_candidates(self, new: dict[str, int]) -> list[Candidate]:
        out = []
        for w in sorted(new, key=lambda w: (-new[w], w)):
            occ = _Occurrences()
            for name, text in self.texts:
                at = text.find(w)
                while at >= 0:
                    occ.add(w, name, text, at, at + len(w))
                    at = text.find(w, at + len(w))
            out.append(Candidate("new", w, {}, occ.files[w], occ.examples[w], seen=new[w]))
        return out

    def _near_candidates(self, have: "_Known") -> list[Candidate]:
        by_term: dict[str, Candidate] = {}
        terms = {t.term: t for t in self.glossary.terms}
        for (term, before), occ in sorted(self.near.items()):
            if have.has_alias(before) or before == term:
                continue
            c = by_term.get(term)
            if c is None:
                c = by_term[term] = Candidate("near", term, {}, base=terms.get(term))
            c.aliases[before] = occ.count[before]
            c.files |= occ.files[before]
            c.examples.extend(occ.examples[before][: EXAMPLES - len(c.examples)])
        return list(by_term.values())

    def _latin_candidates(self, have: "_Known", explained: set[str]) -> list[Candidate]:
        from rapidfuzz import fuzz

        occ = self.latin
        # Spellings by their lower-case form ("Stand off" and "stand off" are one).
        forms: dict[str, list[str]] = defaultdict(list)
        for f in occ.count:
            if f.lower() not in explained:
                forms[f.lower()].append(f)
        by_key: dict[str, list[str]] = defaultdict(list)
        for low in forms:
            k = key_of(low)
            if len(k) >= MIN_KEY:
                by_key[k].append(low)
        keys = sorted(by_key, key=lambda k: (-sum(occ.count[f] for lw in by_key[k] for f in forms[lw]), k))
        # Union of similar keys, compared only within a first letter and a length window.
        parent = {k: k for k in keys}

        def root(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        # Only keys with a garble-like spelling (fragments, or one word that is no English)
        # are compared: English words of their own join a cluster by their exact key, and
        # English-heavy transcripts do not make this pass grow with their vocabulary squared.
        by_first: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            if any(" " in lw or not self._is_word(lw) for lw in by_key[k]):
                by_first[k[0]].append(k)
        for group in by_first.values():
            group.sort(key=len)
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if len(b) - len(a) > max(2, len(a) // 4):
                        break  # sorted by length: the rest are longer still
                    if fuzz.ratio(a, b) >= CLUSTER_SCORE:
                        ra, rb = root(a), root(b)
                        if ra != rb:
                            parent[rb] = ra
        clusters: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            clusters[root(k)].append(k)
        out = []
        for members in clusters.values():
            lows = [lw for k in members for lw in by_key[k]]
            c = self._latin_cluster(lows, forms, have)
            if c is not None:
                out.append(c)
        return out

    def _latin_cluster(self, lows: list[str], forms: dict[str, list[str]], have: "_Known") -> Candidate | None:
        occ = self.latin
        count = {lw: sum(occ.count[f] for f in forms[lw]) for lw in lows}
        if any(have.has_latin(lw) for lw in lows):
            return None  # the glossary knows it: the terms stage's business

        def garbled(lw: str) -> bool:
            words = lw.split(" ")
            if len(words) == 1:
                return False
            return any(not self._is_word(w) for w in words) or key_of(lw) in self._known

        distinct = {lw for lw in lows}
        if len(distinct) < 2 and not any(garbled(lw) for lw in lows):
            return None  # one spelling, all English words: what was said
        if all(self._is_word(w) for lw in lows for w in lw.split(" ")):
            # Only English words, in every spelling ("stand off" / "standoff", "user
            # application" / "us application"): English as said, as the terms stage takes it.
            return None
        # A one-word spelling is the right one when it is a word, is written with capitals
        # (a name: "GitHub"), or recurs; a one-off run-together garble is none of those.
        singles = [
            lw for lw in lows
            if " " not in lw and (lw in self._known or count[lw] >= 2 or any(f != f.lower() for f in forms[lw]))
        ]
        if singles:
            right_low = max(singles, key=lambda lw: (count[lw], lw))
            # The written form the text uses most ("Kubernetes", not "kubernetes").
            right = max(forms[right_low], key=lambda f: (occ.count[f], f != f.lower(), f))
            known = True
        else:
            top = max(lows, key=lambda lw: (count[lw], lw))
            joined = key_of(top)
            if joined in self._known:
                right, right_low, known = joined, joined, True
            else:
                right, right_low, known = top, top, False
        if have.has_latin(right_low) or (not known and len(distinct) < 2 and not garbled(right_low)):
            return None
        aliases = {}
        files: set[str] = set()
        examples: list[str] = []
        for lw in sorted(lows, key=lambda lw: -count[lw]):
            files.update(*(occ.files[f] for f in forms[lw]))
            if lw == right_low and known:
                continue
            if " " not in lw and self._is_word(lw):
                continue  # a real word of its own ("sentiment") is no garble of anything
            form = max(forms[lw], key=lambda f: occ.count[f])
            aliases[form] = count[lw]
            for f in forms[lw]:
                examples.extend(occ.examples[f][: EXAMPLES - len(examples)])
        if not aliases:
            return None
        return Candidate("latin", right, aliases, files, examples, known=known)

    def _zh_candidates(self, have: "_Known", new: dict[str, int]) -> list[Candidate]:
        words = [w for w, n in self.zh_words.items() if n >= self.min_count and not have.has_zh(w)]
        words += [w for w in new if w not in self.zh_words]
        if not words or not self.texts:
            return []
        from .stages.terms.pinyin import PinyinIndex

        index = PinyinIndex([Term(w) for w in sorted(words)])
        if not index:
            return []
        found: dict[str, _Occurrences] = {}
        for name, text in self.texts:
            hits, _ = index.find(text)
            for h in hits:
                if h.note is not None:
                    continue
                window = text[h.start : h.end]
                if have.has_zh(window) or new.get(window, 0) >= new.get(h.term.term.term, 0) > 0:
                    continue  # known, or a new word as frequent as the one it sounds like
                found.setdefault(h.term.term.term, _Occurrences()).add(window, name, text, h.start, h.end)
        out = []
        for term, occ in found.items():
            c = Candidate("homophone", term, dict(occ.count))
            for f in occ.count:
                c.files |= occ.files[f]
                c.examples.extend(occ.examples[f][: EXAMPLES - len(c.examples)])
            out.append(c)
        return out


class _Known:
    """What the glossary already has, in the forms the miners produce."""

    def __init__(self, g: Glossary):
        self.latin: set[str] = set()
        self.zh: set[str] = set()
        self.aliases: set[str] = set()
        for t in g.terms:
            self._add(t.term)
            for a in t.aliases:
                self._add(a)
                self.aliases.add(a.lower())
        for s in g.keep + tuple(k for k, _ in g.replace) + tuple(v for _, v in g.replace):
            self._add(s)
            self.aliases.add(s.lower())
        self.latin.discard("")

    def _add(self, s: str) -> None:
        self.latin.add(key_of(s))
        self.zh.add(s)

    def has_latin(self, s: str) -> bool:
        return key_of(s) in self.latin

    def has_zh(self, s: str) -> bool:
        return s in self.zh

    def has_alias(self, s: str) -> bool:
        return s.lower() in self.aliases


# --- output ----------------------------------------------------------------

def _scalar(s: str) -> str:
    import yaml

    out = yaml.safe_dump(s, allow_unicode=True, default_flow_style=True, width=10**9)
    return out[: -len("\n...\n")] if out.endswith("\n...\n") else out.rstrip("\n")


def _flow(items: list[str]) -> str:
    import yaml

    return yaml.safe_dump(items, allow_unicode=True, default_flow_style=True, width=10**9).rstrip("\n")


def _comment(s: str) -> str:
    return " ".join(s.split())


def to_yaml(cands: list[Candidate], n_files: int, top: int | None = None) -> str:
    """The candidates as a glossary a user can read, edit and pass with ``-g``."""
    shown = cands[:top] if top else cands
    lines = [
        f"# Candidate glossary: {len(shown)} of {len(cands)} candidates from {n_files} file(s), written by `clean suggest`.",
        "# Sorted by how many occurrences each would fix; then words in no dictionary, by how often",
        "# they occur. Check every entry before use: delete what is wrong, correct a term marked",
        "# \"right spelling unknown\".",
    ]
    if not shown:
        lines.append("terms: []")
        return "\n".join(lines) + "\n"
    lines.append("terms:")
    for c in shown:
        if c.kind == "new":
            where = f"{len(c.files)} file" + ("s" if len(c.files) != 1 else "")
            lines.append(f"  # seen {c.seen} times in {where}, in no dictionary: keep it if it is a name or a term")
            for ex in c.examples[:EXAMPLES]:
                lines.append(f"  #   {_comment(ex)}")
            lines.append(f"  - term: {_scalar(c.term)}")
            continue
        forms = ", ".join(f"{_scalar(a)} x{n}" for a, n in c.aliases.items())
        where = f"{len(c.files)} file" + ("s" if len(c.files) != 1 else "")
        why = {
            "latin": "Latin fragments",
            "near": "near misses the terms stage noted",
            "homophone": "same-sound spellings",
        }[c.kind]
        lines.append(f"  # {c.count} to fix in {where} ({why}): {_comment(forms)}")
        if not c.known:
            lines.append("  # right spelling unknown: correct the term")
        for ex in c.examples[:EXAMPLES]:
            lines.append(f"  #   {_comment(ex)}")
        lines.append(f"  - term: {_scalar(c.term)}")
        aliases = [a for a in c.aliases if a != c.term]
        if c.base is not None:
            # An alias for a glossary term: its own settings come along, so that laying this
            # file over the glossary (a term named again replaces it) loses nothing.
            aliases = list(c.base.aliases) + [a for a in aliases if a not in c.base.aliases]
        if aliases:
            lines.append(f"    aliases: {_flow(aliases)}")
        if c.base is not None:
            b = c.base
            if not b.fuzzy:
                lines.append("    fuzzy: false")
            if b.threshold is not None:
                lines.append(f"    threshold: {b.threshold:g}")
            if b.case_sensitive:
                lines.append("    case_sensitive: true")
    return "\n".join(lines) + "\n"


def suggest(sources, cleaner, min_count: int = MIN_COUNT) -> tuple[list[Candidate], int]:
    """Candidates from parsed sources (see ``readers``), and how many sources were read."""
    s = Suggester(cleaner, min_count=min_count)
    for src in sources:
        s.add(src)
    return s.candidates(), s.n_files
