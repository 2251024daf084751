"""Import point of every ORM model, so Alembic and tests see the whole schema.

Each domain keeps its models in its own folder; they are listed here once.
"""

from coldtrace_cloud.db.base import Base
from coldtrace_cloud.ingest.models import DeadLetter, IngestedMessage
from coldtrace_cloud.locations.models import Location, Site
from coldtrace_cloud.sensors.models import Sensor, SensorBinding

__all__ = ["Base", "DeadLetter", "IngestedMessage", "Location", "Sensor", "SensorBinding", "Site"]
