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
import string
from dataclasses import dataclass

from ...glossary import Term
from ...lazyre import lazy
from .tables import known_en, words_en

_TOKEN_REST = r"[A-Za-z0-9]*(?:['’][A-Za-z]+)?"  # (after the first letter)
_TOKEN = "[A-Za-z]" + _TOKEN_REST
TOKEN = re.compile(_TOKEN)
# Fragments are joined across single spaces and across one stray comma or enumeration
# mark ("open, I", "met、 ata"): recognisers put those between pieces of one word.
# A run begins at a letter with no letter or digit before it: the letter is matched
# first and the character before it looked at after (``(?<![A-Za-z0-9].)``), since
# ``re`` skips ahead to a class a pattern opens with in a fast scan, but tries a
# pattern that opens with a look back at every character (three times the time on a
# Chinese text). The same matches as ``(?<![A-Za-z0-9]){_TOKEN}...``.
RUN = re.compile(rf"[A-Za-z](?<![A-Za-z0-9].){_TOKEN_REST}(?:(?: |[,，、] ?){_TOKEN})*(?![A-Za-z0-9])")
_NON_KEY = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[^0-9]+")
_COMMA = re.compile(r"[,，、]")
# A term's own punctuation at its edges (".NET", "C++"): the text may already carry it.
_LEAD = re.compile(r"[^A-Za-z0-9]*")
_TRAIL = re.compile(r"[^A-Za-z0-9]*\Z")
# Addresses the recogniser (or the user) typed on purpose: never English to repair.
_URL = r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]+"  # a URL with a scheme
_WWW = r"www\.[!-~]+"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_PATH = r"(?:[A-Za-z]:|~)?(?:[/\\][A-Za-z0-9_.+~-]+){2,}[/\\]?"  # a path of two parts or more
_ADDRESS = lazy(f"{_URL}|{_WWW}|{_EMAIL}|{_PATH}")
# `_ADDRESS` scanned over a long run of name characters ("/aaaa…", "aaaa…@") is
# quadratic: the URL and e-mail alternatives, tried at each character, read to
# the run's end before they fail. Whether they match depends only on where the
# run ends, so these two patterns try them once per run and find the same
# matches: `_ADDRESS_AT` right where the last match ended (a run may go on
# there), `_ADDRESS_FROM` only where a run begins. A URL is entered at the start
# of its run of scheme characters, over digits and signs to its first letter
# (the group `url`), as `_ADDRESS` would reach it.
_URL_RUN = r"[0-9+.-]*(?P<url>[A-Za-z][A-Za-z0-9+.-]*://[!-~]+)"
_ADDRESS_AT = lazy(f"{_URL_RUN}|{_WWW}|{_EMAIL}|{_PATH}")
_ADDRESS_FROM = lazy(f"(?<![A-Za-z0-9+.-]){_URL_RUN}|{_WWW}|(?<![A-Za-z0-9._%+-]){_EMAIL}|{_PATH}")
# (As "[/@\\]|www\.", opening with a class for the fast scan: see RUN.)
_ADDRESS_MARK = re.compile(r"[/@\\w](?:(?<=[/@\\])|ww\.)")
_PRINTABLE = re.compile(r"[!-~]*")
_MASK = "\0"
# A token glued to one of these is part of an identifier, a file name or a version
# ("docker-compose", "john.google@", "python3"), not a word of speech. (Letters count for
# a span widened over a term's own punctuation: "asp.net" is not ".NET".)
_GLUE = frozenset("./@\\:_-" + string.ascii_letters + string.digits)
# After a word these two usually end a sentence or a label ("Google.", "Zoom: ..."); they
# glue only when a name character follows ("google.com", "https://").
_GLUE_IF_FOLLOWED = frozenset(".:")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_/\\]")

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
# A run this long, mostly real English words, is English prose: a fuzzy match there rewrites
# what someone said ("deep seeker" is not "DeepSeek"), so it must be almost certain.
PROSE_TOKENS = 3
PROSE_SCORE = 95.0
# Garbles split a word into more pieces than it has, but rarely more than two more.
EXTRA_TOKENS = 2
MAX_TOKENS = 6
# A split word with a piece said twice ("met ata" for Meta: "ta" twice) scores this much: enough
# for a garble standing in Chinese, not for one amid English prose ("I met at a cafe").
REPEAT_SCORE = 90.0
MAX_REPEAT = 4
# A split run that is the start or the end of a term's key ("able care" for Affordable Care) is
# suggested when it holds this many letters, and this share of the key.
PARTIAL_MIN = 6
PARTIAL_SHARE = 0.5
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


