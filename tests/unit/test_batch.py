from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from slacore import (
    ALWAYS,
    BusinessCalendar,
    CalendarError,
    NaiveDatetimeError,
    NeverOpenError,
    SlaError,
)

BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)
OFFICE = BusinessCalendar("mon-fri 09:00-17:00", tz="UTC")
FRI_16 = datetime(2025, 6, 6, 16, tzinfo=UTC)
MON_10 = datetime(2025, 6, 9, 10, tzinfo=UTC)


def dt64(*values: str) -> np.ndarray:
    """A datetime64[us] array from ISO strings ('NaT' allowed)."""
    return np.array(values, dtype="datetime64[us]")


def td64(*hours: int | str) -> np.ndarray:
    """A timedelta64[h] array ('NaT' allowed)."""
    return np.array(hours, dtype="timedelta64[h]")


class TestAddManyLists:
    def test_pairs(self):
        """Each start gets its own duration."""
        result = OFFICE.add_many([FRI_16, FRI_16], [H, 2 * H])
        assert result == [datetime(2025, 6, 6, 17, tzinfo=UTC), MON_10]

    def test_single_timedelta_broadcast(self):
        """One timedelta applies to every start."""
        result = OFFICE.add_many([FRI_16, MON_10], 2 * H)
        assert result == [MON_10, datetime(2025, 6, 9, 12, tzinfo=UTC)]

    def test_negative_durations(self):
        """Negative durations go back, as in add."""
        assert OFFICE.add_many([MON_10], [-2 * H]) == [FRI_16]

    def test_same_as_add(self):
        """add_many equals add element by element, tzinfo included."""
        starts = [FRI_16.astimezone(BERLIN), MON_10, FRI_16]
        durations = [timedelta(0), 3 * H, -H]
        result = OFFICE.add_many(starts, durations)
        assert result == [
            OFFICE.add(t, d) for t, d in zip(starts, durations, strict=True)
        ]
        assert [r.tzinfo for r in result] == [BERLIN, UTC, UTC]

    def test_empty(self):
        """No starts give an empty list."""
        assert OFFICE.add_many([], H) == []

    def test_generator_input(self):
        """Starts may be any iterable."""
        assert OFFICE.add_many((t for t in [FRI_16]), [H]) == [FRI_16 + H]

    def test_length_mismatch(self):
        """Two sequences of different length raise SlaError."""
        with pytest.raises(
            SlaError,
            match=r"^add_many needs as many durations as starts: "
            r"got 2 starts and 1 durations$",
        ):
            OFFICE.add_many([FRI_16, FRI_16], [H])

    def test_naive_element(self):
        """A naive start raises NaiveDatetimeError naming its index."""
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^starts\[1\] must be timezone-aware, got naive 2025-01-01T00:00:00",
        ) as info:
            OFFICE.add_many([FRI_16, datetime(2025, 1, 1)], H)
        assert info.value.name == "starts[1]"

    def test_wrong_element_type(self):
        """A start that is not a datetime raises TypeError naming its index."""
        with pytest.raises(
            TypeError, match=r"^starts\[1\] must be a datetime, got str$"
        ):
            OFFICE.add_many([FRI_16, "2025-01-01"], H)

    def test_never_open(self):
        """A never-open calendar raises NeverOpenError from add_many too."""
        with pytest.raises(
            NeverOpenError, match=r"^item 0: the calendar is never open after"
        ):
            BusinessCalendar("", tz="UTC").add_many([FRI_16], H)


class TestBetweenManyLists:
    def test_pairs(self):
        """Each pair gets its own between, negative when reversed."""
        assert OFFICE.between_many([FRI_16, MON_10], [MON_10, FRI_16]) == [
            2 * H,
            -2 * H,
        ]

    def test_empty(self):
        """No pairs give an empty list."""
        assert OFFICE.between_many([], []) == []

    def test_length_mismatch(self):
        """Two sequences of different length raise SlaError."""
        with pytest.raises(
            SlaError,
            match=r"^between_many needs as many ends as starts: "
            r"got 1 starts and 2 ends$",
        ):
            OFFICE.between_many([FRI_16], [MON_10, MON_10])

    @pytest.mark.parametrize(
        ("starts", "ends", "name"),
        [
            ([FRI_16, datetime(2025, 1, 1)], [MON_10, MON_10], "starts[1]"),
            ([FRI_16], [datetime(2025, 1, 1)], "ends[0]"),
        ],
    )
    def test_naive_element(self, starts, ends, name):
        """A naive start or end raises NaiveDatetimeError naming it and its index."""
        escaped = name.replace("[", r"\[").replace("]", r"\]")
        with pytest.raises(
            NaiveDatetimeError, match=rf"^{escaped} must be timezone-aware"
        ) as info:
            OFFICE.between_many(starts, ends)
        assert info.value.name == name


