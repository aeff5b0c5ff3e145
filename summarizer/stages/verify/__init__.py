"""The verify stage: code, not the model, checks every extracted item (see `flow`)."""

from summarizer.stages.verify.flow import is_grounded, reading_problem, verify

__all__ = ["is_grounded", "reading_problem", "verify"]