_SUFFIXES = ("s", "es", "d", "ed", "ing", "r", "er", "ers", "ly", "y", "al")


def _inflected(a: str, b: str) -> bool:
    """Whether one key is the other with an English inflection or suffix added."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and long_[len(short):] in _SUFFIXES


def _digits(s: str) -> str:
    return _DIGITS.sub("", s)


def _glued(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is stuck to identifier characters on either side."""
    if start > 0 and text[start - 1] in _GLUE:
        # A colon glues only to a name before it ("C:", "std::"); after Chinese or a
        # space it introduces the word ("用:deep seek"), as the full-width "：" it becomes.
        if text[start - 1] != ":" or (start > 1 and _NAME_CHAR.match(text, start - 2) is not None):
            return True
    if end < len(text):
        c = text[end]
        if c in _GLUE_IF_FOLLOWED:
            return end + 1 < len(text) and _NAME_CHAR.match(text, end + 1) is not None
        return c in _GLUE
    return False


def address_spans(text: str) -> list[tuple[int, int]]:
    """Where the text has URLs, e-mail addresses and paths.

    Each holds "/", "@", "\\" or "www." inside one stretch of printable ASCII: only those
    stretches are matched against ``_ADDRESS`` (a full regex scan of Chinese text is slow).
    """
    spans: list[tuple[int, int]] = []
    if "/" not in text and "@" not in text and "\\" not in text and "www." not in text:
        return spans  # four substring tests cost less than one regex scan
    end = 0
    for m in _ADDRESS_MARK.finditer(text):
        if m.start() < end:
            continue
        start = m.start()
        while start > 0 and "!" <= text[start - 1] <= "~":
            start -= 1
        end = _PRINTABLE.match(text, m.start()).end()
        spans.extend(_addresses(text, start, end))
    return spans


def _addresses(text: str, start: int, end: int):
    """The spans of ``_ADDRESS.finditer(text, start, end)``, in linear time (see above)."""
    pos = start
    while pos < end:
        m = _ADDRESS_AT.match(text, pos, end)
        if m is None:
            m = _ADDRESS_FROM.search(text, pos + 1, end)
            if m is None:
                return
        yield (m.start() if m.group("url") is None else m.start("url")), m.end()
        pos = m.end()


