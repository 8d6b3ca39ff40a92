"""Check that a rewrite of README.md lost no sentence: every sentence of the README at an
earlier commit must still be found, word for word, in README.md or in a Markdown file under docs/.

    python tools/check_readme_moves.py dd9880f

Comparison ignores line wrapping, bold marks, escaped pipes and link targets (a link moved into
docs/ points to ../../README.md#anchor). Table cells are read as sentences of their own. Prints
every sentence not found; exit 1 if there is one.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A sentence ends at . ? ! (or the Chinese marks) followed by a space; Chinese marks inside
# example strings are not followed by one, so examples stay whole.
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z`(*\"“\[])")


def normalize(text: str) -> str:
    text = text.replace("\\|", "|").replace("**", "")
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets differ between README and docs/
    return re.sub(r"\s+", " ", text).strip()


def pieces(markdown: str) -> list[str]:
    """Paragraphs and table cells of a Markdown text, each cut into sentences."""
    out: list[str] = []
    para: list[str] = []
    blocks: list[str] = []
    for line in markdown.split("\n") + [""]:
        if line.startswith("|"):
            if para:
                blocks.append(" ".join(para))
                para = []
            if re.fullmatch(r"\|[-| ]+\|", line.strip()):
                continue
            blocks.extend(c for c in re.split(r"(?<!\\)\|", line.strip().strip("|")) if c.strip())
        elif not line.strip():
            if para:
                blocks.append(" ".join(para))
                para = []
        else:
            para.append(line)
    for block in blocks:
        out.extend(s for s in SENTENCE_END.split(normalize(block)) if len(s) > 2)
    return out


def main(argv: list[str]) -> int:
    rev = argv[1] if len(argv) > 1 else "HEAD"
    old = subprocess.run(["git", "show", f"{rev}:README.md"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    corpus = " ".join(normalize(f.read_text(encoding="utf-8")) for f in files)
    sentences = pieces(old)
    missing = [s for s in sentences if s not in corpus]
    for s in missing:
        print(f"not found: {s}")
    print(f"{len(sentences) - len(missing)} of {len(sentences)} sentences of README.md at {rev} found in README.md and docs/")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
