"""The glossary: the user's domain knowledge, loaded and validated once at the edge.

A glossary is YAML; every key is optional::

    terms:                      # right spellings; the cleaner finds garbled forms itself
      - executive order
      - term: OpenAI
        aliases: [open AI]      # exact variants, always replaced
        threshold: 90           # per-term fuzzy threshold (0-100)
        fuzzy: false            # only exact aliases, no fuzzy/pinyin matching
        case_sensitive: true    # aliases match with their case
    fillers: [呃, um]           # extra fillers, added to the built-in ones
    keep: [卖卖卖]              # text that no stage may change
    replace: {B圈: 币圈}        # exact text replacements

Validation collects every problem with its place (``file:line:col: where:
message``) before giving up, so a user fixes a glossary in one round.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import GlossaryError
from .gcpause import paused

BUILTIN_DIRNAME = "glossary"
TERM_OPTIONS = {
    "term": str,
    "aliases": list,
    "fuzzy": bool,
    "threshold": (int, float),
    "case_sensitive": bool,
}
TOP_KEYS = ("terms", "fillers", "keep", "replace")


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...] = ()
    fuzzy: bool = True
    threshold: float | None = None
    case_sensitive: bool = False
    origin: str = ""  # "file:line", for messages


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    fillers: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    replace: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = field(default=())

    @property
    def term_strings(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.terms)

    def merged(self, other: "Glossary") -> "Glossary":
        """``other`` laid over ``self``: lists are joined, a term or replacement
        named again is replaced by the later definition."""
        terms = {t.term: t for t in self.terms}
        for t in other.terms:
            terms.pop(t.term, None)
            terms[t.term] = t
        replace = dict(self.replace)
        for k, v in other.replace:
            replace.pop(k, None)
            replace[k] = v
        return Glossary(
            terms=tuple(terms.values()),
            fillers=_unique(self.fillers + other.fillers),
            keep=_unique(self.keep + other.keep),
            replace=tuple(replace.items()),
            sources=self.sources + other.sources,
        )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --- locating glossaries ----------------------------------------------------

def builtin_dir() -> Path:
    """Built-in glossaries: inside the installed package (wheel), or the
    repository's top-level ``glossary/`` when running from a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / BUILTIN_DIRNAME
    if packaged.is_dir():
        return packaged
    return here.parent.parent / BUILTIN_DIRNAME


def builtin_names() -> list[str]:
    d = builtin_dir()
    return sorted(p.stem for p in d.glob("*.yaml")) if d.is_dir() else []


def resolve(spec: str) -> Path:
    """A glossary given by path, or by the name of a built-in one (``finance``)."""
    p = Path(spec)
    if p.is_file():
        return p
    if p.is_dir():
        raise GlossaryError(f"{spec}: is a folder, not a glossary file")
    if p.is_fifo():
        return p  # -g <(command): a pipe, read to its end
    if p.exists():
        raise GlossaryError(f"{spec}: not a regular file (a glossary is a YAML file)")
    if os.sep not in spec and "/" not in spec and not spec.endswith((".yaml", ".yml")):
        candidate = builtin_dir() / f"{spec}.yaml"
        if candidate.is_file():
            return candidate
    names = ", ".join(builtin_names()) or "none"
    raise GlossaryError(f"{spec}: no such glossary file or built-in glossary (built-ins: {names})")


# --- loading and validating -------------------------------------------------

def load(spec: str | os.PathLike) -> Glossary:
    path = resolve(str(spec))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: cannot read glossary: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read glossary: {exc.strerror or exc}") from None
    if path.suffix == ".yaml" and path.parent == builtin_dir():
        known = _preparsed(path.stem, text, str(path))
        if known is not None:
            return known
    return parse(text, str(path))


# The built-in glossaries as ``parse`` reads them, kept as JSON by
# tools/build_builtin_glossaries.py: the default one is read on every run, and
# PyYAML's import (with its reader's pattern of every printable character) was
# a tenth of a cold start. Used only while a file's text is the one recorded.
_PREPARSED = "data/builtin_glossaries.json"


def _preparsed(stem: str, text: str, name: str) -> Glossary | None:
    import json

    try:
        # (Read from disk, as builtin_dir finds the glossaries: importlib.resources costs 2-3 ms to set up.)
        entry = json.loads((Path(__file__).resolve().parent / _PREPARSED).read_text(encoding="utf-8")).get(stem)
    except (OSError, ValueError):
        return None
    if entry is None or entry["text"] != text:
        return None
    return Glossary(
        terms=tuple(
            Term(term, tuple(aliases), fuzzy, threshold, case_sensitive, f"{name}:{line}")
            for term, aliases, fuzzy, threshold, case_sensitive, line in entry["terms"]
        ),
        fillers=tuple(entry["fillers"]),
        keep=tuple(entry["keep"]),
        replace=tuple((k, v) for k, v in entry["replace"]),
        sources=(name,),
    )