def mask_addresses(text: str) -> str:
    """The text with URLs, e-mail addresses and paths blanked out, offsets unchanged."""
    spans = address_spans(text)
    if not spans:
        return text
    parts = []
    pos = 0
    for a, b in spans:
        parts.append(text[pos:a])
        parts.append(_MASK * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class LatinTerm:
    term: Term
    key: str
    threshold: float
    lead: str  # punctuation the term starts with (".NET")
    trail: str  # punctuation it ends with ("C++")
    digits: str


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # offsets in the text
    end: int
    term: LatinTerm
    score: float
    note: bool  # below threshold: a suggestion, not a change
    near: bool = False  # a suggestion only for its score: the term used elsewhere may decide it


class _Bucket:
    """Keys sharing one letter, sorted by length so a length window is one slice."""

    __slots__ = ("keys", "lens")

    def __init__(self, keys: list[str]):
        # Then by spelling: of two keys as close ("caption", "faction"), the first one is the
        # match, and a set's order changes from one run to the next.
        self.keys = sorted(set(keys), key=lambda k: (len(k), k))
        self.lens = [len(k) for k in self.keys]

    def window(self, lo: int, hi: int) -> list[str]:
        return self.keys[bisect.bisect_left(self.lens, lo) : bisect.bisect_right(self.lens, hi)]


class LatinIndex:
    def __init__(self, terms: list[Term]):
        # Imported here: the address helpers above serve the alias pass without it.
        from rapidfuzz import fuzz, process

        self._best = process.extractOne
        self._ratio = fuzz.ratio
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
            lead = _LEAD.match(t.term).group()
            trail = _TRAIL.search(t.term).group()
            lt = LatinTerm(t, key, th, lead, trail, _digits(t.term))
            self.by_key[key] = lt
            self.exact_text.add(t.term)
            max_tokens = max(max_tokens, len(TOKEN.findall(t.term)))
            if t.fuzzy and len(key) > EXACT_ONLY_LEN:
                first.setdefault(key[0], []).append(key)
                last.setdefault(key[-1], []).append(key)
        # Starts and ends of the keys of terms of two words or more, or long single words.
        partial: dict[str, list[str]] = {}
        for key, lt in self.by_key.items():
            if not lt.term.fuzzy:
                continue
            for n in range(max(PARTIAL_MIN, int(len(key) * PARTIAL_SHARE + 0.999)), len(key)):
                partial.setdefault(key[:n], []).append(key)
                partial.setdefault(key[-n:], []).append(key)
        self.partial = {k: v[0] for k, v in partial.items() if len(set(v)) == 1}
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
                m = self._best(key, b.window(lo, hi), scorer=self._ratio, score_cutoff=self.min_cutoff)
                if m is not None and (best is None or m[1] > best[1] or (m[1] == best[1] and m[0] < best[0])):
                    best = m
            if best is not None:
                result = (self.by_key[best[0]], best[1])
        cache[key] = result
        return result

    def repeat(self, key: str) -> LatinTerm | None:
        """The term whose key is ``key`` with one piece said twice taken out ("metata")."""
        for c in range(1, MAX_REPEAT + 1):
            for p in range(0, len(key) - 2 * c + 1):
                if key[p : p + c] == key[p + c : p + 2 * c]:
                    lt = self.by_key.get(key[: p + c] + key[p + 2 * c :])
                    if lt is not None and lt.term.fuzzy and len(lt.key) > EXACT_ONLY_LEN:
                        return lt
        return None

    def _is_common(self, words: list[str]) -> bool:
        """All tokens are everyday English words (single letters never count)."""
        return all(len(w) >= 2 and w.lower() in self.common for w in words)

    def _is_word(self, w: str) -> bool:
        """A real English word of two letters or more, everyday or not. (Single letters are
        left out: garbles are full of them, "car i age".)"""
        low = w.lower()
        return low in self.common or low in self.known

    def _is_prose(self, toks: list[tuple[int, int, str]]) -> bool:
        n = len(toks)
        return n >= PROSE_TOKENS and sum(self._is_word(t[2]) for t in toks) >= max(PROSE_TOKENS, n // 2 + 1)

    # --- a whole text ---------------------------------------------------

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping best hits (and near-miss notes), in text order.

        A near miss (``Hit.near``) of a term the text uses elsewhere, spelled right or
        repaired where the score is clear, is a change: a document repeats its terms."""
        hits: list[Hit] = []
        cache: dict = {}
        present: set[str] = set()
        scan = mask_addresses(text)
        for run in RUN.finditer(scan):
            toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(scan, run.start(), run.end())]
            hits.extend(self._run_hits(scan, toks, cache, present))
        present.update(h.term.term.term for h in hits if not h.note)
        hits = [
            Hit(h.start, h.end, h.term, h.score, False) if h.near and h.term.term.term in present else h for h in hits
        ]
        hits.sort(key=lambda h: h.start)
        return hits

    def _run_hits(self, text: str, toks: list[tuple[int, int, str]], cache: dict, present: set[str]) -> list[Hit]:
        n = len(toks)
        comma = None  # comma[k]: a comma or 、 stands between tokens k-1 and k
        whole_ok = False
        seg_len = None
        if n > 1 and _COMMA.search(text, toks[0][1], toks[-1][0]) is not None:
            comma = [False] + [_COMMA.search(text, toks[k - 1][1], toks[k][0]) is not None for k in range(1, n)]
            # "open, I" is one garbled word only when it is all the Latin there is, standing in
            # Chinese; in English ("the door open, I said") the comma divides words.
            whole_ok = _isolated(text, toks[0][0], toks[-1][1])
            seg_len = _stretches(comma)
        prose: list[bool] = []  # worked out once, when a fuzzy candidate first needs it
        locks: dict[int, list[int]] = {}  # token ranges already spelled as a term: start -> ends
        cands: list[tuple[float, int, int, int, int, LatinTerm, bool]] = []
        for i in range(n):
            crosses = False
            exact_only = False  # past a right spelling only another term's exact key may follow
            for j in range(i + 1, min(n, i + self.max_tokens) + 1):
                if comma is not None and j - i > 1 and comma[j - 1]:
                    crosses = True
                if crosses and not (whole_ok and i == 0):
                    break
                if crosses and j < n:
                    continue
                span = text[toks[i][0] : toks[j - 1][1]]
                if span in self.exact_text:
                    # A canonical spelling is never changed, nor merged into a longer fuzzy match.
                    locks.setdefault(i, []).append(j)
                    present.add(span)
                    exact_only = True
                    continue
                key = key_of(span)
                if len(key) > self.max_key / LEN_FACTOR:
                    break
                partial = None
                if exact_only:
                    lt = self.by_key.get(key)
                    found = None if lt is None else (lt, 100.0)
                else:
                    found = self.lookup(key, cache)
                    if j - i > 1 and (found is None or found[1] < REPEAT_SCORE):
                        rep = self.repeat(key)
                        if rep is not None:
                            found = (rep, REPEAT_SCORE)
                        elif key in self.partial and (found is None or found[1] < found[0].threshold):
                            partial = self.by_key[self.partial[key]]
                            found = (partial, 100.0 * len(key) / len(partial.key))
                if found is None:
                    continue
                lt, score = found
                start, end = _extend(text, toks[i][0], toks[j - 1][1], lt)
                if text[start:end] == lt.term.term:
                    locks.setdefault(i, []).append(j)
                    present.add(lt.term.term)  # ".NET" already there: "NET" is not to be dotted again
                    exact_only = True
                    continue
                phrase_len = n if seg_len is None else seg_len[i]
                if partial is not None:
                    # Letters are missing at one end: which word was said is a guess; suggest it.
                    if not _glued(text, start, end) and lt.digits == _digits(span):
                        if not prose:
                            prose.append(self._is_prose(toks))
                        cands.append((score, i, j, start, end, lt, True, not prose[0]))
                    continue
                cand = self._judge(text, toks, i, j, start, end, span, key, lt, score, phrase_len, prose)
                if cand is not None:
                    cands.append(cand)
        if not cands:
            return []
        out: list[Hit] = []
        taken = [False] * n
        # Changes before suggestions, best score first, then the longer span, then the
        # earlier one: deterministic.
        for score, i, j, start, end, lt, note, near in sorted(cands, key=lambda c: (c[6], -c[0], -(c[2] - c[1]), c[1])):
            if any(taken[i:j]) or _blocked(locks, i, j, score, self.max_tokens):
                continue
            for k in range(i, j):
                taken[k] = True
            out.append(Hit(start, end, lt, score, note, near))
        return out

    def _judge(self, text, toks, i, j, start, end, span, key, lt, score, phrase_len, prose):
        """The candidate tuple for a sub-run's best term, or None when it must not match."""
        if len(lt.key) <= EXACT_ONLY_LEN and j - i > 1:
            return None  # "A I" is two letters, not the term "AI"
        if not lt.term.fuzzy and score < 100:
            return None
        if _glued(text, start, end):
            return None  # part of an identifier, file name or version: "docker-compose.yml"
        if lt.digits != _digits(span):
            return None  # digits are never dropped or invented: "Python3" is not "Python"
        if lt.term.case_sensitive and score == 100:
            if span.replace(" ", "") != lt.term.term.replace(" ", ""):
                return None  # the user said the case matters: "us" is not "US"
        if score < 100 and _inflected(key, lt.key) and (len(key) > len(lt.key) or self._is_word(span)):
            # "llamas", "YouTuber": a word made from the term, not a garbled term: suggest only.
            # ("wellnes" is no word made from "wellness", only a garble of it.)
            return (score, i, j, start, end, lt, True, False)
        words = [t[2] for t in toks[i:j]]
        if (
            j - i > 1
            and j < len(toks)
            and words[-1].lower() in _ARTICLES
            and len(toks[j][2]) >= 2
            and self._is_word(toks[j][2])
        ):
            # "Open a file", "open a new tab": an article before an English word is that
            # word's, not a garbled piece of a term ("Open a" is no OpenAI): suggest only.
            return (score, i, j, start, end, lt, True, False)
        need = lt.threshold
        common = self._is_common(words)
        if j - i == 1 and span.lower() in self.known:
            need = max(need, KNOWN_WORD_SCORE)
        if common:
            need = max(need, COMMON_PHRASE_SCORE)
        if score < 100:
            if not prose:
                prose.append(self._is_prose(toks))
            if prose[0]:
                need = max(need, PROSE_SCORE)
        if (
            score == 100
            and phrase_len > j - i
            and span.lower() == lt.term.term.lower()
            and (common or (j - i == 1 and self._is_word(span)))
        ):
            # "zoom in", "open the windows": a case change alone on real English words amid
            # other English is a guess about meaning, so only suggest it. Standing alone in
            # Chinese text ("那个google他们", "用google cloud") they are taken as the name.
            return (score, i, j, start, end, lt, True, False)
        if (
            j - i > 1
            and phrase_len > j - i
            and all(len(w) >= 2 and (w.lower() in self.common or self._is_word(w)) for w in words)
        ):
            # "start up the server", "ten cent", "linked in his notes": real English words
            # amid other English are what was said; joined into a term they are a guess.
            return (score, i, j, start, end, lt, True, False)
        if score >= need:
            return (score, i, j, start, end, lt, False, False)
        if score >= need - NOTE_MARGIN and (not common or score >= 90):
            # Only a garble standing apart from English prose may be decided by the term's use
            # elsewhere: "I met at a cafe" is no near miss of Meta, whatever else the text says.
            return (score, i, j, start, end, lt, True, not common and not (prose and prose[0]))
        return None


_ARTICLES = frozenset(("a", "an", "the"))


def _extend(text: str, start: int, end: int, lt: LatinTerm) -> tuple[int, int]:
    """The span widened over the term's own edge punctuation where the text has it."""
    if lt.lead and text.startswith(lt.lead, start - len(lt.lead)) and start >= len(lt.lead):
        start -= len(lt.lead)
    if lt.trail and text.startswith(lt.trail, end):
        end += len(lt.trail)
    return start, end


def _stretches(comma: list[bool]) -> list[int]:
    """For each token, how many tokens share its stretch between commas: "Python、gemini"
    is a list of single names, "zoom in" a phrase."""
    n = len(comma)
    out = [0] * n
    start = 0
    for k in range(1, n + 1):
        if k == n or comma[k]:
            out[start:k] = [k - start] * (k - start)
            start = k
    return out


def _isolated(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands between non-Latin text (or the text's edges)."""
    k = start - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k >= 0 and ord(text[k]) < 128:
        return False
    k = end
    while k < len(text) and (text[k].isspace() or text[k] in ".,!?;:"):
        k += 1
    return k == len(text) or ord(text[k]) >= 128


def _blocked(locks: dict[int, list[int]], i: int, j: int, score: float, width: int) -> bool:
    """A term already spelled right stays: only an exact key that swallows it whole
    ("open AI" is OpenAI even when AI is a term) may take it in."""
    # A lock spans at most `width` tokens, so only those starting this close can
    # overlap: looking at every lock of the run made long runs quadratic.
    for a in range(max(0, i - width + 1), j):
        for b in locks.get(a, ()):
            if i < b and (score < 100 or not (i <= a and b <= j) or (i, j) == (a, b)):
                return True
    return False
