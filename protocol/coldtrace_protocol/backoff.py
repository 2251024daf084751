"""Jittered exponential backoff, so a fleet of gateways (or workers) does not reconnect in step.

Pure computation shared by edge and cloud, which may not import each other; the caller sleeps.
"""

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays that grow exponentially to ``max_s``; each is drawn uniformly from [0, cap]."""

    min_s: float
    max_s: float
    attempt: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay_s(self) -> float:
        """The delay before the next attempt; grows until ``reset``."""
        cap = min(self.max_s, self.min_s * (2**self.attempt))
        self.attempt += 1
        return self.min_s / 2 + self.rng.uniform(0, cap)

    def reset(self) -> None:
        """Call after a success."""
        self.attempt = 0
