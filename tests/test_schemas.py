"""The committed schemas/ match the models, and real output validates against them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from render_factory import make_briefing

from summarizer.core.articles import Failure, Source
from summarizer.core.items import (
    ArticleExtraction,
    Certainty,
    ClaimDraft,
    ExtractionDraft,
    ExtractionReport,
    FigureDraft,
)
from summarizer.core.schemas import write_schemas
from summarizer.stages.render import render

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NAMES = ["briefing.schema.json", "extraction.schema.json", "extraction-draft.schema.json"]


def load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def test_committed_schemas_are_in_sync(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert [path.name for path in written] == NAMES
    for path in written:
        assert path.read_text(encoding="utf-8") == (SCHEMAS / path.name).read_text(
            encoding="utf-8"
        ), f"{path.name} is stale: run `python -m summarizer.core.schemas schemas` and commit"


@pytest.mark.parametrize("name", NAMES)
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(load(name))


def test_rendered_briefing_validates() -> None:
    document = json.loads(render(make_briefing(), "json"))
    jsonschema.validate(document, load("briefing.schema.json"))
    source = document["sources"][0]
    assert {"id", "title", "path", "published", "language"} <= source.keys()
    citation = document["findings"][0]["citations"][0]
    assert citation["source"] == source["id"]
    assert citation["quote"].startswith("Nordkorea hat vergangene Woche")


def test_briefing_schema_rejects_a_citation_without_quote() -> None:
    document = json.loads(render(make_briefing(), "json"))
    del document["findings"][0]["citations"][0]["quote"]
    with pytest.raises(jsonschema.ValidationError, match="'quote' is a required property"):
        jsonschema.validate(document, load("briefing.schema.json"))


def test_extraction_schema_is_the_extraction_report() -> None:
    schema = load("extraction.schema.json")
    extraction = ArticleExtraction(
        source=Source(id="6604a57b5a9e0757", title="Nordkorea", language="de")
    )
    report = ExtractionReport(
        extractions=[extraction], failures=[Failure(input="missing.txt", reason="not found")]
    )
    jsonschema.validate(json.loads(report.model_dump_json()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"extractions": [{"claims": []}]}, schema)


def test_extraction_draft_schema_accepts_a_draft() -> None:
    draft = ExtractionDraft(
        claims=[
            ClaimDraft(
                statement="North Korea ratified the treaty.",
                quote="Nordkorea hat vergangene Woche einen gegenseitigen Verteidigungsvertrag",
                certainty=Certainty.REPORTED,
            )
        ],
        figures=[
            FigureDraft(
                statement="11,000 soldiers were sent.",
                quote="mindestens 11.000 nordkoreanische Soldaten",
                certainty=Certainty.REPORTED,
                amount="mindestens 11.000",
                counted="North Korean soldiers sent to Russia",
            )
        ],
    )
    schema = load("extraction-draft.schema.json")
    jsonschema.validate(draft.model_dump(mode="json"), schema)
    assert "figures" in schema["properties"]
