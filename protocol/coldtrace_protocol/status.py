"""Gateway status: the retained birth message and the last will on the ``status`` topic.

Retained (MQTT 5 §3.3.1.3) so that anyone subscribing later learns each gateway's last known
state at once; the broker publishes the will (§3.1.2.5) when a gateway vanishes.
"""

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class GatewayState(StrEnum):
    """Online after connecting; offline on a clean stop or by the will."""

    ONLINE = "online"
    OFFLINE = "offline"


class GatewayStatus(BaseModel):
    """What a gateway says about itself on its status topic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gateway_id: str = Field(min_length=1, max_length=64)
    site_id: str = Field(min_length=1, max_length=64)
    state: GatewayState
    at: AwareDatetime | None = Field(default=None, description="absent in the will (no clock)")
    software_version: str = ""
    clean: bool = Field(default=True, description="false when published by the broker as a will")
