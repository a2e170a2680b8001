"""The error tree: alternative constructors and what errors carry."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest

import slacore as sla

MON = datetime(2025, 6, 2, 9, tzinfo=UTC)


class TestNaiveDatetimeError:
    def test_of(self):
        """`NaiveDatetimeError.of` writes the message and keeps name and value."""
        naive = datetime(2025, 6, 2, 9)
        error = sla.NaiveDatetimeError.of("starts[3]", naive)
        assert (
            str(error)
            == "starts[3] must be timezone-aware, got naive 2025-06-02T09:00:00"
        )
        assert (error.name, error.value) == ("starts[3]", naive)


class TestPickling:
    @pytest.mark.parametrize(
        "error",
        [
            sla.SlaError("plain"),
            sla.CalendarError("bad day", day="mon", field="hours"),
            sla.NaiveDatetimeError.of("now", datetime(2026, 1, 1)),
            sla.DataError("scores[2] is 11", field="score", index=2),
            sla.TableError.of_problems(
                "tickets", [sla.TableProblem("at", "missing", row=3, found="''")]
            ),
            sla.AgreementFileError.of_problems(
                "a.toml", [sla.FileProblem("name", "missing", line=2)]
            ),
        ],
        ids=lambda error: type(error).__name__,
    )
    def test_an_error_pickles_whole(self, error):
        """An error crosses process boundaries (cluster workers) with its attributes."""
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.args == error.args
        assert vars(copy) == vars(error)
