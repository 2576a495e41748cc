"""Test helpers any Rust extension module's tests can use.

- `differential`: call a Rust function and its CPython reference with the same
  arguments and compare results *and* exceptions (type and message).
- `leaks`: run a workload many times and bound the process's memory growth.
- `threads`: start N threads at once on a barrier and collect what they raise.

The helpers know nothing about any one module: a module's tests pass in the
functions and the inputs. `examples/base64` and `examples/zlib` use them.
"""

from .differential import KINDS, Mismatch, assert_same, compare, outcome, wrap
from .leaks import assert_no_leak, rss_growth
from .threads import run_threads

__all__ = [
    "KINDS",
    "Mismatch",
    "assert_no_leak",
    "assert_same",
    "compare",
    "outcome",
    "rss_growth",
    "run_threads",
    "wrap",
]
