from __future__ import annotations

import pytest

from slacore._intervals import clip, intersect, merge, subtract


class TestMerge:
    @pytest.mark.parametrize(
        ("spans", "expected"),
        [
            ([], []),
            ([(1, 2)], [(1, 2)]),
            ([(5, 6), (1, 2)], [(1, 2), (5, 6)]),
            ([(1, 3), (2, 4)], [(1, 4)]),
            ([(1, 2), (2, 3)], [(1, 3)]),
            ([(1, 10), (2, 3)], [(1, 10)]),
            ([(2, 3), (1, 10)], [(1, 10)]),
            ([(1, 2), (1, 2)], [(1, 2)]),
            ([(1, 1)], []),
            ([(3, 1)], []),
            ([(1, 2), (4, 4), (2, 3)], [(1, 3)]),
            ([(0, 5), (5, 5), (5, 7)], [(0, 7)]),
            ([(-5, -1), (-1, 0), (3, 4)], [(-5, 0), (3, 4)]),
            ([(1, 4), (2, 3), (3, 6), (8, 9)], [(1, 6), (8, 9)]),
        ],
    )
    def test_merge(self, spans, expected):
        """merge sorts, joins overlapping and touching spans, and drops empty ones."""
        assert merge(spans) == expected

    def test_accepts_iterator(self):
        """merge takes any iterable, a generator included."""
        assert merge((s, s + 1) for s in (3, 1, 2)) == [(1, 4)]

    def test_does_not_change_input(self):
        """merge leaves its input list alone."""
        spans = [(3, 4), (1, 2)]
        merge(spans)
        assert spans == [(3, 4), (1, 2)]


class TestIntersect:
    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            ([], [], []),
            ([(1, 5)], [], []),
            ([], [(1, 5)], []),
            ([(1, 5)], [(2, 3)], [(2, 3)]),
            ([(2, 3)], [(1, 5)], [(2, 3)]),
            ([(1, 5)], [(3, 8)], [(3, 5)]),
            ([(1, 5)], [(5, 8)], []),
            ([(1, 5)], [(6, 8)], []),
            ([(1, 5)], [(1, 5)], [(1, 5)]),
            ([(0, 10)], [(1, 2), (3, 4), (5, 6)], [(1, 2), (3, 4), (5, 6)]),
            ([(1, 2), (3, 4), (5, 6)], [(0, 10)], [(1, 2), (3, 4), (5, 6)]),
            ([(0, 4), (6, 10)], [(2, 8)], [(2, 4), (6, 8)]),
            ([(0, 2), (4, 6), (8, 10)], [(1, 5), (7, 9)], [(1, 2), (4, 5), (8, 9)]),
            ([(0, 5)], [(0, 5), (5, 9)], [(0, 5)]),
        ],
    )
    def test_intersect(self, a, b, expected):
        """intersect keeps the parts in both merged lists."""
        assert intersect(a, b) == expected

    def test_symmetric(self):
        """intersect(a, b) == intersect(b, a)."""
        a = [(0, 3), (5, 9), (12, 20)]
        b = [(2, 6), (8, 13), (19, 30)]
        assert intersect(a, b) == intersect(b, a)
        assert intersect(a, b) == [(2, 3), (5, 6), (8, 9), (12, 13), (19, 20)]


class TestSubtract:
    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            ([], [], []),
            ([], [(1, 5)], []),
            ([(1, 5)], [], [(1, 5)]),
            ([(1, 5)], [(2, 3)], [(1, 2), (3, 5)]),
            ([(1, 5)], [(1, 5)], []),
            ([(1, 5)], [(0, 10)], []),
            ([(1, 5)], [(0, 3)], [(3, 5)]),
            ([(1, 5)], [(3, 10)], [(1, 3)]),
            ([(1, 5)], [(5, 10)], [(1, 5)]),
            ([(1, 5)], [(0, 1)], [(1, 5)]),
            ([(1, 10)], [(2, 3), (5, 6), (8, 9)], [(1, 2), (3, 5), (6, 8), (9, 10)]),
            ([(0, 4), (6, 10)], [(2, 8)], [(0, 2), (8, 10)]),
            ([(0, 2), (4, 6), (8, 10)], [(1, 9)], [(0, 1), (9, 10)]),
            ([(0, 2), (4, 6)], [(2, 4)], [(0, 2), (4, 6)]),
            ([(0, 10), (20, 30)], [(5, 25)], [(0, 5), (25, 30)]),
        ],
    )
    def test_subtract(self, a, b, expected):
        """subtract keeps the parts of a outside b."""
        assert subtract(a, b) == expected


class TestClip:
    @pytest.mark.parametrize(
        ("spans", "lo", "hi", "expected"),
        [
            ([], 0, 10, []),
            ([(1, 5)], 0, 10, [(1, 5)]),
            ([(1, 5)], 2, 4, [(2, 4)]),
            ([(1, 5)], 5, 10, []),
            ([(1, 5)], 0, 1, []),
            ([(0, 3), (4, 8), (9, 12)], 2, 10, [(2, 3), (4, 8), (9, 10)]),
            ([(4, 8), (0, 3)], 2, 10, [(4, 8), (2, 3)]),
            ([(1, 5)], 3, 3, []),
        ],
    )
    def test_clip(self, spans, lo, hi, expected):
        """clip cuts spans to [lo, hi), drops empty pieces and keeps the order."""
        assert clip(spans, lo, hi) == expected
