"""Independent jobs over several cores, in order, with a serial fallback.

A vault's files are independent for `export check`, and parsing them is pure Python, so
processes (not threads) are what use a second core. Workers are forked, so they start in
milliseconds with everything imported; jobs and results travel pickled (a module-level
function and small values). Where there is no fork (Windows), one core, little work, or a
pool cannot start or breaks (a sandbox without `/dev/shm`, a worker killed), the jobs left
run here, one after another, with the same results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, NoReturn, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this much work (bytes of notes) a pool costs more than it saves.
PARALLEL_FROM_BYTES = 512 * 1024


def worker_count(jobs: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, jobs))


def ordered_map(
    function: Callable[[Item], Result], items: Sequence[Item], *, size: int
) -> Iterator[Result]:
    """`map(function, items)` on every core when `size` (the bytes the jobs read) makes
    that worth it. Results come in the order of `items`, each as soon as it and those
    before it are done; `function` must catch what it expects and return it as a result."""
    workers = worker_count(len(items))
    pool = _pool(workers) if workers > 1 and size >= PARALLEL_FROM_BYTES else None
    if pool is None:
        yield from map(function, items)
        return
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        # One job at a time per worker: big and small files even out, and results come
        # back in order as they are ready.
        for result in pool.map(function, items, chunksize=1):
            yield result
            done += 1
    except (BrokenProcessPool, OSError):
        yield from map(function, items[done:])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int):  # -> ProcessPoolExecutor | None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_ignore_interrupts
        )
    except (OSError, ValueError, ImportError):
        return None


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool and says so once,
    # while each worker finishes the file it is on (a --fix write is atomic either way).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ForkedJob(Generic[Result]):
    """`function()` computed in a forked child, which sees this process's memory as it
    was (so nothing is sent to it); its result comes back pickled through a pipe.
    `result()` is None where there is no fork or one core, or the child failed: the
    caller then does the work itself."""

    def __init__(self, function: Callable[[], Result]) -> None:
        self._pid = 0
        self._read = -1
        if not hasattr(os, "fork") or worker_count(2) < 2:
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running any clean-up
            os.close(read)
            _run_child(function, write)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> Result | None:
        if not self._pid:
            return None
        with os.fdopen(self._read, "rb") as stream:
            data = stream.read()
        status = self._wait()
        if status != 0 or not data:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # a damaged result: the caller does the work
            return None

    def cancel(self) -> None:
        if not self._pid:
            return
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        os.close(self._read)
        self._wait()

    def _wait(self) -> int:
        pid, self._pid = self._pid, 0
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return -1


def _run_child(function: Callable[[], object], write: int) -> NoReturn:
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent answers Ctrl-C
        data = pickle.dumps(function(), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as stream:
            stream.write(data)
        status = 0
    except BaseException:  # whatever went wrong, the parent computes it instead
        pass
    finally:
        os._exit(status)
