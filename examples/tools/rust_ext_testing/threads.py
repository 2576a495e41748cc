"""Run one function on N threads that start together."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_threads(target: Callable[[int], object], n: int = 8, timeout: float = 300.0) -> list[BaseException]:
    """Call `target(i)` for i in range(n), each on its own thread, released together.

    Returns what the threads raised, `BaseException` included, so a
    `PanicException` in a worker surfaces in the test instead of vanishing.
    A thread still running after `timeout` seconds is reported as an error.
    """
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            barrier.wait()
            target(i)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        if t.is_alive():
            errors.append(TimeoutError(f"{t.name} still running after {timeout} s"))
    return errors
