"""English hesitations (uh, um, er) and doubled function words ("the the")."""

from __future__ import annotations

import re

from ...edits import Prefiltered, matches_at
from ...lazyre import lazy
from ...chars import han_at
from .common import HAN, PAUSE, STOP

# Every English pass finds its matches only at the first letter of a run of these (its
# pattern looks back for no letter before it; _EN_REPEAT_RE, which ignores case, see
# en_repeats_at): a round of the stage finds those runs once and carries them through
# its passes' edits (``runstarts``), and each pass tries its pattern there alone
# (``edits.matches_at``) instead of in a scan of its own. Each ``Prefiltered`` below is the
# same pass alone.
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# Rule patterns. Latin fillers are lowercase or capitalised, whole words: "UM"
# is more likely an acronym than a hesitation.
_NOT_WORD_BEFORE = r"(?<![A-Za-z0-9'\-])"
_NOT_WORD_AFTER = r"(?![A-Za-z0-9'\-])"
# "uh oh" / "uh-oh" is an interjection of its own, not a hesitation, and
# "uh huh" an answer ("yes").
_EN_LIGHT = r"[Uu](?:m+|h+(?![ -]?(?:[Oo]h|[Hh]uh)\b)|hm+)"
# (emm, emmm: how Chinese speakers and typists write a long hum.)
_EN_STANDARD = r"[Uu](?:m+|h+(?![ -]?(?:[Oo]h|[Hh]uh)\b)|hm+)|[Ee]rm*|[Ee]mm+|[Hh]mm+"
_EN_LIGHT_RE = re.compile(f"{_NOT_WORD_BEFORE}(?:{_EN_LIGHT}){_NOT_WORD_AFTER}")
_EN_STANDARD_RE = re.compile(f"{_NOT_WORD_BEFORE}(?:{_EN_STANDARD}){_NOT_WORD_AFTER}")
# (Tried only where a run of letters begins: see the stage's ``at_letters``.)
# English words that are never doubled in grammatical speech ("the the").
# Prepositions that may end a phrase are left out: "turn it on on Monday", "log
# in in the morning"; "of" and "with" are in ("the price of of the house").
# (The lookahead on first letters lets the regex engine skip most positions.)
# "to" and the modals are never doubled either ("want to to go", "we should
# should check"); "will" is also a noun, which a modal may follow ("the will
# will be read": see en_repeat). Nor are "was", "were", "are" and "this" ("it
# was was great"; "had had" and "that that" are grammar, and not here). The last
# copy may carry a contraction: "I I've been", "we we're" say the pronoun twice.
_EN_REPEAT_RE = re.compile(
    r"(?=[AaIiWwYyTtHhSsMmOoFfCc])(?<![A-Za-z'])"
    r"(the|a|an|I|we|you|they|he|she|my|our|your|and|to|would|should|could|must|will|was|were|are|this|of|with)"
    r"((?: \1)+)(?= [A-Za-z]|'(?:ve|m|re|s|ll|d)(?![A-Za-z]))",
    re.IGNORECASE,
)
_DETERMINERS = frozenset("the a an his her my your our their its this that whose".split())  # noqa: SIM905


def en_repeat(m: re.Match):
    """A function word said twice: one copy stays. "will will" after a
    determiner is the noun and the modal ("the will will be read"), and
    "Will will" a name and the modal."""
    word = m.group(1)
    if word == "Will":
        return None
    if word.lower() == "will":
        k = m.start()
        while k > 0 and m.string[k - 1] == " ":
            k -= 1
        j = k
        while j > 0 and (m.string[j - 1].isalpha() or m.string[j - 1] == "'"):
            j -= 1
        before = m.string[j:k].lower()
        if before in _DETERMINERS or before.endswith("'s"):
            return None
    return word, None


