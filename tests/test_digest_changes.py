"""What a digest marks as changed: new findings, changed figures, contradicted claims."""

from __future__ import annotations

import datetime as dt

from summarizer.core.articles import Article, content_id
from summarizer.core.briefing import Briefing
from summarizer.core.items import ArticleExtraction, ExtractionDraft
from summarizer.digest.run import find_changes
from summarizer.stages.merge.flow import merge
from summarizer.stages.verify.flow import verify


def extraction(text: str, published: dt.date, draft: dict) -> ArticleExtraction:  # type: ignore[type-arg]
    article = Article(
        id=content_id(text),
        title=text[:30],
        text=text,
        clean_text=text,
        published=published,
        language="de",
    )
    return verify(article, ExtractionDraft.model_validate(draft))


def troops(amount: str, text: str, published: dt.date) -> ArticleExtraction:
    return extraction(
        text,
        published,
        {
            "figures": [
                {
                    "statement": f"North Korea has sent {amount} soldiers to Russia.",
                    "quote": text,
                    "certainty": "reported",
                    "amount": amount,
                    "unit": "soldiers",
                    "counted": "North Korean soldiers sent to Russia",
                    "entities": ["North Korea", "Russia"],
                }
            ],
        },
    )


def briefing_of(extractions: list[ArticleExtraction]) -> Briefing:
    merged = merge(extractions)
    return Briefing(
        title="t",
        generated_at=dt.datetime(2024, 12, 6, tzinfo=dt.UTC),
        sources=[x.source for x in extractions],
        findings=merged.findings,
        figure_series=merged.figure_series,
        contradictions=merged.contradictions,
    )


OCTOBER = troops(
    "3.000", "Nordkorea hat 3.000 Soldaten nach Russland entsandt.", dt.date(2024, 10, 24)
)
DECEMBER = troops(
    "11.000", "Nordkorea hat 11.000 Soldaten nach Russland entsandt.", dt.date(2024, 12, 5)
)


def test_first_digest_marks_everything_new() -> None:
    day = briefing_of([OCTOBER])
    changes = find_changes(day, [OCTOBER], [])
    assert [(c.kind, c.ref) for c in changes] == [("new", f.id) for f in day.findings]


def test_a_figure_that_rose_is_marked_changed_with_both_values() -> None:
    day = briefing_of([DECEMBER])
    changes = find_changes(day, [DECEMBER], [OCTOBER])
    changed = [c for c in changes if c.kind == "changed"]
    assert len(changed) == 1
    assert changed[0].ref == day.findings[0].id
    explanation = changed[0].explanation  # values in English, as in the figure series
    assert "earlier: 3,000 on 2024-10-24" in explanation and "Now: 11,000" in explanation


def test_a_repeated_fact_is_not_new() -> None:
    reprint = troops(
        "3.000", "Nordkorea hat 3.000 Soldaten nach Russland entsandt!", dt.date(2024, 10, 25)
    )
    day = briefing_of([reprint])
    assert [c for c in find_changes(day, [reprint], [OCTOBER]) if c.kind == "new"] == []


def test_a_confirmation_contradicting_earlier_silence_is_marked() -> None:
    silence_text = (
        "Moskau und Pjöngjang haben sich bisher nicht zur Präsenz nordkoreanischer Soldaten "
        "in Russland geäußert."
    )
    confirm_text = (
        "Nordkorea hat erstmals offiziell die Präsenz seiner Soldaten in Russland bestätigt."
    )
    silence = extraction(
        silence_text,
        dt.date(2024, 11, 20),
        {
            "claims": [
                {
                    "statement": "Moscow and Pyongyang have so far not commented on the presence "
                    "of North Korean soldiers in Russia.",
                    "quote": silence_text,
                    "certainty": "confirmed",
                    "entities": ["Russia", "North Korea"],
                }
            ]
        },
    )
    confirmation = extraction(
        confirm_text,
        dt.date(2025, 4, 28),
        {
            "claims": [
                {
                    "statement": "North Korea officially confirmed for the first time the presence "
                    "of its soldiers in Russia.",
                    "quote": confirm_text,
                    "certainty": "confirmed",
                    "entities": ["North Korea", "Russia"],
                }
            ]
        },
    )
    day = briefing_of([confirmation])
    changes = find_changes(day, [confirmation], [silence])
    contradicted = [c for c in changes if c.kind == "contradicted"]
    assert [c.ref for c in contradicted] == [day.findings[0].id]
