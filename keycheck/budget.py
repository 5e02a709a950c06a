"""How long a key check may take, and how much of the model list it reads: parameters, not constants."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    # The whole check, every call included, ends within this; a web request waits for it.
    total_seconds: float = 20.0
    # Below this much time left, a call could not finish: report the budget as spent instead.
    min_call_seconds: float = 0.05
    # Past the budget, a step still running gets this long to end on its own before it is abandoned;
    # once its connections are cut, its thread gets this long again to end before the caller returns.
    watchdog_grace_seconds: float = 1.0


@dataclass(frozen=True)
class ModelPaging:
    page_size: int = 50
    max_pages: int = 20


class BudgetSpent(Exception):
    """Raised where a call would start, or a stream would go on, after the budget ran out."""


@dataclass(frozen=True)
class Deadline:
    budget: Budget
    at: float  # on the time.monotonic() clock

    @classmethod
    def starting_now(cls, budget: Budget) -> Deadline:
        return cls(budget, time.monotonic() + budget.total_seconds)

    def call_timeout(self, wanted: float) -> float:
        """`wanted`, or what is left of the budget if that is less. Raises BudgetSpent."""
        remaining = self.at - time.monotonic()
        if remaining < self.budget.min_call_seconds:
            raise BudgetSpent
        return min(wanted, remaining)

    def passed(self) -> bool:
        return time.monotonic() >= self.at
