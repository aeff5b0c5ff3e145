"""Accessibility of the seeds' HTML briefing, checked by axe-core in headless Chromium.

The briefing is rendered from seeds/ in replay mode (the library's `brief`, no
network) into tmp_path and opened by the DevTools-driven `Browser` of
test_html_browser. axe-core is injected with `Runtime.evaluate`: DevTools code is
not subject to the page's Content-Security-Policy, so the production page keeps
its `default-src 'none'` policy. `.ci/run` installs axe-core from npm into
.ci/node; where it is missing the test is skipped with that reason. Every
violation is printed (id, impact, node count) so a run can be quoted; a
"serious" or "critical" one fails the test. Besides axe's default rules (WCAG 2.0/2.1
A and AA, best practices) it checks `target-size` (WCAG 2.2 AA, 24 px targets):
the `[n]` markers are the page's most used controls, on phones too. Quotes'
`lang` is checked too: axe cannot tell a German quote from an English one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from test_html_browser import CHROMIUM, Browser

from summarizer import brief
from summarizer.stages.render import render

AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="headless Chromium is not installed (apt-get install -y chromium); CI installs it",
    ),
    pytest.mark.skipif(
        not AXE.exists(),
        reason=f"axe-core is not installed at {AXE.relative_to(ROOT)} "
        "(npm install --no-save --prefix .ci/node axe-core@4); CI installs it",
    ),
]

RUN_AXE = """axe.run(document, {
  resultTypes: ['violations'], rules: {'target-size': {enabled: true}}
}).then(r => JSON.stringify(
  r.violations.map(v => ({id: v.id, impact: v.impact, count: v.nodes.length,
                          targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"""


def axe_violations(browser: Browser, page: Path, width: int) -> list[dict[str, object]]:
    """Open `page` at `width` px, inject axe-core through DevTools and run it."""
    browser.open(page, width)
    browser.call("Runtime.evaluate", expression=AXE.read_text(encoding="utf-8"))
    assert browser.js("typeof axe.run") == "function"
    result = browser.call(
        "Runtime.evaluate", expression=RUN_AXE, awaitPromise=True, returnByValue=True
    )
    assert "exceptionDetails" not in result, result
    violations: list[dict[str, object]] = json.loads(result["result"]["value"])
    return violations


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    opened = Browser(tmp_path / "profile")
    try:
        yield opened
    finally:
        opened.close()


def test_seed_briefing_has_no_serious_axe_violations(tmp_path: Path, browser: Browser) -> None:
    page = tmp_path / "briefing.html"
    briefing = brief([SEEDS])
    page.write_text(render(briefing, "html"), encoding="utf-8")
    assert "default-src 'none'" in page.read_text(encoding="utf-8")
    languages = {s.language for s in briefing.sources}
    assert languages == {"de"}, languages  # the seeds are German articles
    serious = []
    for width in (1280, 390):
        violations = axe_violations(browser, page, width)
        quotes = browser.js("[...document.querySelectorAll('mark, td.quote')].map(e => e.lang)")
        assert len(quotes) >= 25 and set(quotes) == {"de"}, quotes
        print(f"axe at {width}px: {len(violations)} violation(s)")
        for v in violations:
            print(f"  {v['id']} ({v['impact']}): {v['count']} node(s), e.g. {v['targets']}")
        serious += [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
