"""Prompts are data: Jinja2 templates beside this module (package data, shipped in the
wheel), rendered by one function.

Each template starts with a `{# version: N #}` comment. The version is recorded
with every cached answer and fixture; the cache key includes it, the fixture key
does not (rewording a prompt must not orphan every recorded answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

PROMPTS_DIR = Path(str(files(__name__)))
_VERSION = re.compile(r"\{#\s*version:\s*([\w.-]+)\s*#\}")


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        """The chat messages a call sends, live or in a batch."""
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user},
        ]


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(PROMPTS_DIR),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,  # prompts are plain text for the model, never HTML
    )


def prompt_version(name: str) -> str:
    source = (PROMPTS_DIR / f"{name}.j2").read_text(encoding="utf-8")
    match = _VERSION.search(source)
    if not match:
        raise ValueError(f"prompts/{name}.j2 has no '{{# version: N #}}' header")
    return match.group(1)


def compile_template(name: str) -> Template:
    """`prompts/<name>.j2`, compiled once (Jinja2 keeps it; compiling a template costs
    tens of milliseconds, a render of it far less)."""
    return _environment().get_template(f"{name}.j2")


def render_prompt(name: str, **variables: Any) -> Prompt:
    """Render `prompts/<name>.j2`; the part before a line `---user---` is the system prompt."""
    text = compile_template(name).render(**variables)
    system, _, user = text.partition("---user---")
    return Prompt(name=name, version=prompt_version(name), system=system.strip(), user=user.strip())
