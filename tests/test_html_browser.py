"""The HTML page in a real browser: headless Chromium renders it and dumps the live DOM.

The screenshot of the sample briefing is written to test-output/briefing.png
(gitignored) for a human to look at; CI prints its path. The DOM dump of a briefing
full of markup shows that article text stays text once a browser has parsed the
page and run whatever it would run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from render_factory import IMG, SCRIPT, Page, make_briefing, make_hostile_briefing

from summarizer.stages.render import render

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium is not installed (apt-get install -y chromium); CI installs it",
)


def chromium(page: Path, profile: Path, *args: str) -> str:
    """Run headless Chromium on `page` with extra `args`; return its stdout."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_screenshot_of_the_briefing(tmp_path: Path) -> None:
    page = tmp_path / "briefing.html"
    page.write_text(render(make_briefing(), "html"), encoding="utf-8")
    OUTPUT.mkdir(exist_ok=True)
    screenshot = OUTPUT / "briefing.png"
    screenshot.unlink(missing_ok=True)
    chromium(page, tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1280,2000")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"screenshot: {screenshot}")


def test_article_markup_stays_text_in_the_live_dom(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render(make_hostile_briefing(), "html"), encoding="utf-8")
    dom = Page(chromium(page, tmp_path / "profile", "--dump-dom"))
    tags = [tag for tag, _ in dom.elements]
    assert "body" in tags and "main" in tags
    assert "script" not in tags
    assert "img" not in tags
    assert not any("data-pwned" in attrs for _, attrs in dom.elements)
    assert SCRIPT in dom.text
    assert IMG in dom.text
    markers = dom.find("a", class_="cite")
    assert markers and all(m["href"].startswith("#source-") for m in markers)
