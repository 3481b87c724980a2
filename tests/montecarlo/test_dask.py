"""A real Dask LocalCluster on loopback gives the serial results bit for bit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ucj_opt.montecarlo import Design, run_montecarlo
from ucj_opt.montecarlo.reference import paired_losses

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
    ) as c:
        yield c


@pytest.mark.timeout(60)
def test_dask_matches_serial(cluster: Any, small_design: Design, tmp_path: Path) -> None:
    kw: dict[str, Any] = {"replications": 3, "root_seed": 7, "quiet": True}
    serial = run_montecarlo(paired_losses, small_design, store=tmp_path / "s", **kw).results
    by_address = run_montecarlo(
        paired_losses,
        small_design,
        store=tmp_path / "d",
        executor="dask",
        scheduler=cluster.scheduler_address,
        batch=2,
        **kw,
    )
    pd.testing.assert_frame_equal(serial, by_address.results, check_exact=True)
    assert not any(w.endswith(f":{os.getpid()}") for w in by_address.timings.worker)
    with distributed.Client(cluster) as client:
        by_client = run_montecarlo(
            paired_losses, small_design, store=tmp_path / "c", executor="dask", client=client, **kw
        )
    pd.testing.assert_frame_equal(serial, by_client.results, check_exact=True)


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_dask_starts_its_own_local_cluster(small_design: Design, tmp_path: Path) -> None:
    kw: dict[str, Any] = {"replications": 2, "root_seed": 9, "quiet": True}
    serial = run_montecarlo(paired_losses, small_design, store=tmp_path / "s", **kw).results
    own = run_montecarlo(
        paired_losses, small_design, store=tmp_path / "o", executor="dask", workers=2, **kw
    )
    pd.testing.assert_frame_equal(serial, own.results, check_exact=True)
    assert own.manifest["executor"] == "dask" and own.manifest["workers"] == 2


def _malloc_setting() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


@pytest.mark.timeout(60)
def test_own_cluster_workers_keep_the_default_malloc() -> None:
    from ucj_opt.montecarlo.executors import dask_client

    with dask_client(None, workers=1) as client:
        assert list(client.run(_malloc_setting).values()) == [None]
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
