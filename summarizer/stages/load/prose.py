"""Is this text an article? Refuse what is plainly not: templates, markup, code.

`non_article_reason` returns a one-line reason, or None for text that reads like
prose. It judges the text a reader extracted (a page's main text, a file's text),
whatever its origin:

* **client-side templates**: a page rendered in the browser ships placeholders
  such as ``{{ article.title }}`` or ``{% if %}`` instead of its text; at least
  `MIN_PLACEHOLDERS` of them mean the text is not there yet;
* **mostly markup or code**: when tags (``<div ...>``) and code punctuation
  (``{ } ; = < >``) make up more than `MAX_MARKUP_SHARE` of the characters, what
  was read is a template, a script or an XML file, not an article.

The "too short to be an article" rule is the page reader's (`webpage`): a plain
text file may be a short wire item, a home page of 150 characters is not.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{\{[^{}\n]{1,200}\}\}|\{%[^%\n]{1,200}%\}|\[\[[^\[\]\n]{1,100}\]\]")
TAG = re.compile(r"</?[A-Za-z!?][^<>\n]{0,500}>")
CODE_CHARS = frozenset("{};=<>")
MIN_PLACEHOLDERS = 2
MAX_MARKUP_SHARE = 0.3


def non_article_reason(text: str) -> str | None:
    """Why `text` is not an article (one line), or None."""
    return template_reason(text) or markup_reason(text)


def template_reason(text: str) -> str | None:
    """Why `text`, holding template placeholders, is not an article; else None."""
    placeholders = PLACEHOLDER.findall(text)
    if len(placeholders) >= MIN_PLACEHOLDERS:
        example = " ".join(placeholders[0].split())[:40]
        return (
            f"not an article: a client-side template ({len(placeholders)} placeholders such as "
            f"{example!r}); save the page after it has rendered, or give its URL"
        )
    return None


def markup_reason(text: str) -> str | None:
    """Why `text`, mostly tags and code punctuation, is not an article; else None."""
    visible = sum(1 for char in text if not char.isspace())
    if not visible:
        return None
    tags = sum(len(tag) for tag in TAG.findall(text))
    code = sum(1 for char in TAG.sub("", text) if char in CODE_CHARS)
    share = (tags + code) / visible
    if share > MAX_MARKUP_SHARE:
        return f"not an article: mostly markup or code ({share:.0%} of the characters)"
    return None
