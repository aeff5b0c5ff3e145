"""The result cache: a warm rerun neither verifies nor merges again, and gives the same
briefing; other code, other input or a damaged store only cost the recomputation."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from openai_server import OpenAIServer

from summarizer import pipeline, store
from summarizer.config import Settings
from summarizer.core.briefing import Briefing
from summarizer.core.items import ArticleExtraction
from summarizer.stages import extract
from summarizer.stages.merge import flow
from summarizer.store import ResultCache

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"
INPUTS = sorted(str(path) for path in CORPUS.glob("*.jsonl"))[:4]


class Counted:
    """Counts the calls of the real `verify` and of merge's last step, `_finish` (and still
    makes them)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.verified = self.merged = 0
        real_verify, real_merge = extract.verify, flow._finish

        def verify(*args: object, **kwargs: object) -> ArticleExtraction:
            self.verified += 1
            return real_verify(*args, **kwargs)  # type: ignore[arg-type]

        def merge(*args: object, **kwargs: object) -> flow.MergeResult:
            self.merged += 1
            return real_merge(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(extract, "verify", verify)
        monkeypatch.setattr(flow, "_finish", merge)

    def take(self) -> tuple[int, int]:
        counts = (self.verified, self.merged)
        self.verified = self.merged = 0
        return counts


def _settings(server: OpenAIServer, cache: Path) -> Settings:
    return Settings(base_url=server.base_url, api_key="sk-test", cache_dir=cache)


def _content(briefing: Briefing) -> dict[str, object]:
    return briefing.model_dump(exclude={"generated_at", "quality"})


def test_warm_rerun_verifies_and_merges_nothing_and_briefs_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    counted = Counted(monkeypatch)
    with OpenAIServer() as server:
        settings = _settings(server, tmp_path / "cache")
        cold = pipeline.brief(INPUTS, settings=settings)
        verified, merged = counted.take()
        warm = pipeline.brief(INPUTS, settings=settings)
        assert counted.take() == (0, 0)
        assert warm.quality is not None and warm.quality.calls == 0
    assert verified == len(INPUTS)
    assert merged == 2  # the figures' merge for the same-quantity questions, and the final one
    assert _content(warm) == _content(cold)
    assert (tmp_path / "cache" / "results").is_dir()


def test_other_code_or_other_input_recomputes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    counted = Counted(monkeypatch)
    with OpenAIServer() as server:
        settings = _settings(server, tmp_path / "cache")
        pipeline.brief(INPUTS, settings=settings)
        counted.take()
        monkeypatch.setattr(store, "code_version", lambda: "another version of the code")
        pipeline.brief(INPUTS, settings=settings)
        assert counted.take() == (len(INPUTS), 2)
        pipeline.brief(INPUTS[:3], settings=settings)  # the same articles, a different day
        assert counted.take() == (0, 2)


def test_no_result_cache_without_the_answer_cache_or_when_replaying(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        settings = _settings(server, tmp_path / "cache").model_copy(update={"use_cache": False})
        pipeline.brief(INPUTS[:1], settings=settings)
    assert not (tmp_path / "cache" / "results").exists()
    replayed = Settings(cache_dir=tmp_path / "replay")  # no key, no base URL: fixtures
    assert not replayed.live
    pipeline.brief(INPUTS[:1], settings=replayed)
    assert not (tmp_path / "replay" / "results").exists()


def test_unreadable_entry_is_a_miss_and_a_damaged_store_is_moved_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    results = ResultCache(tmp_path)
    key = store.result_key("verify", "input")
    results.put_text(key, '{"source": "truncated')
    with caplog.at_level(logging.WARNING, logger="summarizer.store"):
        assert results.get(key, ArticleExtraction) is None
    assert "ignoring unreadable cache entry" in caplog.text
    results.close()

    (tmp_path / "results" / "cache.db").write_bytes(b"not a database" * 100)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="summarizer.store"):
        fresh = ResultCache(tmp_path)
    assert fresh.enabled
    assert "the result cache" in caplog.text and "moved it to" in caplog.text
    assert [p.name.startswith("results.damaged-") for p in tmp_path.iterdir()].count(True) == 1
    fresh.close()


def test_code_version_covers_our_source_and_the_readers() -> None:
    version = store.code_version()
    assert len(version) == 64 and version == store.code_version()
    assert store.result_key("merge", "a") != store.result_key("merge", "b")
    assert store.result_key("merge", "a") != store.result_key("verify", "a")
