"""Settings in one pydantic-settings class, and the digest config file that feeds it.

Environment names are the ecosystem's (`OPENAI_API_KEY`, `OPENAI_BASE_URL`) plus
`SUMMARIZER_*` for ours. Nothing reads the environment at import time: call
`Settings()` (or pass values) when a run starts.

Precedence, highest first: flags (init values), environment, config file,
defaults. `Settings(**flags)` gives the first two; `with_defaults(file_values)`
fills in a config file's values for the fields neither set. Every change goes
through validation: `override` replaces `model_copy(update=...)`, which would accept
`concurrency="abc"`. `describe_validation_error` turns pydantic's multi-line report
into one line naming the flag or environment variable (never echoing a secret).

`DigestFile` is the TOML of `digest --config`: unknown keys, wrong types and
unknown formats are errors (`UsageError`, exit code 2), and relative paths
(`sources`, `state`, `out`) resolve against the file's directory.

A run is **live** when an API key or a base URL is configured, else it **replays**
recorded answers from `fixtures/`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, Self

from platformdirs import user_cache_dir
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarizer.errors import UsageError

InstructorModeName = Literal["tools", "tools_strict", "json_schema", "json", "md_json"]
FormatName = Literal["md", "html", "json"]
SECRET_FIELDS = frozenset({"api_key"})


def _default_cache_dir() -> Path:
    return Path(user_cache_dir("summarizer"))


def default_fixtures_dir() -> Path:
    """The recorded answers shipped with the package (the repository's `fixtures/`)."""
    return Path(str(files("summarizer.fixtures")))


class Price(BaseModel):
    """USD per million tokens (a plain model: the environment never sets a price field)."""

    input: float
    output: float


DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(input=0.15, output=0.60),
    "gpt-4o": Price(input=2.50, output=10.0),
    "gpt-4.1-mini": Price(input=0.40, output=1.60),
    "gpt-4.1": Price(input=2.0, output=8.0),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SUMMARIZER_", extra="ignore", populate_by_name=True
    )

    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "SUMMARIZER_API_KEY")
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "SUMMARIZER_BASE_URL")
    )
    model: str = "gpt-4o-mini"
    mode: InstructorModeName = "tools"
    concurrency: int = Field(default=8, ge=1, le=256)
    requests_per_minute: float | None = Field(default=None, gt=0)
    tokens_per_minute: float | None = Field(default=None, gt=0)
    timeout: float = Field(
        default=120.0,
        gt=0,
        description="Wall-clock seconds per LLM call, all its attempts, re-asks and waits.",
    )
    deadline: float | None = Field(
        default=None, gt=0, description="Wall-clock seconds for the run's LLM calls."
    )
    max_retries: int = Field(default=4, ge=0, description="Transient-fault retries per call.")
    max_reasks: int = Field(default=2, ge=0, description="Re-asks after invalid output.")
    max_retry_wait: float = Field(
        default=60.0, ge=0, description="Cap in seconds on one backoff or Retry-After wait."
    )
    max_output_tokens: int = Field(
        default=8192, ge=1, description="Completion token limit per call (sent as max_tokens)."
    )
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    use_cache: bool = True
    fixtures_dir: Path = Field(default_factory=default_fixtures_dir)
    record: bool = False
    max_cost: float | None = Field(default=None, ge=0, description="USD budget for the run.")
    max_chunk_chars: int = Field(default=24_000, ge=2_000)
    max_article_chars: int = Field(
        default=200_000, ge=1, description="Longer articles are refused (load.options)."
    )
    follow_symlinks: bool = Field(
        default=False, description="Follow symlinks that lead out of a given input folder."
    )
    prices: dict[str, Price] = Field(default_factory=lambda: dict(DEFAULT_PRICES))

    @property
    def live(self) -> bool:
        """Live when a key or a base URL is configured; otherwise replay fixtures."""
        return self.api_key is not None or self.base_url is not None

    def override(self, **values: Any) -> Self:
        """A validated copy with `values` replaced (raises `UsageError` when one is invalid)."""
        data = {**self.model_dump(exclude_unset=True), **values}
        try:
            return self.model_validate(data)
        except ValidationError as error:
            raise UsageError(describe_validation_error(error)) from None

    def with_defaults(self, values: Mapping[str, Any]) -> Self:
        """`values` (a config file's) for the fields neither a flag nor the environment set."""
        unset = {name: value for name, value in values.items() if name not in self.model_fields_set}
        return self.override(**unset) if unset else self


def load_settings(**flags: Any) -> Settings:
    """Settings from the environment with `flags` on top; `UsageError` in one line."""
    try:
        return Settings(**flags)
    except ValidationError as error:
        raise UsageError(describe_validation_error(error)) from None


def describe_validation_error(error: ValidationError) -> str:
    """The first problem in one line: 'concurrency (--concurrency, SUMMARIZER_CONCURRENCY): ...'."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    where = ".".join(str(part) for part in first["loc"])
    names = ""
    if field in Settings.model_fields:
        env = "OPENAI_API_KEY" if field == "api_key" else f"SUMMARIZER_{field.upper()}"
        env = "OPENAI_BASE_URL" if field == "base_url" else env
        names = f" (--{field.replace('_', '-')}, {env})"
    shown = "" if field in SECRET_FIELDS else f", got {_short(first.get('input'))}"
    more = len(error.errors()) - 1
    tail = f" (and {more} more)" if more else ""
    return f"invalid setting {where}{names}: {first['msg']}{shown}{tail}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class DigestFile(BaseModel):
    """`digest --config FILE`: what the TOML may say (paths as written in the file)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    sources: list[str] = Field(min_length=1)
    state: str = "state"
    out: str = "digests"
    topic: str | list[str] = Field(default_factory=list)
    formats: list[FormatName] = Field(default=["md"], min_length=1)
    model: str | None = None
    batch: bool = False

    @classmethod
    def read(cls, path: Path) -> DigestFile:
        """Parse and validate `path`, resolving its relative paths against its directory."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise UsageError(f"{path}: cannot read the config: {error.strerror}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise UsageError(f"{path}: not valid TOML: {error}") from None
        try:
            config = cls.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "config"
            got = "" if first["type"] == "missing" else f", got {_short(first.get('input'))}"
            raise UsageError(f"{path}: {where}: {first['msg']}{got}") from None
        base = path.parent
        resolved = {
            "sources": [_resolve(base, source) for source in config.sources],
            "state": _resolve(base, config.state),
            "out": _resolve(base, config.out),
        }
        return cls.model_validate({**config.model_dump(), **resolved})

    @property
    def topics(self) -> list[str]:
        return [self.topic] if isinstance(self.topic, str) else list(self.topic)


def _resolve(base: Path, value: str) -> str:
    """`value` relative to `base`, unless it is a URL, absolute, or stdin."""
    if "://" in value or value == "-":
        return value
    return str(base / Path(value).expanduser())  # an absolute path stays as it is
