"""The load stage: paths, globs, URLs, feeds and JSONL files -> `Article`s.

`load_articles` never raises for bad input. Each input is read by the reader for its
kind, and every problem (missing path, empty or binary file, empty folder, HTTP
error, broken feed, bad JSONL line, page without an article) becomes one `Failure`
with a one-line reason, while the good inputs still load:

* a URL (http/https) -> `fetch` (article page, plain text, or RSS/Atom feed);
* a folder -> its article files, recursively, in sorted order (hidden files skipped);
* a glob such as ``seeds/*.txt`` -> its matches in sorted order;
* a file -> by suffix: ``.jsonl`` -> `jsonl`, ``.html``/``.htm`` -> `webpage`,
  anything else is read as text (`decode`).

Each reader yields `Document`s, which `document.build_article` turns into articles
the same way whatever their origin. An article whose id (content hash) was already
loaded is skipped, so the same text given twice is briefed once. Inputs keep the
order they were given in.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx2
from pydantic import BaseModel, Field

from summarizer.core.articles import Article, Failure
from summarizer.errors import InputError
from summarizer.stages.load.decode import decode_text
from summarizer.stages.load.document import Document, build_article
from summarizer.stages.load.jsonl import read_jsonl
from summarizer.stages.load.web import fetch_url, is_url, open_client
from summarizer.stages.load.webpage import document_from_html

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".jsonl", ".html", ".htm"})
GLOB_CHARS = frozenset("*?[")


class LoadResult(BaseModel):
    """The articles that loaded, and one failure per input (or line, or entry) that did not."""

    articles: list[Article] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)


def load_articles(inputs: Sequence[str | Path], *, timeout: float = 20.0) -> LoadResult:
    """Load every input; `timeout` is in seconds per HTTP request."""
    result = LoadResult()
    for item in iter_articles(inputs, timeout=timeout):
        if isinstance(item, Failure):
            result.failures.append(item)
        else:
            result.articles.append(item)
    return result


def iter_articles(
    inputs: Sequence[str | Path], *, timeout: float = 20.0
) -> Iterator[Article | Failure]:
    """`load_articles`, one article or failure at a time, in the same order (for streaming)."""
    seen: set[str] = set()
    for item in _read_inputs(inputs, timeout):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            article = build_article(item)
        except InputError as error:
            yield Failure(input=error.source, reason=error.reason)
            continue
        if article.id not in seen:
            seen.add(article.id)
            yield article


def _read_inputs(inputs: Sequence[str | Path], timeout: float) -> Iterator[Document | Failure]:
    """Documents and failures of every input, in order; the HTTP client opens on the first URL."""
    with ExitStack() as stack:
        client: httpx2.Client | None = None
        for raw in inputs:
            if isinstance(raw, str) and is_url(raw):
                client = client or stack.enter_context(open_client(timeout))
                yield from fetch_url(client, raw)
            else:
                yield from _read_path(Path(raw), str(raw))


def _read_path(path: Path, name: str) -> Iterator[Document | Failure]:
    if path.is_dir():
        files = _article_files(path)
        if not files:
            suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
            yield Failure(input=name, reason=f"folder contains no article files ({suffixes})")
        for file in files:
            yield from _read_file(file, str(file))
    elif path.exists():
        yield from _read_file(path, name)
    elif GLOB_CHARS.intersection(name):
        # glob.glob, unlike Path.glob, takes absolute patterns and patterns with "..".
        matches = sorted(glob.glob(name, recursive=True))  # noqa: PTH207
        if not matches:
            yield Failure(input=name, reason="no files match this pattern")
        for match in matches:
            yield from _read_path(Path(match), match)
    else:
        yield Failure(input=name, reason="no such file or directory")


def _article_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in ARTICLE_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def _read_file(path: Path, name: str) -> list[Document | Failure]:
    try:
        data = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            return read_jsonl(data, name)
        if suffix in {".html", ".htm"}:
            return [document_from_html(data, source=name, path=name)]
        return [Document(source=name, text=decode_text(data, name), path=name)]
    except InputError as error:
        return [Failure(input=error.source, reason=error.reason)]
    except OSError as error:
        return [Failure(input=name, reason=f"cannot read file: {error.strerror or error}")]
