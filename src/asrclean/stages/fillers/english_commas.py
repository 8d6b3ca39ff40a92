"""Where an English filler's comma goes with it: inside a phrase ("for, um, two
weeks" -> "for two weeks") or a clause ("The patient reports, uh, mild chest
pain"), and where it stays, ending a clause or an introduction ("Okay, um, let's",
"Hi everyone, um, thanks")."""

from __future__ import annotations

import re

# English words that cannot end a phrase: articles, prepositions, auxiliaries,
# conjunctions and subject pronouns. A comma after one stands only to set off
# the filler that follows ("for, um, two weeks", "would, uh, call"), and goes
# with it; after other words it may end a clause ("Okay, um, let's") and stays.
_EN_NO_PAUSE_AFTER = frozenset(
    "a an the this that these those my your our their his her its to for of with at by from about into onto "
    "than will would can could should must might may shall do does did is was are were am be been being have "
    "has had and or but i we you they he she".split()  # noqa: SIM905 (a word list reads best as one string)
)
# (A word with a contracted auxiliary or a possessive cannot end one either:
# "it's, you know, a case", "the doctor's, um, office".)
_EN_WORD_BEFORE_COMMA_RE = re.compile(r"(?<![A-Za-z'])([A-Za-z]+(?:'(?:s|re|m|ve|ll|d))?) ?[,，] *$")


def _inside_english_phrase(text: str, s: int) -> int | None:
    """Where the comma before an English filler at text[s] begins, when that
    comma follows a word that cannot end a phrase (see _EN_NO_PAUSE_AFTER)."""
    if not text[s].isascii() or not text[s].isalpha():
        return None
    m = _EN_WORD_BEFORE_COMMA_RE.search(text, max(0, s - 16), s)
    if m is None or ("'" not in m.group(1) and m.group(1).lower() not in _EN_NO_PAUSE_AFTER):
        return None
    return m.end(1)


# A form of "be" before a clause of its own is the end of a phrase: "The thing
# is, um, we're late" keeps its comma ("The thing is, we're late"), while "She
# is, um, going" is one phrase ("She is going").
_BE_BEFORE_CLAUSE = frozenset(("is", "was", "are", "were"))
_SUBJECT_RE = re.compile(r"(?i:i|we|you|they|he|she|it|there)(?:'[a-z]+)?(?![A-Za-z])")


def _opens_clause_after_be(text: str, inside: int, j: int) -> bool:
    """Whether the comma at ``inside`` follows a form of "be" and a subject pronoun follows the filler at ``j``."""
    k = inside
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    return text[k:inside].lower() in _BE_BEFORE_CLAUSE and _SUBJECT_RE.match(text, j) is not None


# Words that may open a clause of their own after a comma: pronouns,
# determiners, conjunctions, question words and sentence adverbs ("Okay, um,
# let's", "Yesterday, uh, the doctor"), and the approximators that set off an
# amount ("Revenue was up, uh, about eight percent"). Before any other word ("mild", "dismissed")
# the filler stood inside a clause (see _comma_inside_clause).
_EN_CLAUSE_OPENERS = frozenset(
    "i we you they he she it there here this that these those the a an my our your his her their its some all "
    "every each no any one and but so or because then now well also actually maybe perhaps if when while since "
    "although though after before as once until unless let let's what who why how where which yes yeah no okay ok "
    "right sure not just still only even about around roughly approximately almost nearly over under "
    "like mostly probably".split()  # noqa: SIM905 (a word list reads best as one string)
)
# Words that open an introductory phrase, whose comma ends it ("In 2020, uh, revenue"),
# and discourse words a sentence may open with before its subject ("So the judge").
_EN_INTRODUCERS = frozenset(
    "in on at after before when if because since although though while during as from by with without once "
    "until unless whether for over under according despite".split()  # noqa: SIM905
)
# A greeting and whom it greets are no subject and verb: "Hi everyone, um, thanks"
# keeps its comma.
_EN_GREETINGS = frozenset("hi hello hey morning evening afternoon welcome thanks dear".split())  # noqa: SIM905
_EN_LEAD_WORDS = frozenset("so and but then well now okay ok oh yeah also".split())  # noqa: SIM905
_EN_SEGMENT_RE = re.compile(r"[A-Za-z][A-Za-z' ]*\Z")
_EN_SENTENCE_REST_RE = re.compile(r"[^.!?\n]{0,120}")


def _comma_inside_clause(text: str, s: int, j: int) -> int | None:
    """Where the comma before an English filler at text[s] begins, when the
    filler stood inside a clause: two words or more of a subject and its verb
    before the comma, not an introductory phrase ("The patient reports, uh,
    mild chest pain" -> "The patient reports mild chest pain"; "So the judge, um,
    dismissed" -> "So the judge dismissed"), and after the filler a word that
    cannot open a clause of its own (see _EN_CLAUSE_OPENERS)."""
    if not text[s].isascii() or not text[s].isalpha():
        return None
    after = re.match(r"[a-z]+(?:'[a-z]+)?", text[j : j + 24])
    if after is None or after.group().lower() in _EN_CLAUSE_OPENERS:
        return None
    # A list reads the same ("eggs, um, milk and bread"): a comma, "and" or "or"
    # later in the sentence keeps this comma.
    rest = _EN_SENTENCE_REST_RE.match(text, j).group()
    if "," in rest or re.search(r"\b(?:and|or)\b", rest):
        return None
    comma = text.rfind(",", max(0, s - 3), s)
    if comma < 0 or text[comma + 1 : s].strip():
        return None
    # The words since the last mark or line start (an English run only).
    start = comma
    while start > 0 and comma - start < 80 and text[start - 1] not in ",.;:!?，。；：！？\n":
        start -= 1
    while start < comma and text[start] == " ":
        start += 1
    segment = _EN_SEGMENT_RE.match(text, start, comma)
    if segment is None or segment.end() != comma:
        return None
    words = [w.lower() for w in text[start:comma].split()]
    while words and words[0] in _EN_LEAD_WORDS:
        words.pop(0)
    if len(words) < 2 or words[0] in _EN_INTRODUCERS or words[0] in _EN_GREETINGS:
        return None
    k = comma
    while k > 0 and text[k - 1] == " ":
        k -= 1
    return k
