"""Command line: a thin shell over the library.

Each command builds `Settings` from its flags (flags override the environment),
calls one public function, renders, and writes. Errors become one line on stderr
and an exit code (see `summarizer.errors`); per-input failures are listed one per
line and the exit code says "partial" (1). The heavy modules (pipeline, openai,
instructor) are imported inside the commands so `summarizer --help` stays fast.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.errors import BudgetExceededError, SummarizerError

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.core.articles import Failure

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News articles in any language -> an English analyst briefing where every "
    "sentence is cited.",
    pretty_exceptions_enable=False,
)


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class ExtractFormat(StrEnum):
    json = "json"


PathsArg = Annotated[
    list[str], typer.Argument(help="Files, folders, globs, URLs, feeds or .jsonl.")
]
OutputOpt = Annotated[Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")]
ModelOpt = Annotated[str | None, typer.Option(help="Model name [env: SUMMARIZER_MODEL].")]
ConcurrencyOpt = Annotated[int | None, typer.Option(help="LLM calls in flight.", min=1)]
ModeOpt = Annotated[
    str | None,
    typer.Option(help="instructor mode: tools, tools_strict, json_schema, json, md_json."),
]
RecordOpt = Annotated[bool, typer.Option("--record", help="Save live answers as fixtures.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
MaxCostOpt = Annotated[float | None, typer.Option(help="Stop before spending more USD than this.")]
VerboseOpt = Annotated[int, typer.Option("-v", "--verbose", count=True, help="-v info, -vv debug.")]


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"summarizer: error: {message}", err=True)
    return typer.Exit(code)


def _report_failures(failures: Sequence[Failure]) -> int:
    """One stderr line per failure; the exit code they call for (0 when none)."""
    for failure in failures:
        typer.echo(f"summarizer: {failure.input}: {failure.reason}", err=True)
    if any(f.kind == "budget" for f in failures):
        return BudgetExceededError.exit_code
    return 1 if failures else 0


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="summarizer: %(levelname)s: %(message)s", force=True)
    if verbose < 2:  # the SDKs' INFO lines repeat what our summary line says
        for name in ("httpx", "httpx2", "openai", "instructor"):
            logging.getLogger(name).setLevel(logging.WARNING)


def _build_settings(*, no_cache: bool = False, record: bool = False, **flags: Any) -> Settings:
    """Settings from the environment, overridden by the flags that were given."""
    from summarizer.config import Settings

    overrides = {name: value for name, value in flags.items() if value is not None}
    if no_cache:
        overrides["use_cache"] = False
    if record:
        overrides["record"] = True
    try:
        return Settings(**overrides)
    except ValueError as error:
        raise _fail(f"invalid setting: {error}", 2) from error


def _write_output(text: str, output: Path | None) -> None:
    """Write to stdout, or atomically to `output` (a crash never leaves half a file)."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=output.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
    Path(handle.name).replace(output)


@contextmanager
def _progress() -> Iterator[Callable[[int, int, str], None] | None]:
    """A rich progress bar on a terminal; nothing when stderr is not a TTY."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("extracting", total=None)

        def update(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=Path(label).name[:40])

        yield update


def _summary_line(articles: int, failures: int, quality: Any, started: float) -> None:
    cost = f"${quality.cost_usd:.4f}" if quality.cost_usd is not None else "cost n/a"
    typer.echo(
        f"summarizer: {articles} articles, {failures} failed, {quality.calls} calls, "
        f"{quality.cache_hits} cache hits, {quality.prompt_tokens + quality.completion_tokens} "
        f"tokens, {cost}, {time.perf_counter() - started:.1f} s",
        err=True,
    )


def _run(action: Callable[[], int]) -> None:
    try:
        code = action()
    except SummarizerError as error:
        raise _fail(str(error), error.exit_code) from error
    except KeyboardInterrupt as error:
        raise _fail("interrupted; rerun to continue from the cache", 130) from error
    except Exception as error:  # a bug of ours: one line, the traceback only with -vv
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        raise _fail(
            f"internal error: {type(error).__name__}: {error} (run with -vv for details)", 70
        ) from error
    raise typer.Exit(code)


@app.command()
def brief(
    paths: PathsArg,
    output: OutputOpt = None,
    fmt: Annotated[BriefFormat, typer.Option("--format", "-f")] = BriefFormat.md,
    model: ModelOpt = None,
    concurrency: ConcurrencyOpt = None,
    mode: ModeOpt = None,
    record: RecordOpt = False,
    no_cache: NoCacheOpt = False,
    max_cost: MaxCostOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Write a cited English briefing of the articles."""
    _configure_logging(verbose)
    settings = _build_settings(
        model=model,
        concurrency=concurrency,
        mode=mode,
        record=record,
        no_cache=no_cache,
        max_cost=max_cost,
    )

    def action() -> int:
        from summarizer.pipeline import abrief, run
        from summarizer.stages.render import render

        started = time.perf_counter()
        with _progress() as progress:
            briefing = run(abrief(paths, settings=settings, progress=progress))
        _write_output(render(briefing, fmt.value), output)
        code = _report_failures(briefing.failures)
        _summary_line(len(briefing.sources), len(briefing.failures), briefing.quality, started)
        return code

    _run(action)


