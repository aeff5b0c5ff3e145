"""Scheduled daily digests: extract only what is new, brief the day, mark what changed.

A digest run, for day D:

1. loads every source (files, folders, URLs, feeds, JSONL), keeping per-input failures;
2. keeps articles matching the optional topic filter and sends to the model only those
   whose id the state store has not seen (each answer goes to the answer cache at
   once, so an interrupted run pays for nothing twice);
3. briefs the articles first seen on D (a rerun the same day is idempotent: nothing is
   extracted again and the summary call is a cache hit);
4. compares with the history (articles first seen before D) by merging both and
   mapping items back to the day's findings: findings no earlier article supports are
   *new*, figure series whose earlier values differ are *changed*, and contradictions
   between the day's findings and earlier ones are *contradicted*;
5. writes `OUT/D.md` (and `.json` / `.html` as configured) atomically;
6. only then records the new articles as seen, and the day as done, in one
   transaction (`StateStore.commit_day`). A run killed before that, or one whose
   `--out` cannot be written (`OutputError`), leaves the state as it was: the next
   run briefs the same articles again, from the cache. No article is ever marked
   seen without a digest that contains it.

A day with no new article writes a digest saying so and makes no LLM call.

With `batch` (`--batch`), step 2 sends new articles through OpenAI's Batch API
instead, at half the price, and a later run briefs them when the answers arrive;
until then they are pending, not seen (`digest_batch`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from summarizer.compose import compose_briefing
from summarizer.config import DigestFile, Settings
from summarizer.core.articles import Article, Failure
from summarizer.core.briefing import Briefing, Change, QualityReport
from summarizer.core.items import ArticleExtraction
from summarizer.core.wording import value_list
from summarizer.digest.batch import route_articles
from summarizer.digest.state import StateStore, state_lock
from summarizer.errors import OutputError
from summarizer.files import write_text
from summarizer.llm import LLM
from summarizer.llm.batch import require_batch_endpoint
from summarizer.pipeline import extract_articles, load_inputs, result_cache
from summarizer.stages.merge import merge
from summarizer.stages.render import render

log = logging.getLogger(__name__)

Format = Literal["md", "html", "json"]


@dataclass
class DigestConfig:
    """What `--config FILE` (TOML) or the command line sets."""

    sources: list[str]
    state: Path
    out: Path
    topic: list[str] = field(default_factory=list)
    formats: list[Format] = field(default_factory=lambda: ["md"])
    model: str | None = None
    batch: bool = False
    """Extract new articles through the Batch API; they are briefed when the answers arrive."""

    @classmethod
    def from_toml(cls, path: Path) -> DigestConfig:
        """The validated file (`UsageError` otherwise), its paths resolved against it."""
        data = DigestFile.read(path)
        return cls(
            sources=data.sources,
            state=Path(data.state),
            out=Path(data.out),
            topic=data.topics,
            formats=list(data.formats),
            model=data.model,
            batch=data.batch,
        )


@dataclass
class DigestResult:
    day: dt.date
    written: list[Path]
    new_articles: int
    day_articles: int
    calls: int
    failures: list[Failure]
    briefing: Briefing
    pending_note: str | None = None
    """Batch mode: the articles waiting for a batch's answers, in one line."""


def _matches(article: Article, topic: Sequence[str]) -> bool:
    haystack = f"{article.title}\n{article.text}".casefold()
    return not topic or any(term.casefold() in haystack for term in topic)


