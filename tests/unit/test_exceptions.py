"""The error tree: alternative constructors and what errors carry."""

from __future__ import annotations

from datetime import UTC, datetime

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
