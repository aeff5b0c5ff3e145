"""Formatting of one value for display: dates at their precision, parsed numbers
with their original expression where the parse could lose nuance, speakers with
their relay, a language as an HTML `lang` value. Used by `view`, which the
renderers read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import Quantity
from summarizer.core.wording import date_text, format_number, value_text


def format_date(date: ResolvedDate | None) -> str:
    """An ISO date at its precision; the original expression when unresolved, after
    its English wording where there is one ('autumn („Im Herbst“)')."""
    if date is None:
        return "date unknown"
    if date.iso is None:
        english = date_text(date)
        quoted = f"„{date.expression}“"
        return quoted if english == f"“{date.expression}”" else f"{english} ({quoted})"
    if date.precision is DatePrecision.WEEK:
        return f"week of {date.iso}"
    return date.iso


def format_quantity(quantity: Quantity | None, amount: str) -> str:
    """The parsed value, with the original expression when the parse is not exact."""
    if quantity is None or quantity.kind == "vague":
        english = value_text(quantity, amount)
        return amount if english == f"“{amount}”" else f"{english} ({amount})"
    low, high = quantity.bounds()
    if quantity.kind == "range" and low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    said = value_text(quantity, amount)
    if quantity.kind == "lower_bound" and low is not None:
        sign = ">" if said.startswith("more than") else "≥"
        return f"{sign} {format_number(low)} ({amount})"
    if quantity.kind == "upper_bound" and high is not None:
        sign = "<" if said.startswith("fewer than") else "≤"
        return f"{sign} {format_number(high)} ({amount})"
    if quantity.kind == "approximate" and low is not None:
        return f"~{format_number(low)} ({amount})"
    if low is not None:
        return format_number(low)
    return amount


def format_speaker(speaker: str | None, relay: Sequence[str]) -> str | None:
    """'KCNA, via Kyiv Independent'."""
    if speaker and relay:
        return f"{speaker}, via {', '.join(relay)}"
    return speaker or (f"via {', '.join(relay)}" if relay else None)


LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)
"""A BCP 47 tag as loaders record it ("de", "pt-BR"); anything else gets no `lang`."""


def html_lang(language: str) -> str | None:
    """The `lang` of text in `language`; None for English, 'und' or a non-tag."""
    primary = language.split("-", 1)[0].lower()
    if not LANGUAGE_TAG.fullmatch(language) or primary in ("en", "und"):
        return None
    return language
