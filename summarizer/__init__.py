"""summarizer: news articles in any language -> an English analyst briefing.

Every sentence of the briefing is cited and every citation is a verbatim quote
that code found in its source. Public API (re-exports only):

    from summarizer import brief, extract
    briefing = brief(["seeds/"])            # -> Briefing
    report = extract(["seeds/"])            # -> ExtractionReport

The re-exports are resolved lazily so that `summarizer --help` does not pay for
importing the pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.core.articles import Article
    from summarizer.core.briefing import Briefing, FigureSeries, Finding
    from summarizer.core.items import ArticleExtraction, ExtractionReport
    from summarizer.errors import SummarizerError
    from summarizer.pipeline import abrief, aextract, brief, extract

__all__ = [
    "Article",
    "ArticleExtraction",
    "Briefing",
    "ExtractionReport",
    "FigureSeries",
    "Finding",
    "Settings",
    "SummarizerError",
    "abrief",
    "aextract",
    "brief",
    "extract",
]

_HOMES = {
    "brief": "summarizer.pipeline",
    "extract": "summarizer.pipeline",
    "abrief": "summarizer.pipeline",
    "aextract": "summarizer.pipeline",
    "Settings": "summarizer.config",
    "SummarizerError": "summarizer.errors",
    "Briefing": "summarizer.core.briefing",
    "FigureSeries": "summarizer.core.briefing",
    "Finding": "summarizer.core.briefing",
    "Article": "summarizer.core.articles",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    return getattr(import_module(_HOMES.get(name, "summarizer.core.items")), name)
