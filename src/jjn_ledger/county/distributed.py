"""A province's cold rebuild on a real distributed engine: Dask ``distributed``.

The county engine maps one function over society folders with any ``concurrent.futures``
executor (``parallel.map_folders``). One machine's process pool serves a county; a province of
18,000 societies rebuilt from scratch (new rules, a new release) can use a Dask cluster instead,
through the same interface: ``Client.get_executor()`` is such an executor, so no line of the
engine knows which one it runs on.

Two ways to run it (docs/architecture.md, "Scaling"):

* ``scheduler="local"`` — a ``LocalCluster`` of process workers on this machine (what the tests
  and the benchmark run);
* ``scheduler="tcp://host:8786"`` — a scheduler started with ``dask scheduler`` and workers
  with ``dask worker tcp://host:8786`` on several machines that mount the province's ledgers at
  the same path (the workers read the books where they lie; only summaries travel back).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

from jjn_ledger.errors import JjnError

# A worker's statistical profiler samples every thread's stack each 10 ms, for a dashboard no
# one reads here; it took the GIL from the task loading books (docs/architecture.md, "Scaling":
# the same setting for ``dask worker`` on other machines).
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


class NoCluster(JjnError):
    def __init__(self, address: str, detail: str) -> None:
        super().__init__(f"无法连接 Dask 调度器 {address}：{detail}")


@contextmanager
def dask_executor(scheduler: str, workers: int | None = None) -> Iterator[Executor]:
    """An executor backed by a Dask cluster: a local one, or the scheduler at ``scheduler``."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler == "local":
        with dask.config.set(WORKER_CONFIG):  # the nannies hand it to the worker processes
            cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
        try:
            with Client(cluster) as client:
                yield client.get_executor()
        finally:
            cluster.close()
        return
    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError, ValueError) as exc:
        raise NoCluster(
            scheduler, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        ) from None
    with client:
        yield client.get_executor()
