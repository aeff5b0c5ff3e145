"""Architecture guards: the SDK boundary and a fast, SDK-free `--help`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"
SDKS = {"openai", "instructor"}
# `python -m importlinter.cli` runs nothing (exit 0); call the console script's function.
LINT_IMPORTS = (
    "from importlinter.cli import lint_imports_command; lint_imports_command(['--no-cache'])"
)


def test_the_import_contracts_hold() -> None:
    """The layers and the SDK boundary of pyproject.toml's import-linter contracts."""
    result = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("summarizer", cache_dir=None)


def test_a_stage_uses_another_stage_only_through_its_package() -> None:
    graph = _graph()
    offenders = []
    for module in graph.find_descendants("summarizer.stages"):
        own = module.split(".")[:3]
        for imported in graph.find_modules_directly_imported_by(module):
            parts = imported.split(".")
            if parts[:2] == ["summarizer", "stages"] and len(parts) > 3 and parts[:3] != own:
                offenders.append(f"{module} -> {imported}")
    assert offenders == []


def test_there_is_no_import_cycle_eager_or_function_local() -> None:
    """grimp sees imports inside functions too, so a cycle hidden in one is found."""
    graph = _graph()
    modules = sorted(graph.modules)
    cycles = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported == module or not imported.startswith("summarizer"):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=module)
            # A package's __init__ re-exporting its own submodules is not a cycle between
            # modules of different roles; anything else is.
            if back and not (
                imported.startswith(module + ".") or module.startswith(imported + ".")
            ):
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []


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
    assert not loaded_modules("import summarizer.core.items, summarizer.core.briefing") & SDKS


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
    # Only the package's own children can shadow its attributes (stages/extract.py cannot).
    stage_modules = {path.stem for path in PACKAGE.glob("*.py")} | {
        path.name for path in PACKAGE.iterdir() if path.is_dir()
    }
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
