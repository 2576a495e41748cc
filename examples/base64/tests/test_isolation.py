"""Panics, sub-interpreters and threads: what rs_base64, a PyO3 module, really supports.

- a panic surfaces as PyO3's `pyo3_runtime.PanicException`, a BaseException
  subclass (the out-of-tree rule; in-tree code raises SystemError instead);
- main interpreter only: PyO3 0.30.1 has no per-interpreter module state
  (https://github.com/PyO3/pyo3/issues/576), so the module refuses every
  sub-interpreter with ImportError (`pybuffer::bound::main_interpreter_only`
  for legacy ones; CPython itself for isolated ones, since the module
  declares no per-interpreter GIL support);
- the thread stress test of examples/tools/stress_threads.py.
"""

import pytest
import rs_base64
import stress_threads
import subinterp


def test_panic_becomes_panic_exception():
    with pytest.raises(BaseException) as info:
        rs_base64._panic("boom")
    exc = info.value
    assert type(exc).__name__ == "PanicException"
    assert type(exc).__module__ == "pyo3_runtime"
    assert not isinstance(exc, Exception)
    assert str(exc) == "boom"


def test_not_importable_in_an_isolated_sub_interpreter():
    if not subinterp.AVAILABLE:
        pytest.skip(subinterp.REASON)
    out = subinterp.run_isolated(
        "try:\n"
        "    import rs_base64\n"
        "except ImportError as e:\n"
        "    report(e)\n"
        "else:\n"
        "    report('imported')\n"
    )
    assert "does not support loading in subinterpreters" in out, out


def test_not_importable_in_a_legacy_sub_interpreter():
    out = subinterp.run_legacy(
        "try:\n"
        "    import rs_base64\n"
        "except ImportError as e:\n"
        "    report(e)\n"
        "else:\n"
        "    report('imported')\n"
    )
    # The extension is `rs_base64.rs_base64` inside the package maturin installs.
    assert out.startswith("module rs_base64") and out.endswith(
        " does not support loading in subinterpreters "
        "(PyO3 0.30.1 has no per-interpreter module state)\n"
    ), out
    # The main interpreter's module is unaffected.
    assert rs_base64._panic.__name__ == "_panic"


def test_stress_threads():
    assert stress_threads.run("rs_base64", iterations=stress_threads.ITERATIONS, seed=14)
