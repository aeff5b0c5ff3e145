"""Shared test setup: no network, no user state, no real keys.

pytest-socket (see `addopts` in pyproject.toml) blocks every connection except to
loopback servers that the tests start themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point user state at a tmpdir and hide any real endpoint configuration."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SUMMARIZER_API_KEY",
        "SUMMARIZER_BASE_URL",
        "SUMMARIZER_MODEL",
        "SUMMARIZER_MODE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
