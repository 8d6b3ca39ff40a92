"""``clean learn``: glossary entries from a user's corrections of a cleaned transcript.

The raw transcript is cleaned again with the same glossary and options; the result is
aligned with the user's edited Markdown (read by the Markdown reader, so times, speakers
and escapes are not text), token by token (a Han character, a Latin word or number, a mark).
Each difference is one of:

- a substitution seen at least ``MIN_REPEATS`` times, or once when it writes a Latin term
  ("pie torch" -> "PyTorch"): a term with an alias when the two are spellings of one thing
  (Latin, or Chinese of the same length sharing sounds), else a ``replace`` pair;
- text the cleaner changed or deleted that the user put back as it was in the raw
  transcript: a ``keep`` entry;
- a short word the user deleted at least ``MIN_REPEATS`` times and nowhere left in place:
  a filler;
- anything else (a sentence rewritten, a mark moved, a one-off change) is left alone.

Nothing already in the glossary is proposed again. ``write`` adds the proposal to a glossary
file keeping its comments and order (ruamel.yaml round trip, imported only then).
"""

from __future__ import annotations

import os

import bisect
import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .errors import GlossaryError, InputError

# A substitution or deletion must be seen this often to be learnt.
MIN_REPEATS = 2
# Changes longer than this (tokens on either side) are rewrites of a sentence, not glossary matter.
MAX_TOKENS = 6
# Less of the cleaned text than this left unchanged in the edited file: not its corrections.
MIN_ALIKE = 0.5
# Stretches longer than this (tokens) are aligned only when their tokens are mostly alike.
BIG_GROUP = 2000
# A filler is short: at most this many tokens.
MAX_FILLER_TOKENS = 4
EXAMPLES = 2
CONTEXT = 12

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|\s+|.", re.S)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORDISH = re.compile(r"[A-Za-z0-9\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass
class Proposal:
    """What learning found: entries to add to a glossary, with counts and contexts."""

    terms: dict[str, list[str]] = field(default_factory=dict)  # term -> new aliases
    replace: dict[str, str] = field(default_factory=dict)
    keep: list[str] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (section, entry) -> times seen
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.terms or self.replace or self.keep or self.fillers)

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.terms.values()) + len(self.replace) + len(self.keep) + len(self.fillers)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Non-space tokens with their spans."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text) if not m.group().isspace()]


def _context(text: str, start: int, end: int) -> str:
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return " ".join((("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")).split())


def _norm(s: str) -> str:
    return " ".join(s.split())


def _is_word(w: str) -> bool:
    from .stages.terms.tables import known_en, words_en

    low = w.lower()
    return low in words_en() or low in known_en()


def _term_like(s: str) -> bool:
    """A Latin spelling that names something: a capital, a digit, or a word that is no everyday English."""
    if not _LATIN.search(s) or _HAN.search(s):
        return False
    words = re.findall(r"[A-Za-z0-9]+", s)
    return any(w != w.lower() or not w.isalpha() or not _is_word(w) for w in words)


def _same_thing(before: str, after: str) -> bool:
    """Whether ``before`` is a misspelling of ``after`` (a term with an alias) rather than
    another text for it (a ``replace`` pair)."""
    if _LATIN.search(after) and not _HAN.search(after):
        return bool(_LATIN.search(before)) and not _HAN.search(before)
    if _HAN.search(after) and len(before) == len(after) and all(_HAN.match(c) for c in before + after):
        from .stages.terms.tables import readings

        by_char = readings()[0]
        # Every changed character sounds like the one it became (the recogniser misheard it).
        return all(
            a == b or not set(by_char.get(a, ())).isdisjoint(by_char.get(b, ())) for a, b in zip(before, after)
        )
    return False


class _Change:
    __slots__ = ("before", "after", "b_start", "b_end", "a_start", "a_end")

    def __init__(self, before, after, b_start, b_end, a_start, a_end):
        self.before, self.after = before, after
        self.b_start, self.b_end, self.a_start, self.a_end = b_start, b_end, a_start, a_end


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


