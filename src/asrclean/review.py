"""``--format html``: one self-contained page to review every edit.

The page shows the cleaned text with each change marked by its stage; hovering
or focusing a change shows its rule, score and original text. Each change is a
button: pressing it rejects the change (the original text comes back in its
place), or accepts a near-miss suggestion. Two buttons export the decisions: as
a glossary (``keep`` for rejected changes, aliases for accepted suggestions)
that ``clean -g`` loads, and as the Markdown the decisions give.

Everything is in the file (no network, works from ``file://``). All text from
the transcript reaches the page through ``html.escape`` or through JSON with
``<``, ``>`` and ``&`` written as ``\\uXXXX``, so a transcript that holds
``</script>`` or quotes stays text.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from ._version import __version__
from .markdown import timestamp
from .trace import Piece

# Near-miss suggestions name the term in their detail (see stages.terms).
_SUGGESTED_TERM_RES = (
    re.compile(r"score \d+ for (['\"])(?P<term>.+?)\1 \(threshold"),
    re.compile(r"sounds like (?P<term>.+?) \("),
)
_KEEP_MIN = 2  # word characters in a kept text, or it would protect too much
_WORD_RE = re.compile(r"\w")


@dataclass
class Change:
    """One reviewable change: base text ``before`` became ``after``."""

    kind: str  # "edit" or "suggest"
    before: str
    after: str
    stages: list[str]
    rules: list[str]
    details: list[str]
    keep: str  # what the glossary keeps when the change is rejected
    term: str | None  # a suggestion's term
    keep_at: int = 0  # where ``keep`` starts in the base text (to merge overlapping entries)
    line: int | None = None
    column: int | None = None


def suggested_term(detail: str | None) -> str | None:
    for pattern in _SUGGESTED_TERM_RES:
        m = pattern.search(detail or "")
        if m:
            return m.group("term").strip() or None
    return None


def _keep_text(base: str, bs: int, be: int) -> str:
    s, e = _keep_span(base, bs, be)
    return base[s:e]


def _keep_span(base: str, bs: int, be: int) -> tuple[int, int]:
    """The base text a ``keep`` entry protects so that the change is not made again.

    Marks, spaces or a single character alone would be protected everywhere
    ("，"): the entry takes neighbours until it holds two word characters, and
    an insertion takes one on each side (a point is protected strictly inside a
    kept span); all within the line.
    """
    s, e = bs, be
    point = bs == be

    def enough() -> bool:
        if point and (s == bs or e == be):
            return False
        return len(_WORD_RE.findall(base, s, e)) >= _KEEP_MIN

    while not enough():
        grown = False
        if s > 0 and base[s - 1] != "\n":
            s -= 1
            grown = True
        if e < len(base) and base[e] != "\n":
            e += 1
            grown = True
        if not grown:
            break
    return s, e


def _interactive(before: str, after: str) -> bool:
    # A change of paragraphs or lines (layout, joined lines) is shown as its
    # result: undoing it would remake the paragraphs, which the page does not.
    return "\n" not in after and "\n" not in before


def build(base: str, pieces: list[Piece], edits, places=None) -> tuple[list, list[Change]]:
    """The result as a list of str and Change, in order, and the changes."""
    items: list = []
    changes: list[Change] = []
    for p in pieces:
        if p.ids is None:
            items.append(p.text)
            continue
        before = base[p.bstart : p.bend]
        group = [edits[i] for i in p.ids]
        if not _interactive(before, p.text):
            items.append(p.text)
            continue
        suggest = all(e.before == e.after for e in group)
        term = None
        if suggest:
            term = next((t for t in (suggested_term(e.detail) for e in group) if t), None)
        real = [e for e in group if e.before != e.after] or group
        place = places[p.ids[0]] if places else None
        ch = Change(
            kind="suggest" if suggest else "edit",
            before=before,
            after=p.text,
            stages=list(dict.fromkeys(e.stage for e in real)),
            rules=list(dict.fromkeys(f"{e.stage}/{e.rule}" for e in real)),
            details=[e.detail for e in real if e.detail],
            keep=_keep_text(base, p.bstart, p.bend),
            keep_at=_keep_span(base, p.bstart, p.bend)[0],
            term=term,
            line=place.line if place else None,
            column=place.column if place else None,
        )
        changes.append(ch)
        items.append(ch)
    return items, changes


def _paragraph_items(items: list, paragraphs) -> list[list]:
    """``items`` cut at the paragraph breaks of the result (``"\\n\\n"`` between paragraphs)."""
    bounds = []
    pos = 0
    for p in paragraphs:
        bounds.append((pos, pos + len(p.text)))
        pos += len(p.text) + 2
    out: list[list] = [[] for _ in paragraphs]
    if not paragraphs:
        return out
    k = 0
    pos = 0
    for it in items:
        if isinstance(it, Change):
            # A change at a break belongs to the paragraph it touches: the one it
            # ends, or else the one it starts.
            while k + 1 < len(bounds) and pos > bounds[k][1]:
                k += 1
            out[k].append(it)
            pos += len(it.after)
            continue
        start = pos
        end = pos + len(it)
        pos = end
        while k < len(bounds):
            ps, pe = bounds[k]
            s, e = max(start, ps), min(end, pe)
            if s < e:
                out[k].append(it[s - start : e - start])
            if end <= pe or k + 1 == len(bounds):
                break
            k += 1
    return out


def _json_for_script(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Nothing in a script element may read as markup ("</script>", "<!--").
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _quote(s: str) -> str:
    return "\u201c" + s + "\u201d"


def _label(ch: Change) -> str:
    rules = ", ".join(ch.rules)
    if ch.kind == "suggest":
        if ch.term:
            return f"Accept suggestion {_quote(ch.term)} for {_quote(ch.before)} ({rules})"
        return f"Suggestion for {_quote(ch.before)} ({rules})"
    if not ch.after:
        what = f"deleted {_quote(ch.before)}"
    elif not ch.before:
        what = f"inserted {_quote(ch.after)}"
    else:
        what = f"{_quote(ch.before)} changed to {_quote(ch.after)}"
    return f"Reject edit: {what} ({rules})"


def _change_html(n: int, ch: Change, source_name: str) -> str:
    e = html.escape
    tip = [f'<span class="r">{e(", ".join(ch.rules))}</span>']
    for d in ch.details:
        tip.append(f'<span class="d">{e(d)}</span>')
    if ch.kind == "suggest":
        tip.append(f'<span class="o">text: {e(_quote(ch.before))}</span>')
        if ch.term:
            tip.append(f'<span class="o">suggested: {e(_quote(ch.term))}</span>')
    else:
        tip.append(f'<span class="o">original: {e(_quote(ch.before)) if ch.before else "(nothing)"}</span>')
        tip.append(f'<span class="o">cleaned: {e(_quote(ch.after)) if ch.after else "(nothing)"}</span>')
    if ch.line is not None:
        tip.append(f'<span class="p">{e(source_name)} line {ch.line}, column {ch.column}</span>')
    tip_html = f'<span class="tip" role="tooltip" id="tip{n}">{"".join(tip)}</span>'
    stage_classes = " ".join(f"st-{e(s)}" for s in ch.stages)
    if ch.kind == "suggest":
        kind = "sug"
        now = f'<span class="a">{e(ch.before)}</span>'
        then = f'<span class="b">{e(ch.term or ch.before)}</span>'
    elif not ch.after:
        kind = "del"
        now = f'<span class="a"><del>{e(ch.before)}</del></span>'
        then = f'<span class="b">{e(ch.before)}</span>'
    elif not ch.before:
        kind = "ins"
        now = f'<span class="a"><ins>{e(ch.after)}</ins></span>'
        then = '<span class="b" aria-hidden="true">\u2038</span>'
    else:
        kind = "rep"
        now = f'<span class="a">{e(ch.after)}</span>'
        then = f'<span class="b">{e(ch.before)}</span>'
    disabled = " disabled" if ch.kind == "suggest" and not ch.term else ""
    return (
        f'<button type="button" class="ch {kind} {stage_classes}" data-i="{n}" aria-pressed="false"'
        f' aria-label="{e(_label(ch))}" aria-describedby="tip{n}"{disabled}>{now}{then}{tip_html}</button>'
    )


def render(doc, base: str, pieces: list[Piece], places=None, timestamps: bool = True) -> str:
    """The review page of a document cleaned with its edits kept."""
    e = html.escape
    items, changes = build(base, pieces, doc.edits, places)
    per_paragraph = _paragraph_items(items, doc.paragraphs)
    index = {id(ch): n for n, ch in enumerate(changes)}
    source_name = doc.source or "<stdin>"
    body = []
    for p, its in zip(doc.paragraphs, per_paragraph):
        attrs = []
        meta = []
        if timestamps and p.start is not None:
            attrs.append(f' data-start="{p.start!r}"')
            meta.append(f'<time>{e(timestamp(p.start))}</time>')
        if p.speaker:
            attrs.append(f' data-speaker="{e(p.speaker)}"')
            meta.append(f'<strong class="who">{e(p.speaker)}:</strong>')
        meta_html = f'<span class="meta">{" ".join(meta)}</span> ' if meta else ""
        parts = [
            _change_html(index[id(it)], it, source_name) if isinstance(it, Change) else e(it) for it in its
        ]
        body.append(f'<p class="para"{"".join(attrs)}>{meta_html}<span class="txt">{"".join(parts)}</span></p>')
    n_edits = sum(1 for c in changes if c.kind == "edit")
    n_sugg = len(changes) - n_edits
    stages = list(dict.fromkeys(s for c in changes for s in c.stages))
    data = {
        "title": doc.title,
        "source": source_name,
        "generator": f"asrclean {__version__}",
        "changes": [
            {"kind": c.kind, "before": c.before, "after": c.after, "keep": c.keep, "at": c.keep_at, "term": c.term}
            for c in changes
        ],
    }
    title = doc.title or source_name
    legend = "".join(f'<li><span class="sw st-{e(s)}"></span>{e(s)}</li>' for s in stages)
    return _PAGE.format(
        title=e(title),
        h1=e(doc.title) if doc.title else "",
        h1_class="" if doc.title else ' class="untitled"',
        source=e(source_name),
        generator=e(f"asrclean {__version__}"),
        n_edits=n_edits,
        n_sugg=n_sugg,
        legend=legend,
        body="\n".join(body),
        data=_json_for_script(data),
        css=_CSS,
        js=_JS,
    )


_CSS = """
:root{--fg:#1b1b1b;--bg:#fff;--muted:#5e5e5e;--focus:#1a5fb4;
--normalize:#7a7a7a;--fillers:#c01c28;--terms:#1c71d8;--punctuation:#9141ac;--spacing:#26a269;--sentences:#c64600;--layout:#7a7a7a;--other:#865e3c}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:1.05rem/1.75 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
header{position:sticky;top:0;z-index:2;background:#f6f5f4;border-bottom:1px solid #ddd;padding:.5rem 1rem}
header .bar{max-width:46rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
header .info{flex:1 1 14rem;font-size:.9rem;color:var(--muted)}
header button{font:inherit;font-size:.9rem;padding:.35rem .7rem;border:1px solid #888;border-radius:.4rem;background:#fff;cursor:pointer}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem}
h1.untitled{display:none}
.legend{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem;color:var(--muted)}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:.2em;margin-right:.3em;vertical-align:-.05em;background:var(--c,var(--other))}
.para{white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1rem}
.meta{color:var(--muted);font-size:.9rem}
.meta time{font-variant-numeric:tabular-nums}
.ch{position:relative;font:inherit;color:inherit;background:none;border:0;padding:0 .05em;margin:0;cursor:pointer;
 border-bottom:2px solid var(--c,var(--other));border-radius:.15em;white-space:pre-wrap;text-align:inherit}
.ch .b{display:none}
.ch[aria-pressed=true] .a{display:none}
.ch[aria-pressed=true] .b{display:inline}
.ch.rep .a{background:color-mix(in srgb,var(--c,var(--other)) 14%,transparent)}
.ch.del .a del{color:var(--c,var(--other));opacity:.75;font-size:.85em}
.ch.ins .a ins{text-decoration:none;background:color-mix(in srgb,var(--c,var(--other)) 18%,transparent)}
.ch.ins .b{color:var(--muted)}
.ch.sug{border-bottom:0;text-decoration:underline wavy var(--terms);text-underline-offset:.25em}
.ch[aria-pressed=true]{border-bottom-style:dashed;background:#fff6d5}
.ch.sug[aria-pressed=true]{text-decoration:none;border-bottom:2px solid var(--terms)}
.ch:focus{outline:none}
.ch:focus-visible,header button:focus-visible,textarea:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.ch:disabled{cursor:help}
.tip{display:none;position:absolute;left:0;top:100%;z-index:3;margin-top:.3rem;min-width:12rem;max-width:min(22rem,86vw);
 padding:.4rem .6rem;background:#241f31;color:#fff;border-radius:.4rem;font-size:.8rem;line-height:1.4;text-align:left;white-space:normal;pointer-events:none}
.tip>span{display:block}
.tip .r{font-weight:600}
.ch:hover .tip,.ch:focus .tip{display:block}
.st-normalize{--c:var(--normalize)}.st-fillers{--c:var(--fillers)}.st-terms{--c:var(--terms)}.st-punctuation{--c:var(--punctuation)}
.st-spacing{--c:var(--spacing)}.st-sentences{--c:var(--sentences)}.st-layout{--c:var(--layout)}
#export{margin-top:2rem}
#export[hidden]{display:none}
#export textarea{width:100%;min-height:12rem;font:.85rem/1.4 ui-monospace,monospace}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){body{font-size:1rem}header{padding:.4rem .6rem}main{padding:.6rem}h1{font-size:1.25rem}
 header button{flex:1 1 auto}.tip{position:fixed;left:.5rem;right:.5rem;top:auto;bottom:.5rem;max-width:none}}
@media (prefers-reduced-motion:no-preference){.ch{transition:background .15s}}
""".strip()

# Markdown escaping as markdown.escape does it, so that the exported Markdown
# is what clean writes for the same text.
_JS = r"""
(function(){
'use strict';
var data=JSON.parse(document.getElementById('asrclean-data').textContent);
var live=document.getElementById('live');
function escapeMd(t){
  t=t.replace(/([\\`*_\[\]<>|~])/g,'\\$1');
  t=t.replace(/&(?=#?[A-Za-z0-9]+;)/g,'\\&');
  t=t.replace(/^([#>+=-])/gm,'\\$1');
  t=t.replace(/^(\d{1,9})([.)])/gm,'$1\\$2');
  return t.replace(/^ +/gm,'');
}
function stamp(s){s=Math.floor(s);function d(n){return (n<10?'0':'')+n;}
  return '['+d(Math.floor(s/3600))+':'+d(Math.floor(s%3600/60))+':'+d(s%60)+']';}
function value(b){
  var c=data.changes[+b.dataset.i],on=b.getAttribute('aria-pressed')==='true';
  if(c.kind==='suggest')return on&&c.term?c.term:c.before;
  return on?c.before:c.after;
}
function paraText(p){
  var out='',nodes=p.querySelector('.txt').childNodes;
  for(var i=0;i<nodes.length;i++){var n=nodes[i];
    if(n.nodeType===3)out+=n.data;else if(n.classList&&n.classList.contains('ch'))out+=value(n);}
  return out;
}
function markdown(){
  var blocks=[];
  if(data.title)blocks.push('# '+escapeMd(data.title).replace(/\n/g,' '));
  document.querySelectorAll('p.para').forEach(function(p){
    var pre='';
    if(p.dataset.start!==undefined)pre+=stamp(parseFloat(p.dataset.start))+' ';
    if(p.dataset.speaker!==undefined)pre+='**'+escapeMd(p.dataset.speaker)+':** ';
    blocks.push(pre+escapeMd(paraText(p)));
  });
  return blocks.length?blocks.join('\n\n')+'\n':'';
}
function q(s){return JSON.stringify(s);}
function glossary(){
  var keep=[],spans=[],terms={},order=[];
  document.querySelectorAll('button.ch[aria-pressed=true]').forEach(function(b){
    var c=data.changes[+b.dataset.i];
    if(c.kind==='suggest'){if(!c.term)return;
      if(!terms[c.term]){terms[c.term]=[];order.push(c.term);}
      if(terms[c.term].indexOf(c.before.trim())<0&&c.before.trim())terms[c.term].push(c.before.trim());}
    else if(c.keep.trim())spans.push({s:c.at,e:c.at+c.keep.length,k:c.keep});
  });
  // Entries whose places overlap become one: the glossary finds kept text
  // without overlaps, so of two overlapping entries only one would hold.
  spans.sort(function(a,b){return a.s-b.s;});
  var merged=[];
  spans.forEach(function(x){
    var last=merged[merged.length-1];
    if(last&&x.s<last.e){if(x.e>last.e){last.k+=x.k.slice(last.e-x.s);last.e=x.e;}}
    else merged.push({s:x.s,e:x.e,k:x.k});
  });
  merged.forEach(function(x){if(keep.indexOf(x.k)<0)keep.push(x.k);});
  var y=['# Decisions made on the review page of '+data.source.replace(/[\r\n]/g,' ')+' ('+data.generator+').',
    '# Use it with: clean -g THIS_FILE ... (after your own glossary: a term named here',
    '# replaces your entry of the same term, so merge the aliases into it if you have one).'];
  if(keep.length){y.push('keep:');keep.forEach(function(k){y.push('  - '+q(k));});}
  if(order.length){y.push('terms:');order.forEach(function(t){
    y.push('  - term: '+q(t));y.push('    aliases: ['+terms[t].map(q).join(', ')+']');});}
  if(!keep.length&&!order.length)y.push('{}');
  return y.join('\n')+'\n';
}
function show(text,name,type){
  var box=document.getElementById('export'),ta=document.getElementById('export-text');
  box.hidden=false;ta.value=text;document.getElementById('export-name').textContent=name;
  try{var a=document.createElement('a');a.href=URL.createObjectURL(new Blob([text],{type:type}));
    a.download=name;document.body.appendChild(a);a.click();setTimeout(function(){URL.revokeObjectURL(a.href);a.remove();},1000);}catch(e){}
  live.textContent='Exported '+name;
}
function stem(){var s=data.source.replace(/^.*[\/\\]/,'');return s.replace(/\.[^.]*$/,'')||'transcript';}
document.addEventListener('click',function(ev){
  var b=ev.target.closest&&ev.target.closest('button.ch');
  if(b&&!b.disabled){
    var on=b.getAttribute('aria-pressed')!=='true',c=data.changes[+b.dataset.i];
    b.setAttribute('aria-pressed',on?'true':'false');
    live.textContent=c.kind==='suggest'?(on?'Suggestion accepted':'Suggestion declined'):(on?'Edit rejected: original text restored':'Edit restored');
    count();
  }
});
function count(){
  var r=0,a=0;document.querySelectorAll('button.ch[aria-pressed=true]').forEach(function(b){
    if(data.changes[+b.dataset.i].kind==='suggest')a++;else r++;});
  document.getElementById('decisions').textContent=r+' rejected, '+a+' accepted';
}
document.getElementById('export-yaml').addEventListener('click',function(){show(glossary(),stem()+'.review.yaml','text/yaml');});
document.getElementById('export-md').addEventListener('click',function(){show(markdown(),stem()+'.reviewed.md','text/markdown');});
count();
})();
""".strip()

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{generator}">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src blob: data:">
<title>{title} — review</title>
<style>{css}</style>
</head>
<body>
<header><div class="bar">
<span class="info">{source}: {n_edits} edits, {n_sugg} suggestions; <span id="decisions"></span>.
Press an edit to reject it, a suggestion to accept it.</span>
<button type="button" id="export-yaml">Export glossary (YAML)</button>
<button type="button" id="export-md">Export Markdown</button>
</div></header>
<main>
<h1{h1_class}>{h1}</h1>
<ul class="legend" aria-label="Stages">{legend}<li><span class="sw st-terms" style="background:none;border-bottom:2px dotted var(--terms)"></span>suggestion</li></ul>
<article id="text" lang="zh">
{body}
</article>
<section id="export" hidden aria-labelledby="export-name">
<h2 id="export-name" style="font-size:1rem"></h2>
<textarea id="export-text" readonly aria-label="Exported text"></textarea>
</section>
<div id="live" class="sr" aria-live="polite"></div>
</main>
<script type="application/json" id="asrclean-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""
