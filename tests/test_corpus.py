"""The development corpus and its gold file stay consistent: what the evaluation relies on."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _articles() -> dict[str, dict[str, str]]:
    articles = {}
    for path in sorted((CORPUS / "articles").glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1, path
        articles[path.stem] = json.loads(lines[0])
    return articles


def _gold() -> dict:  # type: ignore[type-arg]
    return json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_gold_quote_and_amount_occurs_verbatim_in_its_article() -> None:
    articles, gold = _articles(), _gold()
    quoted = [(s["article"], s["quote"]) for f in gold["facts"] for s in f["sources"]]
    quoted += [(v["article"], v["amount"]) for m in gold["moving_figures"] for v in m["values"]]
    quoted += [
        (t[k]["article"], t[k]["amount"]) for t in gold["scope_traps"] for k in ("total", "part")
    ]
    missing = [(name, text) for name, text in quoted if text not in articles[name]["text"]]
    assert missing == []


def test_the_corpus_meets_its_brief() -> None:
    articles, gold = _articles(), _gold()
    placed = [a for story in gold["stories"] for a in story["articles"]]
    assert sorted(placed) == sorted(articles)
    assert len(articles) >= 30
    assert len({a["language"] for a in articles.values()}) >= 6
    assert len(gold["stories"]) >= 5
    assert all(len({articles[a]["outlet"] for a in s["articles"]}) >= 3 for s in gold["stories"])
    assert len({m["story"] for m in gold["moving_figures"]}) >= 3
    assert len(gold["copies"]) >= 2
    assert sum("published" not in a for a in articles.values()) >= 3
