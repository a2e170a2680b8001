"""Typed building blocks for service level agreements.

slacore makes service level agreements computable, exact to the microsecond and to
the last `Decimal` digit:

- **Business time**: calendars with real time zones, holidays, shifts, closures and
  openings (`BusinessCalendar`, `WeeklyHours`); "when is this due?" is
  `calendar.add(start, target)`.
- **Clocks**: pause-aware timers (`Timer`) and helpdesk policies (`Policy`) that
  measure every clock of a `Ticket` (first response, next response, periodic
  update, resolution) per priority, with pauses, reopens and warnings.
- **Records**: what happened (`Ticket`, `Outage`, `Contact`, `Response`, dated
  records), gathered in a `Dataset`.
- **Service levels**: availability, "80 % within 20 seconds", NPS, error budgets
  and burn rates (`availability`, `service_level`, `nps`, ...).
- **Agreements**: objectives over measures (`Objective`, `TicketAttainment`,
  `Availability`, ... or a `Measure` of your own), credit schedules, caps,
  earn-back, reviews and termination (`Agreement`), evaluated period by period into
  `Report` values: "did we meet the SLA this month, and what credit do we owe?"
- **Files and inputs**: agreements in TOML or JSON (`load`, `dump`), CSV inputs
  (`read_tickets`, ...), and the `slacore` command line.
- **Tables**: pandas, polars or Arrow tables of ticket events measured column-wise
  (`measure_table`), and the ways between tables and objects
  (`tickets_from_table`, `tickets_to_table`); the ``tables`` extra.

Every error slacore raises on purpose is an `SlaError` naming what and where.

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
from ._agreement import Agreement
from ._amendments import AgreementVersion, Amendment
from ._attribution import Attribution, GroupShare, attribute
from ._baseline import Baseline, BaselineGroup, Candidate, PeriodAttainment, Suggestion
from ._baseline_queues import (
    OutageBaseline,
    PeriodAvailability,
    ServiceOutages,
    contact_baseline,
    outage_baseline,
)
from ._baseline_tickets import baseline
from ._calendar import ALWAYS, BusinessCalendar, Calendar, ComposedCalendar
from ._closures import Closure, Opening
from ._conditions import (
    All,
    AnyOf,
    Condition,
    Contains,
    Equals,
    HasTag,
    In,
    Not,
)
from ._contact_measures import AbandonRate, AverageWait, ServiceLevel
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
from ._dataset import Dataset
from ._durations import format_duration, parse_duration
from ._file_writer import dump
from ._group_measures import GroupAttainment, GroupOutcome
from ._group_tables import group_holds_table
from ._groups import GroupHold, GroupMeasurement, GroupMetric, GroupTarget
from ._hours import WeeklyHours
from ._io import load, load_calendars, loads
from ._measure_registry import measure_kinds, register_measure
from ._measure_table import measure_table
from ._measures import (
    CycleOutcome,
    CycleStop,
    DatasetPart,
    GoalRule,
    Measure,
    Outcome,
    PeriodBounds,
    PeriodData,
)
from ._metric import Metric
from ._objective import Objective
from ._outage_measures import Availability
from ._parties import (
    AgreementKind,
    Party,
    Responsibility,
    ResponsibilityKind,
    Role,
    Structure,
    TerminationRule,
)
from ._percentile_measures import RecordPercentile, TicketPercentile, WaitPercentile
from ._periods import Period
from ._policy import (
    Breach,
    Measurement,
    Policy,
    PriorityRule,
    Targets,
    apply_priority_rules,
    measure_many,
    select_policy,
)
from ._record_measures import Deadline, Ratio, Volume
from ._records import (
    Contact,
    FrozenFields,
    Outage,
    Response,
    Ticket,
    TicketEvent,
)
from ._report import EarnBack, ObjectiveResult, Report
from ._report_parts import ReportPart
from ._service_levels import (
    ErrorBudget,
    availability,
    burn_rate,
    error_budget,
    nps,
    service_level,
)
from ._survey_measures import AverageScore, NetPromoterScore
from ._table_tickets import tickets_from_table, tickets_to_table
from ._tally import Tally
from ._ticket_measures import MeanTime, TicketAttainment
from ._timer import Action, Timer, TimerEvent, TimerState, TimerStatus
from ._volume_measures import ContactVolume, TicketVolume
from ._workload import GoalChange, Workload, WorkloadBand, WorkloadResult
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
    TableError,
    TableProblem,
    TallyError,
    TimerError,
    TimerEventError,
)

__all__ = (
    # Business time: calendars
    "ALWAYS",
    "BusinessCalendar",
    "Calendar",
    "Closure",
    "ComposedCalendar",
    "Opening",
    "WeeklyHours",
    # Clocks: pause-aware timers
    "Action",
    "Timer",
    "TimerEvent",
    "TimerState",
    "TimerStatus",
    # Records: what happened
    "Contact",
    "Dataset",
    "FrozenFields",
    "Outage",
    "Response",
    "Ticket",
    "TicketEvent",
    # Conditions on tickets and records
    "All",
    "AnyOf",
    "Condition",
    "Contains",
    "Equals",
    "HasTag",
    "In",
    "Not",
    # Helpdesk policies: the clocks of a ticket
    "Attribution",
    "Breach",
    "GroupHold",
    "GroupMeasurement",
    "GroupMetric",
    "GroupShare",
    "GroupTarget",
    "Measurement",
    "Metric",
    "Policy",
    "PriorityRule",
    "Targets",
    "apply_priority_rules",
    "attribute",
    "measure_many",
    "measure_table",
    "select_policy",
    # Service levels: figures from records
    "ErrorBudget",
    "availability",
    "burn_rate",
    "error_budget",
    "nps",
    "service_level",
    # Measures: what an objective measures
    "AbandonRate",
    "Availability",
    "AverageScore",
    "AverageWait",
    "ContactVolume",
    "CycleOutcome",
    "CycleStop",
    "DatasetPart",
    "Deadline",
    "GoalRule",
    "GroupAttainment",
    "GroupOutcome",
    "MeanTime",
    "Measure",
    "NetPromoterScore",
    "Outcome",
    "PeriodBounds",
    "PeriodData",
    "Ratio",
    "RecordPercentile",
    "ServiceLevel",
    "TicketAttainment",
    "TicketPercentile",
    "TicketVolume",
    "Volume",
    "WaitPercentile",
    "measure_kinds",
    "register_measure",
    # Credits
    "BreachCountCredit",
    "Credit",
    "CreditSchedule",
    "CreditTier",
    "RepeatedMissCredit",
    "StepCredit",
    # Agreements: the contract
    "Agreement",
    "AgreementKind",
    "AgreementVersion",
    "Amendment",
    "Objective",
    "Party",
    "Period",
    "Responsibility",
    "ResponsibilityKind",
    "Role",
    "Structure",
    "TerminationRule",
    # Workloads: planned volume, dead band, charges and credits, bands
    "GoalChange",
    "Workload",
    "WorkloadBand",
    "WorkloadResult",
    # Reports
    "EarnBack",
    "ObjectiveResult",
    "Report",
    "ReportPart",
    "Tally",
    # Baselines: targets chosen from history
    "Baseline",
    "BaselineGroup",
    "Candidate",
    "OutageBaseline",
    "PeriodAttainment",
    "PeriodAvailability",
    "ServiceOutages",
    "Suggestion",
    "baseline",
    "contact_baseline",
    "outage_baseline",
    # Files and inputs
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
    # Tables: columns in, columns out
    "group_holds_table",
    "tickets_from_table",
    "tickets_to_table",
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
    "TableError",
    "TableProblem",
    "TallyError",
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
