"""Typed building blocks for service level agreements.

slacore makes service level agreements computable: business calendars with real
time zones and holidays, exact to the microsecond.

Examples:
    >>> import slacore as sla
    >>> from datetime import datetime, timedelta, timezone
    >>> cal = sla.BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
    >>> cal.add(datetime(2025, 6, 6, 16, tzinfo=timezone.utc), timedelta(hours=2))
    datetime.datetime(2025, 6, 9, 10, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from typing import Any

from . import exceptions
from ._agreement import (
    Agreement,
    AgreementKind,
    Dataset,
    Objective,
    Party,
    Responsibility,
    ResponsibilityKind,
    Role,
    Structure,
    TerminationRule,
)
from ._calendar import (
    ALWAYS,
    BusinessCalendar,
    Calendar,
    Closure,
    ComposedCalendar,
    Opening,
)
from ._conditions import (
    All,
    AnyOf,
    Condition,
    Contains,
    Equals,
    FrozenFields,
    HasTag,
    In,
    Not,
)
from ._credits import (
    BreachCountCredit,
    Credit,
    CreditSchedule,
    CreditTier,
    RepeatedMissCredit,
    StepCredit,
)
from ._csv import (
    read_contacts,
    read_outages,
    read_records,
    read_responses,
    read_tickets,
)
from ._hours import WeeklyHours
from ._io import dump, format_duration, load, load_calendars, loads, parse_duration
from ._measures import (
    AbandonRate,
    Availability,
    AverageScore,
    AverageWait,
    Deadline,
    MeanTime,
    Measure,
    NetPromoterScore,
    Ratio,
    ServiceLevel,
    TicketAttainment,
    Volume,
)
from ._metrics import (
    Contact,
    ErrorBudget,
    Outage,
    Response,
    availability,
    burn_rate,
    error_budget,
    nps,
    service_level,
)
from ._periods import Period
from ._policy import (
    Breach,
    Measurement,
    Metric,
    Policy,
    PriorityRule,
    Targets,
    Ticket,
    TicketEvent,
    apply_priority_rules,
    measure_many,
    select_policy,
)
from ._report import EarnBack, ObjectiveResult, Report
from ._timer import Action, Timer, TimerEvent, TimerState, TimerStatus
from .exceptions import (
    AgreementError,
    AgreementFileError,
    CalendarError,
    CreditError,
    DataError,
    DataFileError,
    FileError,
    FileProblem,
    NaiveDatetimeError,
    NeverOpenError,
    PolicyError,
    SlaError,
    TimerError,
    TimerEventError,
)

__all__ = (
    # Business calendars
    "ALWAYS",
    "BusinessCalendar",
    "Calendar",
    "Closure",
    "ComposedCalendar",
    "Opening",
    "WeeklyHours",
    # Timers
    "Action",
    "Timer",
    "TimerEvent",
    "TimerState",
    "TimerStatus",
    # Helpdesk policies
    "Breach",
    "Measurement",
    "Metric",
    "Policy",
    "PriorityRule",
    "Targets",
    "Ticket",
    "TicketEvent",
    "apply_priority_rules",
    "measure_many",
    "select_policy",
    # Service levels
    "Contact",
    "ErrorBudget",
    "Outage",
    "Response",
    "availability",
    "burn_rate",
    "error_budget",
    "nps",
    "service_level",
    # Credits
    "BreachCountCredit",
    "Credit",
    "CreditSchedule",
    "CreditTier",
    "RepeatedMissCredit",
    "StepCredit",
    # Objectives and agreements
    "AbandonRate",
    "Agreement",
    "AgreementKind",
    "Availability",
    "AverageScore",
    "AverageWait",
    "Dataset",
    "Deadline",
    "EarnBack",
    "Measure",
    "MeanTime",
    "NetPromoterScore",
    "Objective",
    "ObjectiveResult",
    "Party",
    "Period",
    "Ratio",
    "Report",
    "Responsibility",
    "ResponsibilityKind",
    "Role",
    "ServiceLevel",
    "Structure",
    "TerminationRule",
    "TicketAttainment",
    "Volume",
    # Files
    "dump",
    "format_duration",
    "load",
    "load_calendars",
    "loads",
    "parse_duration",
    "read_contacts",
    "read_outages",
    "read_records",
    "read_responses",
    "read_tickets",
    # Conditions
    "All",
    "AnyOf",
    "Condition",
    "Contains",
    "Equals",
    "FrozenFields",
    "HasTag",
    "In",
    "Not",
    # Errors
    "AgreementError",
    "AgreementFileError",
    "CalendarError",
    "CreditError",
    "DataError",
    "DataFileError",
    "FileError",
    "FileProblem",
    "NaiveDatetimeError",
    "NeverOpenError",
    "PolicyError",
    "SlaError",
    "TimerError",
    "TimerEventError",
    "exceptions",
)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("slacore")
    msg = f"module 'slacore' has no attribute {name!r}"
    raise AttributeError(msg)
