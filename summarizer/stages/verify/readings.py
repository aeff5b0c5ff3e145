"""A figure's quantity: code's parse of its amount, or the model's reading where code
cannot read it, checked against the amount's own digits and words.

The model gives its structured reading of each amount (`FigureDraft.reading`: kind,
value, low, high). Code never takes it on trust:

* **Code reads the amount** (`parse_quantity`, in the article's language, widened by a
  qualifier the model left out of `amount` but wrote just before it in the quote:
  "bis zu", "más de", "entre"). Then code's reading is the quantity; a model reading
  that disagrees with it (another kind, or other numbers) is set aside with a warning,
  and never re-asked: whatever the model answered, code's reading would stand, so a
  re-ask would only cost a call and a round of latency.
* **Code cannot read it.** The model's reading is used, marked ``read_by="model"``, only
  if each of its numbers has the significant digits of a digit group of the amount
  ("1.5 lakh crore" has "15": 1.5e12 agrees, 15e9 too, 2e12 does not), and never as an
  exact or approximate value when the amount has a bound word ("más de", "au moins",
  "не менее"): a bound is never read as an exact value. A vague or digit-less amount
  has nothing to check the reading against, so it stays unread.

`reading_problem` is what the extract stage's validator asks (through the validation
context), so the model is re-asked for a reading that verify would reject where code
cannot read the amount; when the re-asks run out, `figure_quantity` leaves it unread and
verify warns.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from summarizer.core.items import AmountReading, FigureDraft, Quantity
from summarizer.core.lexicon import RISE_CUES, has_cue
from summarizer.stages.verify.grounding import normalize
from summarizer.stages.verify.quantities import bound_word, parse_quantity

RISE_WINDOW = 5
"""Words before an amount searched for a verb of change."""
_DIGIT_GROUP = re.compile(r"\d(?:[\d.,'’\u00a0\u202f\u2009 ]*\d)?")


def _qualified_amount(amount: str, quote: str, language: str | None) -> str | None:
    """The amount widened by the qualifier words just before it in the quote, if any.

    The model may copy "5,2 Milliarden Euro" out of "bis zu 5,2 Milliarden Euro", or
    "10.000 und 12.000" out of "zwischen 10.000 und 12.000"; the bound is in the quote.
    After a verb of change ("rose to", "wzrosła do", "opgelopen tot", "se elevan a",
    "jumped from 410 to", `lexicon.RISE_CUES`), "to" names where the count went, not an
    upper bound or a range, so nothing is widened.
    """
    text = normalize(quote)
    position = text.casefold().find(normalize(amount).casefold())
    before = text[:position].split()
    if has_cue(" ".join(before[-RISE_WINDOW:]), RISE_CUES):
        return None  # "wzrosła do 2862", "opgelopen tot 2.122", "jumped from 410 to 589"
    for count in (2, 1):
        candidate = " ".join([*before[-count:], amount]) if len(before) >= count else ""
        widened = parse_quantity(candidate, language) if candidate else None
        if widened is not None and widened.kind != "exact":
            return candidate
    return None


@lru_cache(maxsize=4096)
def code_quantity(amount: str, quote: str, language: str | None) -> Quantity | None:
    """Code's reading of `amount` (found in `quote`), widened by a qualifier before it.

    Remembered: the validator and verify both read every figure (a `Quantity` is never
    changed in place; callers copy it to change it)."""
    quantity = parse_quantity(amount, language)
    if quantity is None or quantity.kind == "exact":
        widened = _qualified_amount(amount, quote, language)
        if widened is not None:
            quantity = parse_quantity(widened, language)
    return quantity


def _numbers(reading: AmountReading) -> tuple[float | None, ...]:
    if reading.kind == "range":
        return reading.low, reading.high
    if reading.kind == "lower_bound":
        return (reading.low if reading.low is not None else reading.value,)
    if reading.kind == "upper_bound":
        return (reading.high if reading.high is not None else reading.value,)
    if reading.kind == "vague":
        return ()
    return (reading.value,)


def _shown(kind: str, numbers: tuple[float | None, ...]) -> str:
    return f"{kind} {' to '.join(f'{n:g}' for n in numbers if n is not None)}".strip()


def _significant(number: float) -> str:
    return f"{abs(number):.6f}".replace(".", "").strip("0")


def _as_reading(quantity: Quantity) -> AmountReading:
    return AmountReading(
        kind=quantity.kind, value=quantity.value, low=quantity.low, high=quantity.high
    )


def agrees(quantity: Quantity, reading: AmountReading) -> bool:
    """Whether the model's reading says what code read: same kind, same numbers."""
    ours, theirs = _numbers(_as_reading(quantity)), _numbers(reading)
    return quantity.kind == reading.kind and all(
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6)
        for a, b in zip(ours, theirs, strict=True)
    )


