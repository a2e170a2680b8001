from __future__ import annotations

import importlib
import importlib.resources
import inspect
import pkgutil
import typing
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

import slacore as sla
import slacore.exceptions

# API.md section 1 and the error hierarchy of STYLE.md section 7.
CALENDAR_NAMES = ("WeeklyHours", "BusinessCalendar", "ALWAYS", "Closure", "Opening")
ERROR_NAMES = ("SlaError", "NaiveDatetimeError", "CalendarError", "NeverOpenError")
# API.md sections 3-5 and STYLE.md section 7.
SERVICE_LEVEL_NAMES = ("availability", "service_level", "nps", "Contact")
CREDIT_NAMES = ("CreditTier", "CreditSchedule", "StepCredit", "BreachCountCredit")
AGREEMENT_NAMES = ("Objective", "Agreement", "Party", "Report", "CreditError")
REQUIRED = (
    CALENDAR_NAMES + ERROR_NAMES + SERVICE_LEVEL_NAMES + CREDIT_NAMES + AGREEMENT_NAMES
)


def private_modules() -> list[str]:
    """The names of slacore's private modules (``slacore._x``), ``__main__`` aside."""
    return sorted(
        f"slacore.{info.name}"
        for info in pkgutil.iter_modules(sla.__path__)
        if info.name.startswith("_") and not info.name.startswith("__")
    )


def exported_from_private_modules() -> list[str]:
    """Public names in slacore's namespace for objects defined in a private module."""
    names = []
    for name, obj in vars(sla).items():
        if name.startswith("_"):
            continue
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if obj.__module__.startswith("slacore._"):
            names.append(name)
    return sorted(names)


def sample_values() -> list[tuple[object, object, object]]:
    """Public value objects: (value, an equal one built separately, a different one)."""
    t = datetime(2025, 6, 2, 12, tzinfo=UTC)
    hours = sla.WeeklyHours.parse("mon-fri 09:00-17:00")
    cal = sla.BusinessCalendar(hours, tz="Europe/Berlin", holidays=[date(2025, 6, 9)])
    ny = sla.BusinessCalendar(hours, tz="America/New_York")
    return [
        (
            hours,
            sla.WeeklyHours.parse({"mon-fri": "9:00-17:00"}),
            sla.WeeklyHours.parse("mon-fri 09:00-16:00"),
        ),
        (
            cal,
            sla.BusinessCalendar(
                "mon-fri 09:00-17:00", tz="Europe/Berlin", holidays={date(2025, 6, 9)}
            ),
            sla.BusinessCalendar(hours, tz="Europe/Berlin"),
        ),
        (
            sla.Closure(t, t + timedelta(hours=1), reason="x"),
            sla.Closure(t, t + timedelta(hours=1), reason="x"),
            sla.Closure(t, t + timedelta(hours=2), reason="x"),
        ),
        (
            sla.Opening(t, t + timedelta(hours=1)),
            sla.Opening(t, t + timedelta(hours=1)),
            sla.Opening(t, t + timedelta(hours=1), reason="y"),
        ),
        (
            cal | ny,
            sla.BusinessCalendar(hours, tz="Europe/Berlin", holidays=[date(2025, 6, 9)])
            | ny,
            cal & ny,
        ),
    ]


VALUE_IDS = [
    "WeeklyHours",
    "BusinessCalendar",
    "Closure",
    "Opening",
    "ComposedCalendar",
]


class TestExports:
    @pytest.mark.parametrize("name", REQUIRED)
    def test_required_name_in_all(self, name):
        """Every name the contract requires is listed in slacore.__all__."""
        assert name in sla.__all__

    @pytest.mark.parametrize("name", REQUIRED)
    def test_required_name_importable(self, name):
        """Every required name is importable from the top-level package."""
        module = importlib.import_module("slacore")
        assert getattr(module, name) is not None

    @pytest.mark.parametrize("name", sla.__all__)
    def test_all_names_exist(self, name):
        """Every name in __all__ is an attribute of slacore."""
        assert hasattr(sla, name)

    def test_all_has_no_duplicates(self):
        """__all__ names each object once."""
        assert len(sla.__all__) == len(set(sla.__all__))

    @pytest.mark.parametrize("name", exported_from_private_modules())
    def test_public_objects_from_private_modules_are_in_all(self, name):
        """A public class or function imported from slacore._* is listed in __all__."""
        assert name in sla.__all__

    def test_star_import(self):
        """``from slacore import *`` binds exactly __all__."""
        namespace: dict[str, object] = {}
        exec("from slacore import *", namespace)  # noqa: S102
        assert sorted(k for k in namespace if k != "__builtins__") == sorted(
            sla.__all__
        )

    def test_version(self):
        """__version__ is the installed distribution's version string."""
        assert isinstance(sla.__version__, str)
        assert sla.__version__ != ""

    def test_unknown_attribute(self):
        """An unknown attribute raises AttributeError naming it."""
        with pytest.raises(
            AttributeError, match=r"^module 'slacore' has no attribute 'nope'$"
        ):
            _ = sla.nope

    @pytest.mark.parametrize("name", [n for n in sla.__all__ if not n.startswith("_")])
    def test_names_are_usable_at_runtime(self, name):
        """Every public name is a real object, not a string forward reference."""
        assert not isinstance(getattr(sla, name), str)

    def test_type_alias_in_annotations(self):
        """A user annotation with slacore's public calendar type resolves at runtime."""
        if "Calendar" not in sla.__all__:
            pytest.skip("no public Calendar alias")

        def func(cal: sla.Calendar) -> None: ...

        hints = typing.get_type_hints(func)
        assert set(typing.get_args(hints["cal"])) == {
            sla.BusinessCalendar,
            sla.ComposedCalendar,
        }


