"""slacore.dask on a real LocalCluster of two worker processes, against one machine."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

pytest.importorskip("dask.dataframe", reason="needs the dask extra (slacore[dask])")
pytest.importorskip("distributed", reason="needs the dask extra (slacore[dask])")

import dask
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster
from tests.cluster import workload as w

import slacore as sla
import slacore.dask
from slacore import _cluster_ship, _engine

needs_tally = pytest.mark.skipif(
    not w.has_tally(), reason="needs Agreement.tally (the tally branch, #11)"
)


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        scheduler_port=0,
    )
    with cluster, Client(cluster) as found:
        files = set(found.run(lambda: sla.__file__).values())
        assert files == {sla.__file__}, "the workers import another slacore"
        yield found


def frame(table, npartitions=4):
    return dd.from_pandas(table, npartitions=npartitions)


@pytest.mark.usefixtures("client")
def test_measure_equals_measure_table():
    one = sla.measure_table(w.policies(), w.events(), now=w.now())
    clocks = slacore.dask.measure(w.policies(), frame(w.events()), now=w.now())
    assert list(clocks.columns) == list(one.columns)
    found = clocks.compute()
    pd.testing.assert_frame_equal(w.clock_rows(found), w.clock_rows(one))
    for name in ("policy", "metric", "priority", "state"):  # the same categories
        assert clocks[name].dtype == found[name].dtype == one[name].dtype, name
        assert found[name].cat.categories.tolist() == (
            one[name].cat.categories.tolist()
        )


@pytest.mark.usefixtures("client")
def test_a_frame_indexed_by_ticket_is_measured_without_a_shuffle():
    indexed = frame(w.events()).set_index("ticket_id")
    assert indexed.known_divisions
    clocks = slacore.dask.measure(w.policies(), indexed, now=w.now())
    assert clocks.npartitions == indexed.npartitions
    one = sla.measure_table(w.policies(), w.events(), now=w.now())
    pd.testing.assert_frame_equal(w.clock_rows(clocks.compute()), w.clock_rows(one))


@pytest.mark.usefixtures("client")
def test_events_at_one_instant_keep_their_order_through_the_shuffle():
    # A reply and a status change at the same instant: their order decides the
    # clocks, and the shuffle must not swap them.
    table = w.same_instant_events()
    one = sla.measure_table(w.policies(), table, now=w.now())
    found = slacore.dask.measure(w.policies(), frame(table, 7), now=w.now())
    pd.testing.assert_frame_equal(w.clock_rows(found.compute()), w.clock_rows(one))


def test_definitions_are_unpickled_once_per_worker_and_compiled_once(client):
    shipped = slacore.dask.measure(w.policies(), frame(w.events()), now=w.now())
    shipped.compute()
    before = client.run(_cluster_ship.loads_so_far)
    engines = client.run(lambda: len(_engine._LIVE))
    shipped.compute()
    assert client.run(_cluster_ship.loads_so_far) == before
    assert client.run(lambda: len(_engine._LIVE)) == engines


@pytest.mark.usefixtures("client")
def test_a_split_ticket_without_the_shuffle_is_a_data_error_naming_the_partition():
    split = frame(w.events(), 3)  # from_pandas cuts by rows: tickets span parts
    clocks = slacore.dask.measure(w.policies(), split, now=w.now(), shuffle=False)
    with pytest.raises(sla.TableError, match=r"^tickets partition (1|2): ") as info:
        clocks.compute()
    assert info.value.partition in (1, 2)
    assert "the ticket has no created row" in str(info.value)
    assert info.value.problems[0].column == "ticket_id"


def files_frame(files):
    """One partition per table, in order, as Dask reads one file per partition."""
    return dd.concat([dd.from_pandas(f, npartitions=1, sort=False) for f in files])


def _measured(frame, **options):
    return slacore.dask.measure(w.policies(), frame, now=w.now(), **options)


def _tallied(frame, **options):
    return slacore.dask.tally(
        w.agreement(), w.START, w.END, now=w.now(), tickets=frame, **options
    )


def _reported(frame, **options):
    return slacore.dask.evaluate_range(
        w.agreement(), w.START, w.END, now=w.now(), tickets=frame, **options
    )


@pytest.mark.usefixtures("client")
@pytest.mark.parametrize(
    "run",
    [
        _measured,
        pytest.param(_tallied, marks=needs_tally),
        pytest.param(_reported, marks=needs_tally),
    ],
)
def test_a_ticket_created_in_two_partitions_is_refused_on_the_driver(run):
    # An export file read twice: its tickets' created rows are in partitions 1 and
    # 3, each whole there, so no partition fails on its own.
    files = w.exported_twice()
    with pytest.raises(sla.TableError) as info:
        run(files_frame(files), shuffle=False)
    one = w.one_machine_error(files)
    assert w.named_tickets(info.value) == w.named_tickets(one)
    assert str(info.value).startswith(
        "tickets partitions 1 and 3: tickets table: 11 problems\n"
        "  partition 3, row 0: kind: the ticket has a second created row "
        "(found 'T-200' (its first created row is partition 1, row 0))\n"
    )
    assert (info.value.partition, info.value.partitions) == (3, (1, 3))


@needs_tally
@pytest.mark.usefixtures("client")
def test_a_split_ticket_with_its_created_row_copied_is_refused():
    files, ticket = w.created_copied()
    with pytest.raises(sla.TableError, match=r"^tickets partitions 0 and 2: ") as info:
        _tallied(files_frame(files), shuffle=False)
    assert info.value.problems[0].found.startswith(f"{ticket!r} (its first created")
    assert w.named_tickets(info.value) == w.named_tickets(w.one_machine_error(files))


@needs_tally
@pytest.mark.usefixtures("client")
def test_with_the_shuffle_a_ticket_created_twice_meets_its_twin():
    with pytest.raises(
        sla.TableError, match="the ticket has a second created row"
    ) as info:
        _tallied(files_frame(w.exported_twice()))
    w.assert_twins_named_in_the_input(info.value)


@needs_tally
@pytest.mark.usefixtures("client")
def test_whole_ticket_partitions_without_the_shuffle_equal_one_machine():
    files = w.export_files()
    reports = _reported(files_frame(files), shuffle=False)
    one = w.agreement().evaluate_range(
        sla.Dataset(tickets=w.events(600)), w.START, w.END, now=w.now()
    )
    assert reports == one


@pytest.mark.usefixtures("client")
def test_a_bad_row_is_named_where_it_was_in_the_input():
    bad = w.events().copy()
    bad.loc[5, "kind"] = "escalated"
    clocks = slacore.dask.measure(w.policies(), frame(bad), now=w.now())
    with pytest.raises(sla.TableError) as info:
        clocks.compute()
    assert "input partition 0, row 5: kind: unknown kind" in str(info.value)
    assert str(info.value).startswith(f"tickets partition {info.value.partition} ")
    assert info.value.problems[0].column == "kind"


def test_wrong_columns_are_refused_at_once():
    events = frame(w.events().drop(columns=["value"]))
    with pytest.raises(sla.TableError, match="value: missing required column"):
        slacore.dask.measure(w.policies(), events, now=w.now())


def test_a_naive_now_is_refused():
    with pytest.raises(sla.NaiveDatetimeError):
        slacore.dask.measure(
            w.policies(), frame(w.events()), now=w.now().replace(tzinfo=None)
        )


@needs_tally
@pytest.mark.usefixtures("client")
def test_reports_equal_one_machines():
    parts = {name: frame(table, 3) for name, table in w.others().items()}
    reports = slacore.dask.evaluate_range(
        w.agreement(), w.START, w.END, now=w.now(), tickets=frame(w.events()), **parts
    )
    expected = w.one_machine_reports()
    assert reports == expected
    for mine, theirs in zip(reports, expected, strict=True):
        assert mine.breaches == theirs.breaches
        assert mine.to_dict() == theirs.to_dict()


@needs_tally
@pytest.mark.usefixtures("client")
def test_tally_mixes_dask_frames_and_local_tables():
    others = w.others()
    total = slacore.dask.tally(
        w.agreement(),
        w.START,
        w.END,
        now=w.now(),
        tickets=frame(w.events()),
        outages=others["outages"],
        contacts=frame(others["contacts"], 2),
        responses=others["responses"],
        records=frame(others["records"], 5),
    )
    assert len(pickle.dumps(total)) < 50_000
    no_breaches = [
        report.to_dict() | {"breaches": ()} for report in w.one_machine_reports()
    ]
    assert [
        r.to_dict() | {"breaches": ()} for r in w.agreement().report(total)
    ] == no_breaches


@needs_tally
@pytest.mark.usefixtures("client")
def test_a_bad_partition_fails_the_tally_on_the_driver():
    bad = w.events().copy()
    bad.loc[3, "at"] = bad.loc[0, "at"] - pd.Timedelta(days=400)
    with pytest.raises(sla.TableError) as info:
        slacore.dask.tally(
            w.agreement(), w.START, w.END, now=w.now(), tickets=frame(bad)
        )
    assert "input partition 0, row 3: at: before its ticket was created" in str(
        info.value
    )


@needs_tally
def test_tally_on_the_synchronous_scheduler():
    # The tasks shuffle: a P2P shuffle needs the distributed scheduler.
    with dask.config.set({"scheduler": "sync", "dataframe.shuffle.method": "tasks"}):
        total = slacore.dask.tally(
            w.agreement(),
            w.START,
            w.END,
            now=w.now(),
            tickets=frame(w.events(500), 3),
            breaches=True,
        )
    one = w.agreement().evaluate_range(
        sla.Dataset(tickets=w.events(500)), w.START, w.END, now=w.now()
    )
    assert w.agreement().report(total) == one


def test_importing_without_dask_names_the_extra():
    code = (
        "import sys; sys.modules['dask.dataframe'] = None\n"
        "try:\n    import slacore.dask\n"
        "except ImportError as error:\n    print(error)\n"
    )
    found = subprocess.run(  # noqa: S603 - this Python, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "pip install 'slacore[dask]'" in found.stdout
