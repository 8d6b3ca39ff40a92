"""Markdown output renders as written: checked with a real CommonMark parser."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from asrclean.api import Paragraph
from asrclean.markdown import is_untouched_output, render, split_marker, timestamp, with_marker

MD = MarkdownIt("commonmark")


def rendered_text(markdown: str) -> list[str]:
    """The text of each top-level block as a reader sees it."""
    out = []
    for tok in MD.parse(markdown):
        if tok.type == "inline":
            text = "".join(
                child.content if child.type in ("text", "code_inline") else "\n" if child.type == "softbreak" else ""
                for child in tok.children
            )
            out.append(text)
        elif tok.type not in ("paragraph_open", "paragraph_close", "heading_open", "heading_close"):
            out.append(f"<{tok.type}>")
    return out


TRICKY = [
    "# not a heading",
    "1. not a list",
    "2) not a list either",
    "- not a bullet",
    "+ nor this",
    "> not a quote",
    "*not emphasis* and _not_ either, __nor__ **this**",
    "`not code` and [not a link](http://x) or ![no image](y)",
    "<b>not html</b> <http://not.autolink>",
    "&amp; stays &amp; and &#20320; too",
    "a | table | row",
    "~~no strike~~",
    "back\\slash",
    "***",
    "---",
    "===",
    "    four spaces",
    "中文里的*星号*和_下划线_",
]


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_renders_as_written(text):
    md = render("title", [Paragraph(text, [text])])
    blocks = rendered_text(md)
    assert blocks == ["title", text.lstrip(" ")]


def test_document_shape():
    md = render("podcast", [Paragraph("第一段。", []), Paragraph("第二段。", [], start=65.2, speaker="Alice")])
    assert md == "# podcast\n\n第一段。\n\n[00:01:05] **Alice:** 第二段。\n"


def test_no_title():
    assert render(None, [Paragraph("text", [])]) == "text\n"


def test_timestamp_format():
    assert timestamp(3725.9) == "[01:02:05]"


def test_marker_roundtrip():
    body = render("t", [Paragraph("文本", [])])
    full = with_marker(body)
    assert split_marker(full) == (body, split_marker(full)[1])
    assert is_untouched_output(full)
    assert not is_untouched_output(full.replace("文本", "改过"))
    assert not is_untouched_output(body)
    # The marker is an HTML comment: invisible when rendered.
    assert rendered_text(full)[-1] == "<html_block>"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_single_line_renders_as_written(text):
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return
    md = render(None, [Paragraph(text, [])])
    blocks = rendered_text(md)
    # CommonMark decodes entities and replaces NUL; our escaping must leave the rest exact.
    assert len(blocks) == 1
    assert html.unescape(blocks[0]) == html.unescape(text) or blocks[0] == text