class TestErrors:
    def test_sla_error_is_value_error(self):
        """SlaError derives from ValueError so ``except ValueError`` works."""
        assert issubclass(sla.SlaError, ValueError)

    @pytest.mark.parametrize(
        ("error", "parent"),
        [
            ("NaiveDatetimeError", "SlaError"),
            ("CalendarError", "SlaError"),
            ("NeverOpenError", "CalendarError"),
        ],
    )
    def test_hierarchy(self, error, parent):
        """Each error derives from its documented parent."""
        assert issubclass(getattr(sla, error), getattr(sla, parent))

    @pytest.mark.parametrize("name", ERROR_NAMES)
    def test_same_object_in_exceptions_module(self, name):
        """slacore.exceptions.X is slacore.X."""
        assert getattr(slacore.exceptions, name) is getattr(sla, name)

    def test_calendar_error_same_object(self):
        """slacore.exceptions.CalendarError is slacore.CalendarError."""
        assert slacore.exceptions.CalendarError is sla.CalendarError

    def test_exceptions_module_exported(self):
        """The public exceptions module is reachable as slacore.exceptions."""
        assert sla.exceptions is slacore.exceptions
        assert "exceptions" in sla.__all__

    @pytest.mark.parametrize("name", slacore.exceptions.__all__)
    def test_exceptions_all_in_top_level(self, name):
        """Everything slacore.exceptions exports is exported at the top level too."""
        assert name in sla.__all__

    def test_message_kept_as_first_arg(self):
        """str(exc) is the message and the context is kept as attributes."""
        with pytest.raises(
            sla.CalendarError, match=r"^overlapping intervals on tue"
        ) as info:
            sla.WeeklyHours.parse({"tue": "09:00-12:00,11:00-13:00"})
        assert str(info.value) == info.value.args[0]
        assert info.value.day == "tue"


class TestValueObjects:
    @pytest.mark.parametrize("case", sample_values(), ids=VALUE_IDS)
    def test_frozen(self, case):
        """Assigning to a field of a public value object raises."""
        value, _equal, other = case
        field = attrs.fields(type(value))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field, getattr(other, field))

    @pytest.mark.parametrize("case", sample_values(), ids=VALUE_IDS)
    def test_no_new_attributes(self, case):
        """Public value objects use slots: no new attributes can be added."""
        value, _equal, _other = case
        with pytest.raises((AttributeError, TypeError)):
            value.extra = 1
        assert not hasattr(value, "__dict__")

    @pytest.mark.parametrize("case", sample_values(), ids=VALUE_IDS)
    def test_equal_by_value(self, case):
        """Separately built equal values compare equal; different ones do not."""
        value, equal, other = case
        assert value == equal
        assert value != other
        assert value is not equal

    @pytest.mark.parametrize("case", sample_values(), ids=VALUE_IDS)
    def test_hashable_by_value(self, case):
        """Equal values hash equal and work as set members."""
        value, equal, other = case
        assert hash(value) == hash(equal)
        assert len({value, equal, other}) == 2

    @pytest.mark.parametrize("case", sample_values(), ids=VALUE_IDS)
    def test_readable_repr(self, case):
        """The repr names the type and is the same for equal values."""
        value, equal, _other = case
        assert repr(value) == repr(equal)
        assert type(value).__name__ in repr(value) or repr(value).startswith("(")

    @pytest.mark.parametrize(
        "name",
        ["WeeklyHours", "BusinessCalendar", "Closure", "Opening", "ComposedCalendar"],
    )
    def test_attrs_classes(self, name):
        """Public value classes are attrs classes."""
        assert attrs.has(getattr(sla, name))

    def test_always_is_a_calendar(self):
        """ALWAYS is a BusinessCalendar value."""
        assert isinstance(sla.ALWAYS, sla.BusinessCalendar)


class TestModules:
    @pytest.mark.parametrize("module", private_modules())
    def test_private_modules_have_no_docstring(self, module):
        """Private modules carry no module docstring (docs address the public API)."""
        assert importlib.import_module(module).__doc__ is None

    def test_public_modules_have_docstrings(self):
        """The package and slacore.exceptions have module docstrings."""
        assert sla.__doc__
        assert slacore.exceptions.__doc__

    def test_known_private_modules(self):
        """The calendar's private modules exist."""
        expected = {"slacore._batch", "slacore._calendar", "slacore._hours"}
        expected |= {"slacore._intervals", "slacore._time"}
        assert expected <= set(private_modules())

    def test_py_typed(self):
        """The package ships a py.typed marker."""
        files = importlib.resources.files("slacore")
        assert files.joinpath("py.typed").is_file()
