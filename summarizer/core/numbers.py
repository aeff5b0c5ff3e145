"""The numbers written in an English sentence, read once for every stage.

Merge compares items by the numbers of their English statements, verify checks a
statement's numbers against its quote, and write checks a summary sentence's numbers
against the findings it cites: all three read English with `parse_numbers`.

English notation only: "," groups thousands ("11,000"), "." is the decimal mark
("5.2"), and a scale word multiplies ("5.2 billion" -> 5.2e9). Ordinal suffixes are
dropped ("19th" -> 19). A whole number from 1900 to 2100 without a fraction or scale
is a year, returned apart: "in June 2024" and "in June" agree, "11,000" and "10,000"
never do. Source-language amounts ("11.000", "5,2 Milliarden") are verify's to read
(`summarizer.stages.verify.quantities`).
"""

from __future__ import annotations

import re

_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:st|nd|rd|th)?"
    r"(?:\s+(thousand|million|billion|trillion))?\b",
    re.IGNORECASE,
)
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def parse_numbers(text: str) -> tuple[frozenset[float], frozenset[int]]:
    """The numbers written in an English sentence, as (non-year values, years)."""
    values: set[float] = set()
    years: set[int] = set()
    for match in _NUMBER.finditer(text):
        whole, fraction, multiplier = match.groups()
        value = float(whole.replace(",", "") + (f".{fraction}" if fraction else ""))
        if multiplier:
            value *= _MULTIPLIERS[multiplier.lower()]
        if fraction is None and multiplier is None and 1900 <= value <= 2100:
            years.add(int(value))
        else:
            values.add(value)
    return frozenset(values), frozenset(years)