# A phrase of two to six English words said again right away, perhaps after a
# comma, with more words after it: a restart ("We need to we need to hurry",
# "I was, I was going to"). One word said twice is left to _EN_REPEAT_RE (only
# function words: "very very", "bye bye" are meant), and a phrase said again
# before a mark may be meant ("I know, I know."). The first copy stays, with
# its capital. (Bounded: at most six words are tried at each word.)
_EN_PHRASE_REPEAT_RE = re.compile(
    r"(?=[A-Za-z])(?<![A-Za-z0-9'])((?:[A-Za-z][A-Za-z']* ){1,5}[A-Za-z][A-Za-z']*)(?: ?,+)? (?i:\1)(?= [A-Za-z0-9])"
)
# Tried only at the first letter of a word: a pattern that opens with a look ahead is
# tried at every character of a Chinese text; one that opens with a class is not.
_EN_PHRASE_REPEATS = Prefiltered(_EN_PHRASE_REPEAT_RE, re.compile("[A-Za-z](?<![A-Za-z0-9'].)"))
# The same phrase said more than twice ("you know you know, you know you know it"): a
# match takes one copy, one that a comma follows goes only once the copy after it has
# gone, and the longest phrase is tried first (three copies of "you know" are one phrase
# of six words), so a long run went a few copies a round and outlasted the rounds (a
# second run went on). A match is carried back over the copies said right before it and
# on over those after it (by the same separators), as those rounds would take them, to
# the last copy that more words follow; its phrase is the shortest one that repeats.
_EN_PHRASE_CHAIN_RES = tuple(
    re.compile(rf"((?:[A-Za-z][A-Za-z']* ){{{k}}}[A-Za-z][A-Za-z']*)(?:(?: ?,+)? (?i:\1))+") for k in range(1, 6)
)
_SEPARATOR_RE = re.compile("(?: ?,+)? ")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'")


class _PhraseChains:
    """``_EN_PHRASE_REPEATS`` with each match widened to the whole run of copies said
    side by side; linear: a copy is passed over at most twice (no match begins inside
    a run that one took)."""

    @staticmethod
    def finditer(text: str):
        pos = 0
        while True:
            m = next(_EN_PHRASE_REPEATS.finditer(text, pos), None)
            if m is None:
                return
            unit = _root(m.group(1))
            start = _copies_before(text, m.start(), unit, pos)
            end = _copies_after(text, m.end(), unit)
            if (start, end) != m.span() or unit != m.group(1):
                chain = _EN_PHRASE_CHAIN_RES[unit.count(" ") - 1].fullmatch(text, start, end)
                if chain is not None:
                    m = chain
            pos = m.end()
            yield m