def preparsed_entry(text: str, glossary: Glossary) -> dict:
    """What tools/build_builtin_glossaries.py records of one built-in glossary."""
    return {
        "text": text,
        "terms": [
            [t.term, list(t.aliases), t.fuzzy, t.threshold, t.case_sensitive, int(t.origin.rsplit(":", 1)[1])]
            for t in glossary.terms
        ],
        "fillers": list(glossary.fillers),
        "keep": list(glossary.keep),
        "replace": [list(kv) for kv in glossary.replace],
    }


yaml = None  # PyYAML, imported by the first parse (see _PREPARSED)


def _import_yaml():
    global yaml
    if yaml is None:
        import yaml as module

        yaml = module
    return yaml


def parse(text: str, name: str = "<glossary>") -> Glossary:
    _import_yaml()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with paused():
        return _parse(text, name, loader)


def _parse(text: str, name: str, loader) -> Glossary:
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise GlossaryError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (NUL, other controls): its place, on one line.
        before = text[: exc.position] if isinstance(exc.position, int) else ""
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise GlossaryError(f"{name}:{line}:{col}: invalid YAML: the character {char} is not allowed") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{name}: invalid YAML: {' '.join(str(exc).split())}") from None
    validator = _Validator(name)
    validator.foreign_tags(root)
    if validator.errors:  # what such a node would mean is unknown: say only that
        raise GlossaryError("\n".join(validator.errors))
    return validator.glossary(root)


