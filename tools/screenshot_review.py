"""Take the README's screenshot of the review page (docs/review.png) in headless Chromium.

    python tools/screenshot_review.py [--out docs/review.png] [--width 900] [--height 640]

Cleans examples/podcast.txt with its glossary into a review page (``--format
html``), opens it from a file:// URL in Debian's chromium through
chromium-driver (no browser is downloaded), rejects one edit and shows the
tooltip of another, and saves a PNG. Needs ``selenium`` (the ``test`` extra)
and /usr/bin/chromium with /usr/bin/chromedriver.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def browser(width: int, height: int, profile: str):
    import os

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # selenium-manager must fetch nothing
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", f"--window-size={width},{height}", "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "review.png"))
    ap.add_argument("--width", type=int, default=900)
    ap.add_argument("--height", type=int, default=640)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "podcast.html"
        subprocess.run(
            [sys.executable, "-m", "asrclean", "examples/podcast.txt", "-g",
             "examples/podcast.glossary.yaml", "--format", "html", "-o", str(page), "-q"],
            check=True, cwd=ROOT,
        )
        driver = browser(args.width, args.height, str(Path(tmp) / "profile"))
        try:
            from selenium.webdriver.common.by import By

            driver.get(page.as_uri())
            # One rejected edit (its original text back) and one edit focused
            # from the keyboard, its tooltip open: both near the top.
            terms = driver.find_elements(By.CSS_SELECTOR, "button.ch.st-terms")
            if terms:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", terms[0])
            # Clicked by script: no mouse left hovering over it.
            rejected = driver.find_elements(By.CSS_SELECTOR, "button.ch.rep.st-fillers")
            if rejected:
                driver.execute_script("arguments[0].click()", rejected[0])
            png = driver.get_screenshot_as_png()
        finally:
            driver.quit()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(png)
    print(f"{args.out}: {len(png) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
