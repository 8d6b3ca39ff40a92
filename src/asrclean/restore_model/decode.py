"""The decoder: marks for a stretch of text without any, greedy left to right (``decode``),
and a plain reference version the tests hold it to (``decode_reference``)."""

from __future__ import annotations

import math
import re
from bisect import bisect_right

from .features import COMMA, LEFT_PAD, OPENERS, PAD, PARTICLES, QUESTION, RIGHT_PAD, SHORT_CAP, STOP, _BUCKETS, _QW1, _QW2_LAST, features, question_cue
from .model import Model, SCALE, _DISTANCE, _EMPTY, _Z


def _confidence(s: complex, cls: int, q: float) -> float:
    comma, end = s.real / SCALE, s.imag / SCALE
    q /= SCALE
    top = max(0.0, comma, end)
    e0, e1, e2 = math.exp(-top), math.exp(comma - top), math.exp(end - top)
    if cls == COMMA:
        return e1 / (e0 + e1 + e2)
    p_q = 1.0 / (1.0 + math.exp(-q)) if -50 < q < 50 else float(q > 0)
    return e2 / (e0 + e1 + e2) * (p_q if cls == QUESTION else 1.0 - p_q)


# Where a question word may end (see question_cue): one of its last characters,
# or the third character of an A-not-A (X不X, X没X).
_CUE_END_RE = re.compile("[" + "".join(sorted(_QW1 | _QW2_LAST)) + "]")
_A_NOT_A_RE = re.compile(r"(?=(.)[不没]\1)")
_OPENER_RE = re.compile("(?=" + "|".join(sorted(OPENERS)) + ")")


def _question_cues(p: str, seq: str) -> dict[int, str]:
    """The gaps just after a question word, and the word (see question_cue)."""
    ends = [m.start() + 1 for m in _CUE_END_RE.finditer(seq)]
    ends += [m.start() + 3 for m in _A_NOT_A_RE.finditer(seq)]
    cues = {}
    for g in sorted(ends):
        cue = question_cue(p, g + PAD)
        if cue:
            cues[g] = cue
    return cues


