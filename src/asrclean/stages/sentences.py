"""sentences: split into sentences, then group sentences into readable paragraphs.

Paragraphs already in the text (blank lines) are kept as hard breaks; inside
each one, sentences are grouped greedily. A break is decided only from the
sentences since the paragraph began, so grouping a grouped text again finds
the same breaks: cleaning twice equals cleaning once.
"""

from __future__ import annotations

import re

from ..chars import CJK, CLOSERS, to_simplified
from ..edits import Edit, Prefiltered
from ..lazyre import lazy
from .base import Stage as _Base

# A sentence ends at a Chinese stop mark, or at a Latin one that is followed by
# a space, the end, or Chinese text (not "4.2", "e.g.", "U.S.", "...").
# Abbreviations whose full stop ends no sentence ("Dr. Smith", "etc. and").
ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "vs", "etc", "No", "Inc", "Ltd", "Co", "approx", "cf", "al")
_NOT_AFTER_ABBREVIATION = "".join(f"(?<!\\b{a})" for a in ABBREVIATIONS)
# The Latin alternative starts only at the first mark of a run ("!!!", "?!."):
# tried at every mark of a long run, it would rescan the rest of the run each
# time. Which mark of the run the sentence end really starts at does not
# matter to anyone (only where it ends does), and `_latin_end_ok` checks the
# guards the old pattern put on its first character.
_SENTENCE_END_RE = lazy(
    f"[。！？]+[{re.escape(CLOSERS)}]*"
    f"|(?=[.!?])(?<![.!?])(?P<latin>[.!?]+)[{re.escape(CLOSERS)}]*(?=\\s|$|[{CJK}])"
)
# Tried only at the marks (a fast scan): the pattern alone is tried at every character.
_SENTENCE_ENDS = Prefiltered(_SENTENCE_END_RE, re.compile("[。！？.!?]"))
# Where in a run of Latin marks a sentence end may begin: not after ".", a lone
# letter ("U.S.") or an abbreviation ("Dr.").
_LATIN_END_START_RE = re.compile(f"(?<![.])(?<!\\b[A-Za-z]){_NOT_AFTER_ABBREVIATION}")


def _latin_end_ok(m: re.Match) -> bool:
    """Whether some mark of a Latin run may begin a sentence end (see above)."""
    text = m.string
    return any(_LATIN_END_START_RE.match(text, i) for i in range(m.start("latin"), m.end("latin")))


# Without a Latin mark in the text only the first alternative can match: a plain scan.
# (The first mark, then the rest of the run: ``re`` skips ahead to a class a pattern
# opens with, in a fast scan, but tries "[。！？]+" at every character.)
_CJK_SENTENCE_END_RE = lazy(f"[。！？][。！？]*[{re.escape(CLOSERS)}]*")


def sentence_ends(text: str, pos: int = 0):
    """The sentence-final marks of ``text`` from ``pos`` on, as matches (an iterator)."""
    if "." not in text and "!" not in text and "?" not in text:
        return _CJK_SENTENCE_END_RE.finditer(text, pos)
    return _latin_sentence_ends(text, pos)


def _latin_sentence_ends(text: str, pos: int):
    for m in _SENTENCE_ENDS.finditer(text, pos):
        if m.group("latin") is None or _latin_end_ok(m):
            yield m


_CJK_RE = lazy(f"[{CJK}]")
_WORD_RE = re.compile(r"[a-z']+")
_ENDS_WITH_ABBREVIATION = re.compile(r"\b(?:" + "|".join(ABBREVIATIONS) + r")\.\Z", re.IGNORECASE)


def _everyday_english() -> frozenset[str]:
    from .terms.tables import words_en  # loaded only when an English sentence needs it

    return words_en()
_LATIN_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")

