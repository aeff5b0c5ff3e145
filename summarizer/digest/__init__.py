"""Scheduled daily digests: the run (`run`), its SQLite state (`state`) and batch mode
(`batch`)."""

from summarizer.digest.run import DigestConfig, DigestResult, adigest

__all__ = ["DigestConfig", "DigestResult", "adigest"]
