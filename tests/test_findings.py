"""How a merged finding's certainty and citations are decided."""

from __future__ import annotations

import pytest

from summarizer.core.briefing import Citation
from summarizer.core.items import Certainty
from summarizer.stages.merge.findings import combined_certainty

C, R, A, D = Certainty.CONFIRMED, Certainty.REPORTED, Certainty.ALLEGED, Certainty.DENIED


def cites(*pairs: tuple[str, Certainty]) -> list[Citation]:
    return [
        Citation(source=s, quote="q", item=f"{s}:c{n}", certainty=c)
        for n, (s, c) in enumerate(pairs)
    ]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([("a", C)], C),
        ([("a", R)], R),
        # the treaty clause: three sources state it, one reports it, one hedges it
        ([("a", R), ("b", A), ("c", C), ("d", C), ("e", C)], C),
        # one of two sources confirming is not a majority
        ([("a", C), ("b", R)], R),
        # a source counts with its most confident wording
        ([("a", A), ("a", C), ("b", C)], C),
        # ties between hedges go to the more cautious
        ([("a", R), ("b", A)], A),
        ([("a", C), ("b", D)], Certainty.DISPUTED),
        ([("a", A), ("b", D)], D),
    ],
)
def test_combined_certainty(pairs: list[tuple[str, Certainty]], expected: Certainty) -> None:
    assert combined_certainty(cites(*pairs)) is expected