# Openings that announce a new point. Strong cues start a paragraph once the
# current one has a little substance; weak cues only once it is long.
# A spoken opener may come first ("那第二个呢", "好，那接下来", "那么最后").
_STRONG_CUE = (
    r"(?:(?:那么?|好[，,]?(?:那么?)?)?"
    r"(?:第[一二三四五六七八九十两\d]+(?:个|点|条|件|部分|方面|步)?"
    r"|首先|其次|再次|最后|另外|此外|另一方面|接下来|下面|总之|总的来说|总而言之|综上|我们再来|再来|回到|说回)"
    r"|好[，,]|好的[，,]|OK[，,]"
    r"|(?:First|Second|Third|Finally|Next|Lastly|Another|Moving on|To sum up|In summary|So now)\b)"
)
_WEAK_CUE = (
    r"(?:然后说|然后呢|那么|所以说|所以|但是|不过|其实|那我|我们|我觉得|说到|关于|至于|因为|如果|当然"
    r"|(?:So|But|Now|Well|Anyway|However|Actually|Then)\b)"
)
_STRONG_CUE_RE = re.compile("^" + _STRONG_CUE, re.IGNORECASE)
_WEAK_CUE_RE = re.compile("^" + _WEAK_CUE, re.IGNORECASE)
# Either, tried at a sentence's start in a whole paragraph (``match(text, pos, endpos)``,
# endpos where the sentence's first twelve characters end): what the two find there.
_ANY_CUE_RE = re.compile(f"{_STRONG_CUE}|{_WEAK_CUE}", re.IGNORECASE)

# Paragraph sizes in "weight": one per Chinese character, two per Latin word
# (a Chinese character carries about half an English word).
STRONG_CUE_MIN = 40
WEAK_CUE_MIN = 110
TARGET = 220  # past this, any sentence boundary is a good place to break
HARD_MAX = 320  # a sentence that would take the paragraph past this starts a new one
MIN_BEFORE_HARD_BREAK = 60
SHORT_TAIL = 25  # a last paragraph this small joins the one before it


# One character at a time: a single class is found in a fast scan, "[^...]+" is tried
# at every character (the count is the same).
_NOT_CJK_RE = lazy(f"[^{CJK}]")
_LATIN_CHAR_RE = re.compile("[A-Za-z0-9]")


