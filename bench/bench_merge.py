"""Benchmark merge growth: time, peak memory and pairs scored at 10,000-100,000 claims.

The corpus imitates a large news day: 1,000 articles of 20 items each, drawn from
5,000 underlying facts (actor, action, object, place, number, date) over 400
entities and a varied vocabulary. About a third of the items restate a fact that
another article also reports (with reworded statements), so the merge has true
duplicates to find. `summarizer.stages.merge.merge` groups the stories first, then
builds findings, series and contradictions; it is timed as a whole, and its peak
memory (tracemalloc) taken in a second, untimed run. The growth exponent is the
slope of log(time) against log(n), between each pair of sizes and fitted over all.

Run: .venv/bin/python bench/bench_merge.py [n_items ...]   (default 10000 30000 100000)
"""

from __future__ import annotations

import itertools
import math
import random
import sys
import time
import tracemalloc
from dataclasses import dataclass

from summarizer.core.articles import Source
from summarizer.core.items import AlignmentStatus, ArticleExtraction, Certainty, Claim, Grounding
from summarizer.stages.merge import merge

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


@dataclass(frozen=True)
class Measured:
    n_items: int
    seconds: float
    peak_mib: float


def measure(n_items: int) -> Measured:
    """Merge (stories first, then findings, series, ...) over `n_items` claims: time, peak."""
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
    print(
        f"{n_items:>8,} items ({len(extractions):,} articles): {elapsed:7.2f} s, "
        f"peak {peak / 2**20:7.1f} MiB, pairs scored {result.pairs_scored:,} "
        f"({100 * result.pairs_scored / all_pairs:.3f}% of n^2/2), "
        f"{len(result.stories):,} stories, {len(result.findings):,} findings "
        f"({merged:,} merged, {impure:,} mixing facts; {len(set(truth.values())):,} facts), "
        f"{len(result.contradictions):,} contradictions",
        flush=True,
    )
    return Measured(n_items, elapsed, peak / 2**20)


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x): the growth exponent."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


def main() -> None:
    sizes = [int(arg.replace("_", "")) for arg in sys.argv[1:]] or [10_000, 30_000, 100_000]
    runs = [measure(n) for n in sizes]
    if len(runs) < 2:
        return
    n = [float(r.n_items) for r in runs]
    for a, b in itertools.pairwise(runs):
        print(
            f"growth {a.n_items:,} -> {b.n_items:,}: time n^"
            f"{slope([a.n_items, b.n_items], [a.seconds, b.seconds]):.2f}, "
            f"peak memory n^{slope([a.n_items, b.n_items], [a.peak_mib, b.peak_mib]):.2f}"
        )
    print(
        f"growth exponent (log-log fit over {len(runs)} sizes): time n^"
        f"{slope(n, [r.seconds for r in runs]):.2f}, "
        f"peak memory n^{slope(n, [r.peak_mib for r in runs]):.2f}"
    )


if __name__ == "__main__":
    main()
