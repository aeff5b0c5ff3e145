"""The merge stage: verified extractions -> findings, figure series, contradictions,
timeline (see `flow`), with optional LLM-proposed same-fact groups (`same_facts`) and
same-quantity groups of figure series (`same_quantities`) and story moves (`same_story`)."""

from summarizer.stages.merge.flow import Linking, MergeResult, merge
from summarizer.stages.merge.preparation import Described, Preparation
from summarizer.stages.merge.same_facts import SameFactBatches, SameFacts, propose_same_facts
from summarizer.stages.merge.same_quantities import (
    SameQuantities,
    ask_same_quantities,
    propose_same_quantities,
    quantity_questions,
)
from summarizer.stages.merge.same_story import StoryMoves, propose_story_moves

__all__ = [
    "Described",
    "Linking",
    "MergeResult",
    "Preparation",
    "SameFactBatches",
    "SameFacts",
    "SameQuantities",
    "StoryMoves",
    "ask_same_quantities",
    "merge",
    "propose_same_facts",
    "propose_same_quantities",
    "propose_story_moves",
    "quantity_questions",
]
