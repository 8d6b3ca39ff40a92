"""Write src/asrclean/data/builtin_glossaries.json: each built-in glossary (glossary/*.yaml)
as asrclean.glossary.parse reads it, so a run that loads only built-in glossaries
need not import PyYAML. Run after editing a file in glossary/ (a test checks it):

    python tools/build_builtin_glossaries.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from asrclean import glossary  # noqa: E402

OUT = ROOT / "src" / "asrclean" / glossary._PREPARSED


def build() -> dict:
    out = {}
    for path in sorted((ROOT / "glossary").glob("*.yaml")):
        text = path.read_text(encoding="utf-8-sig")
        out[path.stem] = glossary.preparsed_entry(text, glossary.parse(text, str(path)))
    return out


def main() -> None:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