def _root(unit: str) -> str:
    """The shortest phrase of two words or more whose copies make up ``unit``
    ("you know you know you know" -> "you know")."""
    words = unit.split(" ")
    n = len(words)
    for k in range(2, n // 2 + 1):
        if n % k == 0 and all(words[i].lower() == words[i % k].lower() for i in range(k, n)):
            return " ".join(words[:k])
    return unit


def _separator_before(text: str, j: int, floor: int) -> int:
    """Where the separator between two copies (" ", ", ", " , ") that ends at ``j`` begins, or -1."""
    if j - 1 < floor or text[j - 1] != " ":
        return -1
    j -= 1
    if j - 1 >= floor and text[j - 1] == ",":
        while j - 1 >= floor and text[j - 1] == ",":
            j -= 1
        if j - 1 >= floor and text[j - 1] == " ":
            j -= 1
    return j


def _copies_before(text: str, s: int, unit: str, floor: int) -> int:
    """Where the run of copies of ``unit`` said right before ``text[s:]`` begins."""
    low = unit.lower()
    n = len(unit)
    while True:
        j = _separator_before(text, s, floor)
        a = j - n
        if j < 0 or a < floor or text[a:j].lower() != low or (a > 0 and text[a - 1] in _WORD_CHARS):
            return s
        s = a


def _copies_after(text: str, e: int, unit: str) -> int:
    """The end of the last copy of ``unit`` said right after ``text[:e]`` that more
    words follow (``e`` if none)."""
    low = unit.lower()
    n = len(unit)
    best = e
    while True:
        sep = _SEPARATOR_RE.match(text, e)
        if sep is None:
            return best
        j = sep.end()
        if text[j : j + n].lower() != low or text[j + n : j + n + 1] in _WORD_CHARS:
            return best
        e = j + n
        if text[e : e + 1] == " " and text[e + 1 : e + 2] in _WORD_CHARS and text[e + 1 : e + 2] != "'":
            best = e
# (A space before the comma, "so we , so we went", is read as the punctuation stage
# leaves it, "so we, so we": else the restart went only on a second run.)
# Tried only where such a word (of six letters at most) is followed by another
# that starts as one can: the pattern ignores case, which keeps ``re`` from
# skipping ahead to its first letters. (İ, ı and ſ are I, i and s ignoring case.)
_REPEAT_FIRST = "AaIiWwYyTtHhSsMmOoFfCc\u0130\u0131\u017f"
_EN_REPEATS = Prefiltered(
    _EN_REPEAT_RE, re.compile(f"[{_REPEAT_FIRST}](?<![A-Za-z'].)(?=[^ ]{{0,5}} [{_REPEAT_FIRST}])")
)
# The first letters of _REPEAT_FIRST that are not in LETTERS: a match may begin at one of
# them, which no run of LETTERS begins (rare: looked for with ``str.find``).
_ODD_FIRSTS = "".join(c for c in _REPEAT_FIRST if c not in LETTERS)


def en_repeats_at(text: str, starts: list[int]):
    """``_EN_REPEATS.finditer(text)``, given where each run of LETTERS begins: the pattern ignores
    case, so it may also begin at one of _ODD_FIRSTS (with no letter before it either)."""
    odd = [i for c in _ODD_FIRSTS if c in text for i in _positions(text, c)]
    if odd:
        starts = sorted(set(starts).union(odd))
    return matches_at(_EN_REPEAT_RE, text, starts)


def _positions(text: str, c: str) -> list[int]:
    out = []
    i = text.find(c)
    while i >= 0:
        out.append(i)
        i = text.find(c, i + 1)
    return out
# Discourse markers (aggressive): "you know", "I mean", "like", set off as
# fillers (LDC SimpleMDE: a discourse marker that adds nothing to the message).
_EN_DISCOURSE_RE = re.compile(r"(?<![A-Za-z'])(?:[Yy]ou know|I mean|[Ll]ike)(?![A-Za-z'])")
# "was like, no way": after a form of "be" (or "feel"), "like" quotes or compares.
_BEFORE_QUOTATIVE = frozenset(
    ("was", "is", "am", "are", "were", "be", "been", "being", "'s", "'re", "'m", "feel", "feels", "felt",
     "look", "looks", "seems", "i", "you", "we", "they", "he", "she", "it", "to", "would")
)


def _word_before(text: str, s: int) -> str:
    i = s
    while i > 0 and text[i - 1] == " ":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "'"):
        j -= 1
    word = text[j:i].lower()
    # "he's like" -> "'s"
    return word[word.index("'") :] if "'" in word and not word.startswith("'") else word


# "like" between a form of "be" and a degree adverb is a filler ("it was like
# really good"): neither a verb (no subject before it) nor a comparison (an
# adverb cannot be compared to). "I like really spicy food" has no "be". Not
# told apart: a comparison with a degree adverb in its noun phrase ("it is like
# very old wine"), which is rare beside the filler.
_BE = frozenset(("is", "are", "was", "were", "am", "be", "been", "being", "'s", "'re", "'m"))
_LIKE_BEFORE_ADVERB_RE = lazy(
    r" (?:really|totally|so|super|very|completely|literally|extremely|incredibly|absolutely|quite)(?![A-Za-z'\-])",
    re.IGNORECASE,
)


_NUMBER_AFTER_RE = lazy(
    r"[, ]*(?:[0-9]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a thousand|a million|half)(?![A-Za-z]))",
    re.IGNORECASE,
)