def find_changes(
    briefing: Briefing, todays: Sequence[ArticleExtraction], history: Sequence[ArticleExtraction]
) -> list[Change]:
    """What the day's briefing adds to, changes in, or contradicts in the history.

    The day's and the earlier extractions are merged together; each merged finding is
    mapped back to the day's finding ids through the extracted item ids they share.
    """
    if not history:
        return [Change(kind="new", ref=f.id, explanation="first digest") for f in briefing.findings]
    old_sources = {x.source.id for x in history}
    day_finding = {c.item: f.id for f in briefing.findings for c in f.citations}
    combined = merge([*history, *todays])
    changes: list[Change] = []
    for finding in combined.findings:
        mine = sorted({day_finding[c.item] for c in finding.citations if c.item in day_finding})
        if mine and not any(c.source in old_sources for c in finding.citations):
            changes += [
                Change(kind="new", ref=fid, explanation="no earlier source") for fid in mine
            ]
    for series in combined.figure_series:
        old = [e for e in series.entries if e.citation.source in old_sources]
        new = [e for e in series.entries if e.citation.item in day_finding]
        if old and new and {e.amount for e in new} - {e.amount for e in old}:
            changes.append(
                Change(
                    kind="changed",
                    ref=day_finding[new[-1].citation.item],
                    explanation=f"{series.counted} — earlier: {value_list(old)}. "
                    f"Now: {value_list(new)}.",
                )
            )
    by_id = {f.id: f for f in combined.findings}
    for contradiction in combined.contradictions:
        pair = [by_id[fid] for fid in contradiction.finding_ids if fid in by_id]
        fresh = [day_finding[c.item] for f in pair for c in f.citations if c.item in day_finding]
        if fresh and any(c.source in old_sources for f in pair for c in f.citations):
            changes.append(
                Change(kind="contradicted", ref=fresh[0], explanation=contradiction.explanation)
            )
    return changes


async def adigest(
    config: DigestConfig, *, day: dt.date | None = None, settings: Settings | None = None
) -> DigestResult:
    """Run one digest for `day` (default: today)."""
    day = day or dt.date.today()
    settings = settings or Settings()
    if config.model:  # the file's model ranks below a flag and the environment
        settings = settings.with_defaults({"model": config.model})
    if config.batch:
        require_batch_endpoint(settings)
    with state_lock(config.state), StateStore(config.state / "state.sqlite3") as store:
        articles, failures = load_inputs(config.sources, settings)
        wanted = [a for a in articles if _matches(a, config.topic)]
        seen = store.seen_ids()
        new = [a for a in wanted if a.id not in seen]
        async with LLM(settings) as llm, result_cache(settings) as results:
            routed = await route_articles(new, store, llm, settings, submit=config.batch, day=day)
            extractions, extract_failures = await extract_articles(
                routed.now, llm, settings, None, results
            )
            failures += extract_failures
            names = {a.id: a.path or a.url or a.id for a in routed.now}
            fresh = list({x.source.id: x for x in extractions}.values())
            todays = store.extractions(day=day) + fresh
            history = store.extractions(before=day)
            if todays:
                briefing = await compose_briefing(todays, failures, llm, results)
                briefing.changes = find_changes(briefing, todays, history)
                notes = [briefing.summary_note, routed.note()]
                briefing.summary_note = " ".join(n for n in notes if n) or None
            else:
                previous = store.previous_digest(day)
                briefing = _empty_digest(day, previous, failures, routed.note())
            calls = llm.usage.calls
        written = _write(briefing, config, day)
        store.commit_day(
            day,
            [(x, names[x.source.id]) for x in fresh],
            settled=routed.arrived,
            findings=len(briefing.findings),
        )
    return DigestResult(
        day=day,
        written=written,
        new_articles=len(fresh),
        day_articles=len(todays),
        calls=calls,
        failures=failures,
        briefing=briefing,
        pending_note=routed.note(),
    )


def _empty_digest(
    day: dt.date, previous: dt.date | None, failures: list[Failure], pending: str | None
) -> Briefing:
    since = f" since the digest of {previous.isoformat()}" if previous else ""
    note = f"No new articles{since}; no LLM call was made."
    if pending:
        note = f"Nothing new to brief{since}: {pending}"
    return Briefing(
        title=f"Digest {day.isoformat()}: nothing new",
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        sources=[],
        summary_note=note,
        failures=failures,
        quality=QualityReport(),
    )


def _write(briefing: Briefing, config: DigestConfig, day: dt.date) -> list[Path]:
    """Write each format atomically (temporary file, then rename), or raise `OutputError`."""
    written = []
    for fmt in config.formats:
        path = config.out / f"{day.isoformat()}.{fmt}"
        try:
            config.out.mkdir(parents=True, exist_ok=True)
            write_text(path, render(briefing, fmt))
        except OSError as error:
            raise OutputError(
                f"cannot write the digest: cannot create {config.out}: {error.strerror or error}"
            ) from error
        except OutputError as error:
            raise OutputError(
                f"cannot write the digest ({error}); the state is unchanged, so the next run "
                "briefs these articles again"
            ) from error
        written.append(path)
    return written
