"""The CLI's options, one annotated type each, shared by its commands.

Help texts name their environment variable; `_env` escapes the brackets, which rich
would otherwise read as markup and drop.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class Mode(StrEnum):
    """`--mode` choices: `config.InstructorModeName` (a test keeps the two equal; importing
    `summarizer.config` here would cost `summarizer --help` its speed)."""

    tools = "tools"
    tools_strict = "tools_strict"
    json_schema = "json_schema"
    json = "json"
    md_json = "md_json"


def _env(help_text: str, variable: str) -> str:
    """Help text naming its environment variable (escaped: rich would eat the brackets)."""
    return f"{help_text} \\[env: {variable}]"


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders, globs, URLs, feeds or .jsonl; - reads stdin."),
]
OutputOpt = Annotated[
    str | None, typer.Option("-o", "--output", help="Write here (- for stdout), not stdout.")
]
ModelOpt = Annotated[str | None, typer.Option(help=_env("Model name.", "SUMMARIZER_MODEL"))]
ConcurrencyOpt = Annotated[
    int | None,
    typer.Option(help=_env("LLM calls in flight.", "SUMMARIZER_CONCURRENCY"), min=1),
]
ModeOpt = Annotated[
    Mode | None,
    typer.Option(help=_env("instructor mode; json or md_json for servers without tools.",
                           "SUMMARIZER_MODE")),
]  # fmt: skip
RecordOpt = Annotated[bool, typer.Option("--record", help="Save live answers as fixtures.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
MaxCostOpt = Annotated[
    float | None,
    typer.Option(help=_env("Stop before spending more USD than this.", "SUMMARIZER_MAX_COST")),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        help=_env(
            "Seconds per LLM call in all, retries included (default 120).", "SUMMARIZER_TIMEOUT"
        ),
        min=0.001,
    ),
]
DeadlineOpt = Annotated[
    float | None,
    typer.Option(
        help=_env(
            "Seconds for the whole run's LLM calls; articles not extracted by then are "
            "listed as failures.",
            "SUMMARIZER_DEADLINE",
        ),
        min=0.001,
    ),
]
VerboseOpt = Annotated[int, typer.Option("-v", "--verbose", count=True, help="-v info, -vv debug.")]
MaxArticleCharsOpt = Annotated[
    int | None,
    typer.Option(
        help=_env("Refuse longer articles (default 200000).", "SUMMARIZER_MAX_ARTICLE_CHARS"),
        min=1,
    ),
]
FollowSymlinksOpt = Annotated[
    bool, typer.Option("--follow-symlinks", help="Follow symlinks leading out of input folders.")
]
