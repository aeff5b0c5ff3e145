"""Merge with model-proposed same-fact groups, items quoting one sentence, coarse dates."""

from __future__ import annotations

from merge_factory import claim, day, event, extraction, figure, quantity

from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge.flow import merge

RATIFIED = "The Russian parliament ratified the treaty with North Korea."
APPROVED = "The State Duma and the Federation Council approved the law on the accord."


def _paraphrases() -> list[ArticleExtraction]:
    return [
        extraction("a", claim("a", 1, RATIFIED)),
        extraction("b", claim("b", 1, APPROVED)),
    ]


def _cited(result_sources: list[list[str]]) -> list[set[str]]:
    return [set(sources) for sources in result_sources]


def test_proposed_paraphrase_pair_merges_with_the_models_reason() -> None:
    assert len(merge(_paraphrases()).findings) == 2  # code alone does not see it
    result = merge(
        _paraphrases(), same_facts=[(["a:c1", "b:c1"], "both describe Russia's ratification")]
    )
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert [c.item for c in finding.citations] == ["a:c1", "b:c1"]
    assert finding.merge_reason is not None
    assert "judged the same fact by the model: both describe Russia's ratification" in (
        finding.merge_reason
    )
    assert "code found no conflicting number or date" in finding.merge_reason


def test_proposed_pair_with_different_numbers_is_refused() -> None:
    result = merge(
        [
            extraction("a", claim("a", 1, "North Korea sent 3,000 soldiers to Russia.")),
            extraction("b", claim("b", 1, "Pyongyang dispatched 11,000 troops to Moscow.")),
        ],
        same_facts=[(["a:c1", "b:c1"], "both are about troop numbers")],
    )
    assert len(result.findings) == 2
    assert all(f.merge_reason is None for f in result.findings)


def test_proposed_pair_with_different_dates_is_refused() -> None:
    result = merge(
        [
            extraction("a", event("a", 1, RATIFIED, day("2024-11-06"))),
            extraction("b", event("b", 1, APPROVED, day("2024-11-09"))),
        ],
        same_facts=[(["a:d1", "b:d1"], "same ratification")],
    )
    assert len(result.findings) == 2


def _one_article_two_expressions(second: ResolvedDate) -> list[ArticleExtraction]:
    last_week = ResolvedDate(expression="vergangene Woche")
    return [
        extraction(
            "a",
            event("a", 1, "North Korea ratified the treaty with Russia last week.", last_week),
            event("a", 2, "Kim Jong Un signed the decree ratifying the treaty.", second),
        )
    ]


def test_a_proposal_may_join_two_unresolved_expressions_of_one_article() -> None:
    items = _one_article_two_expressions(ResolvedDate(expression="am Montag"))
    assert len(merge(items).findings) == 2  # code alone keeps one article's two dates apart
    proposal = (["a:d1", "a:d2"], "the ratification is the decree's signing")
    assert len(merge(items, same_facts=[proposal]).findings) == 1


def test_a_proposal_never_joins_an_unresolved_and_a_resolved_expression_of_one_article() -> None:
    items = _one_article_two_expressions(day("2024-06-19", "am 19. Juni"))
    proposal = (["a:d1", "a:d2"], "same act")
    assert len(merge(items, same_facts=[proposal]).findings) == 2


def test_unknown_ids_are_ignored_and_no_proposals_is_todays_behaviour() -> None:
    baseline = merge(_paraphrases())
    assert merge(_paraphrases(), same_facts=()) == baseline
    unknown = merge(_paraphrases(), same_facts=[(["a:c1", "zz:c9"], "x"), (["nope"], "y")])
    assert unknown == baseline


def test_a_proposed_group_never_chains_into_a_veto() -> None:
    """B fits A and C alike, but A (11,000) and C (3,000) are never one fact."""
    result = merge(
        [
            extraction("a", claim("a", 1, "North Korea sent 11,000 soldiers to Russia.")),
            extraction("b", claim("b", 1, "Pyongyang has dispatched troops to help Moscow.")),
            extraction("c", claim("c", 1, "North Korea sent 3,000 soldiers to Russia.")),
        ],
        same_facts=[(["a:c1", "b:c1", "c:c1"], "all about the deployment")],
    )
    clusters = [{c.item for c in f.citations} for f in result.findings]
    assert not any({"a:c1", "c:c1"} <= cluster for cluster in clusters)
    assert len(result.findings) == 2  # b joined exactly one of them


