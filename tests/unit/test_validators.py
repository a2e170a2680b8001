"""The shared attrs validators of `slacore._validators`."""

from __future__ import annotations

import enum
from datetime import timedelta
from decimal import Decimal

import attrs
import pytest

from slacore import AgreementError, DataError, PolicyError
from slacore._validators import (
    enum_value,
    non_negative_duration,
    optional_decimal,
    text,
    whole_number,
)


@attrs.frozen
class _Named:
    name: str = attrs.field(validator=text(AgreementError))
    note: str | None = attrs.field(
        default=None,
        validator=text(DataError, "{name} is blank: {value!r}", optional=True),
    )


def test_text_accepts_a_name_and_an_absent_optional() -> None:
    assert _Named("gold").note is None
    assert _Named("gold", "vip").note == "vip"


def test_text_refuses_a_blank_value_with_the_area_error_and_field() -> None:
    with pytest.raises(AgreementError, match=r"^name must not be empty$") as caught:
        _Named("  ")
    assert caught.value.field == "name"
    with pytest.raises(DataError, match=r"^note is blank: ' '$") as data:
        _Named("gold", " ")
    assert data.value.field == "note"


@pytest.mark.parametrize("bad", [None, 3])
def test_text_refuses_a_non_str_with_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^name must be a str, got "):
        _Named(bad)  # type: ignore[arg-type]


@attrs.frozen
class _Wait:
    wait: timedelta | None = attrs.field(validator=non_negative_duration(PolicyError))


def test_non_negative_duration_accepts_none_and_zero() -> None:
    assert _Wait(None).wait is None
    assert _Wait(timedelta(0)).wait == timedelta(0)


def test_non_negative_duration_refuses_negative_and_non_timedelta() -> None:
    with pytest.raises(PolicyError, match=r"^wait must not be negative, got ") as bad:
        _Wait(timedelta(seconds=-1))
    assert bad.value.field == "wait"
    with pytest.raises(TypeError, match=r"^wait must be a timedelta, got int$"):
        _Wait(5)  # type: ignore[arg-type]


def test_optional_decimal_reads_or_refuses_naming_the_field() -> None:
    assert optional_decimal(None, "cap", AgreementError) is None
    assert optional_decimal("1.50", "cap", AgreementError) == Decimal("1.50")
    with pytest.raises(AgreementError) as bad:
        optional_decimal("abc", "cap", AgreementError)
    assert bad.value.field == "cap"


class _Colour(enum.Enum):
    RED = "red"


def test_enum_value_reads_members_and_values_with_or_without_case() -> None:
    assert enum_value(_Colour, "colour", _Colour.RED, DataError) is _Colour.RED
    assert enum_value(_Colour, "colour", "RED", DataError) is _Colour.RED
    with pytest.raises(DataError, match=r"^colour must be one of red, got 'RED'$"):
        enum_value(_Colour, "colour", "RED", DataError, fold_case=False)


def test_whole_number_checks_type_and_minimum() -> None:
    assert whole_number(0, "places", DataError) == 0
    with pytest.raises(TypeError, match=r"^places must be an int, got bool$"):
        whole_number(True, "places", DataError)
    with pytest.raises(DataError, match=r"^places must not be negative, got -1$"):
        whole_number(-1, "places", DataError)
    with pytest.raises(AgreementError, match=r"^n must be at least 1: 0$") as bad:
        whole_number(
            0,
            "n",
            AgreementError,
            minimum=1,
            below="{name} must be at least 1: {value}",
        )
    assert bad.value.field == "n"