def _opcodes(cleaned: str, edited: str, a: list, b: list):
    """Token opcodes, found paragraph by paragraph: paragraphs are matched first, and only
    the ones that differ are aligned token by token. (One token-level alignment of a whole
    long transcript takes time that grows with the square of its length.)"""
    pa = [m.span() for m in _PARAGRAPH.finditer(cleaned)]
    pb = [m.span() for m in _PARAGRAPH.finditer(edited)]
    sa = [t[1] for t in a]
    sb = [t[1] for t in b]

    def span(spans, starts, p1, p2, size):
        if p1 == p2:
            at = spans[p1][0] if p1 < len(spans) else None
            k = bisect.bisect_left(starts, at) if at is not None else size
            return k, k
        return bisect.bisect_left(starts, spans[p1][0]), bisect.bisect_left(starts, spans[p2 - 1][1])

    sm = difflib.SequenceMatcher(None, [cleaned[x:y] for x, y in pa], [edited[x:y] for x, y in pb], autojunk=False)
    for op, p1, p2, q1, q2 in sm.get_opcodes():
        i1, i2 = span(pa, sa, p1, p2, len(a))
        j1, j2 = span(pb, sb, q1, q2, len(b))
        if op == "equal" or i1 == i2 or j1 == j2:
            yield op, i1, i2, j1, j2
            continue
        if p2 - p1 == q2 - q1:
            # As many paragraphs on both sides (a correction in each): paragraph by paragraph.
            pairs = [(span(pa, sa, p, p + 1, len(a)), span(pb, sb, q, q + 1, len(b))) for p, q in zip(range(p1, p2), range(q1, q2))]
        else:
            pairs = [((i1, i2), (j1, j2))]
        for (x1, x2), (y1, y2) in pairs:
            yield from _token_opcodes(a, b, x1, x2, y1, y2)


def _token_opcodes(a: list, b: list, i1: int, i2: int, j1: int, j2: int):
    x, y = [t[0] for t in a[i1:i2]], [t[0] for t in b[j1:j2]]
    if min(len(x), len(y)) > BIG_GROUP and _bigrams_alike(x, y) < MIN_ALIKE:
        # Long stretches with little in common: no alignment would be worth its (quadratic) time.
        yield "replace", i1, i2, j1, j2
        return
    sub = difflib.SequenceMatcher(None, x, y, autojunk=False)
    for op, x1, x2, y1, y2 in sub.get_opcodes():
        yield op, i1 + x1, i1 + x2, j1 + y1, j1 + y2


def _bigrams_alike(x: list[str], y: list[str]) -> float:
    """The share of token pairs the two lists have in common (a text and its corrections share
    nearly all; two texts of one language share characters, but few pairs)."""
    cx, cy = Counter(zip(x, x[1:])), Counter(zip(y, y[1:]))
    return sum((cx & cy).values()) / max(1, max(len(x), len(y)) - 1)


def changes(cleaned: str, edited: str) -> list[_Change]:
    return align(cleaned, edited)[0]


def align(cleaned: str, edited: str) -> tuple[list[_Change], float]:
    """The differences between two texts, widened so that a Chinese change covers a word,
    and the share of the first text's tokens found unchanged in the second."""
    from .stages.terms.tables import words_zh

    zh = words_zh()
    a, b = _tokens(cleaned), _tokens(edited)
    ops = list(_opcodes(cleaned, edited, a, b))
    same = sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal")
    out = []
    for i1, i2, j1, j2 in _grouped(ops):
        if max(i2 - i1, j2 - j1) > MAX_TOKENS:
            continue  # a rewrite
        if not any(_WORDISH.search(t[0]) for t in a[i1:i2] + b[j1:j2]):
            continue  # marks and spaces: the cleaner's punctuation, not glossary matter
        lo, hi = _widening(a, b, i1, i2, j1, j2, zh)
        ai1, ai2, bj1, bj2 = i1 - lo, i2 + hi, j1 - lo, j2 + hi
        bs = a[ai1][1] if ai1 < ai2 else (a[ai1][1] if ai1 < len(a) else len(cleaned))
        be = a[ai2 - 1][2] if ai1 < ai2 else bs
        as_ = b[bj1][1] if bj1 < bj2 else (b[bj1][1] if bj1 < len(b) else len(edited))
        ae = b[bj2 - 1][2] if bj1 < bj2 else as_
        out.append(_Change(_norm(cleaned[bs:be]), _norm(edited[as_:ae]), bs, be, as_, ae))
    return out, same / max(1, len(a))