# Words after which "like" opens what it is said before: a conjunction, or
# nothing (the start of a line or sentence).
_LIKE_AFTER = frozenset(("so", "and", "but", "or", "because", "cause", "then", ""))
# A subject after "like" ("so like he just ran", "and like she's not"), or Chinese
# ("so like 我们"): "like" leads the clause in and adds nothing. Not "like I said"
# ("as I said"), nor "like you," (a comparison).
# Only forms that are subjects: I/he/she/we/they, or you/it with a contracted verb
# ("and like it a lot" has "like" the verb and "it" its object); bare "you" only
# where "like" opens the sentence ("like you wanna squeeze").
_LIKE_BEFORE_SUBJECT_RE = lazy(  # (a class of every Han character: compiled when first used)
    r" ?(?:(?:(?:I|he|she|we|they)(?:'[a-z]+)?|(?:you|it)'[a-z]+)(?![A-Za-z',，])(?! (?:said|say|says|mentioned|told))"
    f"|[{HAN}])"
)
_LIKE_BEFORE_YOU_RE = lazy(r" ?you(?![A-Za-z',，])(?! (?:said|say|says|mentioned|told))")
# Words after which "you know" ends a clause it belongs to: "do you know",
# "as you know", "now you know", "so you know", "let you know", "I think you know".
_BEFORE_YOU_KNOW = frozenset(
    "do does did don't doesn't didn't if what whether as now so that then how where when why who which let "
    "will would could should can might may must to and but or 'll think guess bet hope sure believe because "
    "cause since unless said tell told".split()  # noqa: SIM905
)


def _latin_word_before(text: str, s: int) -> str:
    """The English word before ``s`` (past spaces), lower case: "我so like" has "so"
    before "like", as "我 so like" does once the spacing stage has run."""
    i = s
    while i > 0 and text[i - 1] == " ":
        i -= 1
    j = i
    while j > 0 and text[j - 1].isascii() and (text[j - 1].isalpha() or text[j - 1] == "'"):
        j -= 1
    return text[j:i].lower()


def _line_opening(text: str, s: int) -> bool:
    """Whether text[s] opens its line or sentence (after spaces, and pauses that
    the punctuation stage takes from a line's start: "， like 这个")."""
    i = s
    while i > 0 and text[i - 1] in " ，,、":
        i -= 1
    if i == 0 or text[i - 1] in ".!?。！？\n":
        return True
    # Marks that open a line go ("：like 我" is "like 我" on the next run), and a run of
    # marks with a stop in it settles to one that ends a sentence ("1. ：like" -> "1。like").
    stop = False
    while i > 0 and text[i - 1] in _LINE_OPENING_MARKS:
        stop = stop or text[i - 1] in ".!?。！？"
        i -= 1
    return stop or i == 0 or text[i - 1] == "\n"


_LINE_OPENING_MARKS = frozenset(" " + PAUSE + STOP)


def _after_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def english_discourse(text: str, s: int, e: int) -> bool:
    """A discourse marker set off as a filler: opening a clause before a
    pause ("You know, it works"), or between pauses ("it was, like, big";
    "it works, you know."); "like" also between "be" and a degree adverb.
    In a transcript without commas: "like" after a conjunction or opening a
    sentence, before its subject ("so like he just ran in"), and "you know"
    ending one ("he ran in alone you know")."""
    word = text[s:e].lower()
    if word == "like" and _LIKE_BEFORE_ADVERB_RE.match(text, e) and _word_before(text, s) in _BE:
        return True
    if (
        word == "like"
        and (_latin_word_before(text, s) in _LIKE_AFTER and (_latin_word_before(text, s) or _line_opening(text, s)))
        and (
            _LIKE_BEFORE_SUBJECT_RE.match(text, e)
            or (not _latin_word_before(text, s) and _LIKE_BEFORE_YOU_RE.match(text, e))
        )
    ):
        return True
    if (
        word == "you know"
        and s > 0
        # (Glued to the Chinese before it, "吃饭you know", as the space the spacing
        # stage writes there: a second run must judge it as the first did.)
        and ((text[s - 1] == " " and text[s - 2 : s - 1].isalpha()) or han_at(text, s - 1))
        # (Spaces before the mark are read past: the punctuation stage takes them away.)
        and (_after_spaces(text, e) == len(text) or text[_after_spaces(text, e)] in ".!。！\n")
        and _word_before(text, s) not in _BEFORE_YOU_KNOW
    ):
        return True
    # (A space before the comma is read past: "like ，" is "like，", as the
    # punctuation stage writes it for the second run.)
    k = e
    while k < len(text) and text[k] == " ":
        k += 1
    if k >= len(text) or text[k] not in ",，":
        # Closing a sentence after a pause: "it works, you know." (The spaces after a
        # full-width comma are read past too: the punctuation stage takes them away.)
        i = s
        while i > 0 and text[i - 1] == " ":
            i -= 1
        # A space before the mark after it is read past as well ("I mean ！" is "I mean！").
        return (
            text[s:e].lower() != "like"
            and s > 0
            and (text[s - 1] in ",，" or (i < s and i > 0 and (text[i - 1] == "，" or (text[i - 1] == "," and s - i == 1))))
            and (k == len(text) or text[k] in ".!?。！？\n")
        )
    if text[s:e].lower() == "like":
        # "costs, like, twenty dollars": before a number "like" means "about".
        if _NUMBER_AFTER_RE.match(text, e):
            return False
        return _word_before(text, s) not in _BEFORE_QUOTATIVE
    return True


