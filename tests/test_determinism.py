"""The same input gives the same briefing in every process, whatever Python's hash seed
(set and dict iteration order of strings changes with it, so an unsorted set in merge
would show here, and could not show within one process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _brief(inputs: str, seed: str, tmp_path: Path) -> dict[str, object]:
    out = tmp_path / f"briefing-{seed}.json"
    env = {**os.environ, "PYTHONHASHSEED": seed, "SUMMARIZER_CACHE_DIR": str(tmp_path / seed)}
    env.pop("OPENAI_API_KEY", None)
    env.pop("OPENAI_BASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", inputs, "--format", "json", "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    briefing = json.loads(out.read_text(encoding="utf-8"))
    briefing.pop("generated_at")
    return briefing  # type: ignore[no-any-return]


@pytest.mark.parametrize("inputs", ["seeds", "corpus/articles"])
def test_briefing_is_identical_across_hash_seeds(inputs: str, tmp_path: Path) -> None:
    first, second = (_brief(inputs, seed, tmp_path) for seed in ("0", "4242"))
    assert first["findings"] and first["stories"]
    assert first == second