def _grouped(opcodes):
    """Changes, with one equal token between two changes taken into both: 老美 -> 美国人
    is one rewrite of a word, not a deletion and an insertion around 美."""
    group = None
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            if group is not None and i2 - i1 > 1:
                yield group
                group = None
            continue
        if group is None:
            group = (i1, i2, j1, j2)
        else:
            group = (group[0], i2, group[2], j2)
    if group is not None:
        yield group


def _widening(a: list, b: list, i1: int, i2: int, j1: int, j2: int, zh) -> tuple[int, int]:
    """How many equal Han tokens to take in on the left and right of a change.

    A substitution is widened until its edited side is a dictionary word (希 -> 稀 becomes
    希土 -> 稀土), at most three characters; failing a word, a one-character change takes one
    Han neighbour, so no single character is learnt alone. A deletion or an insertion is what
    it is."""
    if i1 == i2 or j1 == j2:
        return 0, 0
    if not any(_HAN.match(t[0]) for t in a[i1:i2] + b[j1:j2]):
        return 0, 0  # Latin: tokens are whole words already

    def same(x1, x2, y1):
        return all(_HAN.fullmatch(a[x][0]) and a[x][0] == b[y1 + x - x1][0] for x in range(x1, x2))

    for total in range(0, 4):
        for lo in range(0, total + 1):
            hi = total - lo
            if i1 - lo < 0 or j1 - lo < 0 or i2 + hi > len(a) or j2 + hi > len(b):
                continue
            if not (same(i1 - lo, i1, j1 - lo) and same(i2, i2 + hi, j2)):
                continue
            after = "".join(t[0] for t in b[j1 - lo : j2 + hi])
            if len(after) >= 2 and _HAN.match(after) and after in zh:
                return lo, hi
    if i2 - i1 == 1 or j2 - j1 == 1:
        if i2 < len(a) and j2 < len(b) and same(i2, i2 + 1, j2):
            return 0, 1
        if i1 and j1 and same(i1 - 1, i1, j1 - 1):
            return 1, 0
    return 0, 0


