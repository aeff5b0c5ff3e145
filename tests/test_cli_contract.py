"""The CLI's contract, case by case: one clear stderr line, the documented exit code,
and no lost or damaged file.

Where the exit code matters the real CLI runs as a subprocess, in replay mode (the
recorded answers of one seed) or against a local server on 127.0.0.1.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SEEDS
from openai_server import OpenAIServer

SEED = sorted(SEEDS.glob("*.txt"))[4]
KEY = "sk-contract-test-0123456789abcdef"


def cli(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    cwd: Path | None = None,
    umask: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `summarizer` in replay mode unless `env` configures an endpoint."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SUMMARIZER_CACHE_DIR": os.environ["SUMMARIZER_CACHE_DIR"],
    }
    return subprocess.run(
        [sys.executable, "-m", "summarizer.cli", *args],
        env={**base, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=180,
        check=False,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if "error" in line.lower()]


def live(server: OpenAIServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": KEY,
        "SUMMARIZER_FIXTURES_DIR": str(tmp_path / "fixtures"),
        "SUMMARIZER_MAX_RETRY_WAIT": "0.05",
        **extra,
    }


# ---------------------------------------------------------------------------- -o


def test_a_new_output_gets_the_umask_permissions_and_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "briefing.md"
    result = cli("brief", str(SEED), "-o", str(out), umask=0o027)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in out.parent.iterdir()] == ["briefing.md"]
    assert "[1]" in out.read_text(encoding="utf-8")


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "briefing.md"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = cli("brief", str(SEED), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert "## Sources" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600, "an existing file keeps its mode"
    assert sorted(p.name for p in target.parent.iterdir()) == ["briefing.md"]


def test_dash_is_stdout() -> None:
    result = cli("brief", str(SEED), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert "## Sources" in result.stdout
    assert not Path("-").exists()


def test_a_device_is_written_in_place_never_replaced() -> None:
    result = cli("brief", str(SEED), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = cli("brief", str(SEED), "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert "## Sources" in received[0]


def test_a_full_device_is_exit_73_in_one_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = cli("brief", str(SEED), "-o", "/dev/full")
    assert result.returncode == 73
    assert error_lines(result) == [
        "summarizer: error: /dev/full: cannot write the output: No space left on device"
    ]
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def _unwritable_directory(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    if not Path("/sys").is_dir():
        pytest.skip("root without /sys: no directory root cannot write")
    return Path("/sys")  # sysfs refuses new files even to root


@pytest.mark.parametrize("case", ["directory", "read_only", "parent_is_a_file"])
def test_a_bad_output_location_stops_before_the_first_call(tmp_path: Path, case: str) -> None:
    target = {
        "directory": tmp_path,
        "read_only": _unwritable_directory(tmp_path) / "briefing.md",
        "parent_is_a_file": tmp_path / "file.txt" / "briefing.md",
    }[case]
    (tmp_path / "file.txt").write_text("mine\n", encoding="utf-8")
    with OpenAIServer() as server:
        result = cli("brief", str(SEED), "-o", str(target), env=live(server, tmp_path))
        assert server.calls == 0, "nothing may be paid for before the output is checked"
    assert result.returncode == 73
    lines = error_lines(result)
    assert len(lines) == 1 and str(target) in lines[0]
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer import files
    from summarizer.errors import OutputError

    out = tmp_path / "briefing.md"
    out.write_text("yesterday\n", encoding="utf-8")

    def full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device") as raised:
        files.write_text(out, "today\n")
    assert raised.value.exit_code == 73
    assert out.read_text(encoding="utf-8") == "yesterday\n"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.md"]


# ---------------------------------------------------------------------------- digest config


def write_config(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "conf" / "digest.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(body, encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (None, "cannot read the config"),
        ('sources = ["in"]\nstate = 3\n', "state: Input should be a valid string, got 3"),
        ('sources = ["in"]\nformats = ["md", "pdf"]\n', "formats.1: Input should be"),
        ('sources = ["in"\n', "not valid TOML"),
        ('state = "s"\n', "sources: Field required"),
        ('sources = ["in"]\ncolour = "red"\n', "colour: Extra inputs are not permitted"),
    ],
)
def test_a_bad_digest_config_is_exit_2_in_one_line(
    tmp_path: Path, body: str | None, expected: str
) -> None:
    config = tmp_path / "conf" / "missing.toml" if body is None else write_config(tmp_path, body)
    result = cli("digest", "--config", str(config))
    assert result.returncode == 2, result.stderr
    lines = error_lines(result)
    assert len(lines) == 1 and expected in lines[0], lines
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "conf" / "digests").exists(), "nothing is written"


def test_config_paths_resolve_against_the_config_file(tmp_path: Path) -> None:
    from summarizer.digest import DigestConfig

    config = write_config(
        tmp_path,
        'sources = ["inbox/", "https://example.org/a.rss", "/abs/x.jsonl", "-"]\nout = "d"\n',
    )
    loaded = DigestConfig.from_toml(config)
    base = config.parent
    assert loaded.sources == [str(base / "inbox"), "https://example.org/a.rss", "/abs/x.jsonl", "-"]
    assert (loaded.state, loaded.out) == (base / "state", base / "d")


def test_a_digest_from_another_cwd_reads_and_writes_beside_the_config(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'sources = ["inbox/"]\nformats = ["md", "json"]\n')
    (config.parent / "inbox").mkdir()
    (config.parent / "inbox" / SEED.name).write_bytes(SEED.read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli("digest", "--config", str(config), "--date", "2024-12-06", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (config.parent / "digests").iterdir())
    assert written == ["2024-12-06.json", "2024-12-06.md"]
    assert list(elsewhere.iterdir()) == []


# ---------------------------------------------------------------------------- settings


def test_a_bad_environment_value_is_exit_2_in_one_line() -> None:
    result = cli("brief", str(SEED), env={"SUMMARIZER_CONCURRENCY": "abc"})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "SUMMARIZER_CONCURRENCY" in result.stderr and "'abc'" in result.stderr


def test_a_bad_api_key_value_is_never_echoed() -> None:
    from pydantic import ValidationError

    from summarizer.config import Settings, describe_validation_error

    with pytest.raises(ValidationError) as raised:
        Settings(api_key=["sk-should-not-appear"])
    line = describe_validation_error(raised.value)
    assert "sk-should-not-appear" not in line and "OPENAI_API_KEY" in line


def test_an_unrelated_environment_variable_changes_no_price(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from summarizer.config import Price, Settings

    monkeypatch.setenv("INPUT", "9")
    monkeypatch.setenv("OUTPUT", "9")
    assert Price(input=0.15, output=0.6) == Price(input=0.15, output=0.6)
    assert Price(input=0.15, output=0.6).input == 0.15
    assert Settings().prices["gpt-4o-mini"] == Price(input=0.15, output=0.60)


@pytest.mark.parametrize("value", ["abc", 0, -1])
def test_every_override_is_validated(value: object) -> None:
    from summarizer import brief
    from summarizer.config import Settings
    from summarizer.errors import UsageError

    with pytest.raises(UsageError, match="concurrency"):
        Settings().override(concurrency=value)
    with pytest.raises(UsageError, match="concurrency"):
        brief([str(SEED)], concurrency=value)


@pytest.mark.parametrize(
    ("flag", "env", "file", "expected"),
    [
        ("flag-m", "env-m", "file-m", "flag-m"),
        (None, "env-m", "file-m", "env-m"),
        (None, None, "file-m", "file-m"),
        (None, None, None, "gpt-4o-mini"),
    ],
)
def test_precedence_is_flags_environment_config_file_defaults(
    monkeypatch: pytest.MonkeyPatch,
    flag: str | None,
    env: str | None,
    file: str | None,
    expected: str,
) -> None:
    from summarizer.config import load_settings

    if env:
        monkeypatch.setenv("SUMMARIZER_MODEL", env)
    settings = load_settings(**({"model": flag} if flag else {}))
    assert settings.with_defaults({"model": file} if file else {}).model == expected


def test_the_config_files_model_does_not_override_the_flag(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'sources = ["in/"]\nmodel = "from-the-file"\n')
    (config.parent / "in").mkdir()
    (config.parent / "in" / "a.txt").write_text("Titel\nDer Text eines Artikels.\n", "utf-8")
    with OpenAIServer() as server:
        result = cli(
            "digest", "--config", str(config), "--model", "from-the-flag",
            env=live(server, tmp_path),
        )  # fmt: skip
        models = {request.body.get("model") for request in server.requests}
    assert result.returncode == 0, result.stderr
    assert models == {"from-the-flag"}


# ---------------------------------------------------------------------------- LLM errors


def test_no_recorded_answer_for_any_article_is_exit_4(tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text("Neue Meldung\nEin Artikel ohne Aufzeichnung.\n", encoding="utf-8")
    result = cli("brief", str(article))
    assert result.returncode == 4
    lines = error_lines(result)
    assert len(lines) == 1 and "no recorded answer" in lines[0]


def test_an_unreachable_server_is_exit_4_in_one_line() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1", "SUMMARIZER_MAX_RETRIES": "1"}
    result = cli("brief", str(SEED), env={**env, "SUMMARIZER_MAX_RETRY_WAIT": "0.01"})
    assert result.returncode == 4, result.stderr
    lines = error_lines(result)
    assert len(lines) == 1 and "cannot reach the LLM server" in lines[0]


class _StatusServer:
    """127.0.0.1 server answering every request with `status` and `body`; counts them."""

    def __init__(self, status: int, body: str, content_type: str) -> None:
        self.calls = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                owner.calls += 1
                self.rfile.read(int(self.headers.get("content-length", 0)))
                data = body.encode()
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def status_server(request: pytest.FixtureRequest) -> Iterator[_StatusServer]:
    server = _StatusServer(*request.param)
    yield server
    server.close()


HTML_PAGE = (
    "<html><head><title>501 Not Implemented</title><style>p{}</style></head><body>\n"
    + "<p>This server does not implement the request.</p>\n" * 140
    + "</body></html>"
)
JSON_ERROR = '{"error": {"message": "The request was invalid: bad schema", "type": "x"}}'


@pytest.mark.parametrize(
    ("status_server", "code", "summary"),
    [
        ((501, HTML_PAGE, "text/html"), 4, "HTTP 501: 501 Not Implemented"),
        ((400, JSON_ERROR, "application/json"), 3, "HTTP 400: The request was invalid"),
        ((422, JSON_ERROR, "application/json"), 3, "HTTP 422: The request was invalid"),
        ((404, JSON_ERROR, "application/json"), 4, "not found (HTTP 404)"),
        ((401, JSON_ERROR, "application/json"), 4, "authentication failed (HTTP 401)"),
        ((403, JSON_ERROR, "application/json"), 4, "permission denied (HTTP 403)"),
    ],
    indirect=["status_server"],
)
def test_permanent_http_errors_are_not_retried_and_summarised_in_one_line(
    status_server: _StatusServer, code: int, summary: str
) -> None:
    env = {"OPENAI_BASE_URL": status_server.base_url, "OPENAI_API_KEY": KEY}
    result = cli("brief", str(SEED), env={**env, "SUMMARIZER_MAX_RETRY_WAIT": "0.01"})
    assert result.returncode == code, result.stderr
    assert status_server.calls == 1, "a permanent error is not retried"
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr
    assert summary in result.stderr
    assert "<p>" not in result.stderr and "<html" not in result.stderr


def test_library_retry_logs_stay_below_the_default_verbosity(tmp_path: Path) -> None:
    with OpenAIServer(faults=["schema_invalid"]) as server:
        result = cli("brief", str(SEED), env=live(server, tmp_path))
        assert server.calls >= 2, "the invalid answer was re-asked"
    assert result.returncode == 0, result.stderr
    assert "DEBUG" not in result.stderr and "instructor" not in result.stderr.lower()


def test_url_credentials_are_redacted_everywhere_even_at_vv(tmp_path: Path) -> None:
    password = "pa55-w0rd-xyz"
    with OpenAIServer(faults=["server_error"]) as server:
        url = server.base_url.replace("http://", f"http://analyst:{password}@")
        env = {**live(server, tmp_path), "OPENAI_BASE_URL": url}
        result = cli("brief", str(SEED), "-vv", env=env)
    assert result.returncode == 0, result.stderr
    assert "DEBUG" in result.stderr, "-vv shows the libraries' debug lines"
    assert password not in result.stderr and KEY not in result.stderr


def test_mask_url_credentials() -> None:
    from summarizer.llm.retry import mask_url_credentials, redactor

    text = "POST https://u:p%40ss@api.example/v1 and http://token@h/x, plain http://h/y"
    assert mask_url_credentials(text) == (
        "POST https://***@api.example/v1 and http://***@h/x, plain http://h/y"
    )
    assert redactor("sk-1")("key sk-1 at http://a:b@h") == "key *** at http://***@h"


# ---------------------------------------------------------------------------- CLI habits


def test_version() -> None:
    from importlib.metadata import version

    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"summarizer {version('summarizer')}"


def test_stdin_dash_is_an_input() -> None:
    result = cli("brief", "-", stdin=SEED.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert "## Sources" in result.stdout and "[1]" in result.stdout


def test_help_shows_the_environment_variables_and_the_mode_choices() -> None:
    result = cli("brief", "--help", env={"COLUMNS": "200"})
    assert result.returncode == 0
    for variable in ("SUMMARIZER_MODEL", "SUMMARIZER_CONCURRENCY", "SUMMARIZER_MODE"):
        assert f"[env: {variable}]" in result.stdout
    assert "tools|tools_strict|json_schema|json|md_json" in result.stdout


def test_the_mode_choices_are_the_settings_modes() -> None:
    from typing import get_args

    from summarizer.cli_options import Mode
    from summarizer.config import InstructorModeName

    assert [mode.value for mode in Mode] == list(get_args(InstructorModeName))


def test_help_does_not_import_the_settings_or_the_sdks() -> None:
    code = "import sys, summarizer.cli; print({'summarizer.config', 'openai'} & set(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "set()"


def test_an_unknown_mode_is_a_usage_error() -> None:
    result = cli("brief", str(SEED), "--mode", "telepathy")
    assert result.returncode == 2
    assert "telepathy" in result.stderr


def test_replay_says_no_cost_instead_of_invented_tokens() -> None:
    result = cli("brief", str(SEED))
    assert result.returncode == 0, result.stderr
    footer = result.stdout.strip().splitlines()[-1]
    assert "replayed answers (no cost)" in footer
    assert "$0.0000" not in footer and "tokens" not in footer
    summary = result.stderr.strip().splitlines()[-1]
    assert "replayed answers (no cost)" in summary and "$" not in summary


def test_a_full_disk_anywhere_is_exit_73_not_an_internal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import errno

    import typer

    from summarizer.cli import _run

    def full() -> int:
        raise OSError(errno.ENOSPC, "No space left on device", "/srv/state/state.sqlite3")

    with pytest.raises(typer.Exit) as raised:
        _run(full)
    assert raised.value.exit_code == 73
    assert capsys.readouterr().err.strip() == (
        "summarizer: error: /srv/state/state.sqlite3: cannot write: No space left on device"
    )
