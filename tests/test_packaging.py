"""A non-editable install works on its own: prompts, templates and fixtures ship as
package data, and `[tool.setuptools] packages` lists every package of the tree.

The wheel is built offline (`pip wheel --no-deps --no-build-isolation`, with the
setuptools and wheel of the `[test]` extra) from a copy of the source, so the
worktree gets no `build/` directory. It is installed, not editable, into a fresh
venv in tmp_path that reuses this environment's dependencies through a `.pth` line
(such a line only extends `sys.path`: the `.pth` files of the directories it adds,
among them our editable install's finder, are not run). Then the installed
`summarizer` script briefs a copy of seeds/ from a working directory with nothing
else in it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

SOURCE_PARTS = ("pyproject.toml", "README.md", "summarizer", "fixtures")


def _build_tools_missing() -> str | None:
    if importlib.util.find_spec("setuptools") is None:
        return "setuptools"
    from setuptools import __version__

    if int(__version__.split(".")[0]) < 68:
        return f"setuptools>=68 (have {__version__})"
    return None


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SUMMARIZER_CACHE_DIR": str((cwd or Path.cwd()) / ".cache-unused"),
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ directory of a fresh venv with the wheel installed (not editable)."""
    missing = _build_tools_missing()
    if missing:
        pytest.skip(f"building the wheel offline needs {missing}: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for part in SOURCE_PARTS:
        origin = ROOT / part
        if origin.is_dir():
            shutil.copytree(origin, source / part, ignore=ignore)
        else:
            shutil.copy2(origin, source / part)
    dist = tmp / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist,
        source)  # fmt: skip
    [wheel] = dist.glob("summarizer-*.whl")

    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    [site_packages] = (venv / "lib").glob("python*/site-packages")
    shared = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site_packages / "shared.pth").write_text("\n".join(shared) + "\n", encoding="utf-8")
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel)
    return venv / "bin"


def test_the_installed_package_is_not_the_source_tree(installed: Path, tmp_path: Path) -> None:
    code = "import summarizer; print(summarizer.__file__)"
    where = run(installed / "python", "-c", code, cwd=tmp_path)  # not the repository's cwd
    path = Path(where.stdout.strip())
    assert installed.parent in path.parents, path
    assert ROOT not in path.parents


def test_the_installed_script_briefs_seeds_with_citations(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "cwd"
    shutil.copytree(SEEDS, work / "seeds")
    result = run(installed / "summarizer", "brief", "seeds/", cwd=work)
    markdown = result.stdout
    assert markdown.startswith("# ")
    body, sources = markdown.split("## Sources")
    assert len(re.findall(r"^\d+\. ", sources, flags=re.MULTILINE)) == 5
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited == {1, 2, 3, 4, 5}
    assert "replayed answers (no cost)" in markdown
    assert sorted(p.name for p in work.iterdir()) == ["seeds"], "nothing written to the cwd"
    assert not (work / ".cache-unused").exists(), "replayed answers are not cached"


def test_the_packages_list_matches_the_package_directories() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    found = {
        ".".join(folder.relative_to(ROOT).parts)
        for folder in [ROOT / "summarizer", *(ROOT / "summarizer").rglob("*")]
        if folder.is_dir()
        and folder.name != "__pycache__"
        and any(p.suffix == ".py" for p in folder.iterdir())
    }
    mapped = setuptools.get("package-dir", {})
    found |= {name for name, folder in mapped.items() if (ROOT / folder).is_dir()}
    assert listed == found
    for name in found:
        folder = ROOT / mapped.get(name, name.replace(".", "/"))
        assert (folder / "__init__.py").is_file(), f"{name} has no __init__.py"
