"""Leak checks by resident memory: a workload repeated many times must not grow it.

Rust allocations do not go through Python's allocator, so tracemalloc and
`sys.getallocatedblocks()` miss them; the process's resident set size sees
both. A warm-up run fills allocator pools first, so what remains is growth
per call.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

import psutil


def rss_growth(workload: Callable[[int], object], calls: int, warmup: int) -> int:
    """Bytes the resident set grew while `workload(calls)` ran, after `workload(warmup)`."""
    proc = psutil.Process()
    workload(warmup)
    gc.collect()
    before = proc.memory_info().rss
    workload(calls)
    gc.collect()
    return proc.memory_info().rss - before


def assert_no_leak(
    workload: Callable[[int], object],
    calls: int = 100_000,
    warmup: int = 20_000,
    limit: int = 8 << 20,
) -> int:
    """Fail if `workload(calls)` grows the resident set by `limit` bytes or more.

    `workload(n)` performs n calls of whatever is under test. With the
    default limit, a leak of 84 bytes or more per call fails over 10**5 calls.
    Returns the growth, for the test to print.
    """
    grown = rss_growth(workload, calls, warmup)
    assert grown < limit, f"resident set grew {grown} bytes over {calls} calls (limit {limit})"
    return grown
