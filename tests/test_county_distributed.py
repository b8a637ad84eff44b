"""The same county roll-up on a process pool and on a real Dask cluster gives the same rows."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from jjn_ledger.county import engine
from jjn_ledger.county.distributed import NoCluster, dask_executor


@pytest.mark.slow
def test_a_dask_local_cluster_rolls_up_what_the_process_pool_does(sample_county):
    with ProcessPoolExecutor(2) as pool:
        pooled = engine.summaries(sample_county, pool, cache=False)
    seen = []
    with dask_executor("local", 2) as executor:
        on_dask = engine.summaries(
            sample_county, executor, lambda done, total: seen.append(done), cache=False
        )
    assert on_dask == pooled
    assert len(on_dask) == 9
    assert seen[-1] == 9


def test_an_unreachable_scheduler_is_a_chinese_error():
    with pytest.raises(NoCluster, match="无法连接 Dask 调度器"), dask_executor("tcp://127.0.0.1:9"):
        pass