class _Validator:
    def __init__(self, name: str):
        self.name = name
        self.errors: list[str] = []

    def err(self, node: yaml.Node, where: str, msg: str) -> None:
        m = node.start_mark
        self.errors.append(f"{self.name}:{m.line + 1}:{m.column + 1}: {where}: {msg}")

    def foreign_tags(self, root: yaml.Node | None) -> None:
        """Report every node with a tag other than YAML's plain ones (``!!python/name:...``,
        ``!custom``): a glossary is data, and such a tag is never just a string."""
        stack = [root] if root is not None else []
        seen: set[int] = set()  # an alias is the same node again: "&a [*a]" must not loop
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.tag not in _PLAIN_TAGS:
                m = node.start_mark
                self.errors.append(
                    f"{self.name}:{m.line + 1}:{m.column + 1}: unsupported YAML tag {_short_tag(node.tag)} "
                    "(a glossary holds only plain strings, numbers, lists and mappings)"
                )
            if isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for k, v in reversed(node.value):
                    stack.extend((v, k))

    def origin(self, node: yaml.Node) -> str:
        return f"{self.name}:{node.start_mark.line + 1}"

    def string(self, node: yaml.Node, where: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":str", ":int", ":float")):
            # A bare number in a term list ("- 3M" is a string, "- 911" is an int):
            # take it as the text the user wrote rather than reject it.
            value = node.value
            if value.strip() == "":
                self.err(node, where, "expected a non-empty string")
                return None
            return value
        self.err(node, where, f"expected a string, got {_kind(node)}")
        return None

    def mapping(self, node: yaml.Node, where: str) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.err(node, where, f"expected a mapping, got {_kind(node)}")
            return None
        out, seen = [], set()
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if key is None:
                self.err(k, where, "keys must be strings")
                continue
            if key in seen:
                self.err(k, where, f"duplicate key {key!r}")
                continue
            seen.add(key)
            out.append((key, k, v))
        return out

    def string_list(self, node: yaml.Node, where: str) -> list[str]:
        if _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.err(node, where, f"expected a list of strings, got {_kind(node)}")
            return []
        out = []
        for i, item in enumerate(node.value):
            s = self.string(item, f"{where}[{i}]")
            if s is not None:
                out.append(s)
        return out

    def glossary(self, root: yaml.Node | None) -> Glossary:
        if root is None or _is_null(root):
            return Glossary(sources=(self.name,))
        items = self.mapping(root, "top level")
        terms: list[Term] = []
        fillers: list[str] = []
        keep: list[str] = []
        replace: list[tuple[str, str]] = []
        for key, knode, value in items or []:
            if key == "terms":
                terms = self.terms(value)
            elif key == "fillers":
                fillers = self.string_list(value, "fillers")
            elif key == "keep":
                keep = self.string_list(value, "keep")
            elif key == "replace":
                replace = self.replace(value)
            else:
                self.err(knode, key, f"unknown key (expected one of: {', '.join(TOP_KEYS)})")
        if self.errors:
            raise GlossaryError("\n".join(self.errors))
        return Glossary(
            terms=tuple(terms),
            fillers=_unique(fillers),
            keep=_unique(keep),
            replace=tuple(replace),
            sources=(self.name,),
        )

    def terms(self, node: yaml.Node) -> list[Term]:
        if _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.err(node, "terms", f"expected a list, got {_kind(node)}")
            return []
        out = []
        places: list[int] = []  # the entry each term came from, for reporting a repeat
        for i, item in enumerate(node.value):
            where = f"terms[{i}]"
            if isinstance(item, yaml.ScalarNode):
                s = self.string(item, where)
                if s is not None:
                    out.append(Term(term=s.strip(), origin=self.origin(item)))
                    places.append(i)
                continue
            fields = self.mapping(item, where)
            if fields is None:
                continue
            opts: dict = {}
            for key, knode, v in fields:
                if key not in TERM_OPTIONS:
                    self.err(knode, f"{where}.{key}",
                             f"unknown option (expected one of: {', '.join(TERM_OPTIONS)})")
                    continue
                if key in ("term",):
                    s = self.string(v, f"{where}.term")
                    if s is not None:
                        opts["term"] = s.strip()
                elif key == "aliases":
                    opts["aliases"] = tuple(a.strip() for a in self.string_list(v, f"{where}.aliases"))
                elif key in ("fuzzy", "case_sensitive"):
                    b = _bool(v)
                    if b is None:
                        self.err(v, f"{where}.{key}", "expected true or false")
                    else:
                        opts[key] = b
                elif key == "threshold":
                    t = _number(v)
                    if t is None or not 0 <= t <= 100:
                        self.err(v, f"{where}.threshold", "expected a number from 0 to 100")
                    else:
                        opts["threshold"] = float(t)
            if "term" not in opts:
                if not any(k == "term" for k, _, _ in fields):
                    self.err(item, where, "missing required key 'term'")
                continue
            out.append(Term(origin=self.origin(item), **opts))
            places.append(i)
        self.no_repeated_terms(node, out, places)
        return out

    def no_repeated_terms(self, node: yaml.Node, terms: list[Term], places: list[int]) -> None:
        """A term given twice is an error, as a ``replace`` key given twice is: which
        entry's aliases and options the user meant is not ours to guess, and one
        silently shadowing the other loses what the user wrote."""
        first: dict[str, int] = {}
        for term, i in zip(terms, places):
            if term.term in first:
                self.err(node.value[i], f"terms[{i}]", f"duplicate term {term.term!r} (also terms[{first[term.term]}])")
            else:
                first[term.term] = i

    def replace(self, node: yaml.Node) -> list[tuple[str, str]]:
        if _is_null(node):
            return []
        fields = self.mapping(node, "replace")
        out = []
        for key, knode, v in fields or []:
            if key == "":
                self.err(knode, "replace", "empty text to replace")
                continue
            if _is_null(v):
                self.err(v, f"replace[{key!r}]", "expected a replacement string (use '' to delete)")
                continue
            if isinstance(v, yaml.ScalarNode):
                out.append((key, v.value))
            else:
                self.err(v, f"replace[{key!r}]", f"expected a string, got {_kind(v)}")
        # A replacement that is itself replaced ("甲: 乙" and "乙: 甲", "a: b" and "b: c") is made
        # one step a run: cleaning the output again would change it again.
        nodes = {key: v for key, _, v in fields or []}
        pairs = dict(out)
        for key, value in out:
            if value != key and value in pairs and pairs[value] != value:
                self.err(
                    nodes[key], f"replace[{key!r}]",
                    f"{value!r} is replaced too (by {pairs[value]!r}), so every run would change the text again; "
                    "replace each with what it should finally be",
                )
        return out


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _bool(node: yaml.Node) -> bool | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
        return node.value.lower() in ("true", "yes", "on")
    return None


def _number(node: yaml.Node) -> float | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")):
        try:
            return float(node.value)
        except ValueError:
            return None
    return None


_CORE_TAG = "tag:yaml.org,2002:"
# The tags a plain YAML document resolves to (YAML 1.1 types, as SafeLoader knows them).
_PLAIN_TAGS = frozenset(
    _CORE_TAG + t for t in "str int float bool null seq map timestamp binary merge omap pairs set value".split()
)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else tag


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    return {"null": "nothing", "bool": "true/false", "int": "a number", "float": "a number"}.get(
        tag, f"{tag} {node.value!r}"
    )


def load_all(specs: Iterable[str], use_default: bool = True) -> Glossary:
    """The built-in default (unless switched off) with each glossary laid over it in order.

    Every file is validated; all their errors are reported together.
    """
    result = Glossary()
    errors: list[str] = []
    names = (["default"] if use_default and "default" in builtin_names() else []) + list(specs)
    for spec in names:
        try:
            result = result.merged(load(spec))
        except GlossaryError as exc:
            errors.append(str(exc))
    if errors:
        raise GlossaryError("\n".join(errors))
    return result
