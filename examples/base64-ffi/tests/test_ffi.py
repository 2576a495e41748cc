"""rs_base64_ffi: the same behaviour as binascii (and rs_base64) for its two functions."""

import os
import subprocess
import sys

import pytest

import b64_diff
import rs_base64_ffi
from b64_common_tests import *  # noqa: F401,F403 - shared tests run for this module


@pytest.fixture
def mod():
    return rs_base64_ffi


def test_seeded_volume():
    cases, bad = b64_diff.run_seeded(rs_base64_ffi)
    print(f"rs_base64_ffi: {cases} seeded differential cases")
    assert bad == [], bad[:5]


def test_scalar_path_via_environment():
    """The codec's scalar path, forced for a whole process by RS_BASE64_BACKEND."""
    code = (
        "import b64_diff, rs_base64_ffi\n"
        "n, bad = b64_diff.run_seeded(rs_base64_ffi, seed=7, count=800)\n"
        "print(n, len(bad))\n"
    )
    env = {**os.environ, "RS_BASE64_BACKEND": "scalar"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    cases, mismatches = out.stdout.split()
    print(f"rs_base64_ffi[scalar]: {cases} seeded differential cases")
    assert mismatches == "0"


def test_module_is_multi_phase():
    import importlib.util

    spec = importlib.util.find_spec("rs_base64_ffi")
    assert spec is not None
    assert rs_base64_ffi.b2a_base64.__text_signature__ == "($module, data, /, *, newline=True)"


def test_agrees_with_pyo3_module():
    rs_base64 = pytest.importorskip("rs_base64")
    for text in [b"QUJD", b"QQ", b"Q=Q=", "QUJD", b"", b"==", bytes(range(256))]:
        assert b64_diff.outcome(rs_base64.a2b_base64, text) == b64_diff.outcome(
            rs_base64_ffi.a2b_base64, text)
