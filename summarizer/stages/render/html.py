"""HTML rendering: one self-contained page from a Jinja2 template.

The page loads nothing: CSS is inline, there is no script at all, and a
Content-Security-Policy meta tag forbids scripts and remote resources, so even a
templating mistake could not run code from an article. Autoescaping is on for
every value; article-derived text is never marked safe. Only `http(s)` URLs
become links, so a `javascript:` URL in a source stays inert text.

Every `[n]` is a `<details>`: click, Enter/Space or a tap opens its passage
without JavaScript, i.e. the quote (highlighted; the source text around it is not
in the briefing), speaker, certainty, the source entry and, for an http(s) source,
its URL. Stories head the page with their weight and a table of contents; a
story's findings beyond its top ones sit in a collapsed `<details>`. The print
stylesheet hides the passages, starts each story on a page and spells out source
URLs; below 600 px tables become stacked rows. Figure series get a table and an
inline SVG range chart whose geometry is computed here, so the template only
places numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jinja2

from summarizer.core.briefing import Briefing
from summarizer.core.wording import format_number
from summarizer.stages.render.view import FigureRow, SeriesView, build_view

CHART_LEFT = 190
CHART_WIDTH = 420
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Bar:
    """One chart row: a solid part (value asserted) and a faint part (range or open end)."""

    y: int
    label: str
    solid: tuple[float, float] | None
    faint: tuple[float, float] | None


@dataclass(frozen=True)
class Chart:
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]


def _bar(row: FigureRow, y: int, maximum: float) -> Bar:
    def x(value: float) -> float:
        return round(CHART_LEFT + CHART_WIDTH * value / maximum, 1)

    low, high = row.bounds
    label = f"{row.marker.label} {row.value}"
    label = label if len(label) <= 30 else label[:29] + "…"
    if low is None and high is None:
        return Bar(y, label, None, None)
    if low is None:
        return Bar(y, label, None, (CHART_LEFT, x(high or 0)))
    end = x(high) if high is not None else CHART_LEFT + CHART_WIDTH
    return Bar(y, label, (CHART_LEFT, x(low)), (x(low), end) if end > x(low) else None)


def build_chart(series: SeriesView) -> Chart | None:
    """A range chart on a common zero-based scale, or None unless values compare: at
    least two rows with a number (a vague amount gets no bar, only its label)."""
    numeric = [row for row in series.rows if any(v is not None for v in row.bounds)]
    values = [v for row in numeric for v in row.bounds if v is not None and v > 0]
    if len(numeric) < 2 or not values:
        return None
    top = max(values)
    bars = tuple(_bar(row, 4 + i * ROW_HEIGHT, top * 1.1) for i, row in enumerate(series.rows))
    ticks = (
        (CHART_LEFT, "0"),
        (round(CHART_LEFT + CHART_WIDTH / 1.1, 1), format_number(float(f"{top:.4g}"))),
    )
    return Chart(height=26 + ROW_HEIGHT * len(bars), bars=bars, ticks=ticks)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.stages.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(briefing: Briefing) -> str:
    """The briefing as one self-contained HTML document."""
    view = build_view(briefing)
    charts = {s.id: build_chart(s) for story in view.stories for s in story.figure_series}
    template = _environment().get_template("briefing.html.j2")
    return template.render(
        view=view,
        charts=charts,
        chart_left=CHART_LEFT,
        chart_width=CHART_WIDTH,
    )