class TestAddManyArrays:
    def test_datetime64_read_as_utc(self):
        """datetime64 values are UTC; the result is datetime64[us] UTC."""
        result = OFFICE.add_many(dt64("2025-06-06T16:00"), np.timedelta64(2, "h"))
        assert result.dtype == np.dtype("datetime64[us]")
        assert result.tolist() == [datetime(2025, 6, 9, 10)]

    def test_zone_of_calendar_applies(self):
        """The array is UTC but the hours are Berlin's: 14:00Z Friday is 16:00 CEST."""
        cal = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
        result = cal.add_many(dt64("2025-06-06T14:00"), np.timedelta64(2, "h"))
        assert result.tolist() == [datetime(2025, 6, 9, 8)]

    def test_duration_array(self):
        """A timedelta64 array pairs with the starts, negatives going back."""
        starts = dt64("2025-06-06T16:00", "2025-06-06T16:00", "2025-06-09T10:00")
        result = OFFICE.add_many(starts, td64(1, 2, -26))
        # Mon 10:00 - 26h: Mon 1h, Fri/Thu/Wed 24h, Tue 1h -> Tue 16:00.
        assert result.tolist() == [
            datetime(2025, 6, 6, 17),
            datetime(2025, 6, 9, 10),
            datetime(2025, 6, 3, 16),
        ]

    def test_negative_lands_on_opening(self):
        """A negative duration that runs out at an opening time returns the opening."""
        result = OFFICE.add_many(dt64("2025-06-09T10:00"), td64(-1))
        assert result.tolist() == [datetime(2025, 6, 9, 9)]

    def test_due_at_closing_time(self):
        """A duration that runs out at closing time is due at closing time."""
        result = OFFICE.add_many(dt64("2025-06-06T16:00"), td64(1))
        assert result.tolist() == [datetime(2025, 6, 6, 17)]

    def test_nat_in_nat_out(self):
        """NaT in a start or a duration gives NaT; the rest are computed."""
        starts = dt64("2025-06-06T16:00", "NaT", "2025-06-06T16:00")
        result = OFFICE.add_many(starts, td64(2, 2, "NaT"))
        assert result.tolist() == [datetime(2025, 6, 9, 10), None, None]
        assert np.isnat(result).tolist() == [False, True, True]

    def test_zero_duration(self):
        """A zero duration returns the start, even when closed."""
        result = OFFICE.add_many(dt64("2025-06-07T12:00"), np.timedelta64(0, "h"))
        assert result.tolist() == [datetime(2025, 6, 7, 12)]

    def test_other_units(self):
        """datetime64[ns] and timedelta64[m] are converted to microseconds."""
        starts = np.array(["2025-06-06T16:00"], dtype="datetime64[ns]")
        result = OFFICE.add_many(starts, np.array([120], dtype="timedelta64[m]"))
        assert result.dtype == np.dtype("datetime64[us]")
        assert result.tolist() == [datetime(2025, 6, 9, 10)]

    def test_microseconds(self):
        """The array path is exact to the microsecond."""
        starts = dt64("2025-06-06T16:59:59.999999")
        result = OFFICE.add_many(starts, np.array([2], dtype="timedelta64[us]"))
        assert result.tolist() == [datetime(2025, 6, 9, 9, 0, 0, 1)]

    def test_far_apart_starts(self):
        """Starts years apart are answered like add, one by one."""
        starts = dt64("2025-06-06T16:00", "2031-01-03T16:00")
        result = OFFICE.add_many(starts, td64(2, 2))
        # 2031-01-03 is a Friday.
        assert result.tolist() == [datetime(2025, 6, 9, 10), datetime(2031, 1, 6, 10)]

    def test_empty(self):
        """An empty array gives an empty datetime64[us] array."""
        result = OFFICE.add_many(dt64(), np.timedelta64(1, "h"))
        assert result.dtype == np.dtype("datetime64[us]")
        assert result.shape == (0,)

    def test_matches_scalar_add(self):
        """The array path equals add on each element."""
        cal = BusinessCalendar(
            "mon-fri 09:00-17:00", tz="Europe/Berlin"
        ) | BusinessCalendar("sat 10:00-12:00", tz="America/New_York")
        starts = [datetime(2025, 3, 28, 15, tzinfo=UTC) + k * 7 * H for k in range(12)]
        durations = [(k - 5) * 3 * H for k in range(12)]
        expected = [
            cal.add(t, d).replace(tzinfo=None)
            for t, d in zip(starts, durations, strict=True)
        ]
        arr = np.array([t.replace(tzinfo=None) for t in starts], dtype="datetime64[us]")
        result = cal.add_many(arr, np.array(durations, dtype="timedelta64[us]"))
        assert result.tolist() == expected

    def test_object_array_of_aware_datetimes(self):
        """An object array of aware datetimes is read by instant."""
        starts = np.array([FRI_16.astimezone(BERLIN)], dtype=object)
        result = OFFICE.add_many(starts, np.timedelta64(2, "h"))
        assert result.tolist() == [datetime(2025, 6, 9, 10)]

    def test_naive_element_in_object_array(self):
        """A naive datetime inside an object array raises, naming its index."""
        starts = np.array([FRI_16, datetime(2025, 1, 1)], dtype=object)
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^starts\[1\] must be timezone-aware, got naive 2025-01-01T00:00:00",
        ) as info:
            OFFICE.add_many(starts, np.timedelta64(1, "h"))
        assert info.value.name == "starts[1]"

    def test_length_mismatch(self):
        """Arrays of different length raise SlaError."""
        with pytest.raises(SlaError, match=r"^add_many.*\b3\b.*\b2\b"):
            OFFICE.add_many(dt64("2025-06-06", "2025-06-07", "2025-06-08"), td64(1, 2))

    def test_wrong_dtype(self):
        """An integer array is not taken for datetimes."""
        with pytest.raises(
            TypeError,
            match=r"^starts must be numpy datetime64\[us\] values, got dtype int64$",
        ):
            OFFICE.add_many(np.array([1, 2], dtype=np.int64), np.timedelta64(1, "h"))

    def test_never_open(self):
        """A never-open calendar raises NeverOpenError from the array path too."""
        with pytest.raises(
            NeverOpenError,
            match=r"^the calendar is never open after 2025-06-06T16:00:00\+00:00$",
        ):
            BusinessCalendar("", tz="UTC").add_many(dt64("2025-06-06T16:00"), td64(1))

    def test_past_year_9999(self):
        """A result past the year 9999 raises CalendarError from the array path too."""
        with pytest.raises(CalendarError, match=r"runs past the year 9999"):
            ALWAYS.add_many(dt64("9999-12-01"), np.timedelta64(100, "D"))


