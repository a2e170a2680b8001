from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: A half-open span ``[start, end)`` of integer microseconds.
Span: TypeAlias = tuple[int, int]


def merge(spans: Iterable[Span]) -> list[Span]:
    """Union of spans: sorted, disjoint, touching spans joined, empty spans dropped."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Intersection of two merged span lists."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The parts of merged spans *a* outside merged spans *b*."""
    out: list[Span] = []
    j = 0
    for start, end in a:
        cur = start
        while j < len(b) and b[j][1] <= cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cur:
                out.append((cur, b[k][0]))
            cur = max(cur, b[k][1])
            if cur >= end:
                break
            k += 1
        if cur < end:
            out.append((cur, end))
    return out


def clip(spans: Iterable[Span], lo: int, hi: int) -> list[Span]:
    """Spans cut to ``[lo, hi)``, empty pieces dropped (order kept)."""
    out: list[Span] = []
    for start, end in spans:
        s, e = max(start, lo), min(end, hi)
        if s < e:
            out.append((s, e))
    return out
