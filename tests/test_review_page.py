"""``--format html``: the review page, its safety, and its behaviour in a real headless browser.

The browser tests use Debian's chromium and chromium-driver (/usr/bin/chromium,
/usr/bin/chromedriver) through selenium; nothing is downloaded. Without them
they skip, unless ASRCLEAN_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
"""

from __future__ import annotations

import html.parser
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from asrclean import Cleaner
from asrclean.api import base_text
from asrclean.cli import app
from asrclean.edits import Edit, replay
from asrclean.glossary import load_all
from asrclean.markdown import split_marker
from asrclean.readers import parse
from asrclean.trace import trace

RAW = "呃，大家好。，我我我觉得这个问题？？在AI上有没有泡沫。然后呢，增长了4. 2%。我们打开window看看。\n"
GLOSSARY = "terms:\n  - Windows\n"
HOSTILE = '大家好 </script><script>alert("x")</script> & <b>粗</b> \'引号\' "quotes" <!-- 注释 -->呃，然后呢。\n'

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def talk(tmp_path):
    p = tmp_path / "talk.txt"
    p.write_text(RAW, encoding="utf-8")
    g = tmp_path / "terms.yaml"
    g.write_text(GLOSSARY, encoding="utf-8")
    return p, g


def _page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- the page as a file ------------------------------------------------------


def test_html_output_is_named_marked_and_replaced_only_when_ours(talk):
    txt, g = talk
    code, _, err = run(txt, "-g", g, "--format", "html")
    assert code == 0, err
    page = txt.with_suffix(".html")
    body, mark = split_marker(_page(page))
    assert mark is not None and body.rstrip().endswith("</html>")
    code, _, err = run(txt, "-g", g, "--format", "html")
    assert code == 0 and "unchanged" in err
    page.write_text(_page(page).replace("大家好", "大家早"), encoding="utf-8")  # edited by hand
    code, _, err = run(txt, "-g", g, "--format", "html")
    assert code == 2 and "refusing to overwrite" in err
    assert "大家早" in _page(page)
    other = txt.with_name("mine.txt")
    other.write_text(RAW, encoding="utf-8")
    txt.with_name("mine.html").write_text("<p>my own page</p>", encoding="utf-8")
    code, _, err = run(other, "--format", "html")
    assert code == 2 and _page(txt.with_name("mine.html")) == "<p>my own page</p>"
    code, _, err = run(other, "--format", "html", "--force")
    assert code == 0 and "asrclean" in _page(txt.with_name("mine.html"))


