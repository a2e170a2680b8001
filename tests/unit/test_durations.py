"""Durations and spans as text (slacore._durations)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

import slacore as sla
from slacore import format_duration, parse_duration
from slacore._durations import format_span, parse_span


class TestParseDuration:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("4h", timedelta(hours=4)),
            ("30m", timedelta(minutes=30)),
            ("1h30m", timedelta(minutes=90)),
            ("1h 30m", timedelta(minutes=90)),
            ("90s", timedelta(seconds=90)),
            ("2d", timedelta(days=2)),
            ("1w2d", timedelta(days=9)),
            ("1.5h", timedelta(minutes=90)),
            ("1,5h", timedelta(minutes=90)),
            ("0.5s", timedelta(milliseconds=500)),
            ("250ms", timedelta(milliseconds=250)),
            ("1us", timedelta(microseconds=1)),
            ("1µs", timedelta(microseconds=1)),
            ("1d2h3m4s5ms6us", timedelta(1, 7384, 5006)),
            (" 4H ", timedelta(hours=4)),
            ("-4h", timedelta(hours=-4)),
            ("+4h", timedelta(hours=4)),
            ("0", timedelta(0)),
            ("0s", timedelta(0)),
            ("PT4H", timedelta(hours=4)),
            ("pt4h", timedelta(hours=4)),
            ("P1DT2H", timedelta(days=1, hours=2)),
            ("P2W", timedelta(weeks=2)),
            ("P3D", timedelta(days=3)),
            ("PT1H30M15.5S", timedelta(seconds=5415.5)),
            ("PT0,5S", timedelta(milliseconds=500)),
            ("-PT1M", timedelta(minutes=-1)),
        ],
    )
    def test_valid(self, text, expected):
        """Compact and ISO 8601 durations are read exactly."""
        assert parse_duration(text) == expected

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("", ""),
            ("4", ""),
            ("h", ""),
            ("4 hours", ""),
            ("4hours", ""),
            ("1mo", ""),
            ("four hours", ""),
            ("30m1h", "write each unit once, largest first"),
            ("1h1h", "write each unit once, largest first"),
            ("P", ""),
            ("PT", ""),
            ("P1DT", ""),
            ("P1M", "years and months have no fixed length"),
            ("P1Y", "years and months have no fixed length"),
            ("PT4", ""),
            ("1.0000005s", "finer than a microsecond"),
            ("99999999999d", "too long"),
        ],
    )
    def test_invalid(self, text, why):
        """Anything else raises SlaError quoting the text and the reason."""
        detail = f" \\({why}\\)" if why else ""
        with pytest.raises(sla.SlaError, match=rf"^bad duration {text!r}{detail}: "):
            parse_duration(text)

    def test_type(self):
        """A duration must be text."""
        with pytest.raises(TypeError, match="a duration must be a str, got int"):
            parse_duration(4)


class TestFormatDuration:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (timedelta(0), "0s"),
            (timedelta(hours=4), "4h"),
            (timedelta(minutes=90), "1h30m"),
            (timedelta(days=1, hours=2, minutes=30), "1d2h30m"),
            (timedelta(seconds=90.5), "1m30.5s"),
            (timedelta(microseconds=1), "0.000001s"),
            (timedelta(days=7), "7d"),
            (-timedelta(minutes=5), "-5m"),
            (timedelta.max, "999999999d23h59m59.999999s"),
        ],
    )
    def test_format(self, value, expected):
        """The compact form, largest unit first, read back by parse_duration."""
        assert format_duration(value) == expected
        assert parse_duration(expected) == value

    def test_type(self):
        """Only a timedelta is formatted."""
        with pytest.raises(TypeError, match="duration must be a timedelta"):
            format_duration(5)


class TestSpans:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("18 months", relativedelta(months=18)),
            ("1 year", relativedelta(years=1)),
            ("1 year 6 months", relativedelta(years=1, months=6)),
            ("1 year, 6 months", relativedelta(years=1, months=6)),
            ("2 weeks", relativedelta(weeks=2)),
            ("10 days", relativedelta(days=10)),
            ("1 month -1 day", relativedelta(months=1, days=-1)),
            (
                "5 Hours 3 minutes 2 seconds 1 microsecond",
                relativedelta(hours=5, minutes=3, seconds=2, microseconds=1),
            ),
            ("P18M", relativedelta(months=18)),
            ("P1Y", relativedelta(years=1)),
            ("P1Y2M10D", relativedelta(years=1, months=2, days=10)),
            (
                "P1Y2M1W3DT4H5M6S",
                relativedelta(
                    years=1, months=2, days=10, hours=4, minutes=5, seconds=6
                ),
            ),
            ("-P1M", relativedelta(months=-1)),
            ("30d", timedelta(days=30)),
            ("P10D", timedelta(days=10)),
            ("PT4H", timedelta(hours=4)),
            ("PT5M", timedelta(minutes=5)),
        ],
    )
    def test_parse(self, text, expected):
        """Words and ISO periods with years or months are calendar time."""
        found = parse_span(text)
        assert found == expected
        assert type(found) is type(expected)

    @pytest.mark.parametrize(
        "text", ["", "18 monts", "P1.5M", "1 year 1 year", "18", "months", "1 year 2h"]
    )
    def test_invalid(self, text):
        """Anything else is a bad span."""
        with pytest.raises(sla.SlaError, match=rf"^bad span {text!r}"):
            parse_span(text)

    def test_too_long(self):
        """Calendar time that no date can be moved by is a bad span."""
        with pytest.raises(sla.SlaError, match="too long"):
            parse_span("99999 years")

    def test_type(self):
        """A span must be text."""
        with pytest.raises(TypeError, match="a span must be a str, got int"):
            parse_span(18)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (relativedelta(months=18), "1 year 6 months"),
            (relativedelta(years=1), "1 year"),
            (relativedelta(days=1), "1 day"),
            (relativedelta(weeks=2, days=3), "17 days"),
            (relativedelta(months=1, days=-1), "1 month -1 day"),
            (relativedelta(hours=5, microseconds=7), "5 hours 7 microseconds"),
            (relativedelta(), "0 days"),
            (timedelta(days=30), "30d"),
        ],
    )
    def test_format(self, value, expected):
        """A relativedelta is written in words, a timedelta as a duration."""
        assert format_span(value) == expected
        assert parse_span(expected) == value

    @pytest.mark.parametrize(
        "value",
        [relativedelta(day=31), relativedelta(weekday=0), relativedelta(leapdays=1)],
    )
    def test_absolute_fields(self, value):
        """Absolute fields have no written form."""
        with pytest.raises(sla.SlaError, match="absolute fields"):
            format_span(value)


# -- the example files -------------------------------------------------------------


class TestAsciiDigits:
    """Regression (issue 9): one rule for durations in files and CSV: ASCII digits.

    (\u0663\u0660 is Arabic-Indic 30, \uff11 a fullwidth 1.)
    """

    @pytest.mark.parametrize(
        "text",
        [
            "\u0663\u0660m",
            "PT\u0663\u0660M",
            "\uff11h",
            "1h\u0663\u0660m",
            "P\u0663D",
            "1.\u0665h",
        ],
    )
    def test_durations_refuse_other_digits(self, text):
        """Digits of other scripts are not durations, compact or ISO."""
        with pytest.raises(sla.SlaError, match="bad duration"):
            parse_duration(text)

    @pytest.mark.parametrize(
        "text",
        [
            "\u0661\u0668 months",
            "P\u0661\u0668M",
            "\u0663\u0660d",
            "1 year \u0666 months",
        ],
    )
    def test_spans_refuse_other_digits(self, text):
        """Spans take ASCII digits too, in words and in ISO 8601."""
        with pytest.raises(sla.SlaError, match="bad span"):
            parse_span(text)

    def test_ascii_digits_still_read(self):
        """The ASCII spellings of the same values are read."""
        assert parse_duration("30m") == timedelta(minutes=30)
        assert parse_span("18 months") == relativedelta(months=18)

    def test_csv_reader_shares_the_rule(self, tmp_path):
        """The CSV readers refuse the same duration text."""
        path = tmp_path / "contacts.csv"
        path.write_text(
            "at,wait,answered\n2026-01-01T09:00:00Z,\u0663\u0660m,true\n",
            encoding="utf-8",
        )
        with pytest.raises(sla.DataFileError) as info:
            sla.read_contacts(path)
        assert [p.where for p in info.value.problems] == ["wait"]
        path.write_text(
            "at,wait,answered\n2026-01-01T09:00:00Z,30m,true\n", encoding="utf-8"
        )
        assert sla.read_contacts(path)[0].wait == timedelta(minutes=30)
