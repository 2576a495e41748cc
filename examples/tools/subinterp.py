"""Run code in a sub-interpreter with its own GIL (PEP 684), for the tests.

Uses CPython 3.13's `_interpreters` (the module behind
`test.support.interpreters`): `create('isolated')` makes an interpreter with
its own GIL and `check_multi_interp_extensions`, so only extension modules
that declare per-interpreter GIL support can be imported there. Older
interpreters have no such API: `AVAILABLE` is False and `REASON` says why.

`run_legacy` runs code in a legacy sub-interpreter (shared GIL, any
extension importable), on every version: `_interpreters` with the 'legacy'
config on 3.13+, `_xxsubinterpreters.create(isolated=False)` before.
"""

from __future__ import annotations

import os
import sys

try:
    import _interpreters
except ImportError:
    _interpreters = None
    import _xxsubinterpreters

AVAILABLE = _interpreters is not None
REASON = f"needs CPython >= 3.13 (_interpreters); this is {sys.version.split()[0]}"


def run_isolated(code: str) -> str:
    """Run `code` in a new isolated sub-interpreter (own GIL) and return what
    it passed to `report(text)`, one line per call. Raises AssertionError
    with the sub-interpreter's traceback if the code raised."""
    config = _interpreters.new_config("isolated")
    assert config.gil == "own" and config.check_multi_interp_extensions, config
    return _run(code, config)


def run_legacy(code: str) -> str:
    """`run_isolated` in a legacy sub-interpreter (shared GIL, no checks)."""
    return _run(code, _interpreters.new_config("legacy") if _interpreters else None)


def _run(code: str, config) -> str:
    read, write = os.pipe()
    prelude = (
        "import os, sys\n"
        f"sys.path[:] = {sys.path!r}\n"
        f"def report(text):\n    os.write({write}, str(text).encode() + b'\\n')\n"
    )
    try:
        if _interpreters is not None:
            interp = _interpreters.create(config)
            try:
                failure = _interpreters.exec(interp, prelude + code)
            finally:
                _interpreters.destroy(interp)
            if failure is not None:
                raise AssertionError(f"sub-interpreter raised:\n{failure.errdisplay}")
        else:
            interp = _xxsubinterpreters.create(isolated=False)
            try:
                _xxsubinterpreters.run_string(interp, prelude + code)
            except _xxsubinterpreters.RunFailedError as e:
                raise AssertionError(f"sub-interpreter raised: {e}") from None
            finally:
                _xxsubinterpreters.destroy(interp)
    finally:
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            out = pipe.read().decode()
    return out
