"""The published JSON Schemas, generated from the models so they cannot drift.

Three documents, written by `write_schemas` (and by `python -m summarizer.core.schemas
[DIR]`, default `schemas/`); a test regenerates them and compares with the
committed copies:

* `briefing.schema.json`: what `summarizer brief --format json` writes, a single
  `Briefing` object (serialization mode: the shape of the output).
* `extraction.schema.json`: what `summarizer extract --format json` writes, one
  `ExtractionReport` object: `extractions`, an array with one `ArticleExtraction`
  per article that could be read, and `failures`, one per input that could not.
* `extraction-draft.schema.json`: what the LLM is asked to return for one article,
  an `ExtractionDraft` (validation mode: the shape of accepted input).

All three are JSON Schema draft 2020-12, pydantic's dialect.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from summarizer.core.briefing import Briefing
from summarizer.core.items import SCHEMA_VERSION, ExtractionDraft, ExtractionReport

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _document(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    return {"$schema": DIALECT, **schema, "title": title, "description": description}


def build_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema document."""
    return {
        "briefing.schema.json": _document(
            Briefing.model_json_schema(mode="serialization"),
            "Briefing",
            "Output of `summarizer brief --format json`: the English briefing. "
            "`sources[n-1]` is the source that the marker [n] refers to.",
        ),
        "extraction.schema.json": _document(
            ExtractionReport.model_json_schema(mode="serialization"),
            "ExtractionReport",
            "Output of `summarizer extract --format json`: one verified ArticleExtraction "
            "per readable article, and one Failure per input that could not be read.",
        ),
        "extraction-draft.schema.json": _document(
            ExtractionDraft.model_json_schema(mode="validation"),
            "ExtractionDraft",
            "What the LLM is asked to return for one article (extraction draft schema "
            f"version {SCHEMA_VERSION}). Code verifies it into an ArticleExtraction.",
        ),
    }


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory` (created if missing); return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in build_schemas().items():
        path = directory / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(written_path)
