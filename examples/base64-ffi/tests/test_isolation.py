"""Panics, sub-interpreters and threads: rs_base64_ffi on the project's own rules.

- every `extern "C"` entry point catches panics: SystemError, interpreter alive;
- per-interpreter state: in a sub-interpreter with its own GIL the module
  imports, and its error is that interpreter's `binascii.Error`;
- the thread stress test of examples/tools/stress_threads.py.
"""

import binascii

import pytest
import rs_base64_ffi
import stress_threads
import subinterp

# The test hook `_panic` is not re-exported by the package's `import *`.
from rs_base64_ffi import rs_base64_ffi as ext


def test_panic_becomes_system_error():
    with pytest.raises(SystemError, match=r"^panic in rs_base64_ffi\._panic: boom$"):
        ext._panic("boom")
    # The interpreter and the module are still usable.
    assert rs_base64_ffi.b2a_base64(b"Rust") == b"UnVzdA==\n"


def test_panic_message_is_not_truncated_or_mangled():
    with pytest.raises(SystemError) as info:
        ext._panic("ünïcode, 'quotes' and %s")
    assert str(info.value) == "panic in rs_base64_ffi._panic: ünïcode, 'quotes' and %s"


@pytest.mark.parametrize("kind", ["legacy", "isolated"])
def test_error_class_is_the_sub_interpreters_own(kind):
    """Legacy: shared GIL, every Python. Isolated: own GIL, 3.13+; importing
    there at all proves the Py_MOD_PER_INTERPRETER_GIL_SUPPORTED declaration."""
    if kind == "isolated" and not subinterp.AVAILABLE:
        pytest.skip(subinterp.REASON)
    run = subinterp.run_isolated if kind == "isolated" else subinterp.run_legacy
    out = run(
        "import binascii, rs_base64_ffi\n"
        "from rs_base64_ffi import rs_base64_ffi as ext\n"
        "try:\n"
        "    rs_base64_ffi.a2b_base64(b'a')\n"
        "except Exception as e:\n"
        "    report(type(e) is binascii.Error)\n"
        "    report(id(binascii.Error))\n"
        "try:\n"
        "    ext._panic('in a sub-interpreter')\n"
        "except SystemError as e:\n"
        "    report(e)\n"
    )
    same_class, class_id, panic = out.splitlines()
    assert same_class == "True"
    # Not the main interpreter's class: binascii itself has per-interpreter state.
    assert int(class_id) != id(binascii.Error)
    assert panic == "panic in rs_base64_ffi._panic: in a sub-interpreter"


def test_main_interpreter_state_is_untouched_by_sub_interpreters():
    for _ in range(3):
        subinterp.run_legacy("import rs_base64_ffi\nrs_base64_ffi.b2a_base64(b'x')\n")
    with pytest.raises(binascii.Error):
        rs_base64_ffi.a2b_base64(b"a")


def test_stress_threads():
    assert stress_threads.run("rs_base64_ffi", iterations=stress_threads.ITERATIONS, seed=14)