def decode(model: Model, seq: str, pauses: list[bool] | None, candidates: list[bool] | None, final: bool,
           max_run: int = 30, costs: dict[int, complex] | None = None) -> list[tuple[int, int, float]]:
    """Marks for a stretch ``seq`` (reduced characters, no marks, no spaces).

    Gap g (1 <= g < len(seq)) lies before seq[g]; ``pauses[g]`` says a pause is
    there (None: nowhere), ``candidates[g]`` whether a mark may go there at all
    (None: everywhere); ``costs[g]`` (for some gaps 1..len(seq); None: none anywhere) what the form of
    the words around gap g takes off its (comma, sentence end) scores, in
    weight units (a word it would cut, see stages/restore). ``final``: the stretch ends its paragraph, so its end
    (gap len(seq)) takes a stop or a question mark. Returns (gap, class,
    confidence) for each mark, decided left to right (the marks so far are
    context for the next). A stretch never runs ``max_run`` characters without
    a mark: past that, the likeliest mark goes in, so that the result reads as
    punctuated (and stays so); with ``costs``, the likeliest of the last
    DUE_SLACK + 1 gaps up to that one (the costs count: not inside a word).

    Same decisions as ``decode_reference``, faster: the static part of every
    gap's score comes from the rows (see _CELL), and a gap whose static score
    is too low for any distance feature to lift it above "no mark" is not
    visited at all, unless something there needs a look (a pause, an opener,
    a question word, a mark that is due, or a question pending).
    """
    p = LEFT_PAD + seq + RIGHT_PAD
    n = len(seq)
    spaced = pauses is not None and any(pauses)
    if not spaced:
        pauses = None
    # One row per position of the text (see _CELL), one dict hit where the
    # model has the trigram there.
    r3, r2, r1 = model.rows[3].get, model.rows[2].get, model.rows[1].get
    R = [r3(p[k : k + 3]) or r2(p[k : k + 2]) or r1(p[k], _EMPTY) for k in range(len(p))]
    bias = model.bias
    # static[g - 1], gap i = g + PAD: the rows at i-3 .. i+1, cells 0 .. 4.
    static = [bias + a[0] + b[1] + c[2] + d[3] + e[4] for a, b, c, d, e in zip(R[1:], R[2:], R[3:], R[4:], R[5:])]
    if costs:
        # (A cost is static too: the gaps it lifts are looked at below.)
        for g, c in costs.items():
            static[g - 1] -= c
    cues = _question_cues(p, seq)
    # Gaps before an opener ("所以", "但是"): their features depend on the distances.
    openers = {m.start() for m in _OPENER_RE.finditer(seq, 1)}
    dist = model.by_distance
    wm, ws, wqs, wqd, wpm, wnm, wo, wom, wps, wpo, wpn, wnn = (dist[k] for k in _DISTANCE)
    # The gaps worth a look while no question is pending: the most the
    # distance features (and, with pauses, the no-pause ones) can add still
    # leaves no mark elsewhere.
    lift = model.lift_spaced if spaced else model.lift
    low_c, low_e = -lift.real, -lift.imag
    look = [g for g, x in enumerate(static, 1) if x.real > low_c or x.imag > low_e]
    look.extend(cues)
    look.extend(openers)
    look.append(n)
    next_pause = {}  # pause gap -> the next pause gap (or the end)
    at: list[int] = []  # the pause gaps, in order
    if spaced:
        at = [g for g in range(1, n) if pauses[g]]
        look.extend(at)
        next_pause = dict(zip(at, at[1:] + [n]))
    n_at = len(at)
    look.sort()  # (a gap may be in twice: the loop steps over the repeat)
    cap = model.cap
    other = model.other.get
    asked_w, paused_w, unpaused_w, paused_asked_w = model.asked, model.paused, model.unpaused, model.paused_asked
    unspaced_asked_w = _Z if spaced else model.unspaced_asked
    last_mark = last_stop = last_cue = 0  # gaps (0: the start)
    asked = ""
    qlw = 0j
    # With costs, a mark that falls due goes at the likeliest of the gaps from
    # due_from characters after the last mark on (best: its score, the gap, and
    # the state there), every one of them visited.
    due_from = max_run - DUE_SLACK if costs is not None else max_run
    best = None
    out = []
    j = 0  # look[j]: the next gap worth a look
    g = 0
    while g < n:
        # The next gap to visit: the next one (a question is pending, or a mark
        # is due), else the next worth a look or where a mark falls due.
        if asked or g - last_mark >= due_from - 1:
            g += 1
        else:
            while look[j] <= g:
                j += 1
            g = look[j]
            due = last_mark + due_from
            if due < g:
                g = due
        if g in cues:
            asked = cues[g]
            last_cue = g
            qlw = other("QW=" + asked, _Z) + asked_w + unspaced_asked_w
        if candidates is not None and g < n and not candidates[g]:
            continue
        dm = g - last_mark
        ds = g - last_stop
        if dm > cap:
            dm = cap
        if ds > cap:
            ds = cap
        s = static[g - 1] + wm[dm] + ws[ds]
        if asked:
            dc = g - last_cue
            s += qlw + other("QL=" + p[g + PAD - 1], _Z) + wqs[ds if ds < SHORT_CAP else SHORT_CAP] + wqd[
                dc if dc < SHORT_CAP else SHORT_CAP]
        if g in openers:
            s += wo[ds if ds < SHORT_CAP else SHORT_CAP] + wom[dm if dm < SHORT_CAP else SHORT_CAP]
        pause = False
        to_pause = 0
        if pauses is not None:
            if g < n and pauses[g]:
                pause = True
                i = g + PAD
                # P, PA PL PR+PC, PM, PS (dm, ds: capped distances).
                s += paused_w + R[i - 2][5] + R[i - 1][6] + R[i][7] + wpm[dm] + wps[ds]
                if g in openers:
                    s += wpo[ds if ds < SHORT_CAP else SHORT_CAP]
                c = p[i - 1]
                if c in PARTICLES:
                    s += other("PF=" + c + _BUCKETS[ds if ds < SHORT_CAP else SHORT_CAP], _Z)
                to_pause = next_pause[g] - g
                tp = to_pause if to_pause < SHORT_CAP else SHORT_CAP
                s += wpn[tp] + other("PMN=" + _BUCKETS[dm if dm < SHORT_CAP else SHORT_CAP] + "," + _BUCKETS[tp], _Z)
                if asked:
                    s += paused_asked_w
            else:
                s += unpaused_w + wnm[dm]
                if g < n:
                    # The next pause, found only for the gaps visited.
                    k = bisect_right(at, g)
                    to_pause = (at[k] if k < n_at else n) - g
                    s += wnn[to_pause if to_pause < SHORT_CAP else SHORT_CAP]
        if g == n:
            if not final:
                break
            cls = STOP
        else:
            comma, end = s.real, s.imag
            # A pause the recognizer heard is always a boundary: the model
            # only says which mark it takes.
            if comma <= 0.0 and end <= 0.0 and not pause:
                if g - last_mark < max_run:
                    if g - last_mark >= due_from:
                        top = comma if comma > end else end
                        if best is None or top > best[0]:
                            best = (top, g, s, asked, last_cue, qlw, to_pause)
                    continue
                if best is not None and best[0] > (comma if comma > end else end):
                    # The mark that is due goes back to the likeliest gap of
                    # the last few, and the gaps after it are read again.
                    _, g, s, asked, last_cue, qlw, to_pause = best
                    comma, end = s.real, s.imag
                    j = bisect_right(look, g)
            cls = COMMA if comma > end else STOP
        q = 0.0
        if cls == STOP:
            q = _question(model, p, g, R, pause, spaced, g - last_mark, g - last_stop, asked, g - last_cue, to_pause)
            if q > 0.0:
                cls = QUESTION
        out.append((g, cls, _confidence(s, cls, q)))
        best = None
        last_mark = g
        if cls != COMMA:
            last_stop = g
            asked = ""
    return out


