"""Mean kinetic temperature (USP <1160> / <1079.2>), time-weighted, ΔH/R = 10,000 K by default.

MKT = (ΔH/R) / (-ln(Σ w_i · exp(-(ΔH/R) / T_i) / Σ w_i)), T in kelvin, w_i the time each value
held. With equal weights this is the textbook formula; weighting by time keeps irregular sampling
(a logger every 15 min, a probe every minute) from skewing the result.
"""

import math
from collections.abc import Iterable
from typing import Final

DEFAULT_ACTIVATION_K: Final = 10_000.0  # ΔH/R in kelvin (USP <1160>)
KELVIN_OFFSET: Final = 273.15


def mkt_c(
    values_c: Iterable[tuple[float, float]], *, activation_k: float = DEFAULT_ACTIVATION_K
) -> float | None:
    """MKT in °C of ``(temperature_c, weight_s)`` pairs; None when the total weight is zero."""
    total_w = 0.0
    acc = 0.0
    pairs = [(t, w) for t, w in values_c if w > 0]
    if not pairs:
        return None
    # Factor out the largest term so exp() never underflows for cold values (log-sum-exp).
    exponents = [-activation_k / (t + KELVIN_OFFSET) for t, _ in pairs]
    top = max(exponents)
    for (_, w), e in zip(pairs, exponents, strict=True):
        acc += w * math.exp(e - top)
        total_w += w
    log_mean = top + math.log(acc / total_w)
    return activation_k / -log_mean - KELVIN_OFFSET
