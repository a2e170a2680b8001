# The SLA clocks of a helpdesk ticket, and the statuses that solve one: shared by
# the object path (`_policy`) and the columnar engine (`_table_measure`).

from __future__ import annotations

import enum
from typing import Final, final

SOLVED: Final = frozenset({"solved", "closed"})
"""The statuses a ticket is solved in: entering one stops resolution."""


@final
class Metric(enum.Enum):
    """The SLA clocks of a helpdesk ticket.

    Examples:
        >>> Metric("first_response")
        <Metric.FIRST_RESPONSE: 'first_response'>
    """

    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    PERIODIC_UPDATE = "periodic_update"
    RESOLUTION = "resolution"
