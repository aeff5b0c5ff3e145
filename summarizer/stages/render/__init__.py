"""The render stage: a `Briefing` as Markdown, a self-contained HTML page, or JSON.

`render` is the stage's one entry point. Markdown and HTML share `view.build_view`,
which numbers citations and formats dates, numbers and hedges once; JSON is the
model itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from summarizer.core.briefing import Briefing
from summarizer.stages.render.html import render_html
from summarizer.stages.render.json import render_json
from summarizer.stages.render.markdown import render_markdown

Format = Literal["md", "html", "json"]

__all__ = ["RENDERERS", "Format", "render"]


RENDERERS: dict[str, Callable[[Briefing], str]] = {
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render(briefing: Briefing, fmt: Format = "md") -> str:
    """Render `briefing` as "md", "html" or "json"; ValueError for any other format."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}") from None
    return renderer(briefing)
