"""The verify stage: code, not the model, checks every extracted item (see `flow`)."""

from summarizer.stages.verify.flow import (
    StatementCheck,
    is_grounded,
    reading_problem,
    statement_check,
    verify,
)
from summarizer.stages.verify.statements import names_missing, shares_words

__all__ = [
    "StatementCheck",
    "is_grounded",
    "names_missing",
    "reading_problem",
    "shares_words",
    "statement_check",
    "verify",
]