def weight(text: str) -> int:
    # Chinese characters counted as the length less the other characters, which are few
    # (a findall of the Chinese ones made a string of each); most Chinese sentences
    # have no Latin word to look for.
    others = _NOT_CJK_RE.findall(text)
    cjk = len(text) - len(others)
    # (A letter or digit is one of the other characters: looked for among them, not
    # in a second scan of the whole sentence.)
    if not others or _LATIN_CHAR_RE.search("".join(others)) is None:
        return cjk
    return cjk + 2 * len(_LATIN_WORD_RE.findall(text))


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, each without surrounding spaces."""
    return [paragraph[a:b] for a, b in _sentence_spans(paragraph)]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in sentence_ends(text):
        end = m.end()
        if start < end and not text[start].isspace() and not text[end - 1].isspace():
            spans.append((start, end))  # (what _add_span does, without the call)
        else:
            _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


_PAUSE_RE = re.compile(r"[，；,;]+ *")
# The first letter of a sentence in lower case, in a plain lower-case word
# ("so I think"; not "iPhone", "eBay", nor the first word of an address:
# "http://…", "site.com"), at a paragraph start or after a
# Latin sentence end (not after "e.g." or "U.S.", as sentence ends are found).
# The letter is matched first and what stands before it looked at after it (each look
# back one character longer; "(?<![^\n].)": at a line's start): ``re`` skips ahead to a
# class a pattern opens with in a fast scan, but tries a pattern that opens with a look
# ahead at every character. As "(?=[a-z])(?:^|(?<=[.!?] )|(?<=[.!?][\"')] ))(?<!\b[A-Za-z]\. )
# (?<!\b[A-Za-z]\.[A-Za-z]\. )[a-z](?=...)", re.MULTILINE.
_LOWERCASE_START_RE = re.compile(
    r"[a-z](?:(?<![^\n].)|(?<=[.!?] .)|(?<=[.!?][\"')] .))(?<!\b[A-Za-z]\. .)(?<!\b[A-Za-z]\.[A-Za-z]\. .)(?=[a-z']*(?:[\s,;!?]|[.:](?![A-Za-z0-9/])|$))",
    re.MULTILINE,
)
_CLOSING_STOP = {"，": "。", "；": "。", ",": ".", ";": "."}


def _units(text: str) -> list[tuple[int, int]]:
    """Sentence spans, with a sentence too long for one paragraph cut at its
    pauses: text from recognizers that write no full stops is all commas, and
    must not become one wall. A cut (whose comma becomes a full stop when a
    paragraph ends there) goes at the pause between half the target and the
    hard limit that most likely ends a thought (see ``_thought_end``),
    nearest the target; failing one, at the first pause past the target.
    Each cut is decided from the one before, so the text after a cut is cut
    the same way when it is cleaned again."""
    units: list[tuple[int, int]] = []
    for a, b in _sentence_spans(text):
        if b - a <= HARD_MAX or weight(text[a:b]) <= HARD_MAX:
            units.append((a, b))
            continue
        # Each pause: where it ends, the weight from ``a`` to it, and how
        # likely a thought ends there.
        pauses, acc, prev = [], 0, a
        for m in _PAUSE_RE.finditer(text, a, b):
            acc += weight(text[prev : m.end()])
            prev = m.end()
            pauses.append((m.end(), acc, _thought_end(text, m)))
        total = acc + weight(text[prev:b])
        start, base, i = a, 0, 0
        while total - base > HARD_MAX and i < len(pauses):
            # The likeliest end of a thought between half the target and the
            # hard limit, nearest the target; else the first pause past the
            # target. (Only the pauses up to the limit are looked at: linear.)
            best, key, past = None, None, None
            j = i
            while j < len(pauses) and pauses[j][1] - base <= HARD_MAX:
                w = pauses[j][1] - base
                if past is None and w >= TARGET:
                    past = j
                if w >= TARGET // 2 and pauses[j][2]:
                    k = (pauses[j][2], -abs(w - TARGET))
                    if key is None or k > key:
                        best, key = j, k
                j += 1
            if best is None:
                best = past if past is not None else (j if j < len(pauses) else None)
            if best is None:
                break
            _add_span(text, start, pauses[best][0], units)
            start, base = pauses[best][0], pauses[best][1]
            i = best + 1
        _add_span(text, start, b, units)
    return units


# How likely a pause ends a thought: 3 before a strong opener ("，第二",
# "，接下来"), 2 after a sentence-final particle ("我来看吧，"), 1 before a
# weak opener ("，所以", "，但是"), else 0.
_FINAL_PARTICLES = frozenset("吧了呢啊吗嘛呀哦啦")


def _thought_end(text: str, m: re.Match) -> int:
    after = to_simplified(text[m.end() : m.end() + 12])
    if _STRONG_CUE_RE.match(after):
        return 3
    if m.start() and text[m.start() - 1] in _FINAL_PARTICLES:
        return 2
    return 1 if _WEAK_CUE_RE.match(after) else 0


def _add_span(text: str, a: int, b: int, spans: list) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        spans.append((a, b))


def paragraph_breaks(paragraph: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The units of ``paragraph`` (``_units``) and the indexes of those that start a new
    paragraph (``group``), without weighing each sentence when the paragraph cannot be
    cut: most paragraphs are too light to reach ``TARGET``, and then only a sentence
    that opens with a cue starts one (most paragraphs have none past their first)."""
    n = len(paragraph)
    # Its weight is below TARGET: a character weighs at most one, a letter or digit at
    # most two (a word of one letter), and so does no sentence reach HARD_MAX: its
    # units are its sentences.
    if n < TARGET // 2 or (n < TARGET and _LATIN_CHAR_RE.search(paragraph) is None):
        spans = _sentence_spans(paragraph)
        if len(spans) < 2:
            return spans, []
        # (The cue lists are simplified Chinese, a character for a character.)
        simplified = to_simplified(paragraph)
        match = _ANY_CUE_RE.match
        if not any(match(simplified, a, min(b, a + 12)) for a, b in spans[1:]):
            return spans, []
    else:
        spans = _units(paragraph)
    return spans, group([paragraph[a:b] for a, b in spans])