@app.command()
def extract(
    paths: PathsArg,
    output: OutputOpt = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    model: ModelOpt = None,
    concurrency: ConcurrencyOpt = None,
    mode: ModeOpt = None,
    record: RecordOpt = False,
    no_cache: NoCacheOpt = False,
    max_cost: MaxCostOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Write each article's verified claims, figures and dates as JSON."""
    _configure_logging(verbose)
    settings = _build_settings(
        model=model,
        concurrency=concurrency,
        mode=mode,
        record=record,
        no_cache=no_cache,
        max_cost=max_cost,
    )

    def action() -> int:
        from summarizer.pipeline import aextract, run

        with _progress() as progress:
            report = run(aextract(paths, settings=settings, progress=progress))
        _write_output(report.model_dump_json(indent=2), output)
        return _report_failures(report.failures)

    _run(action)


@app.command()
def digest(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Files, folders, globs, URLs, feeds or .jsonl.")
    ] = None,
    state: Annotated[Path | None, typer.Option(help="State directory (SQLite + lock).")] = None,
    out: Annotated[Path | None, typer.Option(help="Directory for OUT/YYYY-MM-DD.*")] = None,
    config: Annotated[Path | None, typer.Option(help="TOML config (sources, topic, ...).")] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help="Keep articles mentioning any of these terms.")
    ] = None,
    fmt: Annotated[
        list[BriefFormat] | None, typer.Option("--format", "-f", help="Repeatable.")
    ] = None,
    day: Annotated[str | None, typer.Option("--date", help="Digest date, YYYY-MM-DD.")] = None,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help="Extract new articles through OpenAI's Batch API (half price); a later "
            "run briefs them when the answers arrive.",
        ),
    ] = False,
    model: ModelOpt = None,
    concurrency: ConcurrencyOpt = None,
    mode: ModeOpt = None,
    no_cache: NoCacheOpt = False,
    max_cost: MaxCostOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Digest only what is new since the last run; write OUT/YYYY-MM-DD.md."""
    import datetime as dt

    from summarizer.digest import DigestConfig

    _configure_logging(verbose)
    if config is not None:
        digest_config = DigestConfig.from_toml(config)
    elif sources and state and out:
        digest_config = DigestConfig(sources=sources, state=state, out=out)
    else:
        raise _fail("give SOURCE... with --state and --out, or --config FILE", 2)
    if topic:
        digest_config.topic = topic
    if fmt:
        digest_config.formats = [f.value for f in fmt]
    if batch:
        digest_config.batch = True
    try:
        run_day = dt.date.fromisoformat(day) if day else None
    except ValueError as error:
        raise _fail(f"--date must be YYYY-MM-DD, not {day!r}", 2) from error
    settings = _build_settings(
        model=model,
        concurrency=concurrency,
        mode=mode,
        no_cache=no_cache,
        max_cost=max_cost,
    )

    def action() -> int:
        import asyncio

        from summarizer.digest import adigest

        result = asyncio.run(adigest(digest_config, day=run_day, settings=settings))
        code = _report_failures(result.failures)
        typer.echo(
            f"summarizer: digest {result.day}: {result.new_articles} new articles, "
            f"{result.day_articles} in the day's digest, {result.calls} LLM calls"
            + (" (nothing new)" if not result.new_articles else "")
            + "; wrote "
            + ", ".join(str(p) for p in result.written),
            err=True,
        )
        if result.pending_note:
            typer.echo(f"summarizer: digest {result.day}: {result.pending_note}", err=True)
        return code

    _run(action)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="summarizer")


if __name__ == "__main__":
    main()
