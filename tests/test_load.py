"""load_articles over files, folders, globs and JSONL: seeds' metadata, encodings, bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SEEDS

from summarizer.core.articles import Article, content_id
from summarizer.errors import InputError
from summarizer.stages.load.decode import decode_text
from summarizer.stages.load.inputs import LoadResult, load_articles

SEED_FILES = sorted(SEEDS.glob("*.txt"))
EXPECTED = {
    "000": (
        "a83ce73997b234d1",
        "Nordkorea und Russland besiegeln Militärbündnis",
        None,
        None,
        None,
    ),
    "001": (
        "1886862a72c61e6f",
        "Nordkorea schickt Soldaten: Pjöngjang bestätigt Unterstützung für Russland",
        None,
        None,
        None,
    ),
    "002": (
        "2db99f614ad5c210",
        "Russland und Nordkorea besiegeln strategisches Bündnis – Spannungen eskalieren",
        dt.date(2024, 10, 24),
        None,
        None,
    ),
    "003": (
        "af1c79c09e9109c2",
        "Kim und Putin: Nordkorea schickt tausende Soldaten nach Russland",
        None,
        None,
        "Jacek Losik",
    ),
    "004": (
        "a6be4ffd361b4f1a",
        "Erste Verluste gemeldet Kiew: Russland hält Kims Soldaten in der zweiten Reihe",
        dt.date(2024, 12, 5),
        "ntv.de",
        "gut/AFP",
    ),
}


def seed(number: str) -> Path:
    return next(path for path in SEED_FILES if path.name.startswith(number))


def load_one(path: Path | str) -> Article:
    result = load_articles([path])
    assert result.failures == []
    assert len(result.articles) == 1
    return result.articles[0]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_seed_metadata(number: str) -> None:
    article_id, title, published, outlet, author = EXPECTED[number]
    article = load_one(seed(number))
    assert (article.id, article.title, article.published) == (article_id, title, published)
    assert (article.outlet, article.author, article.language) == (outlet, author, "de")
    assert article.path == str(seed(number))
    assert article.url is None
    assert article.id == content_id(article.text)
    assert article.text == seed(number).read_text(encoding="utf-8")


def test_folder_loads_every_seed_in_sorted_order() -> None:
    result = load_articles([SEEDS])
    assert result.failures == []
    assert [a.id for a in result.articles] == [EXPECTED[n][0] for n in sorted(EXPECTED)]


def test_glob_and_duplicates_load_each_article_once(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(seed("003"), copy)
    result = load_articles([str(SEEDS / "*.txt"), seed("000"), SEEDS, copy])
    assert result.failures == []
    assert len(result.articles) == 5
    assert result.articles[0].path == str(SEED_FILES[0])


def test_inputs_keep_the_order_given() -> None:
    result = load_articles([seed("004"), seed("001")])
    assert [a.id for a in result.articles] == [EXPECTED["004"][0], EXPECTED["001"][0]]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("cp1252"), id="cp1252"),
        pytest.param(lambda text: text.encode("latin-1"), id="latin-1"),
        pytest.param(lambda text: text.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda text: text.replace("\n", "\r").encode(), id="cr"),
    ],
)
def test_other_encodings_give_the_same_text_and_id(
    encode: Callable[[str], bytes], tmp_path: Path
) -> None:
    original = load_one(seed("000"))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(encode(original.text))
    article = load_one(copy)
    assert (article.text, article.id, article.title) == (original.text, original.id, original.title)


def test_latin1_fallback_keeps_bytes_cp1252_cannot_decode() -> None:
    text = decode_text("Köln \x81 Grüße aus der Stadt am Rhein".encode("latin-1"), "x.txt")
    assert text == "Köln \x81 Grüße aus der Stadt am Rhein"


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\t\r\n  ", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "unsupported file type: PNG"),
    "nul.txt": (b"text\x00\x01\x02" * 20, "binary file"),
    "garbage.md": (b"\x81\x8d\x8f\x90\x9d" * 100, "binary or undecodable"),
}


def test_each_bad_input_is_one_failure_and_good_files_still_load(tmp_path: Path) -> None:
    for name, (data, _) in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "empty_folder").mkdir()
    (tmp_path / "no_articles").mkdir()
    (tmp_path / "no_articles" / "image.png").write_bytes(b"\x89PNG")
    bad = [str(tmp_path / name) for name in BAD_INPUTS]
    others = [
        str(tmp_path / "missing.txt"),
        str(tmp_path / "empty_folder"),
        str(tmp_path / "no_articles"),
        str(tmp_path / "nothing-*.txt"),
    ]
    result = load_articles([seed("000"), *bad, *others, seed("004")])

    assert [a.id for a in result.articles] == [EXPECTED["000"][0], EXPECTED["004"][0]]
    assert [f.input for f in result.failures] == [*bad, *others]
    for failure, (_, reason) in zip(result.failures, BAD_INPUTS.values(), strict=False):
        assert reason in failure.reason
    reasons = [f.reason for f in result.failures[len(bad) :]]
    assert reasons[0] == "no such file or directory"
    assert reasons[1].startswith("folder contains no article files")
    assert reasons[2].startswith("folder contains no article files")
    assert reasons[3] == "no files match this pattern"
    assert all("\n" not in f.reason for f in result.failures)


def test_unreadable_file_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Ein Artikel.")
    real_open = os.open

    def open_file(path: Path, flags: int, *args: int) -> int:
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", open_file)
    result = load_articles([locked, seed("001")])
    assert [f.input for f in result.failures] == [str(locked)]
    assert result.failures[0].reason == "cannot read file: Permission denied"
    assert len(result.articles) == 1


def test_folder_is_recursive_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(seed("002"), tmp_path / "b" / "deep" / "z.md")
    shutil.copy(seed("001"), tmp_path / "a.txt")
    shutil.copy(seed("003"), tmp_path / ".git" / "hidden.txt")
    (tmp_path / "notes.csv").write_text("a,b\n")
    result = load_articles([tmp_path])
    assert result.failures == []
    assert [a.path for a in result.articles] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "deep" / "z.md"),
    ]


def test_only_boilerplate_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "widget.txt"
    path.write_text("Lesen Sie auch\nEin Link\n© Verlag\n")
    result = load_articles([path])
    assert result.articles == []
    assert [f.input for f in result.failures] == [str(path)]
    assert "only blank or boilerplate" in result.failures[0].reason


def test_local_html_file_is_extracted(tmp_path: Path) -> None:
    paragraphs = seed("001").read_text(encoding="utf-8").split("\n")
    body = "".join(f"<p>{line}</p>" for line in paragraphs[1:])
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><title>{paragraphs[0]}</title></head>"
        f"<body><nav>Start | Politik</nav><article><h1>{paragraphs[0]}</h1>{body}</article>"
        "</body></html>",
        encoding="utf-8",
    )
    article = load_one(page)
    assert article.title == paragraphs[0]
    assert paragraphs[2] in article.clean_text
    assert "Politik" not in article.text


# --------------------------------------------------------------------------- JSONL


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_loads_good_lines_and_names_bad_ones(tmp_path: Path) -> None:
    text = seed("001").read_text(encoding="utf-8")
    path = write_jsonl(
        tmp_path / "articles.jsonl",
        [
            json.dumps(
                {
                    "text": text,
                    "title": "Eigener Titel",
                    "url": "https://example.org/a",
                    "published": "2024-12-05T11:58:00+01:00",
                    "outlet": "Beispiel",
                    "language": "de",
                    "extra": "ignored",
                }
            ),
            "{not json",
            "",
            json.dumps({"title": "no text"}),
            json.dumps({"text": "   "}),
            json.dumps({"text": "Ein zweiter, kurzer Artikel über Nordkorea.", "published": "x"}),
            json.dumps(
                {"text": "Ein dritter Artikel.\r\nZweite Zeile.", "published": "2024-10-24"}
            ),
        ],
    )
    result = load_articles([path])

    assert [f.input for f in result.failures] == [
        f"{path}:2",
        f"{path}:4",
        f"{path}:5",
        f"{path}:6",
    ]
    assert result.failures[0].reason.startswith("Invalid JSON")
    assert result.failures[1].reason == "text: Field required"
    assert result.failures[2].reason.startswith("text: Value error")
    assert result.failures[3].reason.startswith("published:")

    first, third = result.articles
    assert first.id == EXPECTED["001"][0]
    assert (first.title, first.published, first.outlet) == (
        "Eigener Titel",
        dt.date(2024, 12, 5),
        "Beispiel",
    )
    assert (first.url, first.path, first.language) == ("https://example.org/a", str(path), "de")
    assert third.text == "Ein dritter Artikel.\nZweite Zeile."
    assert third.published == dt.date(2024, 10, 24)
    assert third.title == "Ein dritter Artikel."


def test_result_is_serialisable() -> None:
    result = load_articles([seed("002")])
    assert LoadResult.model_validate_json(result.model_dump_json()) == result


def test_decode_error_names_the_source() -> None:
    with pytest.raises(InputError, match=r"^some/file\.txt: binary file"):
        decode_text(b"a\x00b", "some/file.txt")
