"""Benchmark merge on 20,000 synthetic claims: time, peak memory, pairs scored vs n^2/2.

The corpus imitates a large news day: 1,000 articles of 20 items each, drawn from
5,000 underlying facts (actor, action, object, place, number, date) over 400
entities and a varied vocabulary. About a third of the items restate a fact that
another article also reports (with reworded statements), so the merge has true
duplicates to find. Run: /work/venv/bin/python bench/bench_merge.py [n_items]
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc

from summarizer.core.articles import Source
from summarizer.core.items import AlignmentStatus, ArticleExtraction, Certainty, Claim, Grounding
from summarizer.stages.merge.flow import merge

ITEMS_PER_ARTICLE = 20
ACTIONS = [
    "signed",
    "ratified",
    "rejected",
    "announced",
    "approved",
    "criticised",
    "proposed",
    "suspended",
    "extended",
    "negotiated",
    "funded",
    "investigated",
    "launched",
    "opened",
]
OBJECTS = [
    "trade agreement",
    "defence pact",
    "aid package",
    "sanctions regime",
    "pipeline deal",
    "energy contract",
    "border treaty",
    "arms deal",
    "loan programme",
    "climate plan",
    "port project",
    "rail corridor",
    "grain corridor",
    "visa regime",
    "tariff schedule",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_GERMAN_TEXT = (
    "laut angaben der regierung hat das ministerium am montag mitgeteilt dass die "
    "vereinbarung nach langen verhandlungen zustande kam und kritiker warnen vor "
    "folgen für die region wie es in einer erklärung hieß"
)
GERMAN = _GERMAN_TEXT.split()
PLACES = ["Avaria", "Borland", "Cestia", "Dorvia", "Elmont", "Fyria", "Galt", "Hesper"]
FILLERS = [
    "officials said",
    "according to a statement",
    "the ministry reported",
    "state media said",
    "a spokesperson said",
    "sources said",
]


def _facts(rng: random.Random, count: int) -> list[tuple[list[str], str]]:
    entities = [
        f"{rng.choice(['North', 'South', 'East', 'West', 'New', 'Upper'])} {rng.choice(PLACES)}{n}"
        for n in range(400)
    ]
    facts = []
    for _ in range(count):
        actors = rng.sample(entities, 2)
        statement = (
            f"{actors[0]} {rng.choice(ACTIONS)} the {rng.choice(OBJECTS)} with {actors[1]} "
            f"worth {rng.randint(1, 900) * 10:,} million euros on {rng.randint(1, 28)} "
            f"{rng.choice(MONTHS)}"
        )
        facts.append((actors, statement))
    return facts


def _corpus(n_items: int, seed: int = 7) -> tuple[list[ArticleExtraction], dict[str, int]]:
    """The articles, and for each claim id the index of the fact it states."""
    rng = random.Random(seed)
    truth: dict[str, int] = {}
    facts = _facts(rng, n_items // 4)
    extractions = []
    for article in range(n_items // ITEMS_PER_ARTICLE):
        source = f"{article:016x}"
        claims = []
        for n in range(ITEMS_PER_ARTICLE):
            pool = facts[: len(facts) // 3] if rng.random() < 0.35 else facts
            fact = rng.randrange(len(pool))
            actors, statement = pool[fact]
            truth[f"{source}:c{n + 1}"] = fact
            text = f"{statement}, {rng.choice(FILLERS)}."
            quote = " ".join([*rng.sample(GERMAN, 8), actors[0], *rng.sample(GERMAN, 6)]) + "."
            claims.append(
                Claim(
                    id=f"{source}:c{n + 1}",
                    source_id=source,
                    grounding=Grounding(  # each claim quotes its own sentence
                        status=AlignmentStatus.EXACT,
                        start=n * 200,
                        end=n * 200 + len(quote),
                        score=100,
                        matched=quote,
                    ),
                    statement=text,
                    quote=quote,
                    certainty=rng.choice(list(Certainty)[:3]),
                    entities=actors,
                )
            )
        extractions.append(
            ArticleExtraction(source=Source(id=source, title=f"Article {article}"), claims=claims)
        )
    return extractions, truth


def main() -> None:
    n_items = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    extractions, truth = _corpus(n_items)
    started = time.perf_counter()
    result = merge(extractions)
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second run: tracemalloc slows allocation, so it is not timed
    merge(extractions)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    all_pairs = n_items * (n_items - 1) // 2
    merged = sum(1 for f in result.findings if len(f.citations) > 1)
    impure = sum(1 for f in result.findings if len({truth[c.item] for c in f.citations}) > 1)
    facts = len(set(truth.values()))
    print(f"items:            {n_items:,} in {len(extractions):,} articles")
    print(f"merge time:       {elapsed:.2f} s")
    print(f"peak memory:      {peak / 2**20:.1f} MiB")
    print(
        f"pairs scored:     {result.pairs_scored:,} of n^2/2 = {all_pairs:,} "
        f"({100 * result.pairs_scored / all_pairs:.3f}%)"
    )
    print(f"findings:         {len(result.findings):,} ({merged:,} merged across items)")
    print(f"false merges:     {impure:,} findings mix different facts")
    print(f"ideal findings:   {facts:,} distinct facts (the rest are missed merges)")
    print(f"contradictions:   {len(result.contradictions):,}")


if __name__ == "__main__":
    main()
