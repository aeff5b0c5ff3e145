"""The certainty check: hedges in the quote lower CONFIRMED; nothing is upgraded."""

from __future__ import annotations

import pytest

from summarizer.core.items import Certainty
from summarizer.stages.verify.flow import check_certainty

C, R, A, D = Certainty.CONFIRMED, Certainty.REPORTED, Certainty.ALLEGED, Certainty.DENIED


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # seed 004
        (
            "Über zehntausend nordkoreanische Soldaten sollen nahe der ukrainischen Grenze "
            "bereitstehen",
            A,
        ),
        (
            "Pjöngjang habe zwischen 10.000 und 12.000 Soldaten in das umkämpfte Gebiet Kursk "
            "entsandt",
            R,
        ),
        (
            "Die nordkoreanischen Truppen soll den Angaben zufolge der 11. Luftlandebrigade "
            "Russlands unterstellt sein",
            A,
        ),
        (
            "Ihr Einsatz hat es dem Kreml Berichten zufolge ermöglicht, mehr russische Soldaten "
            "an die Front zu verlegen.",
            R,
        ),
        ("An vorderster Front kommen sie aber offenbar nicht zum Einsatz.", R),
        ("Laut dem ukrainischen Präsidenten Selenskyj sind dennoch erste Soldaten gefallen.", R),
        ("dass die ersten nordkoreanischen Soldaten im Krieg gefallen seien", R),
        ("Beide Seiten hätten in einem letzten Schritt die Ratifizierungsurkunden ausgetauscht", R),
        # seed 003 and 002
        (
            "Schätzungen zufolge hat Nordkorea bis zu 5,2 Milliarden Euro mit Waffenverkäufen "
            "verdient.",
            R,
        ),
        ("die angeblich auf eine Verstärkung der russischen Truppen vorbereitet werden", A),
        ("einschließlich der mutmaßlichen Lieferung von Waffen an Russland", A),
        (
            "Nach Geheimdienstinformationen aus Südkorea sind mindestens 11.000 Soldaten "
            "verlegt worden, nach Angaben Seouls.",
            R,
        ),
        # seed 001: denials as the quote's own statement
        ("Russland und Nordkorea wiesen diese Anschuldigungen zurück.", D),
        (
            "Zuvor hatte Pjöngjang bestritten, dass nordkoreanische Soldaten am Krieg gegen die "
            "Ukraine teilnehmen.",
            D,
        ),
        # English
        ("North Korea reportedly sent 11,000 troops.", R),
        ("according to the New York Times, 20,000 containers were shipped", R),
        ("The troops were allegedly moved to Kursk.", A),
        ("Moscow denied sending the troops.", D),
        # no hedge: kept
        ("Im November ratifizierten beide Länder das Abkommen dann.", C),
        ("Ich habe das Abkommen unterzeichnet.", C),
        # a denial in a later clause is not the quote's own statement
        ("Nordkorea lieferte Granaten, was Moskau bestreitet.", C),
        ("Das hat niemand bestritten.", C),
    ],
)
def test_confirmed_is_checked_against_the_quote(quote: str, expected: Certainty) -> None:
    assert check_certainty(quote, Certainty.CONFIRMED) is expected


SEED_000 = (
    "Dies geschah vor dem Hintergrund einer seit Monaten zunehmenden Sicherheitskooperation "
    "mit Nordkorea, einschließlich der mutmaßlichen Lieferung von Waffen an Russland und der "
    "Entsendung Tausender nordkoreanischer Soldaten zur Unterstützung des russischen Krieges."
)


@pytest.mark.parametrize(
    ("quote", "anchor", "expected"),
    [
        (SEED_000, "Tausender", C),  # the hedge qualifies the weapons, not the soldiers
        (SEED_000, "Waffen", A),  # no coordination between the hedge and its noun phrase
        (SEED_000, None, A),  # a claim has no anchor: the whole quote counts
        ("Tausende mutmaßliche Söldner kämpfen in Kursk.", "Tausende", A),
        ("Angeblich wurden 3.000 Soldaten entsandt, und weitere folgen.", "3.000", A),  # adverb
        ("Die mutmaßlichen Täter, 3.000 Soldaten, sind in Kursk.", "nicht im Zitat", A),
    ],
)
def test_an_attributive_hedge_reaches_a_figure_only_within_its_noun_phrase(
    quote: str, anchor: str | None, expected: Certainty
) -> None:
    assert check_certainty(quote, Certainty.CONFIRMED, anchor) is expected


@pytest.mark.parametrize("certainty", [R, A, D, Certainty.DISPUTED])
def test_never_upgrades_or_changes_a_hedged_certainty(certainty: Certainty) -> None:
    assert check_certainty("Im November ratifizierten beide Länder das Abkommen.", certainty) is (
        certainty
    )
    assert check_certainty("Die Truppen sollen angeblich in Kursk sein.", certainty) is certainty
