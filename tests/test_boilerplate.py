"""Boilerplate removal: what goes per seed, what stays, and that it only ever deletes lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import given
from hypothesis import strategies as st

from summarizer.core.articles import Article
from summarizer.stages.load.boilerplate import remove_boilerplate
from summarizer.stages.load.inputs import load_articles

ARTICLES = {path.name[:3]: path for path in sorted(SEEDS.glob("*.txt"))}

REMOVED = {
    "000": [
        "Lesen Sie auch",
        "Ukraine-Krieg: Jetzt ist die Zeit für einen realpolitischen Kurswechsel",
        "Atomangst lähmt Nato",
        "Telepolis exklusiv",
        "Russlands Kriegsproblem",
        "Russland setzt neue Super-Gleitwaffe gegen Ukraine ein",
    ],
    "001": [],
    "002": ["24. Oktober, 2024", "Politik"],
    "003": [
        "NachrichtenKim",
        "Bildquelle",
        "Getty Images",
        "Jacek Losik",
        "Für Sie ausgewählt",
        "Daily Wrap",
        "·",
        "Das Herunterladen, Vervielfältigen",
        "Wirtualna Polska",
    ],
    "004": [
        "05.12.2024, 11:58 Uhr",
        "Artikel anhören",
        "Nordkoreas Machthaber Kim posiert in weißer Marschall-Uniform",
        "(Foto: picture alliance/dpa/KCNA)",
        "Quelle: ntv.de",
    ],
}
KEPT = {
    "000": [
        "Nordkorea und Russland besiegeln Militärbündnis",
        "Kim unterzeichnet Dekret",
        "Der ukrainische Präsident Wolodymyr Selenskyj erklärte am Montag",
        "Moskau und Pjöngjang haben sich bisher nicht direkt",
    ],
    "001": ["Kim Jong Un unterstützt Russland", "Russland und Nordkorea wiesen diese"],
    "002": ["Der südkoreanische Außenminister betonte"],
    "003": [
        "Strategische Partnerschaft zweier Diktatoren",
        "Im Oktober wurden Teile von Straßen",
    ],
    "004": [
        "Erste Verluste gemeldet Kiew: Russland hält Kims Soldaten in der zweiten Reihe",
        "Über zehntausend nordkoreanische Soldaten sollen",
        "Ukrainischen, südkoreanischen und westlichen Regierungsangaben zufolge entsandte "
        "Nordkorea zudem mehr als 10.000 Soldaten nach Russland",
    ],
}
SENTENCE_LIKE_BOILERPLATE = ("Das Herunterladen", "Nordkoreas Machthaber Kim posiert")
"""Paragraphs that are boilerplate although they read like sentences."""


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    result = load_articles(list(ARTICLES.values()))
    return {Path(str(article.path)).name[:3]: article for article in result.articles}


@pytest.mark.parametrize("number", sorted(ARTICLES))
def test_boilerplate_is_removed(number: str, articles: dict[str, Article]) -> None:
    clean = articles[number].clean_text
    for snippet in REMOVED[number]:
        assert snippet not in clean


@pytest.mark.parametrize("number", sorted(ARTICLES))
def test_every_substantive_sentence_is_kept(number: str, articles: dict[str, Article]) -> None:
    article = articles[number]
    paragraphs = [
        line.strip()
        for line in article.text.split("\n")
        if len(line.strip()) > 80
        and line.strip().endswith((".", "!", "?", '"'))
        and not line.strip().startswith(SENTENCE_LIKE_BOILERPLATE)
    ]
    for paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", paragraph):
            assert sentence in article.clean_text
    for snippet in KEPT[number]:
        assert snippet in article.clean_text


@pytest.mark.parametrize("number", sorted(ARTICLES))
def test_clean_text_only_deletes_lines(number: str, articles: dict[str, Article]) -> None:
    article = articles[number]
    assert is_line_subsequence(article.clean_text, article.text)
    assert article.title in article.clean_text
    assert article.clean_text.count(article.title) == 1


def is_line_subsequence(clean: str, text: str) -> bool:
    if not clean:
        return True
    remaining = iter(text.split("\n"))
    return all(line in remaining for line in clean.split("\n"))


@given(st.lists(st.sampled_from(["", " ", "Lesen Sie auch", "© X", "·", "Ein Satz.", "Titel"])))
def test_any_text_loses_only_whole_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert is_line_subsequence(remove_boilerplate(text), text)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r")))
def test_arbitrary_text_loses_only_whole_lines(text: str) -> None:
    assert is_line_subsequence(remove_boilerplate(text), text)


def test_link_block_spans_blank_lines_and_ends_at_a_paragraph() -> None:
    text = (
        "Erster Absatz des Artikels.\n\nMehr zum Thema:\n\nEin Link\n\nNoch ein Link?\n\n"
        "Der Artikel geht weiter.\nLetzte Zeile ohne Punkt"
    )
    assert remove_boilerplate(text) == (
        "Erster Absatz des Artikels.\n\nDer Artikel geht weiter.\nLetzte Zeile ohne Punkt"
    )


def test_link_block_ends_at_a_long_line_without_a_full_stop() -> None:
    long_line = "Ein sehr langer Absatz " * 10
    text = f"Read more\nSome headline\n{long_line}"
    assert remove_boilerplate(text) == long_line


def test_photo_credit_takes_the_caption_above_but_not_a_paragraph() -> None:
    paragraph = "Ein langer Absatz. " * 15
    text = f"Bildunterschrift zum Foto\n(Foto: dpa)\n{paragraph}\n\nBild: Reuters\nWeiter."
    assert remove_boilerplate(text) == f"{paragraph}\n\nWeiter."


@pytest.mark.parametrize(
    "line",
    [
        "Artikel anhören",
        "Anzeige",
        "© 2024 Beispiel Verlag",
        "Copyright 2024 Example Inc.",
        "Alle Rechte vorbehalten.",
        "All rights reserved. This material may not be republished.",
        "· · ·",
        "***",
        "Foto: picture alliance/dpa",
        "Bildquelle: Getty Images",
    ],
)
def test_notice_lines_are_removed(line: str) -> None:
    text = f"Ein Satz.\n\n{line}\n\nNoch ein Satz."
    assert remove_boilerplate(text) == "Ein Satz.\n\nNoch ein Satz."


def test_dropped_indices_and_blank_runs() -> None:
    text = "\n\nTitel\n\n\n\nAbsatz eins.\nWeg damit\n\n\n"
    assert remove_boilerplate(text, drop={7}) == "Titel\n\nAbsatz eins."


def test_seed_file_unchanged_by_loading() -> None:
    path: Path = ARTICLES["000"]
    article = load_articles([path]).articles[0]
    assert article.text == path.read_text(encoding="utf-8")
