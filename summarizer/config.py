"""Settings in one pydantic-settings class.

Environment names are the ecosystem's (`OPENAI_API_KEY`, `OPENAI_BASE_URL`) plus
`SUMMARIZER_*` for ours. Nothing reads the environment at import time: call
`Settings()` (or pass values) when a run starts.

A run is **live** when an API key or a base URL is configured, else it **replays**
recorded answers from `fixtures/`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

from platformdirs import user_cache_dir
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

InstructorModeName = Literal["tools", "tools_strict", "json_schema", "json", "md_json"]


def _default_cache_dir() -> Path:
    return Path(user_cache_dir("summarizer"))


def default_fixtures_dir() -> Path:
    """The recorded answers shipped with the package (the repository's `fixtures/`)."""
    return Path(str(files("summarizer.fixtures")))


class Price(BaseSettings):
    """USD per million tokens."""

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
