"""Metadata read from text: datelines, titles, bylines, source lines, language."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.stages.load.metadata import detect_language, parse_dateline, read_metadata

BODY = (
    "Der erste Absatz ist lang genug, um als Absatz zu gelten, und er nennt den "
    "Vertrag vom 19. Juni 2024 nur im Text."
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("24. Oktober, 2024", dt.date(2024, 10, 24)),
        ("05.12.2024, 11:58 Uhr Artikel anhören", dt.date(2024, 12, 5)),
        ("5. Dezember 2024", dt.date(2024, 12, 5)),
        ("Donnerstag, 5. Dezember 2024, 08:15 Uhr", dt.date(2024, 12, 5)),
        ("Stand: 05.12.2024", dt.date(2024, 12, 5)),
        ("October 24, 2024", dt.date(2024, 10, 24)),
        ("Dec. 5, 2024 at 10:00", dt.date(2024, 12, 5)),
        ("24 October 2024", dt.date(2024, 10, 24)),
        ("Published: 2024-10-24T08:00:00Z", dt.date(2024, 10, 24)),
        ("Updated on 2024-10-24", dt.date(2024, 10, 24)),
        ("2024-10-24", dt.date(2024, 10, 24)),
    ],
)
def test_datelines(line: str, expected: dt.date) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Mitte November 2024",
        "Im Juni 2024 stattete Wladimir Putin Nordkorea einen Besuch ab.",
        "5. November 2024: Trump gewinnt die Wahl in den Vereinigten Staaten",
        "Bildquelle: © Getty Images | 2024 Anadolu",
        "Am 6. November ratifiziert",
        "Politik",
        BODY,
    ],
)
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def test_date_inside_the_body_is_not_the_publication_date() -> None:
    text = f"Titel des Artikels\n{BODY}\n{BODY}\n{BODY}\n24. Oktober, 2024\n{BODY}"
    assert read_metadata(text).published is None


def test_dateline_after_a_section_label_and_before_the_title() -> None:
    metadata = read_metadata(f"Politik\n\n24. Oktober, 2024\n\nDer Titel\n\n{BODY}")
    assert (metadata.title, metadata.published) == ("Der Titel", dt.date(2024, 10, 24))
    assert metadata.header_lines == {0, 2}


def test_glued_label_prefers_the_clean_title_and_drops_repeats() -> None:
    text = "NachrichtenDer Titel\n\nDer Titel\n\nAbsatz.\nDer Titel\n(Foto: dpa)"
    metadata = read_metadata(text)
    assert metadata.title == "Der Titel"
    assert metadata.header_lines == {0, 5}


def test_markdown_heading_title() -> None:
    assert read_metadata(f"# Der Titel\n\n{BODY}").title == "Der Titel"


def test_long_first_line_is_shortened_into_a_title() -> None:
    title = read_metadata(BODY * 3).title
    assert len(title) <= 200
    assert title.endswith("…")


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Jacek Losik", "Jacek Losik"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("By Jane van der Berg", "Jane van der Berg"),
        ("Hans-Peter Müller", "Hans-Peter Müller"),
        ("Kim unterzeichnet Dekret", None),
        ("Strategische Partnerschaft zweier Diktatoren", None),
        ("Kim Jong Un unterstützt Russland", None),
        ("Berichte über erste Kämpfe.", None),
    ],
)
def test_byline(line: str, author: str | None) -> None:
    assert read_metadata(f"Der Titel\n{line}\n{BODY}").author == author


@pytest.mark.parametrize(
    ("text", "author"),
    [
        (f"Der Titel\n{BODY}\nBild: dpa\nJacek Losik\n{BODY}", "Jacek Losik"),
        (f"Der Titel\n05.12.2024, 11:58 Uhr\nAnna Schmidt\n{BODY}", "Anna Schmidt"),
        (f"Der Titel\n{BODY}\nNeue Sanktionen\n{BODY}", None),
        (f"Der Titel\n{BODY}\nJacek Losik\n{BODY}", None),
        (f"Der Titel\n{BODY}\nVon Jacek Losik\n{BODY}", "Jacek Losik"),
    ],
)
def test_bare_byline_only_after_title_dateline_or_photo_credit(
    text: str, author: str | None
) -> None:
    assert read_metadata(text).author == author


def test_byline_is_only_looked_for_near_the_top() -> None:
    text = "Der Titel\n" + f"{BODY}\n" * 10 + "Von Jacek Losik\n" + BODY
    assert read_metadata(text).author is None


@pytest.mark.parametrize(
    ("line", "outlet", "author"),
    [
        ("Quelle: ntv.de, gut/AFP", "ntv.de", "gut/AFP"),
        ("Source: Reuters", "Reuters", None),
        ("Quelle: tagesschau.de", "tagesschau.de", None),
    ],
)
def test_source_line(line: str, outlet: str, author: str | None) -> None:
    metadata = read_metadata(f"Der Titel\n{BODY}\n{line}")
    assert (metadata.outlet, metadata.author) == (outlet, author)
    assert metadata.header_lines == {2}


def test_empty_text_has_empty_title() -> None:
    assert read_metadata("\n \n").title == ""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (BODY, "de"),
        ("North Korea has sent thousands of soldiers to Russia, officials said on Monday.", "en"),
        ("La Corée du Nord a envoyé des milliers de soldats en Russie, selon Séoul.", "fr"),
        ("kurz", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
