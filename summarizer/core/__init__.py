"""The data contract between stages: articles, items, dates, briefing, wording.

Everything here imports only pydantic and the standard library (an import-linter
contract in pyproject.toml checks it): no SDK, no stage. Validators that need a stage's
code receive it through pydantic's validation context (see `items.Evidence`).
"""
