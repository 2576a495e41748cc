"""Differential testing: a Rust implementation against its CPython reference.

`outcome(fn, *args, **kwargs)` reduces one call to a comparable value: the
result (bytes-like results as `bytes`), or the exception's type name and
message. Two implementations agree on an input when their outcomes are equal.
Only `Exception` subclasses are results: a `PanicException` (a
`BaseException`) propagates and fails the test, as a bug should.
"""

from __future__ import annotations

import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

BYTES_LIKE = (bytes, bytearray, memoryview, array.array)


def outcome(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple:
    """("ok", result) or ("err", exception type name, message)."""
    try:
        result = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the exception is the result
        return ("err", type(exc).__name__, str(exc))
    if isinstance(result, BYTES_LIKE):
        result = bytes(result)
    return ("ok", result)


KINDS = ("bytes", "bytearray", "memoryview", "array", "str")


def wrap(data: bytes, kind: str):
    """`data` as one of the input types CPython's buffer-taking functions accept."""
    if kind == "bytes":
        return data
    if kind == "bytearray":
        return bytearray(data)
    if kind == "memoryview":
        return memoryview(data)
    if kind == "array":
        return array.array("B", data)
    if kind == "str":
        return data.decode("latin-1")
    raise ValueError(f"unknown input kind {kind!r}; one of {KINDS}")


@dataclass(frozen=True)
class Mismatch:
    """One input on which the two implementations disagree."""

    args: tuple
    kwargs: dict
    ours: tuple
    reference: tuple

    def __str__(self) -> str:
        call = ", ".join([*map(repr, self.args), *(f"{k}={v!r}" for k, v in self.kwargs.items())])
        return f"({call}): ours {self.ours} != reference {self.reference}"


def compare(
    ours: Callable[..., Any],
    reference: Callable[..., Any],
    cases: Iterable[tuple[tuple, dict] | tuple],
) -> tuple[int, list[Mismatch]]:
    """Run every case through both; return (cases run, mismatches).

    A case is an argument tuple, or an (args, kwargs) pair.
    """
    count = 0
    bad: list[Mismatch] = []
    for case in cases:
        if len(case) == 2 and isinstance(case[0], tuple) and isinstance(case[1], dict):
            args, kwargs = case
        else:
            args, kwargs = tuple(case), {}
        count += 1
        a, b = outcome(ours, *args, **kwargs), outcome(reference, *args, **kwargs)
        if a != b:
            bad.append(Mismatch(args, kwargs, a, b))
    return count, bad


def assert_same(ours: Callable[..., Any], reference: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Assert one call agrees; the assertion message shows both outcomes."""
    a, b = outcome(ours, *args, **kwargs), outcome(reference, *args, **kwargs)
    assert a == b, str(Mismatch(args, kwargs, a, b))
