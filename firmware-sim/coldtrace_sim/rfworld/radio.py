"""UHF RFID link budget: whether a tag powers up and how loud its backscatter is.

Forward link (reader to tag): Friis free-space path loss 20·log10(4πd/λ) at 915 MHz, reader
antenna gain, polarization and cable losses, and a wall when the tag is behind the door frame
from the antenna's point of view. A tag answers when the power reaching it exceeds its chip
sensitivity; the answer travels the same path back, weakened by the backscatter modulation loss
(so the received signal falls with d⁴, the radar equation of passive RFID).
"""

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RadioModel:
    """Link budget constants of a dock-door portal (typical fixed-reader and Gen2 inlay figures)."""

    wavelength_m: float = 0.3276  # 915 MHz
    antenna_gain_dbi: float = 6.0  # circularly polarized panel
    polarization_loss_db: float = 3.0  # circular antenna, linear tag
    cable_loss_db: float = 1.0
    tag_sensitivity_dbm: float = -18.0  # chip turn-on power
    backscatter_loss_db: float = 15.0  # modulation efficiency of the tag's answer
    wall_loss_db: float = 12.0  # through the door frame and dock wall, one way
    fading_db: float = 2.0  # spread of a read's RSSI around the mean
    multipath_probability: float = 0.02  # chance per round of a read on a far antenna
    multipath_rssi_dbm: tuple[float, float] = (-79.0, -72.0)
    multipath_range_m: float = 5.0  # reflections only reach the far antenna from nearby

    def one_way_loss_db(self, distance_m: float, *, blocked: bool) -> float:
        """Reader port to tag (or back): path loss minus gains plus fixed losses."""
        distance = max(distance_m, 0.2)
        path = 20 * math.log10(4 * math.pi * distance / self.wavelength_m)
        fixed = self.polarization_loss_db + self.cable_loss_db - self.antenna_gain_dbi
        return path + fixed + (self.wall_loss_db if blocked else 0.0)

    def tag_power_dbm(self, tx_power_dbm: float, distance_m: float, *, blocked: bool) -> float:
        """Power reaching the tag's chip."""
        return tx_power_dbm - self.one_way_loss_db(distance_m, blocked=blocked)

    def read_probability(self, margin_db: float) -> float:
        """A round singulates the tag with a probability rising over a few dB of margin."""
        return 0.98 / (1.0 + math.exp(-(margin_db - 2.0) / 1.2))

    def observe(
        self,
        tx_power_dbm: float,
        distance_m: float,
        *,
        blocked: bool,
        tag_loss_db: float,
        rng: random.Random,
    ) -> float | None:
        """The RSSI of one round's read in dBm, or None when the tag does not answer.

        ``tag_loss_db`` is the tag's own detuning and shadowing (an item deep in a case).
        """
        loss = self.one_way_loss_db(distance_m, blocked=blocked) + tag_loss_db
        power = tx_power_dbm - loss
        if rng.random() < self.read_probability(power - self.tag_sensitivity_dbm):
            return power - loss - self.backscatter_loss_db + rng.gauss(0.0, self.fading_db)
        near = distance_m <= self.multipath_range_m
        if blocked and near and rng.random() < self.multipath_probability:
            low, high = self.multipath_rssi_dbm
            return rng.uniform(low, high)
        return None
