"""The stages, one package or module each, in flow order: load, extract, verify,
merge, write, render. `summarizer.pipeline` calls them; a stage uses another only
through that stage's package (its `__init__`), never its internals.
"""
