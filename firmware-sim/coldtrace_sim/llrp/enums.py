"""LLRP 1.0.1 protocol numbers: message and parameter types, status codes and field enumerations."""

from enum import IntEnum
from typing import Final

LLRP_VERSION: Final = 1  # LLRP 1.0.1 §16.1: version 1 in the message header
HEADER_SIZE: Final = 10  # u16 rsvd/version/type, u32 length, u32 message id
IMPINJ_PEN: Final = 25882  # Impinj's IANA private enterprise number, used as VendorIdentifier


class MessageType(IntEnum):
    """Message types (LLRP 1.0.1 §16.1)."""

    GET_READER_CAPABILITIES = 1
    GET_READER_CONFIG = 2
    SET_READER_CONFIG = 3
    CLOSE_CONNECTION_RESPONSE = 4
    GET_READER_CAPABILITIES_RESPONSE = 11
    GET_READER_CONFIG_RESPONSE = 12
    SET_READER_CONFIG_RESPONSE = 13
    CLOSE_CONNECTION = 14
    ADD_ROSPEC = 20
    DELETE_ROSPEC = 21
    START_ROSPEC = 22
    STOP_ROSPEC = 23
    ENABLE_ROSPEC = 24
    DISABLE_ROSPEC = 25
    GET_ROSPECS = 26
    ADD_ROSPEC_RESPONSE = 30
    DELETE_ROSPEC_RESPONSE = 31
    START_ROSPEC_RESPONSE = 32
    STOP_ROSPEC_RESPONSE = 33
    ENABLE_ROSPEC_RESPONSE = 34
    DISABLE_ROSPEC_RESPONSE = 35
    GET_ROSPECS_RESPONSE = 36
    ADD_ACCESSSPEC = 40
    DELETE_ACCESSSPEC = 41
    ENABLE_ACCESSSPEC = 42
    DISABLE_ACCESSSPEC = 43
    GET_ACCESSSPECS = 44
    ADD_ACCESSSPEC_RESPONSE = 50
    DELETE_ACCESSSPEC_RESPONSE = 51
    ENABLE_ACCESSSPEC_RESPONSE = 52
    DISABLE_ACCESSSPEC_RESPONSE = 53
    GET_ACCESSSPECS_RESPONSE = 54
    GET_REPORT = 60
    RO_ACCESS_REPORT = 61
    KEEPALIVE = 62
    READER_EVENT_NOTIFICATION = 63
    ENABLE_EVENTS_AND_REPORTS = 64
    KEEPALIVE_ACK = 72
    ERROR_MESSAGE = 100
    CUSTOM_MESSAGE = 1023


class StatusCode(IntEnum):
    """LLRPStatus codes (LLRP 1.0.1 §14.2.2)."""

    M_SUCCESS = 0
    M_PARAMETER_ERROR = 100
    M_FIELD_ERROR = 101
    M_UNEXPECTED_PARAMETER = 102
    M_MISSING_PARAMETER = 103
    M_DUPLICATE_PARAMETER = 104
    M_OVERFLOW_PARAMETER = 105
    M_OVERFLOW_FIELD = 106
    M_UNKNOWN_PARAMETER = 107
    M_UNKNOWN_FIELD = 108
    M_UNSUPPORTED_MESSAGE = 109
    M_UNSUPPORTED_VERSION = 110
    M_UNSUPPORTED_PARAMETER = 111
    P_PARAMETER_ERROR = 200
    P_FIELD_ERROR = 201
    P_UNEXPECTED_PARAMETER = 202
    P_MISSING_PARAMETER = 203
    P_DUPLICATE_PARAMETER = 204
    P_OVERFLOW_PARAMETER = 205
    P_OVERFLOW_FIELD = 206
    P_UNKNOWN_PARAMETER = 207
    P_UNKNOWN_FIELD = 208
    P_UNSUPPORTED_PARAMETER = 209
    A_INVALID = 300
    A_OUT_OF_RANGE = 301
    R_DEVICE_ERROR = 401


class ConnectionAttemptStatus(IntEnum):
    """ConnectionAttemptEvent.Status (LLRP 1.0.1 §13.2.6.14)."""

    SUCCESS = 0
    FAILED_READER_INITIATED_CONNECTION_EXISTS = 1
    FAILED_CLIENT_INITIATED_CONNECTION_EXISTS = 2
    FAILED_OTHER_REASON = 3
    ANOTHER_CONNECTION_ATTEMPTED = 4


class ROSpecState(IntEnum):
    """ROSpec.CurrentState (LLRP 1.0.1 §10.2.1)."""

    DISABLED = 0
    INACTIVE = 1
    ACTIVE = 2


