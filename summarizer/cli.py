"""Command line: a thin shell over the library.

Each command builds `Settings` from its flags (precedence: flags, environment,
config file, defaults; see `summarizer.config`), checks that the output can be
written (before any paid call), calls one public function, renders, and writes
through `summarizer.files` (atomic, never replacing what is not ours). Errors become
one line on stderr and an exit code (see `summarizer.errors`), with URL credentials
masked; per-input failures are listed one per line and the exit code says
"partial" (1), or 4 when a recorded answer was missing. Library log records stay
hidden below -v (warnings) and -vv (everything). The heavy modules (pipeline,
openai, instructor) are imported inside the commands so `summarizer --help` stays
fast.
"""

from __future__ import annotations

import errno
import gc
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.cli_logging import configure_logging, mask, mask_secrets_in_logs
from summarizer.cli_options import (
    BriefFormat,
    ConcurrencyOpt,
    DeadlineOpt,
    FollowSymlinksOpt,
    MaxArticleCharsOpt,
    MaxCostOpt,
    ModelOpt,
    ModeOpt,
    NoCacheOpt,
    OutputOpt,
    PathsArg,
    RecordOpt,
    TimeoutOpt,
    VerboseOpt,
)
from summarizer.cli_progress import RunProgress
from summarizer.errors import (
    BudgetExceededError,
    FixtureMissingError,
    OutputError,
    SummarizerError,
    UsageError,
)
from summarizer.files import STDOUT, check_directory, check_writable, write_text

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.core.articles import Failure

DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""OSErrors that mean "the disk cannot take it" (exit code 73), not a bug."""

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News articles in any language -> an English analyst briefing where every "
    "sentence is cited.",
    pretty_exceptions_enable=False,
)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"summarizer: error: {mask(message)}", err=True)
    return typer.Exit(code)


def _report_failures(failures: Sequence[Failure]) -> int:
    """One stderr line per failure; the exit code they call for (0 when none)."""
    for failure in failures:
        typer.echo(mask(f"summarizer: {failure.input}: {failure.reason}"), err=True)
    if any(f.kind == "config" for f in failures):
        return FixtureMissingError.exit_code
    if any(f.kind == "budget" for f in failures):
        return BudgetExceededError.exit_code
    return 1 if failures else 0


def _build_settings(*, no_cache: bool = False, record: bool = False, **flags: Any) -> Settings:
    """Settings from the environment, overridden by the flags that were given (exit 2)."""
    from summarizer.config import load_settings

    overrides = {name: value for name, value in flags.items() if value is not None}
    if no_cache:
        overrides["use_cache"] = False
    if record:
        overrides["record"] = True
    try:
        settings = load_settings(**overrides)
    except UsageError as error:
        raise _fail(str(error), error.exit_code) from None
    mask_secrets_in_logs(settings)
    return settings


def _check_output(output: str | None) -> None:
    """Refuse an unwritable output now, before any paid call (exit 73)."""
    try:
        if output is not None:
            check_writable(output)
    except SummarizerError as error:
        raise _fail(str(error), error.exit_code) from None


def _write_output(text: str, output: str | None) -> None:
    """Write to stdout, or to `output` through `summarizer.files`."""
    write_text(output or STDOUT, text if text.endswith("\n") else text + "\n")


def _stdin_paths(paths: Sequence[str]) -> list[str]:
    """`-` may be given once: the article text is read from stdin (by the load stage)."""
    if paths.count("-") > 1:
        raise _fail("- (stdin) can be given only once", 2)
    return list(paths)


def _summary_line(articles: int, failures: int, quality: Any, started: float) -> None:
    cost = f"${quality.cost_usd:.4f}" if quality.cost_usd is not None else "cost n/a"
    tokens = f"{quality.prompt_tokens + quality.completion_tokens} tokens, {cost}"
    if quality.replayed and quality.replayed == quality.calls:
        tokens = "replayed answers (no cost)"
    typer.echo(
        f"summarizer: {articles} articles, {failures} failed, {quality.calls} calls, "
        f"{quality.cache_hits} cache hits, {tokens}, {time.perf_counter() - started:.1f} s",
        err=True,
    )


def _run(action: Callable[[], int]) -> None:
    try:
        code = action()
    except SummarizerError as error:
        raise _fail(str(error), error.exit_code) from error
    except KeyboardInterrupt as error:
        raise _fail("interrupted; rerun to continue from the cache", 130) from error
    except OSError as error:
        if error.errno not in DISK_ERRNOS:
            raise _internal(error) from error
        where = f"{error.filename}: " if error.filename else ""
        raise _fail(f"{where}cannot write: {error.strerror}", OutputError.exit_code) from error
    except Exception as error:
        raise _internal(error) from error
    raise typer.Exit(code)


def _internal(error: Exception) -> typer.Exit:
    """A bug of ours: one line, the traceback only with -vv."""
    logging.getLogger(__name__).debug("internal error", exc_info=True)
    return _fail(f"internal error: {type(error).__name__}: {error} (run with -vv for details)", 70)


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
    max_article_chars: MaxArticleCharsOpt = None,
    follow_symlinks: FollowSymlinksOpt = False,
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Write a cited English briefing of the articles."""
    configure_logging(verbose)
    paths = _stdin_paths(paths)
    settings = _build_settings(
        model=model,
        concurrency=concurrency,
        mode=mode.value if mode else None,
        record=record,
        no_cache=no_cache,
        max_cost=max_cost,
        max_article_chars=max_article_chars,
        follow_symlinks=follow_symlinks or None,
        timeout=timeout,
        deadline=deadline,
    )
    _check_output(output)

    def action() -> int:
        from summarizer.pipeline import abrief, run

        started = time.perf_counter()
        with RunProgress() as progress:
            briefing = run(
                abrief(paths, settings=settings, progress=progress.article, stage=progress.stage)
            )
            progress.stage("render")
            from summarizer.stages.render import render  # not before the first request

            _write_output(render(briefing, fmt.value), output)
        code = _report_failures(briefing.failures)
        _summary_line(len(briefing.sources), len(briefing.failures), briefing.quality, started)
        return code

    _run(action)


