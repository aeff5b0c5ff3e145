"""The HTML page in a real browser: headless Chromium lays it out and dumps the live DOM.

`Browser` drives Chromium over the DevTools protocol on a pipe (no port, no
network): it sets the viewport, loads the page, reads layout from the live DOM,
clicks, types and taps, and takes full-page screenshots. The screenshots of the
story briefing at 1280 and 390 px go to the test's tmp_path for a human to look
at; the test prints their paths. The DOM dump of a briefing full of markup shows
that article text stays text once a browser has parsed the page.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from render_factory import IMG, SCRIPT, Page, Passages, make_hostile_briefing, make_story_briefing

from summarizer.stages.render import render

CHROMIUM = Path("/usr/bin/chromium")

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


class Browser:
    """Headless Chromium over `--remote-debugging-pipe`: one page, one session."""

    def __init__(self, profile: Path) -> None:
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def pipes() -> None:  # Chromium reads commands on fd 3 and answers on fd 4
            os.dup2(to_child, 3)
            os.dup2(from_child, 4)

        self._process = subprocess.Popen(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=pipes,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank", session=None)
        attached = self.call(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True, session=None
        )
        self._session: str | None = attached["sessionId"]
        self.call("Page.enable")

    def _messages(self) -> Iterator[dict[str, Any]]:
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._in, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            yield json.loads(raw)

    def call(self, method: str, session: str | bool | None = True, **params: Any) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session is True and self._session:
            message["sessionId"] = self._session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        for answer in self._messages():
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)
        raise AssertionError("unreachable")

    def wait_for(self, event: str) -> None:
        if any(e.get("method") == event for e in self._events):
            self._events.clear()
            return
        for message in self._messages():
            if message.get("method") == event:
                self._events.clear()
                return

    def open(self, page: Path, width: int) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.call("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=1)
        self.call("Page.navigate", url=page.as_uri())
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        """The JSON value of `expression`, evaluated by DevTools in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = self.call(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=30)
        os.close(self._in)
        os.close(self._out)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    opened = Browser(tmp_path / "profile")
    try:
        yield opened
    finally:
        opened.close()


LAYOUT = """JSON.stringify({
  overflow: document.documentElement.scrollWidth - innerWidth,
  markers: document.querySelectorAll('details.cite').length,
  open: document.querySelectorAll('details[open]').length,
  toc: [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href')),
  stories: [...document.querySelectorAll('section.story > h2')].map(h => h.textContent),
  wide: [...document.querySelectorAll('main *')].filter(
    e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-wrap, svg')
  ).map(e => e.tagName + '.' + e.className)
})"""

SUMMARY_AT = """(() => {{
  const s = document.querySelectorAll('details.cite > summary')[{index}];
  s.scrollIntoView({{block: 'center'}});
  const r = s.getBoundingClientRect();
  return [r.x + r.width / 2, r.y + r.height / 2];
}})()"""

PASSAGE = """(() => {{
  const d = document.querySelectorAll('details.cite')[{index}];
  const p = d.querySelector('.passage'), r = p.getBoundingClientRect();
  return {{open: d.open, mark: (p.querySelector('mark') || {{}}).textContent || '',
           visible: r.width > 0 && r.height > 0, left: r.left, right: r.right}};
}})()"""


def test_layout_passages_and_screenshots(tmp_path: Path, browser: Browser) -> None:
    """At 1280 and 390 px: stories in order, nothing wider than the screen, every [n]
    opening its quote by click, keyboard and tap; full-page screenshots in tmp_path."""
    briefing = make_story_briefing()
    page = tmp_path / "briefing.html"
    page.write_text(render(briefing, "html"), encoding="utf-8")
    quotes = {c.quote for f in briefing.findings for c in f.citations}
    for width in (1280, 390):
        browser.open(page, width)
        layout = json.loads(browser.js(LAYOUT))
        assert layout["overflow"] <= 0, f"{width}px: page scrolls sideways"
        assert layout["wide"] == [], f"{width}px: wider than the screen"
        assert layout["toc"] == ["#story-T1", "#story-T2", "#appendix", "#sources"]
        assert layout["stories"] == [s.title for s in briefing.stories]
        assert layout["markers"] >= 30 and layout["open"] == 0
        shot = tmp_path / f"briefing-{width}.png"
        browser.screenshot(shot)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        print(f"screenshot {width}px: {shot}")
        for index, how in ((0, "click"), (8, "key"), (12, "tap")):
            x, y = browser.js(SUMMARY_AT.format(index=index))
            if how == "click":
                for kind in ("mousePressed", "mouseReleased"):
                    browser.call(
                        "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
                    )
            elif how == "key":
                browser.js(f"document.querySelectorAll('details.cite > summary')[{index}].focus()")
                for kind in ("keyDown", "keyUp"):
                    browser.call(
                        "Input.dispatchKeyEvent",
                        type=kind,
                        key="Enter",
                        code="Enter",
                        windowsVirtualKeyCode=13,
                        text="\r" if kind == "keyDown" else "",
                    )
            else:
                browser.call(
                    "Input.dispatchTouchEvent", type="touchStart", touchPoints=[{"x": x, "y": y}]
                )
                browser.call("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])
            passage = browser.js(PASSAGE.format(index=index))
            assert passage["open"] and passage["visible"], f"{width}px {how}: {passage}"
            assert passage["mark"].strip("„“") in quotes, passage
            assert passage["left"] >= -1 and passage["right"] <= width + 1, f"{width}px: {passage}"
        shot = tmp_path / f"briefing-{width}-open.png"
        browser.screenshot(shot)
        print(f"screenshot {width}px, passages open: {shot}")


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
    passages = Passages(chromium(page, tmp_path / "profile", "--dump-dom")).found
    assert len(passages) >= 25
    assert all(any(link.startswith("#source-") for link in p["links"]) for p in passages)
    assert not any(link.startswith("javascript:") for p in passages for link in p["links"])
