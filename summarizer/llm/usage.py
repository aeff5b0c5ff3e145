"""Token, cost and budget accounting for one run of the LLM layer.

`RunUsage` is what callers read (`LLM.usage`): totals plus a per-stage breakdown.
`Ledger` is what the LLM layer writes to. It also enforces `Settings.max_cost`:
before a call it *reserves* a conservative estimate of that call's cost, so that
many calls in flight cannot overshoot the budget together; when the call ends the
reservation is replaced by what the call really cost.

Cost is money spent in this run: live calls, and answers picked up from the
Batch API (`batched`, at `BATCH_PRICE_FACTOR` of the price table: the Batch API
bills half). Cache hits and replayed fixtures count as calls (replay also counts
its recorded tokens) but cost nothing. Costs are `None` when the model has no
entry in `Settings.prices`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.config import Price
from summarizer.errors import BudgetExceededError

CHARS_PER_TOKEN_LOW = 3
"""A pessimistic characters-per-token ratio for estimating prompt tokens."""

BATCH_PRICE_FACTOR = 0.5
"""What the Batch API bills, as a share of the live price."""


@dataclass
class StageUsage:
    """Counters for one stage ("extract", "write", ...) or for the whole run."""

    calls: int = 0
    cache_hits: int = 0
    replayed: int = 0
    batched: int = 0
    retries: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = 0.0

    def add_tokens(self, prompt: int, completion: int, cost: float | None) -> None:
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.cost_usd = None if cost is None or self.cost_usd is None else self.cost_usd + cost


@dataclass
class RunUsage(StageUsage):
    """Totals for the run, with the same counters per stage in `stages`."""

    stages: dict[str, StageUsage] = field(default_factory=dict)

    def summary(self) -> str:
        """One line: '12 calls (3 cached), 2 retries, 1 re-ask, 9,812+2,031 tokens, $0.0027'."""
        cost = "cost unknown" if self.cost_usd is None else f"${self.cost_usd:.4f}"
        parts = [f"{self.calls} calls ({self.cache_hits} cached"]
        parts[0] += f", {self.replayed} replayed)" if self.replayed else ")"
        parts.append(f"{self.retries} {'retry' if self.retries == 1 else 'retries'}")
        parts.append(f"{self.reasks} {'re-ask' if self.reasks == 1 else 're-asks'}")
        parts.append(f"{self.prompt_tokens:,}+{self.completion_tokens:,} tokens")
        parts.append(cost)
        return ", ".join(parts)


def price_of(price: Price | None, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD for the tokens at `price` (USD per million tokens); None without a price."""
    if price is None:
        return None
    return (prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000


class Ledger:
    """Accumulates `RunUsage` and enforces the budget (reserve, then settle)."""

    def __init__(self, price: Price | None, max_cost: float | None, model: str) -> None:
        self._price = price
        self._max_cost = max_cost
        self._model = model
        self._reserved = 0.0
        self.usage = RunUsage()

    def _stage(self, stage: str) -> StageUsage:
        return self.usage.stages.setdefault(stage, StageUsage())

    def _both(self, stage: str) -> tuple[StageUsage, StageUsage]:
        return self.usage, self._stage(stage)

    def estimate(self, prompt_chars: int, max_output_tokens: int) -> float:
        """A conservative cost for one call: pessimistic prompt tokens, full output."""
        cost = price_of(self._price, prompt_chars // CHARS_PER_TOKEN_LOW + 1, max_output_tokens)
        return cost or 0.0

    def reserve(self, stage: str, key: str, estimate: float) -> None:
        """Reserve `estimate` USD, or raise `BudgetExceededError` if it would not fit."""
        if self._max_cost is None:
            return
        if self._price is None:
            raise BudgetExceededError(
                f"--max-cost is set but model {self._model!r} has no price; "
                "add it to SUMMARIZER_PRICES"
            )
        spent = self.usage.cost_usd or 0.0
        if spent + self._reserved + estimate > self._max_cost:
            raise BudgetExceededError(
                f"{stage}/{key}: budget ${self._max_cost:.4f} would be exceeded "
                f"(spent ${spent:.4f}, in flight ${self._reserved:.4f}, "
                f"this call up to ${estimate:.4f})"
            )
        self._reserved += estimate

    def release(self, estimate: float) -> None:
        if self._max_cost is not None:
            self._reserved = max(0.0, self._reserved - estimate)

    def record_live(self, stage: str, prompt_tokens: int, completion_tokens: int) -> None:
        """Tokens a live endpoint billed (every attempt, re-asks included)."""
        cost = price_of(self._price, prompt_tokens, completion_tokens)
        for usage in self._both(stage):
            usage.add_tokens(prompt_tokens, completion_tokens, cost)

    def record_batch(self, stage: str, prompt_tokens: int, completion_tokens: int) -> None:
        """One answer the Batch API billed (picked up from a batch's output file)."""
        cost = price_of(self._price, prompt_tokens, completion_tokens)
        cost = None if cost is None else cost * BATCH_PRICE_FACTOR
        for usage in self._both(stage):
            usage.batched += 1
            usage.add_tokens(prompt_tokens, completion_tokens, cost)

    def record_replay(self, stage: str, prompt_tokens: int, completion_tokens: int) -> None:
        """Tokens a replayed fixture says it took; free in this run."""
        for usage in self._both(stage):
            usage.add_tokens(prompt_tokens, completion_tokens, 0.0)

    def count(
        self,
        stage: str,
        *,
        call: bool = False,
        cache_hit: bool = False,
        replayed: bool = False,
        retries: int = 0,
        reasks: int = 0,
    ) -> None:
        """Bump the run's and the stage's counters; `call` means an endpoint answered."""
        for usage in self._both(stage):
            usage.calls += call
            usage.cache_hits += cache_hit
            usage.replayed += replayed
            usage.retries += retries
            usage.reasks += reasks
