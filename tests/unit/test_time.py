"""Integer microseconds, zones and the instants results carry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import dateutil.tz
import pytest

import slacore as sla
from slacore._time import (
    MAX_US,
    duration_us,
    format_us,
    to_us,
    to_zone,
)

MON = datetime(2025, 6, 2, 9, tzinfo=UTC)


class TestTimeHelpers:
    def test_to_us_rejects_non_datetimes(self):
        """A value that is not a datetime is a TypeError naming the argument."""
        with pytest.raises(TypeError, match=r"^when must be a datetime, got str$"):
            to_us("2025-06-02", "when")

    def test_to_us_rejects_naive(self):
        """A naive datetime is a NaiveDatetimeError naming the argument."""
        with pytest.raises(
            sla.NaiveDatetimeError, match=r"^when must be timezone-aware"
        ):
            to_us(datetime(2025, 6, 2), "when")

    def test_duration_us(self):
        """Durations become integer microseconds; other types are a TypeError."""
        assert duration_us(timedelta(days=-1, microseconds=1), "d") == -86_399_999_999
        with pytest.raises(TypeError, match=r"^d must be a timedelta, got int$"):
            duration_us(5, "d")

    def test_to_zone_rejects_other_types(self):
        """A tz that is neither a name nor a ZoneInfo is a TypeError."""
        with pytest.raises(TypeError, match=r"^tz must be an IANA time zone name"):
            to_zone(3)

    def test_format_us_outside_datetime_range(self):
        """Instants past what datetime holds are described by the end they pass."""
        assert format_us(MAX_US * 2) == (
            "an instant after 9999-12-31T23:59:59.999999+00:00"
        )
        assert format_us(-MAX_US * 2) == "an instant before 0001-01-01T00:00:00+00:00"

    def test_format_us_names_every_instant_a_datetime_holds(self):
        """The last day of 9999 (past `MAX_US`) is named by its ISO text."""
        late = datetime(9999, 12, 31, 23, tzinfo=UTC)
        assert to_us(late, "t") > MAX_US
        assert format_us(to_us(late, "t")) == "9999-12-31T23:00:00+00:00"


class TestResultTzinfo:
    def test_equal_fixed_offsets_keep_their_own_tzinfo(self):
        """Equal but distinct tzinfos (UTC, a named zero offset) each come back."""
        named = timezone(timedelta(0), "Z")
        for tz in (UTC, named, UTC, named):
            due = sla.ALWAYS.add(datetime(2025, 6, 2, tzinfo=tz), timedelta(hours=1))
            assert due.tzinfo is tz
            assert due == datetime(2025, 6, 2, 1, tzinfo=UTC)

    def test_unhashable_tzinfo(self):
        """A dateutil zone (unhashable) works and comes back as given."""
        berlin = dateutil.tz.gettz("Europe/Berlin")
        t = datetime(2025, 3, 29, 22, tzinfo=berlin)
        due = sla.ALWAYS.add(t, timedelta(hours=8))
        assert due.tzinfo is berlin
        assert due == datetime(2025, 3, 30, 5, tzinfo=UTC)
