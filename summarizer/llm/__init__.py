"""The LLM layer: the only package that imports openai and instructor (lazily).

`LLM` (in `client`) is what the stages call; `sdk` builds the openai + instructor
clients, `retry`, `cache`, `replay`, `usage`, `limits` and `batch` are its parts, and
`prompts` renders the versioned templates shipped beside it as package data.
"""

from summarizer.llm.client import LLM
from summarizer.llm.limits import ahead_of_need
from summarizer.llm.protocol import StructuredLLM

__all__ = ["LLM", "StructuredLLM", "ahead_of_need"]
