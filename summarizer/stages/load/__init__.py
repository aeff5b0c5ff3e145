"""The load stage: paths, globs, URLs, feeds and JSONL files -> `Article`s (see `inputs`)."""

from summarizer.stages.load.inputs import LoadResult, iter_articles, load_articles
from summarizer.stages.load.options import LoadOptions

__all__ = ["LoadOptions", "LoadResult", "iter_articles", "load_articles"]
