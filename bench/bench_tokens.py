"""What one extraction call costs in tokens: prompt overhead per article, output per item.

Measured on the request bodies instructor really sends (`summarizer.llm.sdk.
request_body`, the Batch API's builder) for the corpus articles, in every instructor
mode, and on the recorded answers in fixtures/extract/ (written blind, as a strong
model would answer):

* **prompt overhead per article**: everything in the body but the article text:
  the system message (instructions), the user message's framing, and the schema
  (the `tools` parameter, `response_format`, or schema text in the system message,
  by mode); split into those three parts, and how it changes with the mode;
* **output per item**: the answer's arguments per extracted item, by kind (claim,
  figure, date), and which fields take the most of it, so a schema change can be
  priced before it is made;
* **schema per item kind**: how much each response-model class adds to the schema.

Tokens are estimated as characters / 4 (no tokenizer is installed offline:
tiktoken fetches its vocabulary at run time), so read the ratios, and the
characters, more than the absolute token counts.

Run: .venv/bin/python bench/bench_tokens.py
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from summarizer.core.articles import Article, content_id
from summarizer.core.items import Claim, DatedEvent, ExtractionDraft, Figure
from summarizer.llm.prompts import render_prompt
from summarizer.llm.sdk import INSTRUCTOR_MODES, request_body

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"
FIXTURES = ROOT / "fixtures" / "extract"
CHARS_PER_TOKEN = 4
MAX_TOKENS = 4096


def tokens(chars: float) -> float:
    return chars / CHARS_PER_TOKEN


def corpus_articles() -> list[Article]:
    articles = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                text = record["text"]
                articles.append(
                    Article(
                        id=content_id(text),
                        title=record.get("title") or "",
                        language=record.get("language"),
                        outlet=record.get("outlet"),
                        text=text,
                        clean_text=text,
                    )
                )
    return articles


def body_parts(article: Article, mode: str) -> dict[str, int]:
    """Characters of the request body for `article` in `mode`, by part."""
    prompt = render_prompt(
        "extract", article=article, text=article.clean_text, chunk_index=0, chunk_count=1
    )
    body = request_body(
        ExtractionDraft,
        mode,
        model_name="gpt-4o-mini",
        messages=prompt.messages(),
        max_tokens=MAX_TOKENS,
    )
    messages = body["messages"]
    system = sum(len(m["content"]) for m in messages if m["role"] == "system")
    user = sum(len(m["content"]) for m in messages if m["role"] != "system")
    schema = sum(
        len(json.dumps(body[k])) for k in ("tools", "tool_choice", "response_format") if k in body
    )
    instructions = len(prompt.system)
    return {
        "article": len(article.clean_text),
        "instructions": instructions,
        "framing": user - len(article.clean_text),
        "schema": schema
        + (system - instructions),  # json/md_json put the schema in the system text
        "total": len(json.dumps(body, ensure_ascii=False)),
    }


def prompt_overhead(articles: list[Article]) -> None:
    print(f"prompt overhead per article ({len(articles)} corpus articles; tokens ~ chars/4):")
    print(
        f"{'mode':<14}{'article':>9}{'instr.':>9}{'framing':>9}{'schema':>9}{'overhead':>10}{'share':>8}"
    )
    for mode in INSTRUCTOR_MODES:
        parts = [body_parts(article, mode) for article in articles]
        mean = {k: statistics.mean(p[k] for p in parts) for k in parts[0]}
        overhead = mean["total"] - mean["article"]
        print(
            f"{mode:<14}{tokens(mean['article']):>9.0f}{tokens(mean['instructions']):>9.0f}"
            f"{tokens(mean['framing']):>9.0f}{tokens(mean['schema']):>9.0f}"
            f"{tokens(overhead):>10.0f}{overhead / mean['total']:>8.0%}"
        )


def schema_per_kind() -> None:
    total = len(json.dumps(ExtractionDraft.model_json_schema()))
    print(f"\nschema: ExtractionDraft {tokens(total):.0f} tokens; by item kind (its own schema):")
    for model in (Claim, Figure, DatedEvent):
        schema = model.model_json_schema()
        fields = {
            name: len(json.dumps(spec)) for name, spec in schema.get("properties", {}).items()
        }
        top = ", ".join(
            f"{k} {tokens(v):.0f}" for k, v in sorted(fields.items(), key=lambda x: -x[1])[:4]
        )
        size = tokens(len(json.dumps(schema)))
        print(f"  {model.__name__:<10} {size:5.0f} tokens (largest fields: {top})")


def answer_arguments(fixture: dict[str, Any]) -> dict[str, Any] | None:
    message = fixture["response"]["choices"][0]["message"]
    calls = message.get("tool_calls") or []
    text = calls[0]["function"]["arguments"] if calls else message.get("content")
    try:
        return dict(json.loads(text)) if text else None
    except json.JSONDecodeError:
        return None


def output_per_item() -> None:
    per_kind: dict[str, list[int]] = defaultdict(list)
    per_field: dict[str, Counter[str]] = defaultdict(Counter)
    answers = 0
    for path in sorted(FIXTURES.glob("*.json")):
        arguments = answer_arguments(json.loads(path.read_text(encoding="utf-8")))
        if arguments is None:
            continue
        answers += 1
        for kind in ("claims", "figures", "dates"):
            for item in arguments.get(kind) or []:
                per_kind[kind].append(len(json.dumps(item, ensure_ascii=False)))
                for name, value in item.items():
                    per_field[kind][name] += len(json.dumps(value, ensure_ascii=False))
    items = sum(len(v) for v in per_kind.values())
    chars = sum(sum(v) for v in per_kind.values())
    print(
        f"\noutput per item ({answers} recorded answers, {items} items): "
        f"{tokens(chars / items):.0f} tokens per item on average"
    )
    for kind, sizes in per_kind.items():
        fields = per_field[kind]
        share = ", ".join(
            f"{name} {count / sum(fields.values()):.0%}" for name, count in fields.most_common(4)
        )
        print(
            f"  {kind:<8} {len(sizes):4} items, {tokens(statistics.mean(sizes)):4.0f} tokens each "
            f"(fields: {share})"
        )


def main() -> None:
    prompt_overhead(corpus_articles())
    schema_per_kind()
    output_per_item()


if __name__ == "__main__":
    main()
