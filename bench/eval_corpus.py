"""Brief the development corpus offline and score the briefing against corpus/gold.json.

    python bench/eval_corpus.py [--json]

The gold file was written by reading the articles, before any output existed. It gives
the stories, the copies (reprints and translations), key facts (each with a verbatim
quote per article that states it) and the moving figures (every value, per article).
Printed, each against the gold:

* articles in the right story: each gold story is matched to the briefing story that
  holds most of its articles; an article elsewhere is misplaced;
* facts covered with a correct citation: some finding of the fact's story cites one of
  the fact's articles with a quote that overlaps the gold quote (character spans);
* series per moving figure (fragmentation): how many series hold its values, and
  whether the series holding most of them is an `update` with the latest value first
  and nothing else mixed in (no value of another gold figure or sub-count);
* updates mislabelled as conflicts;
* copies double-counted: a gold copy not folded into its original;
* findings per story.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from summarizer import brief
from summarizer.core.briefing import Briefing, FigureSeries, SeriesEntry

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def _article_ids(briefing: Briefing) -> dict[str, str]:
    """Gold article name (file stem) -> source id."""
    return {Path(s.path or "").stem: s.id for s in briefing.sources if s.path}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _story_score(gold: dict, briefing: Briefing, ids: dict[str, str]) -> tuple[int, int, dict]:
    story_of = {source: s.id for s in briefing.stories for source in s.source_ids}
    placed = 0
    total = 0
    matched: dict[str, str] = {}
    for story in gold["stories"]:
        members = [ids[a] for a in story["articles"] if a in ids]
        votes = Counter(story_of.get(m) for m in members)
        best, count = votes.most_common(1)[0] if votes else (None, 0)
        matched[story["id"]] = best or ""
        placed += count
        total += len(story["articles"])
    return placed, total, matched


def _fact_coverage(
    gold: dict, briefing: Briefing, ids: dict[str, str], matched: dict
) -> tuple[int, int, list[str]]:
    texts = {s.id: s for s in briefing.sources}
    del texts
    stories = {s.id: s for s in briefing.stories}
    findings = {f.id: f for f in briefing.findings}
    article_text = {
        name: json.loads((CORPUS / "articles" / f"{name}.jsonl").read_text())["text"]
        for name in ids
    }
    covered, missed = 0, []
    for fact in gold["facts"]:
        story = stories.get(matched.get(fact["story"], ""))
        candidates = [findings[i] for i in story.finding_ids] if story else []
        hit = False
        for source in fact["sources"]:
            name = source["article"]
            if name not in ids:
                continue
            start = article_text[name].find(source["quote"])
            span = (start, start + len(source["quote"]))
            for finding in candidates:
                for citation in finding.citations:
                    cited = (citation.start or 0, citation.end or 0)
                    if citation.source == ids[name] and _overlaps(span, cited):
                        hit = True
        covered += hit
        if not hit:
            missed.append(f"{fact['id']}: {fact['statement'][:90]}")
    return covered, len(gold["facts"]), missed


def _series_of(briefing: Briefing, source: str, value: float) -> list[FigureSeries]:
    found = []
    for series in briefing.figure_series:
        for entry in series.entries:
            if entry.citation.source != source or entry.quantity is None:
                continue
            q = entry.quantity
            if value in {q.value, q.low, q.high}:
                found.append(series)
                break
    return found


def _digits_value(amount: str) -> float | None:
    digits = re.sub(r"\D", "", amount)
    return float(digits) if digits else None


def _entry_values(entry: SeriesEntry) -> set[tuple[str, float]]:
    q = entry.quantity
    read = (q.value, q.low, q.high) if q is not None else ()
    return {(entry.citation.source, x) for x in read if x is not None}


def _moving(gold: dict, briefing: Briefing, ids: dict[str, str]) -> list[dict]:
    """Per gold moving figure: how many series hold its values, the main one's class,
    whether its first entry is the latest value, and what is mixed into it: a value of
    another gold figure, or a gold sub-count / narrower scope (`scope_traps` parts)."""
    parts = {
        (ids[t["part"]["article"]], v)
        for t in gold["scope_traps"]
        if t["part"]["article"] in ids and (v := _digits_value(t["part"]["amount"])) is not None
    }
    every = {
        (ids[v["article"]], v["value"])
        for m in gold["moving_figures"]
        for v in m["values"]
        if v["article"] in ids
    }
    series_by_id = {s.id: s for s in briefing.figure_series}
    rows = []
    for figure in gold["moving_figures"]:
        values = [(ids[v["article"]], v["value"]) for v in figure["values"] if v["article"] in ids]
        holding: Counter[str] = Counter()
        for source, value in values:
            for series in _series_of(briefing, source, value):
                holding[series.id] += 1
        main = series_by_id[holding.most_common(1)[0][0]] if holding else None
        foreign = (every | parts) - set(values)  # a trap's part may be this figure's own value
        mixed = [e.amount for e in main.entries if _entry_values(e) & foreign] if main else []
        first = main.entries[0].quantity if main else None
        latest = figure["latest"]["value"]
        rows.append(
            {
                "figure": figure["id"],
                "values": len(values),
                "series": len(holding),
                "main": main.id if main else None,
                "classification": main.classification if main else None,
                "covered": holding.most_common(1)[0][1] if holding else 0,
                "latest_first": first is not None
                and latest in {first.value, first.low, first.high},
                "mixed_in": mixed,
            }
        )
    return rows


def _copies(gold: dict, briefing: Briefing, ids: dict[str, str]) -> tuple[int, int]:
    folded = {(c.source, c.original) for c in briefing.copies} | {
        (c.original, c.source) for c in briefing.copies
    }
    pairs = [(ids[c["copy"]], ids[c["original"]]) for c in gold["copies"]]
    found = sum(1 for pair in pairs if pair in folded)
    return len(pairs) - found, len(pairs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    gold = json.loads((CORPUS / "gold.json").read_text())
    briefing = brief([str(CORPUS / "articles")])
    ids = _article_ids(briefing)
    placed, total, matched = _story_score(gold, briefing, ids)
    covered, facts, missed = _fact_coverage(gold, briefing, ids, matched)
    moving = _moving(gold, briefing, ids)
    double, copies = _copies(gold, briefing, ids)
    scores = {
        "articles": len(ids),
        "stories_gold": len(gold["stories"]),
        "stories_briefing": len(briefing.stories),
        "articles_in_right_story": f"{placed}/{total} ({placed / total:.0%})",
        "facts_covered": f"{covered}/{facts} ({covered / facts:.0%})",
        "moving_figures": moving,
        "updates_called_conflicts": sum(1 for m in moving if m["classification"] == "conflict"),
        "copies_double_counted": f"{double}/{copies}",
        "findings_per_story": {s.id: len(s.finding_ids) for s in briefing.stories},
        "facts_missed": missed,
    }
    if args.json:
        print(json.dumps(scores, indent=2, ensure_ascii=False))
    else:
        for key, value in scores.items():
            if isinstance(value, list):
                print(f"{key}:")
                for row in value:
                    print(f"  {row}")
            else:
                print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
