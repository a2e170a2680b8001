"""The shared attrs validators of `slacore._validators`."""

from __future__ import annotations

import attrs
import pytest

from slacore import AgreementError, DataError
from slacore._validators import text


@attrs.frozen
class _Named:
    name: str = attrs.field(validator=text(AgreementError))
    note: str | None = attrs.field(
        default=None,
        validator=text(DataError, "{name} is blank: {value}", optional=True),
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
