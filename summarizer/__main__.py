"""`python -m summarizer ...`: the same command line as the `summarizer` script."""

from summarizer.cli import main

main()
