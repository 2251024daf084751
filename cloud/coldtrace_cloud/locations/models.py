"""Sites and locations: the places where stock, sensors and portals are; portals and antennas."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class LocationKind(StrEnum):
    """What kind of place a location is (drives profiles, portals and trace semantics)."""

    COLD_ROOM = "cold_room"
    AMBIENT_ZONE = "ambient_zone"
    DOCK_DOOR = "dock_door"
    QUARANTINE_AREA = "quarantine_area"
    VEHICLE = "vehicle"
    CUSTOMER = "customer"


class Site(Base):
    """A warehouse, plant or hub; access is granted per site."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    region: Mapped[str | None] = mapped_column(String(64))
    gln: Mapped[str | None] = mapped_column(String(13))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Location(Base):
    """A place inside a site (or a vehicle / customer attached to it)."""

    __tablename__ = "locations"
    __table_args__ = (
        UniqueConstraint("site_id", "code", name="uq_locations_site_code"),
        CheckConstraint(
            "kind IN ('cold_room','ambient_zone','dock_door','quarantine_area','vehicle',"
            "'customer')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    sgln: Mapped[str | None] = mapped_column(String(64), doc="urn:epc:id:sgln:... for EPCIS")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AntennaZone(StrEnum):
    """Which side of a door an antenna watches (direction comes from the zone sequence)."""

    OUTSIDE = "outside"
    INSIDE = "inside"


class Portal(Base):
    """An RFID portal: a reader at a door, with the location on each side of it."""

    __tablename__ = "portals"
    __table_args__ = (UniqueConstraint("site_id", "code", name="uq_portals_site_code"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    door_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    outside_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    inside_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    reader_host: Mapped[str | None] = mapped_column(String(255))
    reader_port: Mapped[int] = mapped_column(Integer, default=5084, doc="LLRP 1.0.1 §3: TCP 5084")
    gateway_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Antenna(Base):
    """One antenna port of a portal's reader and the zone it covers."""

    __tablename__ = "antennas"
    __table_args__ = (
        UniqueConstraint("portal_id", "port", name="uq_antennas_portal_port"),
        CheckConstraint("zone IN ('outside','inside')", name="zone"),
        CheckConstraint("port BETWEEN 1 AND 65535", name="port"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id"), index=True)
    port: Mapped[int] = mapped_column(Integer, doc="LLRP AntennaID")
    zone: Mapped[str] = mapped_column(String(16))
    tx_power_dbm: Mapped[float | None] = mapped_column(Float)
