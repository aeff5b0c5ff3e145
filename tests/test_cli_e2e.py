"""End to end through the real CLI, offline: seeds in, cited briefing out.

Replay mode (no key, no base URL) serves the recorded answers in fixtures/ through
the real openai + instructor parsing path.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
MARKERS = re.compile(r"(\[\d+\])+\s*$")


def summarizer(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def json_briefing(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("brief") / "briefing.json"
    result = summarizer("brief", str(SEEDS), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_json_citation_quote_is_verbatim_in_its_source(json_briefing: dict) -> None:  # type: ignore[type-arg]
    texts = {s["id"]: Path(s["path"]).read_text(encoding="utf-8") for s in json_briefing["sources"]}
    citations = [c for f in json_briefing["findings"] for c in f["citations"]]
    assert len(citations) >= 40
    for citation in citations:
        assert citation["quote"] in texts[citation["source"]], citation


def test_all_five_seeds_are_sources_and_cited(json_briefing: dict) -> None:  # type: ignore[type-arg]
    sources = json_briefing["sources"]
    assert len(sources) == 5
    for source in sources:
        assert {"id", "title", "path", "published", "language"} <= source.keys()
    cited = {c["source"] for f in json_briefing["findings"] for c in f["citations"]}
    assert cited == {s["id"] for s in sources}
    published = {Path(s["path"]).name[:3]: s["published"] for s in sources}
    assert published == {
        "000": None,
        "001": None,
        "002": "2024-10-24",
        "003": None,
        "004": "2024-12-05",
    }


def test_summary_sentences_cite_existing_findings(json_briefing: dict) -> None:  # type: ignore[type-arg]
    ids = {f["id"] for f in json_briefing["findings"]}
    assert json_briefing["summary"], json_briefing.get("summary_note")
    for sentence in json_briefing["summary"]:
        assert sentence["finding_ids"]
        assert set(sentence["finding_ids"]) <= ids


def test_markdown_every_content_line_cites(tmp_path: Path) -> None:
    result = summarizer("brief", str(SEEDS))
    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    body = markdown.split("## Sources")[0]
    sections = re.split(r"^## ", body, flags=re.MULTILINE)[1:]
    content = [
        line
        for section in sections
        for line in section.splitlines()[1:]
        if line.strip()
        and not line.startswith(("#", "|---", "| Value", "_", ">", "---"))
        and not re.fullmatch(r"\|[\s\-|:]*\|", line.strip())
    ]
    assert content
    uncited = [line for line in content if not re.search(r"\[\d+\]", line)]
    assert uncited == []
    n_sources = len(re.findall(r"^\d+\. ", markdown.split("## Sources")[1], flags=re.MULTILINE))
    assert n_sources == 5
    assert all(1 <= int(n) <= 5 for n in re.findall(r"\[(\d+)\]", body))


def test_extract_json_lists_every_article(tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    result = summarizer("extract", str(SEEDS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert len(report["extractions"]) == 5
    assert report["failures"] == []
    for extraction in report["extractions"]:
        assert extraction["claims"] and extraction["figures"] and extraction["dates"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\xff" * 50, "binary"),
    ],
)
def test_bad_file_beside_good_ones_is_one_line_and_partial(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    shutil.copy(SEED_FILES[4], tmp_path / SEED_FILES[4].name)
    (tmp_path / name).write_bytes(content)
    result = summarizer("brief", str(tmp_path), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert len(lines) == 1 and reason in lines[0].lower()
    briefing = json.loads(result.stdout)
    assert [s["title"] for s in briefing["sources"]] and len(briefing["sources"]) == 1
    assert briefing["failures"][0]["input"].endswith(name)


def test_missing_path_and_empty_folder_alone_exit_3(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = summarizer("brief", str(tmp_path / "nope.txt"), str(tmp_path / "empty"))
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nope.txt" in result.stderr and "empty" in result.stderr


def test_article_without_fixture_is_named_and_the_rest_is_briefed(tmp_path: Path) -> None:
    shutil.copy(SEED_FILES[4], tmp_path / SEED_FILES[4].name)
    (tmp_path / "new.txt").write_text(
        "Neue Meldung\nDas ist ein Artikel, für den es keine Aufzeichnung gibt.\n",
        encoding="utf-8",
    )
    result = summarizer("brief", str(tmp_path), "--format", "json")
    assert result.returncode == 4  # the README's code for "(replay) no recorded answer"
    assert "Traceback" not in result.stderr
    named = [line for line in result.stderr.splitlines() if "new.txt" in line]
    assert len(named) == 1 and "--record" in named[0]
    briefing = json.loads(result.stdout)
    assert len(briefing["sources"]) == 1
    assert briefing["findings"]
