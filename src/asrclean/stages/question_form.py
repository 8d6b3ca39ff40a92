"""English questions told by their word order, over the marks the English model restored.

The model (asrclean.restore_en) reads a few words around each gap, learnt from
task dialogues; on other speech it misses questions a reader sees at once
("the login page is slow, who can take a look at that.") and asks where
nothing is asked ("users are mostly happy with it?"). English marks a
question by its form, and a transcript without marks has nothing else to go
by, so the model's marks are settled by it:

- a clause that opens with a question form (a wh-word before an auxiliary:
  "who can", "what do", "where's"; "how much", "what time"; an auxiliary
  before its subject: "can you", "is it", "do we", "is there") after a
  restored comma that ends a clause of three words or more starts a
  sentence of its own ("okay, can you" stays: a word or two before the
  comma are a discourse marker);
- a sentence that opens with a question form ends in a question mark;
- a sentence the model ended in a question mark, with a confidence below
  UNSURE_QUESTION, that holds no question form (at the start of any of its
  clauses) and no tag ("…, right", "…, okay") is a statement: a full stop.
  A question asked by intonation alone ("you're coming?") needs the model
  to be sure of it, and one that opens with a wh-word before its own subject
  ("what I mean is …", "when we started …") names, it does not ask.

Only the restored marks of one run are settled, and a mark changes only
between comma, full stop and question mark: the same gaps, so cleaning again
finds nothing to do.
"""

from __future__ import annotations

# The classes of asrclean.restore_en (not imported here: a cold start needs neither module).
COMMA, STOP, QUESTION = 1, 2, 3

_WH = frozenset("what who whom whose where when why how".split())
_WH_CONTRACTED = frozenset(
    "what's who's where's when's why's how's what're who're where're how're what'd who'd where'd how'd "
    "what'll who'll where'll".split()
)
_AUX = frozenset(
    "is are was were am do does did can could will would should shall may might must have has had "
    "isn't aren't wasn't weren't don't doesn't didn't can't cannot couldn't won't wouldn't shouldn't "
    "haven't hasn't hadn't".split()
)
# What may follow how/what to ask without an auxiliary ("how much", "what time").
_WH_ASKS = {
    "how": frozenset("much many long far often old big about come".split()),
    "what": frozenset("about if else time kind type sort".split()),
    "why": frozenset("not".split()),
    "which": frozenset("one ones".split()),
}
_STATING_SUBJECTS = frozenset("i we they he she".split())
# Wh-words that take a noun ("what city", "which area", "how many people").
_WH_NOUN = frozenset("what which whose how".split())
_PREPOSITIONS = frozenset("in at on for from to with by about".split())
_PRONOUNS = frozenset("i you we they he she".split())
_SUBJECTS = _PRONOUNS | frozenset(
    "it there this that these those the a an your my our their his her its anyone anybody someone "
    "somebody everyone everybody anything something any all".split()
)
# "do it now", "have a look": before these an auxiliary is a verb of its own.
_PRONOUN_ONLY = frozenset("do have don't".split())
# Words before a question that do not make it a statement ("so what do we do").
_LEAD_IN = frozenset("and but so or then now well okay ok oh also alright yes yeah no um uh".split())
# A statement ending in one of these asks for agreement ("it's fine, right").
_TAGS = frozenset("right okay ok correct yeah huh eh".split())
# A question mark the model is less sure of than this, on a sentence with no
# question form, yields to the form (chosen on dev dialogues of the Schema-Guided
# Dialogue set, whose agents confirm by declarative questions: "You want a table
# for 2?"; 0.7, 0.8 and 0.9 were tried, 0.7 scored best and no rule the worst).
UNSURE_QUESTION = 0.7
# The words a comma must end, at least, for the clause after it to be a sentence of its own.
_MIN_CLAUSE = 3


def asks(words: list[str], start: int, end: int) -> bool:
    """Whether words[start:end] (lower case) open with a question form."""
    i = start
    while i < end - 1 and i < start + 2 and words[i] in _LEAD_IN:
        i += 1
    if i >= end:
        return False
    w = words[i].replace("’", "'")
    nxt = words[i + 1].replace("’", "'") if i + 1 < end else ""
    if w in _PREPOSITIONS and nxt in _WH_NOUN and i + 1 < end:
        i += 1  # "in which city", "at what time": the wh-phrase asks as it would alone
        w, nxt = nxt, (words[i + 1].replace("’", "'") if i + 1 < end else "")
    if w in _WH_CONTRACTED:
        return True
    if w in _WH_NOUN or w in _WH:
        if (w in _WH and nxt in _AUX) or nxt in _WH_ASKS.get(w, ()):
            return True
        # A wh-word with its noun, then the auxiliary before its subject:
        # "what city do you", "which area would you", "how many people are there".
        if w in _WH_NOUN and nxt not in _SUBJECTS:  # (its noun, not a subject: "what I mean is that")
            for j in range(i + 2, min(end - 1, i + 4)):
                if words[j] in _AUX:
                    return words[j + 1] in _SUBJECTS
        return False
    if w in _AUX and nxt:
        subjects = _PRONOUNS if w in _PRONOUN_ONLY else _SUBJECTS
        return nxt in subjects
    return False


def states(words: list[str], start: int, end: int) -> bool:
    """Whether words[start:end] open with a wh-word before its own subject, a
    clause that names rather than asks ("what I mean is", "when we started",
    "how they did it"). "you" is left out: "how you doing" asks."""
    i = start
    while i < end - 1 and i < start + 2 and words[i] in _LEAD_IN:
        i += 1
    return i + 1 < end and words[i] in _WH and words[i + 1] in _STATING_SUBJECTS


def settle(words: list[str], decided: list[tuple[int, int, float]], starts_sentence: bool) -> list[tuple[int, int, float, str | None]]:
    """The model's marks (word index, class, confidence), settled by question
    form: (word index, class, confidence, why the class changed or None).
    ``starts_sentence``: the run's first word starts a sentence."""
    n = len(words)
    marks = list(decided)
    # Clauses: (first word, index in marks of the mark that ends it, or None).
    bounds = [m[0] for m in marks]
    # Rule 1: a question after a comma starts a sentence.
    prev_end = -1
    for j, (k, cls, conf) in enumerate(marks):
        start = k + 1
        if cls == COMMA and k - prev_end >= _MIN_CLAUSE and start < n:
            stop = bounds[j + 1] + 1 if j + 1 < len(marks) else n
            if asks(words, start, stop):
                marks[j] = (k, STOP, -1.0)  # (decided by form: see below)
        prev_end = k
    # Rules 2 and 3, sentence by sentence.
    out = []
    sentence_start = 0
    clause_starts = [0]
    opens = starts_sentence
    for (k, cls, conf), (_, was, model_conf) in zip(marks, decided):
        if cls == COMMA:
            clause_starts.append(k + 1)
            out.append((k, cls, conf, None))
            continue
        if opens and asks(words, sentence_start, k + 1):
            cls = QUESTION
        elif (
            cls == QUESTION
            and (model_conf < UNSURE_QUESTION or (opens and states(words, sentence_start, k + 1)))
            and not any(asks(words, s, k + 1) for s in clause_starts)
            and words[k] not in _TAGS
        ):
            cls = STOP
        why = None
        if cls != was:
            why = "a question by its word order" if cls == QUESTION else (
                "a clause that asks starts after it" if was == COMMA else "no question form: a statement")
        out.append((k, cls, model_conf, why))
        sentence_start = k + 1
        clause_starts = [k + 1]
        opens = True
    return out