def group(sentences: list[str]) -> list[int]:
    """Indexes of the sentences that start a new paragraph (never 0)."""
    breaks = []
    current = 0
    weights = [weight(s) for s in sentences]
    for i, s in enumerate(sentences):
        w = weights[i]
        if current and _should_break(current, w, s):
            breaks.append(i)
            current = 0
        current += w
    # A very short last paragraph reads as an afterthought; keep it with the one before.
    if breaks:
        tail = sum(weights[breaks[-1] :])
        if tail < SHORT_TAIL:
            breaks.pop()
    return breaks


def _should_break(current: int, w: int, sentence: str) -> bool:
    if current >= TARGET:
        return True
    if current + w > HARD_MAX and current >= MIN_BEFORE_HARD_BREAK:
        return True
    if current < STRONG_CUE_MIN and current < WEAK_CUE_MIN:
        return False  # too soon for any cue (most sentences: no cue to look for)
    sentence = to_simplified(sentence[:12])  # the cue lists are simplified: 最後 is 最后
    if current >= STRONG_CUE_MIN and _STRONG_CUE_RE.match(sentence):
        return True
    return current >= WEAK_CUE_MIN and bool(_WEAK_CUE_RE.match(sentence))


_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


class _Ahead:
    """The next sentence end and the next Chinese character from a position on,
    for positions asked in increasing order.

    Each answer is kept until a later position passes it: searching afresh from
    every lower-case start made a text with no sentence end ("a! b? a! b? …",
    where a lone letter's "!" ends nothing) quadratic.
    """

    def __init__(self, text: str):
        self.text = text
        self._end = (-1, len(text))  # (start, end) of the next sentence end found
        self._cjk = -1

    def sentence_end(self, pos: int) -> int:
        """Where the first sentence end at or after ``pos`` ends (the text's end if none)."""
        if self._end[0] < pos:
            m = next(sentence_ends(self.text, pos), None)
            self._end = (len(self.text), len(self.text)) if m is None else m.span()
        return self._end[1]

    def cjk(self, pos: int) -> int:
        """The first Chinese character at or after ``pos`` (the text's length if none)."""
        if self._cjk < pos:
            m = _CJK_RE.search(self.text, pos)
            self._cjk = len(self.text) if m is None else m.start()
        return self._cjk


class Stage(_Base):
    name = "sentences"
    description = "split sentences at sentence-final marks, capitalize English ones, and group them into paragraphs (length and topic cues such as 第一/然后说/最后)"

    @staticmethod
    def _capital(m: re.Match, ahead: "_Ahead"):
        # Only an English sentence: Chinese text with a Latin word first ("app 很好用")
        # keeps the word as written.
        text = m.string
        if m.start() > 0:
            # After an abbreviation or an ellipsis the sentence has not ended ("etc. and", "OK... fine").
            before = text[max(0, m.start() - 8) : m.start()].rstrip()
            if before.endswith("..") or _ENDS_WITH_ABBREVIATION.search(before):
                return None
        if ahead.cjk(m.start()) < ahead.sentence_end(m.end()):
            return None
        # An everyday English word ("so", "you"), not a command or a name ("npm", "ls").
        word = _WORD_RE.match(text, m.start()).group(0)
        if word != "a" and word not in _everyday_english():
            return None
        return m.group(0).upper(), "English sentence start"

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        r = self.recorder()
        spans = []
        for para in _PARAGRAPH_RE.finditer(text):
            base = para.start()
            paragraph = para.group(0)
            sent_spans, breaks = paragraph_breaks(paragraph)
            for i in breaks:
                gap_start = base + sent_spans[i - 1][1]
                gap_end = base + sent_spans[i][0]
                last = text[gap_start - 1]
                if last in _CLOSING_STOP:
                    # A long sentence cut at a pause: the paragraph ends with a stop, not a comma.
                    spans.append((gap_start - 1, gap_end, _CLOSING_STOP[last] + "\n\n", "pause ends the paragraph"))
                else:
                    spans.append((gap_start, gap_end, "\n\n", None))
        text = r.replace_spans(text, spans, "paragraph-break")
        # Capitals last, on the paragraphs as they will stand: a paragraph this
        # stage starts with an English word is a sentence start here, as it is
        # when the output is cleaned again.
        ahead = _Ahead(text)
        text = r.sub(_LOWERCASE_START_RE, lambda m: self._capital(m, ahead), text, "capitalize")
        return text, r.edits