class _Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_transcript_text_is_escaped(tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    code, _, err = run(src, "--format", "html")
    assert code == 0, err
    page = _page(src.with_suffix(".html"))
    parser = _Collect()
    parser.feed(page)
    # Only the page's own two scripts and no element from the transcript.
    assert [t for t, _ in parser.tags if t == "script"] == ["script", "script"]
    assert not any(t == "b" for t, _ in parser.tags)
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<!-- 注释 -->" not in page.split("<!-- asrclean:")[0]
    # The data block holds the transcript's text with no markup characters.
    data = page.split('id="asrclean-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data and "&" not in data


def test_page_is_self_contained(talk):
    txt, g = talk
    run(txt, "-g", g, "--format", "html")
    page = _page(txt.with_suffix(".html"))
    parser = _Collect()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for key in ("src", "href"):
            assert not attrs.get(key), (tag, attrs)  # nothing loaded from anywhere
    assert "http://" not in page and "https://" not in page
    assert '<meta name="viewport"' in page and "@media" in page


def test_trace_pieces_rebuild_the_output_and_point_into_the_base():
    cleaner = Cleaner()
    for text in (RAW, HOSTILE, "嗯嗯，那个，就是说\n\n\n我们我们今天 聊聊。。ok ok"):
        src = parse(text, "t.txt")
        doc = cleaner.clean_source(src)
        base = base_text(src)
        pieces, spans = trace(base, doc.edits)
        assert "".join(p.text for p in pieces) == doc.text
        for p in pieces:
            if p.ids is None:
                assert base[p.bstart : p.bend] == p.text
        for e, (s, t) in zip(doc.edits, spans):
            if e.before and e.stage == "fillers":
                assert e.before in base[s:t]


# --- in a real browser -------------------------------------------------------


def _browser_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        return f"{CHROMIUM} and {CHROMEDRIVER} are needed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is needed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = _browser_missing()
    if missing:
        if os.environ.get("ASRCLEAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ASRCLEAN_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # Both paths are given, so selenium-manager has nothing to find; offline, it
    # could not fetch anything even if it were asked.
    os.environ.setdefault("SE_OFFLINE", "true")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM  # with the driver's path given, selenium-manager finds nothing to fetch
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1000,800",
    ):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    yield driver
    driver.quit()


def _open(browser, talk):
    from selenium.webdriver.common.by import By

    txt, g = talk
    code, _, err = run(txt, "-g", g, "--format", "html")
    assert code == 0, err
    browser.get(txt.with_suffix(".html").as_uri())
    return lambda css: browser.find_elements(By.CSS_SELECTOR, css)


def _text(browser) -> str:
    """The text as it now reads: deletions (shown struck out) and tooltips left out."""
    return browser.execute_script(
        """
        function vis(n) {
          if (n.nodeType === 3) return n.data;
          if (n.nodeType !== 1 || n.classList.contains('tip') || getComputedStyle(n).display === 'none') return '';
          if (n.tagName === 'DEL' || n.getAttribute('aria-hidden') === 'true') return '';  // marked as gone
          return Array.from(n.childNodes).map(vis).join('');
        }
        return Array.from(document.querySelectorAll('p.para .txt')).map(vis).join('\\n');
        """
    )


def _button(find, label_part: str):
    hits = [b for b in find("button.ch") if label_part in b.get_attribute("aria-label")]
    assert hits, label_part
    return hits[0]


def _export(browser, find, which: str) -> str:
    find(f"#export-{which}")[0].click()
    return browser.execute_script("return document.getElementById('export-text').value")


def test_browser_export_markdown_matches_clean(browser, talk, tmp_path):
    find = _open(browser, talk)
    txt, g = talk
    md = _export(browser, find, "md")
    code, out, _ = run(txt, "-g", g, "-o", "-")
    assert code == 0
    assert md == out  # clean's Markdown (standard output has no marker)


def test_browser_reject_by_click_and_keyboard_then_glossary(browser, talk, tmp_path):
    from selenium.webdriver.common.keys import Keys

    find = _open(browser, talk)
    assert "我我我" not in _text(browser) and _text(browser).startswith("大家好")
    stutter = _button(find, "“我我我” changed to “我”")
    stutter.click()
    assert stutter.get_attribute("aria-pressed") == "true"
    assert "我我我觉得" in _text(browser)  # the original text is back in place

    filler = _button(find, "deleted “呃，”")
    browser.execute_script("arguments[0].focus()", filler)
    assert browser.switch_to.active_element == filler
    tip = filler.find_element("css selector", ".tip")
    assert tip.is_displayed() and "fillers/" in tip.text and "呃，" in tip.text  # shown on focus
    filler.send_keys(Keys.ENTER)
    assert filler.get_attribute("aria-pressed") == "true"
    assert _text(browser).startswith("呃，大家好")
    filler.send_keys(Keys.SPACE)  # and back
    assert filler.get_attribute("aria-pressed") == "false"
    filler.send_keys(Keys.SPACE)
    assert filler.get_attribute("aria-pressed") == "true"

    # Tab reaches the edits in order.
    first = find("button.ch")[0]
    browser.execute_script("arguments[0].focus()", first)
    first.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == find("button.ch")[1]

    text = _export(browser, find, "yaml")
    data = yaml.safe_load(text)
    assert "我我我" in "".join(data["keep"]) and any("呃" in k for k in data["keep"])
    decided = tmp_path / "decided.yaml"
    decided.write_text(text, encoding="utf-8")
    txt, g = talk
    glossary = load_all([str(g), str(decided)])
    assert set(data["keep"]) <= set(glossary.keep)
    code, out, err = run(txt, "-g", g, "-g", decided, "-o", "-")
    assert code == 0, err
    assert out.startswith("# talk\n\n呃，大家好") and "我我我觉得" in out  # rejected edits are not made again

    md = _export(browser, find, "md")
    assert md.startswith("# talk\n\n呃，大家好") and "我我我觉得" in md
    assert md == out  # what clean writes with those decisions


def test_browser_accept_suggestion(browser, talk, tmp_path):
    find = _open(browser, talk)
    sug = find("button.ch.sug")
    assert len(sug) == 1 and "Windows" in sug[0].get_attribute("aria-label")
    # Underlined as a suggestion, not yet taken.
    assert "wavy" in sug[0].value_of_css_property("text-decoration")
    assert "打开 window 看看" in _text(browser)
    sug[0].click()
    assert "打开 Windows 看看" in _text(browser)
    text = _export(browser, find, "yaml")
    data = yaml.safe_load(text)
    assert data["terms"] == [{"term": "Windows", "aliases": ["window"]}]
    decided = tmp_path / "accepted.yaml"
    decided.write_text(text, encoding="utf-8")
    txt, g = talk
    code, out, err = run(txt, "-g", decided, "-o", "-")
    assert code == 0, err
    assert "打开 Windows 看看" in out and "window" not in out
    assert _export(browser, find, "md") == out


def test_browser_page_fits_a_phone(browser, talk):
    find = _open(browser, talk)
    try:
        browser.set_window_size(390, 800)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        inner = browser.execute_script("return window.innerWidth")
        assert width <= inner  # no sideways scrolling
        for b in find("header button"):
            assert b.is_displayed()
    finally:
        browser.set_window_size(1000, 800)


def test_no_browser_skip_reason_is_clear(monkeypatch):
    monkeypatch.setattr(os.path, "exists", lambda p: False)
    assert "chromium" in _browser_missing()


# --- trace on edits of any shape ---------------------------------------------

@st.composite
def _edit_chains(draw):
    """A base text and edits each made on the text the ones before left: they
    overlap, nest, touch, delete and insert, in runs or not."""
    base = draw(st.text(alphabet="ab。，\n ", max_size=30))
    text = base
    edits = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        after = draw(st.text(alphabet="xy。 ", max_size=3))
        if after == text[start:end]:
            continue
        edits.append(Edit("s", "r", start, end, text[start:end], after))
        text = text[:start] + after + text[end:]
    return base, edits


@settings(max_examples=400, deadline=None)
@given(_edit_chains())
def test_trace_of_any_edits(chain):
    base, edits = chain
    pieces, spans = trace(base, edits)
    assert "".join(p.text for p in pieces) == replay(base, edits)
    pos = 0
    for p in pieces:
        # Pieces cover the base in order, without overlap; unchanged ones are the base's text.
        assert pos <= p.bstart <= p.bend <= len(base)
        if p.ids is None:
            assert base[p.bstart : p.bend] == p.text
        pos = p.bend
    # Rejecting every change (each piece's base span back) gives the base again.
    rebuilt, at = [], 0
    for p in pieces:
        rebuilt.append(base[at : p.bstart])
        rebuilt.append(base[p.bstart : p.bend])
        at = p.bend
    rebuilt.append(base[at:])
    assert "".join(rebuilt) == base
    for s, e in spans:
        assert 0 <= s <= e <= len(base)


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TIMED = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v 主持人>呃，大家好。，今天聊聊 AI*。\n\n"
    "00:00:05.000 --> 00:00:09.000\n<v 嘉宾>我我觉得 1. 这个 [问题] 很大。\n\n"
    "00:00:30.000 --> 00:00:33.000\n<v 嘉宾>#然后呢，就是这样。\n"
)


@pytest.mark.parametrize("name", ["podcast.txt", "timed.vtt"])
def test_browser_markdown_export_of_longer_and_timed_texts(browser, tmp_path, name):
    """Paragraphs, times, speakers and Markdown escapes come out as clean writes them."""
    from selenium.webdriver.common.by import By

    if name == "podcast.txt":
        src, args = EXAMPLES / name, ["-g", EXAMPLES / "podcast.glossary.yaml"]
    else:
        src, args = tmp_path / name, []
        src.write_text(TIMED, encoding="utf-8")
    page = tmp_path / "page.html"
    code, _, err = run(src, *args, "--format", "html", "-o", page)
    assert code == 0, err
    browser.get(page.as_uri())
    md = _export(browser, lambda css: browser.find_elements(By.CSS_SELECTOR, css), "md")
    code, out, _ = run(src, *args, "-o", "-")
    assert md == out
    if name == "timed.vtt":
        assert "[00:00:01] **主持人:**" in md and "[00:00:30]" in md
        metas = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "p.para .meta")]
        assert metas[0] == "[00:00:01] 主持人:"


def test_browser_rejecting_every_edit_gives_the_text_back(browser, tmp_path):
    """Rejected edits whose keep entries overlap in the text ("呃用" and "用r"
    around one place) are exported as one entry: the glossary finds kept text
    without overlaps, and two overlapping entries would leave one edit made."""
    txt = tmp_path / "k.txt"
    txt.write_text("B: 呃用redis吧，好的。\n", encoding="utf-8")
    g = tmp_path / "empty.yaml"
    g.write_text("{}\n", encoding="utf-8")
    find = _open(browser, (txt, g))
    for b in find("button.ch"):
        if b.get_attribute("aria-pressed") == "false":
            b.click()
    decided = tmp_path / "decided.yaml"
    decided.write_text(_export(browser, find, "yaml"), encoding="utf-8")
    code, out, err = run(txt, "-g", g, "-g", decided, "-o", "-")
    assert code == 0, err
    assert "呃用redis吧" in out