def test_claim_and_figure_quoting_one_sentence_are_one_finding() -> None:
    statement = "More than ten thousand North Korean soldiers are standing ready near the border."
    result = merge(
        [
            extraction(
                "a",
                claim("a", 1, statement, at=260),
                figure(
                    "a",
                    1,
                    "Über zehntausend",
                    quantity("lower_bound", low=10000),
                    statement=statement,
                    at=260,
                ),
            )
        ]
    )
    assert len(result.findings) == 1
    assert result.findings[0].kind == "figure"
    assert "same sentence" in (result.findings[0].merge_reason or "")


def test_different_facts_of_one_sentence_stay_apart() -> None:
    result = merge(
        [
            extraction(
                "a",
                claim("a", 1, "The treaty was signed on 19 June during Putin's visit.", at=0),
                claim(
                    "a", 2, "The treaty enters into force once ratifications are exchanged.", at=0
                ),
            )
        ]
    )
    assert len(result.findings) == 2


def test_combined_claim_joins_one_figure_and_the_figures_stay_apart() -> None:
    combined = (
        "North Korea earned up to 5.2 billion euros from arms sales "
        "and 544 million euros from military support."
    )
    result = merge(
        [
            extraction(
                "a",
                claim("a", 1, combined, at=1037),
                figure(
                    "a",
                    1,
                    "bis zu 5,2 Milliarden",
                    quantity("upper_bound", high=5.2e9),
                    statement="North Korea earned up to 5.2 billion euros from arms sales.",
                    counted="North Korean earnings from arms sales",
                    unit="EUR",
                    at=1037,
                ),
                figure(
                    "a",
                    2,
                    "544 Millionen",
                    quantity("exact", 544e6),
                    statement="North Korea earned 544 million euros from military support.",
                    counted="North Korean earnings from military support",
                    unit="EUR",
                    at=1037,
                ),
            )
        ]
    )
    clusters = sorted(sorted(c.item for c in f.citations) for f in result.findings)
    assert clusters == [["a:c1", "a:f1"], ["a:f2"]]


def test_hedge_on_the_same_number_is_one_figure_but_other_bounds_are_not() -> None:
    result = merge(
        [
            extraction(
                "a", figure("a", 1, "mindestens 11.000", quantity("lower_bound", low=11000))
            ),
            extraction("b", figure("b", 1, "11.000", quantity("exact", 11000))),
            extraction("c", figure("c", 1, "mehr als 10.000", quantity("lower_bound", low=10000))),
        ]
    )
    clusters = sorted(sorted(c.source for c in f.citations) for f in result.findings)
    assert clusters == [["a", "b"], ["c"]]


def test_coarse_and_fine_dates_of_one_event_merge_under_the_finer_date() -> None:
    year = ResolvedDate(expression="2022", iso="2022", precision=DatePrecision.YEAR)
    month = ResolvedDate(
        expression="seit Februar 2022", iso="2022-02", precision=DatePrecision.MONTH
    )
    start = "Start of Russia's invasion of Ukraine"
    result = merge(
        [
            extraction(
                "a",
                event(
                    "a",
                    1,
                    "Russia and North Korea moved closer since the invasion began in 2022.",
                    year,
                    what=start,
                ),
            ),
            extraction(
                "b",
                event(
                    "b",
                    1,
                    "The invasion, which Pyongyang supports, has gone on since February 2022.",
                    month,
                    what=start,
                ),
            ),
        ]
    )
    assert len(result.timeline) == 1
    entry = result.timeline[0]
    assert entry.date.iso == "2022-02"
    assert {c.source for c in result.findings[0].citations} == {"a", "b"}
    assert {c.source for c in entry.citations} == {"b"}  # only b's words give February
    assert "event similarity" in (result.findings[0].merge_reason or "")


def test_similar_events_on_different_days_of_one_month_stay_apart() -> None:
    start = "Russia ratified the treaty"
    result = merge(
        [
            extraction("a", event("a", 1, "Russia ratified it.", day("2024-11-06"), what=start)),
            extraction("b", event("b", 1, "Moscow ratified it.", day("2024-11-09"), what=start)),
        ]
    )
    assert len(result.timeline) == 2