def learn(raw_src, edited_src, cleaner) -> Proposal:
    """A proposal from a raw source and the user's edited version of its cleaned text."""
    from .api import base_text, map_back_many
    from .suggest import _Known

    doc = cleaner.clean_source(raw_src)
    cleaned = doc.text
    edited = "\n\n".join(s.text for s in edited_src.segments)
    if not cleaned.strip():
        raise InputError(f"{raw_src.name}: cleans to nothing; nothing to learn from")
    if not edited.strip():
        raise InputError(f"{edited_src.name}: is empty; nothing to learn from")
    base = base_text(raw_src)
    found, alike = align(cleaned, edited)
    if alike < MIN_ALIKE:
        raise InputError(
            f"{edited_src.name}: does not look like {raw_src.name} cleaned and corrected "
            f"(only {alike:.0%} of the cleaned text is in it); is it the right file?"
        )
    points = sorted({p for c in found for p in (c.b_start, c.b_end)})
    where = dict(zip(points, map_back_many(points, [e for e in doc.edits if e.before != e.after])))

    subs: Counter = Counter()
    deleted: Counter = Counter()
    restored: Counter = Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    targets: dict[str, set[str]] = defaultdict(set)  # before -> the afters it was changed to
    for c in found:
        r1, r2 = where[c.b_start], where[c.b_end]
        raw_here = _norm(base[max(0, r1 - len(c.after) - 2) : r2 + len(c.after) + 2])
        ex = _context(edited, c.a_start, c.a_end)
        if c.after and c.after != c.before and c.after in raw_here and (
            not c.before or c.before not in raw_here.replace(c.after, "\0")
        ):
            # The cleaner made ``before`` of what the raw text had and the user put it back.
            entry = c.after
            if not c.before and _HAN.search(entry) and len(entry) < 3:
                entry = _widen_keep(edited, c.a_start, c.a_end)
            restored[entry] += 1
            examples[("keep", entry)].append(ex)
        elif c.before and c.after:
            subs[(c.before, c.after)] += 1
            targets[c.before].add(c.after)
            examples[("sub", c.before + "\0" + c.after)].append(ex)
        elif c.before and not c.after:
            word = _strip_marks(c.before)  # "你知道吧，": the mark went with the word
            deleted[word] += 1
            examples[("filler", word)].append(_context(cleaned, c.b_start, c.b_end))

    have = _Known(cleaner.settings.glossary)
    g = cleaner.settings.glossary
    term_names = {t.term for t in g.terms}
    p = Proposal()
    for (before, after), n in sorted(subs.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(targets[before]) > 1:
            continue  # changed to different things in different places: no rule
        if n < MIN_REPEATS and not _term_like(after):
            continue  # a one-off
        if not _WORDISH.search(before) or not _WORDISH.search(after):
            continue
        if before.lower() == after.lower() and not _LATIN.search(after):
            continue
        if have.has_alias(before) or before in term_names:
            continue
        if after in term_names or _same_thing(before, after):
            p.terms.setdefault(after, []).append(before)
            key = ("terms", before)
        else:
            if before in dict(g.replace):
                continue
            p.replace[before] = after
            key = ("replace", before)
        p.counts[key] = n
        p.examples[key] = examples[("sub", before + "\0" + after)][:EXAMPLES]
    for entry, n in sorted(restored.items(), key=lambda kv: (-kv[1], kv[0])):
        if entry in g.keep:
            continue
        p.keep.append(entry)
        p.counts[("keep", entry)] = n
        p.examples[("keep", entry)] = examples[("keep", entry)][:EXAMPLES]
    for word, n in sorted(deleted.items(), key=lambda kv: (-kv[1], kv[0])):
        if n < MIN_REPEATS or len(_tokens(word)) > MAX_FILLER_TOKENS or not _WORDISH.search(word):
            continue
        if word in g.fillers or word in term_names or word in g.keep:
            continue
        if _left_in(edited, word):
            continue  # deleted here, kept there: a choice of wording, not a hesitation
        p.fillers.append(word)
        p.counts[("fillers", word)] = n
        p.examples[("fillers", word)] = examples[("filler", word)][:EXAMPLES]
    return p


def _strip_marks(s: str) -> str:
    i, j = 0, len(s)
    while i < j and not _WORDISH.match(s[i]):
        i += 1
    while j > i and not _WORDISH.match(s[j - 1]):
        j -= 1
    return s[i:j]


def _widen_keep(edited: str, start: int, end: int) -> str:
    """A restored short piece with what makes it specific: the repetition it belongs to
    ("谢谢" put back into 谢谢谢谢 keeps 谢谢谢谢), else the Han character after it (else
    before it): "那个人" keeps that one use of 那个, not every 那个 the fillers stage takes."""
    piece = edited[start:end]
    a, b = start, end
    while edited.startswith(piece, b):
        b += len(piece)
    while a >= len(piece) and edited.startswith(piece, a - len(piece)):
        a -= len(piece)
    if (a, b) != (start, end):
        return edited[a:b]
    if end < len(edited) and _HAN.match(edited, end):
        return edited[start : end + 1]
    if start > 0 and _HAN.match(edited, start - 1):
        return edited[start - 1 : end]
    return piece


def _left_in(text: str, word: str) -> bool:
    if _LATIN.search(word):
        return re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", text, re.I) is not None
    return word in text


# --- output ----------------------------------------------------------------

def _scalar(s: str) -> str:
    from .suggest import _scalar as scalar

    return scalar(s)


def to_yaml(p: Proposal, raw_name: str, edited_name: str) -> str:
    from .suggest import _flow

    lines = [f"# Learned by `clean learn` from {raw_name} and {edited_name}: {p.size} entr{'y' if p.size == 1 else 'ies'}."]
    if not p:
        lines.append("# Nothing to learn: the edits are one-offs, rewrites or already in the glossary.")
        return "\n".join(lines) + "\n"

    def notes(section: str, key: str, what: str) -> list[str]:
        n = p.counts.get((section, key), 0)
        out = [f"  # {what} {n} time{'s' if n != 1 else ''}"]
        out += [f"  #   {ex}" for ex in p.examples.get((section, key), [])]
        return out

    if p.terms:
        lines.append("terms:")
        for term, aliases in p.terms.items():
            for a in aliases:
                lines += notes("terms", a, f"{_norm(a)} -> {_norm(term)}:")
            lines.append(f"  - term: {_scalar(term)}")
            lines.append(f"    aliases: {_flow(aliases)}")
    if p.replace:
        lines.append("replace:")
        for k, v in p.replace.items():
            lines += notes("replace", k, f"{_norm(k)} -> {_norm(v)}:")
            lines.append(f"  {_scalar(k)}: {_scalar(v)}")
    if p.keep:
        lines.append("keep:")
        for k in p.keep:
            lines += notes("keep", k, "restored by hand")
            lines.append(f"  - {_scalar(k)}")
    if p.fillers:
        lines.append("fillers:")
        for f in p.fillers:
            lines += notes("fillers", f, "deleted everywhere,")
            lines.append(f"  - {_scalar(f)}")
    return "\n".join(lines) + "\n"


def write(p: Proposal, path: str) -> None:
    """Add the proposal to the glossary file at ``path``, keeping its comments and order."""
    import io

    try:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
    except ImportError:
        raise GlossaryError(
            "learn --write needs ruamel.yaml (pip install ruamel.yaml); without --write the proposal is printed"
        ) from None
    from .files import write_atomic

    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read glossary: {exc.strerror or exc}") from None
    yaml = YAML()  # round trip: comments, order and quoting kept
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    try:
        data = yaml.load(text)
    except Exception as exc:  # the glossary was validated when loaded; this is a race or a bug
        raise GlossaryError(f"{path}: cannot read glossary: {exc}") from None
    if data is None:
        data = CommentedMap()

    def seq(key):
        if data.get(key) is None:
            data[key] = CommentedSeq()
        return data[key]

    if p.terms:
        terms = seq("terms")
        for term, aliases in p.terms.items():
            for k, item in enumerate(terms):
                name = item.get("term") if isinstance(item, dict) else item
                if isinstance(name, (str, int, float)) and str(name).strip() == term:
                    if not isinstance(item, dict):
                        item = CommentedMap([("term", term)])
                        terms[k] = item
                    have = item.get("aliases")
                    if have is None:
                        item["aliases"] = have = _flow_seq(CommentedSeq)
                    have.extend(a for a in aliases if a not in have)
                    break
            else:
                terms.append(CommentedMap([("term", term), ("aliases", _flow_seq(CommentedSeq, aliases))]))
    if p.replace:
        if data.get("replace") is None:
            data["replace"] = CommentedMap()
        data["replace"].update(p.replace)
    for key, items in (("keep", p.keep), ("fillers", p.fillers)):
        if items:
            lst = seq(key)
            lst.extend(i for i in items if i not in lst)
    out = io.StringIO()
    yaml.dump(data, out)
    from .glossary import parse

    parse(out.getvalue(), path)  # what is written must load again, or nothing is written
    # Through a symlink, into its target: the link stays a link.
    write_atomic(os.path.realpath(path), out.getvalue().encode("utf-8"))


def _flow_seq(cls, items=()):
    s = cls(items)
    s.fa.set_flow_style()
    return s
