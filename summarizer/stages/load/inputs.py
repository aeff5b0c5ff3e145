"""The load stage: paths, globs, URLs, feeds and JSONL files -> `Article`s.

`load_articles` never raises for bad input. Each input is read by the reader for its
kind, and every problem (missing path, empty, binary or unsupported file, special
file, symlink out of a folder, article over the size limit, empty folder, HTTP
error, broken feed, bad JSONL line, page without an article) becomes one `Failure`
with a one-line reason, while the good inputs still load:

* `-` -> one article's text on standard input;
* a URL (http/https) -> `web.fetch_url` (article page, plain text, or RSS/Atom feed);
* a folder -> its article files (`files.folder_files`), recursively, in sorted order;
* a glob such as ``seeds/*.txt`` -> its matches in sorted order;
* a file -> by content, then suffix (`kinds.file_kind`): a feed (its entries; those
  without their text are fetched), an HTML page, JSONL, or text (`decode`).

Each reader yields `Document`s, which `document.build_article` turns into articles
the same way whatever their origin. An article whose id (content hash) was already
loaded is skipped, so the same text given twice is briefed once. Inputs keep the
order they were given in. `LoadOptions` holds the timeout, size limit and symlink
policy of a load.
"""

from __future__ import annotations

import glob
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx2
from pydantic import BaseModel, Field

from summarizer.core.articles import Article, Failure
from summarizer.errors import InputError
from summarizer.stages.load.decode import decode_text
from summarizer.stages.load.document import Document, build_article
from summarizer.stages.load.files import ARTICLE_SUFFIXES, folder_files, read_file_bytes
from summarizer.stages.load.jsonl import read_jsonl
from summarizer.stages.load.options import LoadOptions, check_article_size
from summarizer.stages.load.web import fetch_url, is_url, open_client, read_feed
from summarizer.stages.load.webpage import document_from_html

GLOB_CHARS = frozenset("*?[")
STDIN = "-"


class LoadResult(BaseModel):
    """The articles that loaded, and one failure per input (or line, or entry) that did not."""

    articles: list[Article] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)


def load_articles(inputs: Sequence[str | Path], options: LoadOptions | None = None) -> LoadResult:
    """Load every input with `options` (default `LoadOptions()`)."""
    result = LoadResult()
    for item in iter_articles(inputs, options):
        if isinstance(item, Failure):
            result.failures.append(item)
        else:
            result.articles.append(item)
    return result


def iter_articles(
    inputs: Sequence[str | Path], options: LoadOptions | None = None
) -> Iterator[Article | Failure]:
    """`load_articles`, one article or failure at a time, in the same order (for streaming)."""
    options = options or LoadOptions()
    seen: set[str] = set()
    with ExitStack() as stack:
        reader = _Reader(stack, options)
        for item in reader.read_inputs(inputs):
            if isinstance(item, Failure):
                yield item
                continue
            try:
                article = build_article(item, options)
            except InputError as error:
                yield Failure(input=error.source, reason=error.reason)
                continue
            if article.id not in seen:
                seen.add(article.id)
                yield article


class _Reader:
    """Reads inputs into documents; opens the HTTP client on the first URL fetched."""

    def __init__(self, stack: ExitStack, options: LoadOptions) -> None:
        self._stack = stack
        self._options = options
        self._client: httpx2.Client | None = None
        self._lock = threading.Lock()

    def client(self) -> httpx2.Client:
        with self._lock:
            if self._client is None:
                self._client = self._stack.enter_context(open_client(self._options.timeout))
            return self._client

    def read_inputs(self, inputs: Sequence[str | Path]) -> Iterator[Document | Failure]:
        for raw in inputs:
            if isinstance(raw, str) and is_url(raw):
                yield from fetch_url(self.client(), raw, self._options)
            elif raw == STDIN:
                yield self._read_stdin()
            else:
                yield from self._read_path(Path(raw), str(raw))

    def _read_stdin(self) -> Document | Failure:
        """`-`: one article's text from standard input, as a text file is read."""
        try:
            text = decode_text(sys.stdin.buffer.read(), STDIN)
            check_article_size(len(text), STDIN, self._options)
        except InputError as error:
            return Failure(input=STDIN, reason=error.reason)
        return Document(source=STDIN, text=text)

    def _read_path(self, path: Path, name: str) -> Iterator[Document | Failure]:
        if path.is_dir():
            files = list(folder_files(path, self._options))
            if not files:
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                yield Failure(input=name, reason=f"folder contains no article files ({suffixes})")
            for file in files:
                if isinstance(file, Failure):
                    yield file
                else:
                    yield from self._read_file(file, str(file))
        elif path.exists() or path.is_symlink():
            yield from self._read_file(path, name)
        elif GLOB_CHARS.intersection(name):
            # glob.glob, unlike Path.glob, takes absolute patterns and patterns with "..".
            matches = sorted(glob.glob(name, recursive=True))  # noqa: PTH207
            if not matches:
                yield Failure(input=name, reason="no files match this pattern")
            for match in matches:
                yield from self._read_path(Path(match), match)
        else:
            yield Failure(input=name, reason="no such file or directory")

    def _read_file(self, path: Path, name: str) -> list[Document | Failure]:
        try:
            kind, data = read_file_bytes(path, name, self._options)
            if kind == "feed":
                return read_feed(data, name, "", self.client, self._options)
            if kind == "jsonl":
                return read_jsonl(data, name)
            if kind == "html":
                return [document_from_html(data, source=name, path=name)]
            return [Document(source=name, text=decode_text(data, name), path=name)]
        except InputError as error:
            return [Failure(input=error.source, reason=error.reason)]
        except OSError as error:
            return [Failure(input=name, reason=f"cannot read file: {error.strerror or error}")]
