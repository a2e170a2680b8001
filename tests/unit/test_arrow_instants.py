"""Timestamps read for a whole Arrow column equal `parse_instant`'s, text by text.

`text_instants` reads texts with an offset by arithmetic and leaves every other
text to the rule; for random texts near and far from the ISO form (impossible
dates, hours 24, seconds 60, 7 decimals, offsets out of range or without a colon,
zones in brackets, the ends of the calendar) it gives the instants, the missing
cells and the problems the table reader gives with `parse_instant` alone.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slacore._arrow_instants import text_instants
from slacore._frames import Column
from slacore._table_problems import Problems

pa = pytest.importorskip("pyarrow")


def two(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


@st.composite
def stamps(draw: st.DrawFn) -> str | None:
    """A timestamp's text: mostly well formed, often nearly, sometimes not at all."""
    if draw(st.integers(0, 20)) == 0:
        return draw(st.sampled_from([None, "", "soon", " 2026-10-05T09:00Z"]))
    year = draw(st.sampled_from(["2026", "2024", "0001", "0000", "9999", "1970"]))
    year = draw(st.just(year) | st.integers(0, 9999).map(lambda n: f"{n:04d}"))
    text = f"{year}-{draw(two(0, 13))}-{draw(two(0, 32))}"
    text += draw(st.sampled_from(["T", " ", "t"]))
    text += f"{draw(two(0, 24))}:{draw(two(0, 60))}"
    if draw(st.booleans()):
        text += f":{draw(two(0, 61))}"
        if draw(st.booleans()):
            text += "." + draw(st.text("0123456789", min_size=1, max_size=7))
    sign = draw(st.sampled_from(["+", "-"]))
    offset = draw(
        st.sampled_from(["Z", "", "z"])
        | st.builds(lambda h, m: f"{sign}{h}:{m}", two(0, 25), two(0, 60))
        | st.builds(lambda h, m: f"{sign}{h}{m}", two(0, 23), two(0, 59))
    )
    text += offset
    if draw(st.integers(0, 10)) == 0:
        text += "[Europe/Berlin]"
    return text


def both(texts: list[str | None], tz: ZoneInfo | None) -> tuple[object, object]:
    array = pa.array(texts, pa.string())
    ref_problems, problems = Problems("t"), Problems("t")
    found = Column("at", pa.chunked_array([array])).instants(ref_problems, tz)
    assert found is not None
    us, missing = text_instants(array, "at", tz, problems)
    ref_us, ref_missing = found
    ref = (
        [None if m else int(u) for u, m in zip(ref_us, ref_missing, strict=True)],
        str(ref_problems.error()) if ref_problems else None,
    )
    fast = (
        [None if m else int(u) for u, m in zip(us, missing, strict=True)],
        str(problems.error()) if problems else None,
    )
    return ref, fast


@settings(max_examples=300, deadline=None)
@given(
    st.lists(stamps(), max_size=12),
    st.sampled_from([None, ZoneInfo("Europe/Berlin"), ZoneInfo("UTC")]),
)
def test_the_same_as_the_rule(texts: list[str | None], tz: ZoneInfo | None) -> None:
    ref, fast = both(texts, tz)
    assert fast == ref


def test_well_formed_texts_are_read() -> None:
    texts = [
        "2026-10-05T09:12:00+02:00",
        "2026-10-05 07:12Z",
        "2026-10-05T07:12:00.5Z",
        "2024-02-29T23:59:59.999999-05:30",
        None,
        "",
    ]
    ref, fast = both(texts, None)
    assert fast == ref
    assert ref[1] is None
    assert ref[0][:2] == [1_791_184_320_000_000] * 2  # type: ignore[index]


def test_refused_texts_are_problems_of_their_rows() -> None:
    texts = ["2026-02-30T10:00Z", "2026-10-05T09:00Z", "2026-10-05T24:00Z"]
    ref, fast = both(texts, None)
    assert fast == ref
    assert "row 0: at: not a valid date and time" in str(ref[1])


@pytest.mark.parametrize(
    "kind", ["string", "large_string", "dictionary", "sliced", "chunked"]
)
def test_every_kind_of_arrow_text(kind: str) -> None:
    texts = [
        "x",
        "2026-10-05T09:12:00+02:00",
        None,
        "2026-10-05 09:12",
        "2026-10-05T07:12Z",
    ]
    array = pa.array(texts, pa.large_string() if kind == "large_string" else None)
    if kind == "dictionary":
        array = array.dictionary_encode()
    column = array
    if kind == "sliced":
        column = pa.array(["pad", *texts]).slice(1)
    if kind == "chunked":
        column = pa.chunked_array([texts[:2], texts[2:]])
    problems = Problems("t")
    us, missing = text_instants(column, "at", ZoneInfo("UTC"), problems)
    assert missing.tolist() == [True, False, True, False, False]
    assert us[[1, 3, 4]].tolist() == [
        1_791_184_320_000_000,
        1_791_191_520_000_000,
        1_791_184_320_000_000,
    ]
    assert "row 0: at: not a timestamp" in str(problems.error())
