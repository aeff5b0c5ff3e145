"""JSON rendering: exactly the `Briefing` model, as `schemas/briefing.schema.json` describes.

No view layer here: consumers get the ids, the verbatim quotes and their character
spans, and can number sources themselves (`[n]` is `sources[n-1]`).
"""

from __future__ import annotations

from summarizer.core.briefing import Briefing


def render_json(briefing: Briefing) -> str:
    """`briefing` serialised with two-space indentation, ending with a newline."""
    return briefing.model_dump_json(indent=2) + "\n"
