# Hypothesis strategies for the percentile measures; `slacore.strategies` re-exports
# the public ones and draws these measures in `measures()`. Imported only there.

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final

from hypothesis import strategies as st

from ._metric import Metric
from ._percentile_measures import RecordPercentile, TicketPercentile, WaitPercentile

if TYPE_CHECKING:
    from ._conditions import Condition
    from ._measures import Measure

PERCENTILE_KINDS: Final = ("ticket_percentile", "wait_percentile", "record_percentile")
"""The `kind` of each percentile measure, in the order `measures` shrinks through."""

DURATION_FIELDS: Final = ("duration", "handle_time", "latency")
"""The record fields a drawn `RecordPercentile` reads (each a duration)."""

_COMMON_RANKS: Final = tuple(
    Decimal(p) for p in ("50", "90", "95", "99", "99.9", "0", "100")
)


def percentiles() -> st.SearchStrategy[Decimal]:
    """Percentile ranks from 0 to 100: the usual ones (50, 90, 95, 99, ...) or any.

    Any is a decimal with up to three places. Shrinks toward 50.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(percentiles(), lambda p: True, settings=quiet)
        Decimal('50')
    """
    return st.sampled_from(_COMMON_RANKS) | st.decimals(
        0, 100, places=3, allow_nan=False, allow_infinity=False
    )


def percentile_measure_strategies(
    *,
    services: st.SearchStrategy[str | None],
    policy_names: st.SearchStrategy[str | None],
    priorities: st.SearchStrategy[str],
    wheres: st.SearchStrategy[Condition | None],
) -> dict[str, st.SearchStrategy[Measure]]:
    """The strategy of each percentile measure, by its `kind`.

    Tickets of any metric (some by priority or policy), waits of any or one
    service, records' `DURATION_FIELDS` (some under a condition).
    """
    ranks = percentiles()
    return {
        "ticket_percentile": st.builds(
            TicketPercentile,
            st.sampled_from(Metric),
            ranks,
            st.none() | st.frozensets(priorities, min_size=1),
            policy=policy_names,
        ),
        "wait_percentile": st.builds(WaitPercentile, ranks, service=services),
        "record_percentile": st.builds(
            RecordPercentile, st.sampled_from(DURATION_FIELDS), ranks, where=wheres
        ),
    }
