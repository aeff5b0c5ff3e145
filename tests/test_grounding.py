"""Quote grounding: typography-insensitive exact matches with original offsets, fuzzy
matches above the threshold, and NOT_FOUND otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.core.items import AlignmentStatus
from summarizer.stages.verify.flow import ground_quote, is_grounded
from summarizer.stages.verify.grounding import FUZZY_THRESHOLD, normalize

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _assert_exact(quote: str, text: str) -> None:
    grounding = ground_quote(quote, text)
    assert grounding.status is AlignmentStatus.EXACT
    assert grounding.start is not None and grounding.end is not None
    assert grounding.matched == text[grounding.start : grounding.end]
    assert normalize(grounding.matched) == normalize(quote)
    assert grounding.score == 100.0


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ('im Falle einer "Aggression" beistehen', "im Falle einer „Aggression“ beistehen."),
        (
            "im Falle einer „Aggression“ beistehen",
            'Er sagt, im Falle einer "Aggression" beistehen.',
        ),
        ("als 'zweite Staffel' stationiert", "als ‚zweite Staffel‘ stationiert"),
        ("als «zweite Staffel» stationiert", 'als "zweite Staffel" stationiert'),
        ("Russland - Spannungen eskalieren", "Russland – Spannungen eskalieren"),
        ("Inhalte-unabhängig von deren Art", "Inhalte—unabhängig von deren Art"),
        (
            "sich im Falle eines bewaffneten Angriffs",
            "sich im Falle\neines  bewaffneten\r\nAngriffs",
        ),
        (
            "einen gegenseitigen Verteidigungsvertrag",
            "einen gegen\u00adseitigen Vertei\u00addigungsvertrag",
        ),
        ("einen gegenseitigen Verteidigungsvertrag", "einen gegenseitigen Vertei-\ndigungsvertrag"),
        ("eines Besuchs des Kreml-Chefs", "eines Besuchs des Kreml-\nChefs"),
        ("mindestens 11.000 Soldaten", "mindestens 11.000\u00a0Soldaten"),
        ("mindestens 11.000 Soldaten", "mindestens\u200b 11.000 Sol\u200bdaten"),
        ("für die Tötung", "sorgen für die To\u0308tung von Soldaten"),
        ("  leading and trailing spaces  ", "with leading and trailing spaces here"),
    ],
)
def test_typographic_variants_ground_exactly(quote: str, text: str) -> None:
    _assert_exact(quote, text)


def test_offsets_point_into_the_original_text() -> None:
    text = "Vorspann.\n„Wir haben\u00a0die Ratifizierungs-\nurkunden ausgetauscht“, sagte er."
    grounding = ground_quote('"Wir haben die Ratifizierungsurkunden ausgetauscht"', text)
    assert grounding.status is AlignmentStatus.EXACT
    assert grounding.start == text.index("„")
    assert grounding.end == text.index("“") + 1
    assert grounding.matched == text[grounding.start : grounding.end]


def test_first_occurrence_is_preferred() -> None:
    text = "Kim unterzeichnete. Dann: Kim unterzeichnete."
    assert ground_quote("Kim unterzeichnete", text).start == 0


def test_one_changed_word_is_fuzzy_with_its_span() -> None:
    text = Path(SEEDS / "004_6809f6b9984345a3.txt").read_text(encoding="utf-8")
    quote = (
        "Pjöngjang hat zwischen 10.000 und 12.000 Soldaten in das umkämpfte Gebiet Kursk entsandt"
    )
    grounding = ground_quote(quote, text)
    assert grounding.status is AlignmentStatus.FUZZY
    assert FUZZY_THRESHOLD <= grounding.score < 100
    assert grounding.matched is not None
    assert grounding.matched.startswith("Pjöngjang habe zwischen")
    assert grounding.matched.endswith("Gebiet Kursk entsandt")
    assert is_grounded(quote, text)


def test_quote_not_in_text_is_not_found() -> None:
    text = Path(SEEDS / "004_6809f6b9984345a3.txt").read_text(encoding="utf-8")
    grounding = ground_quote("Nordkorea liefert Panzer an Weißrussland und China.", text)
    assert grounding.status is AlignmentStatus.NOT_FOUND
    assert grounding.start is None and grounding.matched is None
    assert grounding.score < FUZZY_THRESHOLD
    assert not is_grounded("Nordkorea liefert Panzer an Weißrussland und China.", text)


def test_short_quotes_must_match_exactly() -> None:
    assert (
        ground_quote("11.001 Soldaten", "mit 11.000 Soldaten").status is AlignmentStatus.NOT_FOUND
    )
    assert not is_grounded("   ", "any text")


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.stem)
def test_every_seed_sentence_grounds_exactly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for line in filter(None, (line.strip() for line in text.splitlines())):
        _assert_exact(line, text)


_ALPHABET = st.sampled_from(list("abcXYZ äöüß.,-–—„“\"'‚‘\n\u00a0\u00ad\u200b"))


@given(st.text(_ALPHABET, min_size=1, max_size=80), st.data())
def test_any_substring_grounds_exactly_with_consistent_offsets(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    if not normalize(quote):
        return
    grounding = ground_quote(quote, text)
    assert grounding.status is AlignmentStatus.EXACT
    assert grounding.start is not None and grounding.end is not None
    assert normalize(text[grounding.start : grounding.end]) == normalize(quote)


def test_a_grounded_quote_carries_its_passage_within_the_paragraph() -> None:
    from summarizer.stages.verify.grounding import CONTEXT_CHARS, ground_quote

    text = "Title line\nFirst sentence here. The quoted words stand here. After them, more.\nNext"
    grounding = ground_quote("The quoted words stand here.", text)
    assert grounding.before == "First sentence here. "
    assert grounding.after == " After them, more."
    long = "word " * 200
    far = ground_quote("The quote.", f"{long}The quote. {long}")
    assert far.before is not None and far.before.startswith("…")
    assert len(far.before) <= CONTEXT_CHARS + 1
    assert far.after is not None and far.after.endswith("…")