class ROSpecStartTriggerType(IntEnum):
    """ROSpecStartTrigger.ROSpecStartTriggerType (LLRP 1.0.1 §10.2.1.1.1)."""

    NULL = 0
    IMMEDIATE = 1
    PERIODIC = 2
    GPI = 3


class ROSpecStopTriggerType(IntEnum):
    """ROSpecStopTrigger.ROSpecStopTriggerType (LLRP 1.0.1 §10.2.1.1.2)."""

    NULL = 0
    DURATION = 1
    GPI_WITH_TIMEOUT = 2


class AISpecStopTriggerType(IntEnum):
    """AISpecStopTrigger.AISpecStopTriggerType (LLRP 1.0.1 §10.2.2.1)."""

    NULL = 0
    DURATION = 1
    GPI_WITH_TIMEOUT = 2
    TAG_OBSERVATION = 3


class TagObservationTriggerType(IntEnum):
    """TagObservationTrigger.TriggerType (LLRP 1.0.1 §10.2.2.1.1)."""

    UPON_SEEING_N_TAGS_OR_TIMEOUT = 0
    UPON_SEEING_NO_MORE_NEW_TAGS_FOR_T_MS_OR_TIMEOUT = 1
    N_ATTEMPTS_TO_SEE_ALL_TAGS_IN_FOV_OR_TIMEOUT = 2


class ROReportTriggerType(IntEnum):
    """ROReportSpec.ROReportTrigger (LLRP 1.0.1 §13.2.1)."""

    NONE = 0
    UPON_N_TAGS_OR_END_OF_AISPEC = 1
    UPON_N_TAGS_OR_END_OF_ROSPEC = 2


class KeepaliveTriggerType(IntEnum):
    """KeepaliveSpec.KeepaliveTriggerType (LLRP 1.0.1 §12.2.5)."""

    NULL = 0
    PERIODIC = 1


class NotificationEventType(IntEnum):
    """EventNotificationState.EventType (LLRP 1.0.1 §13.2.5.1)."""

    HOPPING = 0
    GPI = 1
    ROSPEC = 2
    REPORT_BUFFER_FILL_WARNING = 3
    READER_EXCEPTION = 4
    RF_SURVEY = 5
    AISPEC = 6
    AISPEC_WITH_DETAILS = 7
    ANTENNA = 8


class ROSpecEventType(IntEnum):
    """ROSpecEvent.EventType (LLRP 1.0.1 §13.2.6.4)."""

    START_OF_ROSPEC = 0
    END_OF_ROSPEC = 1
    PREEMPTION_OF_ROSPEC = 2


class CapabilitiesRequest(IntEnum):
    """GET_READER_CAPABILITIES.RequestedData (LLRP 1.0.1 §9.1.1)."""

    ALL = 0
    GENERAL_DEVICE = 1
    LLRP = 2
    REGULATORY = 3
    AIR_PROTOCOL = 4


class ConfigRequest(IntEnum):
    """GET_READER_CONFIG.RequestedData (LLRP 1.0.1 §12.1.1)."""

    ALL = 0
    IDENTIFICATION = 1
    ANTENNA_PROPERTIES = 2
    ANTENNA_CONFIGURATION = 3
    RO_REPORT_SPEC = 4
    READER_EVENT_NOTIFICATION_SPEC = 5
    ACCESS_REPORT_SPEC = 6
    LLRP_CONFIGURATION_STATE_VALUE = 7
    KEEPALIVE_SPEC = 8
    GPI_PORT_CURRENT_STATE = 9
    GPO_WRITE_DATA = 10
    EVENTS_AND_REPORTS = 11


class ImpinjMessageSubtype(IntEnum):
    """Impinj (PEN 25882) CUSTOM_MESSAGE subtypes, from the Octane LLRP reference."""

    ENABLE_EXTENSIONS = 21
    ENABLE_EXTENSIONS_RESPONSE = 22


class ImpinjParamSubtype(IntEnum):
    """Impinj (PEN 25882) custom parameter subtypes, from the Octane LLRP reference."""

    REQUESTED_DATA = 21
    INVENTORY_SEARCH_MODE = 23
    FIXED_FREQUENCY_LIST = 26
    TAG_REPORT_CONTENT_SELECTOR = 50
    ENABLE_RF_PHASE_ANGLE = 52
    ENABLE_PEAK_RSSI = 53
    PEAK_RSSI = 57
    ENABLE_RF_DOPPLER_FREQUENCY = 67
    ANTENNA_CONFIGURATION = 1524