def model_quantity(
    amount: str, reading: AmountReading, language: str | None
) -> tuple[Quantity | None, str | None]:
    """The model's reading as a Quantity, if the amount's digits and words allow it; else
    None and, when the model could fix its reading, the problem."""
    word = bound_word(amount, language)
    if word is not None and reading.kind in ("exact", "approximate"):
        return None, f"{amount!r} has the bound word {word!r}: it is never an exact value"
    digits = {re.sub(r"\D", "", group).strip("0") for group in _DIGIT_GROUP.findall(amount)} - {""}
    numbers = _numbers(reading)
    if not digits or not numbers:
        return None, None  # nothing in the amount to check the reading against
    if any(n is None or _significant(n) not in digits for n in numbers):
        return None, (
            f"the reading {_shown(reading.kind, numbers)} does not match the digits of {amount!r}"
        )
    first = numbers[0]
    assert first is not None  # checked above
    fields: dict[str, float | None] = {"value": first}
    if reading.kind == "range":
        low, high = sorted(n for n in numbers if n is not None)
        fields = {"low": low, "high": high}
    elif reading.kind == "lower_bound":
        fields["low"] = first
    elif reading.kind == "upper_bound":
        fields["high"] = first
    return Quantity(kind=reading.kind, text=amount, read_by="model", **fields), None


def _in_quote(figure: FigureDraft) -> bool:
    return normalize(figure.amount).casefold() in normalize(figure.quote).casefold()


def reading_problem(figure: FigureDraft, language: str | None) -> str | None:
    """Why the model's reading of `figure.amount` is rejected, for a re-ask; None if it
    is absent, passes its check, cannot be checked, or code reads the amount itself."""
    if figure.reading is None or not _in_quote(figure):
        return None
    if code_quantity(figure.amount, figure.quote, language) is not None:
        return None  # code's reading stands whatever the model says: nothing to re-ask
    problem = model_quantity(figure.amount, figure.reading, language)[1]
    if problem is None:
        return None
    return f"amount reading: {problem}; give the reading that the amount's words and digits say"


def figure_quantity(
    figure: FigureDraft, language: str | None
) -> tuple[Quantity | None, str | None]:
    """The figure's quantity (code's, else the checked model reading) and, when the
    model's reading was set aside, why."""
    if not _in_quote(figure):
        return None, f"amount {figure.amount!r} is not in its quote; quantity left unset"
    quantity = code_quantity(figure.amount, figure.quote, language)
    if quantity is not None:
        if figure.reading is not None and not agrees(quantity, figure.reading):
            return quantity, f"model reading of {figure.amount!r} disagrees; kept code's"
        return quantity, None
    if figure.reading is None:
        return None, f"amount {figure.amount!r} not parseable"
    quantity, problem = model_quantity(figure.amount, figure.reading, language)
    if quantity is None:
        why = problem or "nothing in the amount to check it against"
        return None, f"amount {figure.amount!r} not parseable; model reading unused: {why}"
    return quantity, None