# An English word said again right away inside Chinese ("这个 config config 要改",
# "今天的 PR PR 要合并"): in a Chinese sentence an English word is a name or a term,
# and a term is not doubled for grammar, as "very very" or "bye bye" are in English.
_LATIN_REPEAT_RE = re.compile(r"([A-Za-z][A-Za-z0-9+#]*)((?: \1)+)(?![A-Za-z0-9'+#])")
# A whole word (the class first, so that ``re`` skips ahead to letters).
_LATIN_WHOLE_WORD_RE = re.compile(r"[A-Za-z](?<![A-Za-z0-9'+#.\-].)[A-Za-z0-9+#]*")
# English words that are doubled on purpose, in English or dropped into Chinese.
_REDUPLICATED_EN = frozenset(
    "bye no yes yeah very so go ha hi hey well really please come on now tick ding dong blah knock bang boom "
    "bla la na wow oh ok okay right sure more many much too again over round".split()  # noqa: SIM905
)


class LatinRepeats:
    """``_LATIN_REPEAT_RE`` for ``Recorder.sub``, tried only at a word that the
    same word follows after one space: linear in the text (the pattern alone would
    try every shorter unit of a long run of letters)."""

    @staticmethod
    def finditer(text: str, starts: list[int] | None = None):
        """(``starts``: where each run of LETTERS begins, as every whole word does.)"""
        pos = 0
        words = _LATIN_WHOLE_WORD_RE.finditer(text) if starts is None else matches_at(_LATIN_WHOLE_WORD_RE, text, starts)
        for w in words:
            i, j = w.span()
            if i < pos or not text.startswith(" " + w.group(), j):
                continue
            m = _LATIN_REPEAT_RE.match(text, i)
            if m is not None and m.group(1) == w.group():
                yield m
                pos = m.end()


def _han_beside(text: str, i: int, step: int) -> bool:
    """Whether a Chinese character stands at ``i``, looking past one space in the
    direction ``step``; going right, a Chinese mark or the end of the text too, and
    so the end of a paragraph (a removal after it may leave it the text's end)."""
    if 0 <= i < len(text) and text[i] == " ":
        i += step
    if not 0 <= i < len(text):
        return step > 0
    # (A mark in either width: the punctuation stage makes "?" after Chinese "？".)
    return han_at(text, i) or (step > 0 and text[i] in "，。！？、；：,.!?;:\n")


def latin_repeat(m: re.Match):
    """A word of two letters or more said again with Chinese around it, not a
    word doubled on purpose nor a whole clause of its own ("OK OK，")."""
    word = m.group(1)
    text = m.string
    if len(word) < 2 or word.lower() in _REDUPLICATED_EN:
        return None
    # Chinese before it (a mark or the text's start may open an English clause, "OK OK，"),
    # and Chinese, a Chinese mark or the end after it.
    if not (_han_beside(text, m.start() - 1, -1) and _han_beside(text, m.end(), 1)):
        return None
    return word, f"{(m.end() - m.start() + 1) // (len(word) + 1)}x {word}"