@app.command()
def extract(
    paths: PathsArg,
    output: OutputOpt = None,
    model: ModelOpt = None,
    concurrency: ConcurrencyOpt = None,
    mode: ModeOpt = None,
    record: RecordOpt = False,
    no_cache: NoCacheOpt = False,
    max_cost: MaxCostOpt = None,
    max_article_chars: MaxArticleCharsOpt = None,
    follow_symlinks: FollowSymlinksOpt = False,
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Write each article's verified claims, figures and dates as JSON."""
    configure_logging(verbose)
    paths = _stdin_paths(paths)
    settings = _build_settings(
        model=model,
        concurrency=concurrency,
        mode=mode.value if mode else None,
        record=record,
        no_cache=no_cache,
        max_cost=max_cost,
        max_article_chars=max_article_chars,
        follow_symlinks=follow_symlinks or None,
        timeout=timeout,
        deadline=deadline,
    )
    _check_output(output)

    def action() -> int:
        from summarizer.pipeline import aextract, run

        with RunProgress() as progress:
            report = run(aextract(paths, settings=settings, progress=progress.article))
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
    max_article_chars: MaxArticleCharsOpt = None,
    follow_symlinks: FollowSymlinksOpt = False,
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Digest only what is new since the last run; write OUT/YYYY-MM-DD.md."""
    import datetime as dt

    from summarizer.digest import DigestConfig

    configure_logging(verbose)
    try:
        if config is not None:
            digest_config = DigestConfig.from_toml(config)
        elif sources and state and out:
            digest_config = DigestConfig(sources=sources, state=state, out=out)
        else:
            raise UsageError("give SOURCE... with --state and --out, or --config FILE")
        run_day = dt.date.fromisoformat(day) if day else None
        check_directory(digest_config.out)
        check_directory(digest_config.state, what="state directory")
    except SummarizerError as error:
        raise _fail(str(error), error.exit_code) from None
    except ValueError:
        raise _fail(f"--date must be YYYY-MM-DD, not {day!r}", 2) from None
    if topic:
        digest_config.topic = topic
    if fmt:
        digest_config.formats = [f.value for f in fmt]
    if batch:
        digest_config.batch = True
    settings = _build_settings(
        model=model,
        concurrency=concurrency,
        mode=mode.value if mode else None,
        no_cache=no_cache,
        max_cost=max_cost,
        max_article_chars=max_article_chars,
        follow_symlinks=follow_symlinks or None,
        timeout=timeout,
        deadline=deadline,
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


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"summarizer {version('summarizer')}")
        raise typer.Exit


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Global options (the commands' help comes from `app`)."""


GC_YOUNG_THRESHOLD = 100_000
"""Allocations between two young-generation collections (Python's default is 700)."""
SWITCH_INTERVAL = 0.0005
"""Seconds a thread holds the GIL before another may take it (Python's default: 0.005)."""


def main() -> None:
    """Console-script entry point.

    A run allocates hundreds of thousands of objects that live until its end (models,
    items, features) and few reference cycles, so the collector's default pacing
    spends over a second of a 96-article run rescanning them, and as long again at
    exit, when module teardown runs its last collections over the whole heap. The
    process is ours (the library never changes the collector), so it collects the
    young generation only every `GC_YOUNG_THRESHOLD` allocations and freezes the heap
    before exit: finalization, atexit handlers and buffered output run as usual, only
    the collector no longer walks what is about to be freed anyway. During a run,
    `cli_progress.RunProgress` also keeps it off where a collection would only delay
    requests (start-up, and from merge on).

    Worker threads compute while the event loop waits for answers (loading, the
    figures' merge, merge's preparation); each pass of the loop that sends a request
    waits for the GIL, so a shorter `SWITCH_INTERVAL` lets requests leave sooner (the
    same-fact round left 0.4 s after the last extraction with the default, 0.13 s
    with this).
    """
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        app(prog_name="summarizer")
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
