"""The verify stage: code, not the model, checks every extracted item (see `flow`)."""

from summarizer.stages.verify.flow import is_grounded, statement_check, verify

__all__ = ["is_grounded", "statement_check", "verify"]