class TestBetweenManyArrays:
    def test_pairs(self):
        """Each pair gets its between, as timedelta64[us], negative when reversed."""
        starts = dt64("2025-06-06T16:00", "2025-06-09T10:00")
        ends = dt64("2025-06-09T10:00", "2025-06-06T16:00")
        result = OFFICE.between_many(starts, ends)
        assert result.dtype == np.dtype("timedelta64[us]")
        assert result.tolist() == [2 * H, -2 * H]

    def test_nat_in_nat_out(self):
        """NaT in either array gives NaT."""
        starts = dt64("2025-06-06T16:00", "NaT", "2025-06-06T16:00")
        ends = dt64("2025-06-09T10:00", "2025-06-09T10:00", "NaT")
        result = OFFICE.between_many(starts, ends)
        assert result.tolist() == [2 * H, None, None]

    def test_matches_scalar_between(self):
        """The array path equals between on each pair, across DST."""
        cal = BusinessCalendar("mon-fri 09:00-17:00", tz="Europe/Berlin")
        starts = [datetime(2025, 3, 20, tzinfo=UTC) + k * 13 * H for k in range(10)]
        ends = [datetime(2025, 4, 2, tzinfo=UTC) - k * 29 * H for k in range(10)]
        expected = [cal.between(a, b) for a, b in zip(starts, ends, strict=True)]
        result = cal.between_many(
            np.array([t.replace(tzinfo=None) for t in starts], dtype="datetime64[us]"),
            np.array([t.replace(tzinfo=None) for t in ends], dtype="datetime64[us]"),
        )
        assert result.tolist() == expected

    def test_empty(self):
        """Empty arrays give an empty timedelta64[us] array."""
        result = OFFICE.between_many(dt64(), dt64())
        assert result.dtype == np.dtype("timedelta64[us]")
        assert result.shape == (0,)

    def test_length_mismatch(self):
        """Arrays of different length raise SlaError."""
        with pytest.raises(SlaError, match=r"^between_many.*\b3\b.*\b2\b"):
            OFFICE.between_many(
                dt64("2025-06-06", "2025-06-07", "2025-06-08"),
                dt64("2025-06-06", "2025-06-07"),
            )
