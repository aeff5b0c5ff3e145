"""The loader's guards: what is read as what, and what is refused, with one line each.

Feeds and pages recognised by content, unsupported document types, client-side
templates and markup, size limit, special files, symlinks out of a folder, and
invalid UTF-8 repaired line by line. All inputs are small pages written here.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

from summarizer.config import Settings
from summarizer.core.articles import Article
from summarizer.stages.load.bylines import split_byline
from summarizer.stages.load.decode import decode_text
from summarizer.stages.load.inputs import LoadResult, load_articles
from summarizer.stages.load.options import DEFAULT_MAX_ARTICLE_CHARS, LoadOptions

SEED_001 = next(SEEDS.glob("001_*.txt"))
SEED_002 = next(SEEDS.glob("002_*.txt"))
PARAGRAPH = (
    "Die Regierung hat am Montag neue Zahlen vorgelegt. Demnach sind mehr als 11.000 "
    "Soldaten in der Region stationiert, wie ein Sprecher in Berlin mitteilte."
)
FULL_TEXT = "".join(f"<p>{PARAGRAPH} Absatz {n}.</p>" for n in range(6))


def page(*, title: str = "Kim trifft Putin", head: str = "", body: str = FULL_TEXT) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
        f"</head><body><article><h1>Kim trifft Putin</h1>{body}</article></body></html>"
    )


def rss(content: str = FULL_TEXT, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{doctype}'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Beispiel Feed</title><link>https://example.org/</link>"
        "<item><title>Volltext im Feed - Beispiel Feed</title>"
        "<link>https://example.org/volltext</link><author>BBC News</author>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        "</channel></rss>"
    )


def load_one(path: Path, options: LoadOptions | None = None) -> Article:
    result = load_articles([path], options)
    assert not result.failures, result.failures
    (article,) = result.articles
    return article


def refusal(result: LoadResult) -> str:
    assert not result.articles
    (failure,) = result.failures
    assert "\n" not in failure.reason
    return failure.reason


@pytest.mark.parametrize("name", ["feed.rss", "feed.atom", "feed.xml", "feed.txt"])
def test_a_local_feed_is_read_as_its_entries_whatever_the_suffix(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(rss(), encoding="utf-8")
    article = load_one(path)
    assert article.title == "Volltext im Feed"
    assert not article.title.startswith("<?xml")
    assert article.url == "https://example.org/volltext"
    assert article.outlet == "Beispiel Feed"
    assert article.author is None  # "BBC News" is an organisation
    assert PARAGRAPH in article.text


def test_a_feed_with_a_doctype_is_a_feed(tmp_path: Path) -> None:
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">'
    )
    path = tmp_path / "netscape.xml"
    path.write_text(rss(doctype=doctype), encoding="utf-8")
    assert load_one(path).title == "Volltext im Feed"


def test_a_local_feed_entry_without_text_is_fetched_and_fails_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "links.rss"
    path.write_text(rss(content="Kurz."), encoding="utf-8")
    reason = refusal(load_articles([path]))
    assert reason.startswith("cannot fetch:")  # pytest-socket: the network is blocked
    assert reason.endswith(f"(entry of feed {path})")


def test_an_html_page_saved_as_txt_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(page(), encoding="utf-8")
    article = load_one(path)
    assert "<" not in article.text
    assert article.title == "Kim trifft Putin"


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("report.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n" * 20, "PDF"),
        ("report.txt", b"%PDF-1.4\nsome text that looks harmless\n" * 20, "PDF"),
        ("brief.docx", b"PK\x03\x04" + b"word/document.xml" * 20, "ZIP archive"),
        ("brief.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"x" * 200, "legacy Office"),
        ("notes.odt", b"plain words in a file with an office suffix", "OpenDocument"),
    ],
)
def test_unsupported_document_types_are_one_clear_line(
    name: str, data: bytes, what: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    reason = refusal(load_articles([path]))
    assert reason.startswith(f"unsupported file type: {what}")
    assert "convert it to text or HTML" in reason


def test_a_client_side_template_page_is_not_an_article(tmp_path: Path) -> None:
    body = (
        "<div ng-app><h2>{{ article.headline }}</h2><p>{{ article.teaser }}</p>"
        f"<p>{{{{ article.body | safe }}}}</p><p>{PARAGRAPH}</p></div>"
    )
    path = tmp_path / "spa.html"
    path.write_text(page(body=body), encoding="utf-8")
    reason = refusal(load_articles([path]))
    assert reason.startswith("not an article: a client-side template (3 placeholders")


def test_an_unrendered_template_with_no_text_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty-spa.html"
    path.write_text(page(body="<div id='app'>{{ title }} {{ body }}</div>"), encoding="utf-8")
    assert refusal(load_articles([path])).startswith("not an article: a client-side template")


def test_a_page_with_very_short_main_text_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "home.html"
    path.write_text(page(body="<p>Willkommen!</p>"), encoding="utf-8")
    reason = refusal(load_articles([path]))
    assert reason.startswith("not an article: its main text is only 28 characters")


def test_a_text_file_that_is_mostly_markup_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "fragment.txt"
    path.write_text(
        "\n".join(f'<div class="row"><span id="c{n}">{n}</span></div>' for n in range(30)),
        encoding="utf-8",
    )
    assert refusal(load_articles([path])).startswith("not an article: mostly markup or code")


def test_a_short_plain_text_article_is_still_an_article(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("Kim in Russland\n\nKim trifft Putin in Wladiwostok.\n", encoding="utf-8")
    assert load_one(path).title == "Kim in Russland"


def test_the_canonical_url_becomes_the_articles_url(tmp_path: Path) -> None:
    head = (
        "<link rel='canonical' href='https://www.dw.com/de/kim-trifft-putin/a-1'>"
        "<meta property='og:url' content='https://www.dw.com/de/og'>"
    )
    path = tmp_path / "saved.html"
    path.write_text(page(head=head), encoding="utf-8")
    article = load_one(path)
    assert article.url == "https://www.dw.com/de/kim-trifft-putin/a-1"
    assert article.path == str(path)


def test_og_url_is_the_fallback_and_a_non_http_url_is_dropped(tmp_path: Path) -> None:
    og = tmp_path / "og.html"
    og.write_text(page(head="<meta property='og:url' content='https://x.org/a'>"))
    assert load_one(og).url == "https://x.org/a"
    relative = tmp_path / "relative.html"
    relative.write_text(page(head="<link rel='canonical' href='/a/b'>"))
    assert load_one(relative).url is None
    both = tmp_path / "both.html"
    both.write_text(
        page(head="<link rel=canonical href=/a><meta property=og:url content=https://x.org/b>")
    )
    assert load_one(both).url == "https://x.org/b"


@pytest.mark.parametrize(
    ("title", "head", "expected"),
    [
        ("Kim trifft Putin | DW | 19.01.2020", "", "Kim trifft Putin"),
        (
            "Ukraine war: what we know - BBC News",
            "<link rel='canonical' href='https://www.bbc.co.uk/news/world-1'>",
            "Ukraine war: what we know",
        ),
        (
            "La réforme des retraites – Le Monde",
            "<link rel='canonical' href='https://www.lemonde.fr/politique/a.html'>",
            "La réforme des retraites",
        ),
        (
            "Nordkorea schickt Truppen | ZEIT ONLINE",
            "<meta property='og:site_name' content='ZEIT ONLINE'>",
            "Nordkorea schickt Truppen",
        ),
        ("Biden - Trump: the debate", "", "Biden - Trump: the debate"),
        ("Letters: Crime | Roads | Taxes", "", "Letters: Crime | Roads | Taxes"),
    ],
)
def test_site_suffixes_are_trimmed_from_titles(
    title: str, head: str, expected: str, tmp_path: Path
) -> None:
    head += "<meta property='og:site_name' content='DW'>" if "DW" in title else ""
    path = tmp_path / "page.html"
    path.write_text(page(title=title, head=f"<meta property='og:title' content='{title}'>{head}"))
    assert load_one(path).title == expected


@pytest.mark.parametrize(
    ("byline", "author", "outlet"),
    [
        ("SPIEGEL ONLINE; Hamburg; Germany", None, "SPIEGEL ONLINE"),
        ("Anna Schmidt und Tom Lee", "Anna Schmidt, Tom Lee", None),
        ("Von Ursula von der Leyen", "Ursula von der Leyen", None),
        ("Jean-Pierre Dupont, AFP", "Jean-Pierre Dupont", "AFP"),
        ("dpa/AFP", None, "dpa"),
        ("Hamburg", None, None),
        ("Deutsche Welle", None, "Deutsche Welle"),
        ("Wikimedia Foundation", None, "Wikimedia Foundation"),
    ],
)
def test_byline_people_are_kept_apart_from_organisations(
    byline: str, author: str | None, outlet: str | None
) -> None:
    assert split_byline(byline, ["dw"]) == (author, outlet)


def test_an_organisation_byline_on_a_page_becomes_its_outlet(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(head="<meta name='author' content='SPIEGEL ONLINE; Hamburg; Germany'>"))
    article = load_one(path)
    assert (article.author, article.outlet) == (None, "SPIEGEL ONLINE")


def test_an_organisation_byline_never_replaces_a_known_outlet(tmp_path: Path) -> None:
    head = "<meta name='author' content='Redaktion Beispiel'>"
    head += "<meta property='og:site_name' content='Beispiel News'>"
    path = tmp_path / "page.html"
    path.write_text(page(head=head))
    article = load_one(path)
    assert (article.author, article.outlet) == (None, "Beispiel News")


def test_an_article_over_the_size_limit_is_refused_with_its_call_estimate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Titel\n\n" + (PARAGRAPH + "\n") * 2_000, encoding="utf-8")
    chars = len(path.read_text(encoding="utf-8"))
    options = LoadOptions(max_article_chars=100_000, chunk_chars=24_000)
    reason = refusal(load_articles([path], options))
    assert reason.startswith(f"article too long: {chars:,} characters, over the limit of 100,000")
    assert f"about {-(-chars // 24_000)} extraction calls" in reason
    assert "--max-article-chars" in reason
    assert "SUMMARIZER_MAX_ARTICLE_CHARS" in reason
    raised = LoadOptions(max_article_chars=chars)
    assert len(load_one(path, raised).text) == chars


def test_a_file_too_large_is_refused_on_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes(b"x" * 50_000)
    reason = refusal(load_articles([path], LoadOptions(max_article_chars=10_000)))
    assert reason.startswith("article too long: 50,000 bytes")  # the stat, not the text


def test_a_jsonl_record_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "%s"}\n{"text": "Kurz und gut."}\n' % ("a " * 600), encoding="utf-8")
    result = load_articles([path], LoadOptions(max_article_chars=1_000))
    assert [a.text for a in result.articles] == ["Kurz und gut."]
    assert [f.input for f in result.failures] == [f"{path}:1"]


def test_the_size_limit_setting_defaults_to_the_loaders_and_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().max_article_chars == DEFAULT_MAX_ARTICLE_CHARS == 200_000
    monkeypatch.setenv("SUMMARIZER_MAX_ARTICLE_CHARS", "500000")
    monkeypatch.setenv("SUMMARIZER_FOLLOW_SYMLINKS", "true")
    settings = Settings()
    assert (settings.max_article_chars, settings.follow_symlinks) == (500_000, True)


def test_invalid_utf8_lines_are_repaired_alone_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = "Grüße aus Köln – die Straße ist gesperrt.\n"
    data = (good * 3).encode() + "Müller sagte: schön.\n".encode("cp1252") + b"Ende \xe2\x82\n"
    with caplog.at_level(logging.WARNING):
        text = decode_text(data, "mixed.txt")
    assert text.startswith(good * 3)  # no mojibake in the good lines
    assert "Müller sagte: schön.\n" in text  # a legacy line: cp1252
    assert text.endswith("Ende \ufffd\n")  # a broken character: U+FFFD
    assert "Ã" not in text
    assert "mixed.txt: 2 line(s) not valid UTF-8 (line 4, 5)" in caplog.text


def test_a_file_that_is_cp1252_throughout_is_still_cp1252(
    caplog: pytest.LogCaptureFixture,
) -> None:
    original = "Grüße aus Köln – „die Straße“ ist gesperrt.\nZweite Zeile: 5 €.\n"
    with caplog.at_level(logging.WARNING):
        assert decode_text(original.encode("cp1252"), "legacy.txt") == original
    assert not caplog.text


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = load_articles([fifo, SEED_001])  # would block forever if opened
    assert len(result.articles) == 1
    assert [(f.input, f.reason) for f in result.failures] == [
        (str(fifo), "not a regular file (a FIFO (named pipe)); not read")
    ]
    in_folder = load_articles([tmp_path])
    assert [f.input for f in in_folder.failures] == [str(fifo)]


def test_a_device_and_a_socket_are_refused(tmp_path: Path) -> None:
    sock_path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        result = load_articles(["/dev/zero", sock_path])
    finally:
        server.close()
    reasons = [f.reason for f in result.failures]
    assert reasons == [
        "not a regular file (a character device); not read",
        "not a regular file (a socket); not read",
    ]


def test_a_symlink_out_of_the_folder_is_not_followed_unless_asked(tmp_path: Path) -> None:
    secret = tmp_path / ".env"
    secret.write_text("OPENAI_API_KEY=sk-secret-value\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.txt").write_text("Ein Artikel von woanders, über Köln.\n")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "001.txt").write_text((SEED_001).read_text(encoding="utf-8"))
    (folder / "notes.txt").symlink_to(secret)
    (folder / "linked").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "001.txt")

    result = load_articles([folder])
    assert len(result.articles) == 1
    assert all("sk-secret" not in a.text for a in result.articles)
    assert sorted(f.input for f in result.failures) == [
        str(folder / "linked"),
        str(folder / "notes.txt"),
    ]
    assert all("use --follow-symlinks" in f.reason for f in result.failures)

    followed = load_articles([folder], LoadOptions(follow_symlinks=True))
    assert len(followed.articles) == 3
    assert not followed.failures


def test_a_symlink_named_explicitly_is_read(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(SEED_002)
    assert load_one(link).path == str(link)


def test_the_cli_flags_reach_the_loader(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "001.txt").write_text(SEED_001.read_text(encoding="utf-8"))
    (folder / "linked.txt").symlink_to(SEED_002)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer.cli",
            "extract",
            str(folder),
            "--max-article-chars",
            "100",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert run.returncode == 3, run.stderr
    assert "article too long" in run.stderr
    assert "use --follow-symlinks" in run.stderr
    assert "--max-article-chars" in run.stderr
    help_text = subprocess.run(
        [sys.executable, "-m", "summarizer.cli", "brief", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env | {"COLUMNS": "200"},
    ).stdout
    assert "--max-article-chars" in help_text
    assert "--follow-symlinks" in help_text
