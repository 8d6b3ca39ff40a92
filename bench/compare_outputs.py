"""Byte-for-byte check that two versions of the package clean the same texts the same way.

    python bench/compare_outputs.py OLD_SRC [NEW_SRC]     # NEW_SRC: this checkout's src/

A speed change must not change a single output byte or edit. This cleans, in a fresh process
for each version (``PYTHONPATH=<src>``), the whole text of ``bench_pipeline.py --size-mb 1`` with
0, 1,000 and 5,000 extra terms, every ``bench/data/*.txt`` as it is, the punctuation held-out
files with their marks taken out (a space where each was, and nothing), and the example
transcript; for each it compares the cleaned text, the Markdown, the JSON (with every edit)
and the edit counts of ``clean_source(..., edits=False)``. Exit 1 on any difference.
(Get OLD_SRC with e.g. ``git archive <commit> | tar -x -C /tmp/old`` and pass ``/tmp/old/src``: the
whole tree, since a source checkout finds its built-in glossaries in ``glossary/`` beside ``src/``.)
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
EXAMPLE = ROOT / "examples" / "podcast.txt"
GLOSSARY = ROOT / "examples" / "podcast.glossary.yaml"
_MARKS_RE = re.compile(r"[。！？，、；：,.!?;:]")


def cases():
    """(label, text, extra terms): the inputs cleaned by both versions."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_pipeline import real_text

    big = real_text(1.0)
    for n in (0, 1000, 5000):
        yield f"bench text, {n} terms", big, n
    for path in sorted(DATA.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield path.name, text, 0
        if path.name.startswith("punct_"):
            body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
            if "_en_" in path.name:
                body = body.lower()
            yield f"{path.name}, marks -> spaces", _MARKS_RE.sub(" ", body), 0
            yield f"{path.name}, marks removed", _MARKS_RE.sub("", body), 0
    yield EXAMPLE.name, EXAMPLE.read_text(encoding="utf-8"), 0


def run_one(out_path: str) -> None:
    """In the child: clean every case, pickle a digest and the outputs."""
    from asrclean import Cleaner
    from asrclean.readers import plain

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_pipeline import glossary_of

    cleaners = {}
    results = {}
    for label, text, n in cases():
        if n not in cleaners:
            cleaners[n] = Cleaner(glossary_of(n))
        cleaner = cleaners[n]
        doc = cleaner.clean_text(text)
        counted = cleaner.clean_source(plain(text, "<text>"), edits=False)
        js = json.dumps(doc.to_json(), ensure_ascii=False, sort_keys=True)
        outputs = {
            "text": doc.text,
            "markdown": doc.to_markdown(),
            "json": js,
            "counts": json.dumps(sorted(doc.counts.items())),
            "counts without edits": json.dumps(sorted(counted.counts.items())),
            "text without edits": counted.text,
        }
        results[label] = outputs
        print(f"  {label}: {len(text):,} chars, {len(doc.edits):,} edits", file=sys.stderr, flush=True)
    with open(out_path, "wb") as f:
        pickle.dump(results, f)


def main() -> int:
    if len(sys.argv) >= 2 and sys.argv[1] == "--child":
        run_one(sys.argv[2])
        return 0
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    srcs = [Path(sys.argv[1]).resolve(), Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "src").resolve()]
    got = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, src in enumerate(srcs):
            print(f"cleaning with {src}", file=sys.stderr)
            out = os.path.join(tmp, f"{n}.pickle")
            # One hash seed for both: a tie between two terms' scores in a suggestion's
            # detail is broken by set order (seen with 5,000 terms), in either version.
            env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
            subprocess.run([sys.executable, __file__, "--child", out], env=env, check=True)
            with open(out, "rb") as f:
                got.append(pickle.load(f))
    old, new = got
    bad = 0
    for label in old:
        for key, a in old[label].items():
            b = new[label][key]
            digest = hashlib.sha256(a.encode()).hexdigest()[:12]
            if a != b:
                bad += 1
                i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                print(f"DIFFERENT {label} / {key} at {i}: {a[max(0, i - 40):i + 40]!r} vs {b[max(0, i - 40):i + 40]!r}")
            else:
                print(f"same      {label} / {key} ({len(a):,} chars, sha256 {digest})")
    print(f"{bad} differences" if bad else "all outputs identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