# A mark that falls due (with ``costs``) goes at the likeliest of the last this
# many gaps before it must, which cuts no word where one of them does not
# ("还。不错" is what a mark forced at exactly max_run did).
DUE_SLACK = 4


def _question(model: Model, p: str, g: int, R: list, pause: bool, spaced: bool, since_mark: int, since_stop: int,
              asked: str, since_cue: int, to_pause: int) -> float:
    """The question score of gap g (where the mark model put a sentence end)."""
    i = g + PAD
    # The question weights are few and asked for only here: looked up by
    # template and slice.
    q = 0.0
    for look_up, a, b in model.question_static:
        q += look_up(p[i + a : i + b], 0.0)
    if spaced and pause:
        for look_up, a, b in model.question_paused:
            q += look_up(p[i + a : i + b], 0.0)
    # The rest as dynamic_features has it, by list index rather than by key.
    cap = model.cap
    dm = since_mark if since_mark < cap else cap
    ds = since_stop if since_stop < cap else cap
    qd = model.question_by_distance
    q += model.qbias + qd["M"][dm] + qd["S"][ds]
    if asked:
        get = model.question.get
        q += model.qasked + get("QW=" + asked, 0.0) + get("QL=" + p[i - 1], 0.0)
        q += qd["QS"][ds if ds < SHORT_CAP else SHORT_CAP] + qd["QD"][since_cue if since_cue < SHORT_CAP else SHORT_CAP]
        if not spaced:
            q += model.qunspaced_asked
    if p[i : i + 2] in OPENERS:
        q += qd["O"][ds if ds < SHORT_CAP else SHORT_CAP] + qd["OM"][dm if dm < SHORT_CAP else SHORT_CAP]
    if spaced:
        if pause:
            q += model.qpaused + qd["PM"][dm] + qd["PS"][ds] + (model.qpaused_asked if asked else 0.0)
            if p[i : i + 2] in OPENERS:
                q += qd["PO"][ds if ds < SHORT_CAP else SHORT_CAP]
            if p[i - 1] in PARTICLES:
                q += model.question.get("PF=" + p[i - 1] + _BUCKETS[ds if ds < SHORT_CAP else SHORT_CAP], 0.0)
            tp = to_pause if to_pause < SHORT_CAP else SHORT_CAP
            q += qd["PN"][tp] + model.question.get(
                "PMN=" + _BUCKETS[dm if dm < SHORT_CAP else SHORT_CAP] + "," + _BUCKETS[tp], 0.0)
        else:
            q += model.qunpaused + qd["NM"][dm]
            if to_pause:
                q += qd["NN"][to_pause if to_pause < SHORT_CAP else SHORT_CAP]
    return q


def pause_distances(pauses: list[bool], n: int) -> list[int]:
    """For each gap g of a stretch of n characters, the characters up to the
    next pause after it (or to the end of the stretch)."""
    out = [0] * (n + 1)
    nxt = n
    for g in range(n - 1, 0, -1):
        out[g] = nxt - g
        if pauses[g]:
            nxt = g
    return out


def decode_reference(model: Model, seq: str, pauses: list[bool], candidates: list[bool], final: bool,
                     max_run: int = 30, costs: dict[int, complex] | None = None) -> list[tuple[int, int]]:
    """``decode`` the slow, obvious way, from ``features`` (for tests)."""
    p = LEFT_PAD + seq + RIGHT_PAD
    n = len(seq)
    spaced = pauses is not None and any(pauses)
    since_mark = since_stop = since_cue = 0
    asked = ""
    out = []
    to_pause = pause_distances(pauses, n) if spaced else [0] * (n + 1)
    best = None  # as in decode: the likeliest gap where a mark may fall due, and the state there
    g = 0
    while g < n:
        g += 1
        i = g + PAD
        since_mark += 1
        since_stop += 1
        since_cue += 1
        cue = question_cue(p, i)
        if cue:
            asked = cue
            since_cue = 0
        if candidates is not None and g < n and not candidates[g]:
            continue
        keys = features(p, i, bool(pauses) and g < n and pauses[g], spaced, since_mark, since_stop, asked, since_cue,
                        to_pause[g])
        s = model.mark_score(keys)
        if costs is not None:
            s -= costs.get(g, 0)
        if g == n:
            if not final:
                break
            cls = STOP
        else:
            if s.real <= 0.0 and s.imag <= 0.0 and not (spaced and pauses[g]):
                if since_mark < max_run:
                    if costs is not None and since_mark >= max_run - DUE_SLACK:
                        top = max(s.real, s.imag)
                        if best is None or top > best[0]:
                            best = (top, g, s, keys, asked, since_cue, since_mark, since_stop)
                    continue
                if best is not None and best[0] > max(s.real, s.imag):
                    _, g, s, keys, asked, since_cue, since_mark, since_stop = best
            cls = COMMA if s.real > s.imag else STOP
        if cls == STOP and model.question_score(keys) > 0.0:
            cls = QUESTION
        out.append((g, cls))
        best = None
        since_mark = 0
        if cls != COMMA:
            since_stop = 0
            asked = ""
    return out
