# Partials of distributions, for tallies: the multiset of durations a percentile
# reads (each distinct value once, with its count), and the least and greatest of
# the amounts a volume's min and max read. Each adds with `+`, associative and
# commutative, into the partial of the data put together.

from __future__ import annotations

import bisect
import itertools
import operator
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, final, overload

import attrs

from ._percentile import percentile_of_sorted
from .exceptions import TallyError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from decimal import Decimal


def _to_ints(values: Iterable[Any]) -> tuple[int, ...]:
    # operator.index turns numpy integers into Python ints: a partial pickles small
    # and needs no numpy to read.
    return tuple(operator.index(value) for value in values)


@final
class _Expanded(Sequence[int]):
    """The values of a `DurationCounts`, each repeated by its count, sorted.

    A view: indexing bisects the running counts, so no list of every value is
    built.
    """

    __slots__ = ("_ends", "_values")

    def __init__(self, values: tuple[int, ...], counts: tuple[int, ...]) -> None:
        self._values = values
        self._ends = tuple(itertools.accumulate(counts))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            msg = "index out of range"
            raise IndexError(msg)
        return self._values[bisect.bisect_right(self._ends, index)]

    def __iter__(self) -> Iterator[int]:
        for value, count in zip(self._values, _counts(self._ends), strict=True):
            yield from itertools.repeat(value, count)


def _counts(ends: tuple[int, ...]) -> Iterator[int]:
    return map(operator.sub, ends, (0, *ends[:-1]))


@final
@attrs.frozen
class DurationCounts:
    """A multiset of durations in integer microseconds: the partial of a percentile.

    Each distinct value once, ascending, with how many times it occurs. Its size
    is two tuples of *k* integers, *k* the number of distinct values: at most the
    number of values, and far fewer when values repeat (durations whole in
    seconds or minutes). Adding two is a merge of sorted lists, O(k1 + k2); the
    sum depends only on the multiset, so `+` is associative and commutative.

    Attributes:
        values: The distinct values, ascending.
        counts: How many times each occurs (each at least 1).

    Raises:
        TallyError: If `values` are not strictly ascending, a count is below 1,
            or the two tuples differ in length.

    Examples:
        >>> from decimal import Decimal
        >>> a = DurationCounts.of([30, 10, 30])
        >>> a
        DurationCounts(values=(10, 30), counts=(1, 2))
        >>> total = a + DurationCounts.of([20, 10])
        >>> total.values, total.counts, total.size
        ((10, 20, 30), (2, 1, 2), 5)
        >>> total.percentile(Decimal(60))  # rank ceil(0.6 * 5) = 3 of 10 10 20 30 30
        20
    """

    values: tuple[int, ...] = attrs.field(default=(), converter=_to_ints)
    counts: tuple[int, ...] = attrs.field(default=(), converter=_to_ints)

    def __attrs_post_init__(self) -> None:
        values, counts = self.values, self.counts
        if len(values) != len(counts):
            msg = f"a duration multiset needs one count per value, got {self!r}"
            raise TallyError(msg, field="parts")
        ascending = all(a < b for a, b in itertools.pairwise(values))
        if not ascending or any(count < 1 for count in counts):
            msg = (
                "a duration multiset needs ascending distinct values with counts of "
                f"at least 1, got {self!r}"
            )
            raise TallyError(msg, field="parts")

    @classmethod
    def of(cls, values: Iterable[int]) -> DurationCounts:
        """The multiset of `values` (integer microseconds, in any order)."""
        found = sorted(Counter(values).items())
        return cls(
            tuple(value for value, _ in found), tuple(count for _, count in found)
        )

    @classmethod
    def of_array(cls, np: Any, values: Any) -> DurationCounts:
        """The multiset of a numpy integer array (µs), counted column-wise."""
        distinct, counts = np.unique(values, return_counts=True)
        return cls(distinct.tolist(), counts.tolist())

    @property
    def size(self) -> int:
        """How many values the multiset holds, repeats counted."""
        return sum(self.counts)

    def sorted_values(self) -> Sequence[int]:
        """Every value, repeats included, ascending (a view, not a list)."""
        return _Expanded(self.values, self.counts)

    def percentile(self, p: Decimal) -> int:
        """The nearest-rank `p`-th percentile (`percentile_of_sorted`'s rule).

        Raises:
            SlaError: If the multiset is empty.
        """
        return percentile_of_sorted(self.sorted_values(), p)

    def count_where(self, keep: Callable[[int], bool]) -> int:
        """How many values `keep` holds for, `keep` being monotone in the value.

        A predicate such as "meets an ``at_most`` goal" holds for a prefix or a
        suffix of the ascending values, so a binary search asks it O(log k)
        times.
        """
        values = self.values
        if not values:
            return 0
        ends = tuple(itertools.accumulate(self.counts))
        first, last = keep(values[0]), keep(values[-1])
        if first == last:
            return ends[-1] if first else 0
        lo, hi = 0, len(values) - 1  # keep(values[lo]) == first != keep(values[hi])
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if keep(values[mid]) == first:
                lo = mid
            else:
                hi = mid
        return ends[lo] if first else ends[-1] - ends[lo]

    def __add__(self, other: object) -> DurationCounts:
        if not isinstance(other, DurationCounts):
            return NotImplemented
        merged: dict[int, int] = dict(zip(self.values, self.counts, strict=True))
        for value, count in zip(other.values, other.counts, strict=True):
            merged[value] = merged.get(value, 0) + count
        found = sorted(merged.items())
        return DurationCounts(
            tuple(value for value, _ in found), tuple(count for _, count in found)
        )


def _representation(value: Decimal) -> tuple[Decimal, tuple[Any, ...]]:
    # Numerically equal decimals may be written apart ("1.5", "1.50", "-0", "0"):
    # ties go by the digits as written, so the least and greatest are one
    # representation whatever order the values came in.
    return value, tuple(value.as_tuple())


def _least(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return b if a is None else a
    return min(a, b, key=_representation)


def _greatest(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return b if a is None else a
    return max(a, b, key=_representation)


@final
@attrs.frozen
class Extremes:
    """How many amounts there were, and the least and the greatest: a partial.

    Of constant size. Numerically equal amounts written apart (``1.5`` and
    ``1.50``) are ordered by their digits as written, so the sum of partials is
    one value whatever the order.

    Attributes:
        count: How many amounts.
        low: The least, or None when there were none.
        high: The greatest, or None when there were none.

    Examples:
        >>> from decimal import Decimal
        >>> total = Extremes.of([Decimal(3), Decimal(-1)]) + Extremes.of([Decimal(7)])
        >>> total
        Extremes(count=3, low=Decimal('-1'), high=Decimal('7'))
    """

    count: int = 0
    low: Decimal | None = None
    high: Decimal | None = None

    @classmethod
    def of(cls, values: Iterable[Decimal]) -> Extremes:
        """The count, least and greatest of `values`."""
        count, low, high = 0, None, None
        for value in values:
            count += 1
            low, high = _least(low, value), _greatest(high, value)
        return cls(count, low, high)

    def __add__(self, other: object) -> Extremes:
        if not isinstance(other, Extremes):
            return NotImplemented
        return Extremes(
            self.count + other.count,
            _least(self.low, other.low),
            _greatest(self.high, other.high),
        )
