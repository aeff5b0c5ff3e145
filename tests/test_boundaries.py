"""Architecture guards: the SDK boundary and a fast, SDK-free `--help`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"
SDKS = {"openai", "instructor"}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_llm_layer_imports_an_llm_sdk() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(imported_roots(path) & SDKS)
        for path in PACKAGE.rglob("*.py")
        if not path.name.startswith("llm") and imported_roots(path) & SDKS
    }
    assert offenders == {}


def loaded_modules(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(result.stdout.split())


def test_models_load_no_sdk() -> None:
    assert not loaded_modules("import summarizer.models") & SDKS


def test_help_loads_no_sdk() -> None:
    code = (
        "import sys; sys.argv = ['summarizer', '--help']\n"
        "from summarizer.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert not loaded_modules(code) & SDKS


def test_public_names_are_the_functions_whatever_was_imported_first() -> None:
    """A stage module named like a public function would shadow it on the package."""
    code = (
        "import summarizer.pipeline\n"
        "from summarizer import brief, extract, abrief, aextract\n"
        "assert all(callable(f) for f in (brief, extract, abrief, aextract))\n"
        "import summarizer\n"
        "assert summarizer.extract is summarizer.pipeline.extract\n"
        "print('ok')"
    )
    first = subprocess.run(
        [sys.executable, "-c", "from summarizer import extract\nassert callable(extract)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert first.returncode == 0, first.stderr
    after = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert after.returncode == 0 and after.stdout.strip() == "ok", after.stderr
    stage_modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert not stage_modules & {"brief", "extract", "abrief", "aextract", "digest_run"}


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert all(command in result.stdout for command in ("brief", "extract", "digest"))
