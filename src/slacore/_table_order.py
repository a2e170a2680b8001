# The order of an event table's rows: runs of equal ticket ids, whether the table
# comes grouped by ticket with each ticket's events in time order (then no sort is
# needed), and else the order that sorts events by ticket, then instant. Used by
# `_table_tickets`' reader.

from __future__ import annotations

from typing import Any


def run_heads(np: Any, id_codes: Any) -> Any:
    """Where each run of equal ids begins, if the codes never go down, else None.

    Codes that never go down (`Column.codes` codes a table grouped by ticket in
    order of its runs) put each ticket's rows together, a run each.
    """
    if not len(id_codes):
        return np.zeros(0, dtype=np.int64)
    if not bool((id_codes[1:] >= id_codes[:-1]).all()):
        return None
    heads = np.flatnonzero(id_codes[1:] != id_codes[:-1]) + 1
    return np.concatenate([np.zeros(1, dtype=heads.dtype), heads])


def none_early(np: Any, id_codes: Any, creation_at: Any, at: Any, heads: Any) -> bool:
    """True if surely no row is before its ticket's creation, checked per ticket.

    For a table whose rows come grouped by ticket (*heads*, from `run_heads`,
    not None): each ticket's earliest instant against its creation (at
    *creation_at* of its code, the -1 of a missing id last; the sentinels for
    unknown creations are below any instant). False means look row by row.
    """
    if heads is None:
        return False
    if not len(heads):
        return True
    earliest = np.minimum.reduceat(at, heads)
    return not bool((earliest < creation_at[id_codes[heads]]).any())


def grouped_offsets(np: Any, heads: Any, created_rows: Any, at_us: Any) -> Any:
    """The events' offsets if the table is grouped and in order, else None.

    Grouped: each ticket's rows follow one another, its created row first (the
    ids' runs, *heads* from `run_heads`, begin exactly at created rows),
    tickets coded in that order; in
    order: instants never go back within a ticket. Then no ticket index per
    row is needed: ticket ``i``'s events are the rows between its created row
    and the next, ``created_rows[i] - i`` events before them.
    """
    n = len(created_rows)
    if n == 0 or heads is None or len(heads) != n:
        return None
    if not bool((heads == created_rows).all()):
        return None
    offsets = np.empty(n + 1, dtype=np.int64)
    offsets[:-1] = created_rows - np.arange(n)
    offsets[-1] = len(at_us)
    back = np.flatnonzero(at_us[1:] < at_us[:-1]) + 1  # where an instant goes back
    if len(back):
        starts = np.zeros(len(at_us) + 1, dtype=bool)
        starts[offsets] = True
        if not bool(starts[back].all()):
            return None  # within a ticket: to be sorted
    return offsets


def event_order(np: Any, ticket: Any, at: Any, created_us: Any, n: int) -> Any:
    """The order of events by ticket, then instant, then table order (stable).

    None if they are in that order already.
    """
    if len(ticket) == 0:
        return None
    ordered = ticket[1:] >= ticket[:-1]
    if ordered.all():  # by ticket already: in order unless an instant goes back
        back = at[1:] < at[:-1]
        back &= ticket[1:] == ticket[:-1]
        if not back.any():
            return None
    since = at - created_us[ticket]  # not negative: checked
    room = 62 - max(1, int(n).bit_length())
    if int(since.max()) < (1 << room):  # one int64 key: ticket, then instant
        key = ticket.astype(np.int64) << room  # codes may be int32
        key |= since
        return np.argsort(key, kind="stable")
    return np.lexsort((at, ticket))
