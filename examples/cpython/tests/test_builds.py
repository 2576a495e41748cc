"""What each of the four builds must show (run by `cpython.py test`)."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1]
# The in-tree Rust modules with their own tests, run under each Rust build's python.
MODULE_TESTS = {name: EXAMPLE / "Modules" / name / "tests" for name in ("_base64", "_testrustapi")}

# One definition of each per copy of Rust's standard library in a binary.
STD_SINGLETONS = ("rust_eh_personality", "__rust_alloc_error_handler_should_panic",
                  "__rust_no_alloc_shim_is_unstable")

PROBE = r"""
import base64, json, sys, sysconfig
out = {"builtin": "_base64" in sys.builtin_module_names,
       "stdlib_name": "_base64" in sys.stdlib_module_names,
       "gil_disabled_build": sysconfig.get_config_var("Py_GIL_DISABLED") == 1,
       "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX")}
try:
    import _base64
except ImportError as e:
    out["import"] = type(e).__name__
else:
    out["import"] = "ok"
    out["file"] = getattr(_base64, "__file__", None)
out["b64encode_module"] = base64.b64encode.__module__
out["roundtrip"] = base64.b64decode(base64.b64encode(b"\x00rust\xff")) == b"\x00rust\xff"
out["urlsafe"] = base64.urlsafe_b64encode(b"\xfb\xff") == b"-_8="
if hasattr(sys, "_is_gil_enabled"):
    out["gil_enabled"] = sys._is_gil_enabled()
print(json.dumps(out))
"""


CONTROL = r"""
import importlib.util, json, sys, warnings, _testmultiphase
spec = importlib.util.spec_from_file_location("_testmultiphase_null_slots", _testmultiphase.__file__)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)  # "The global interpreter lock (GIL) has been enabled..."
    importlib.util.module_from_spec(spec)
print(json.dumps({"gil": sys._is_gil_enabled()}))
"""


def run(build, *args, timeout=600):
    return subprocess.run([str(build.python), *args], cwd=build.dir, capture_output=True, text=True,
                          timeout=timeout, check=False)


def probe(build, code=PROBE):
    proc = run(build, "-c", code)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def defined_symbols(path: Path, dynamic: bool) -> list[tuple[str, str]]:
    args = ["nm", "--defined-only", *(["-D"] if dynamic else []), str(path)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    symbols = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            symbols.append((parts[1], parts[2]))
    return symbols


def test_cpython_own_suites_pass(build):
    proc = run(build, "-m", "test", "test_base64", "test_binascii")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "Result: SUCCESS" in proc.stdout


def test_base64_uses_the_rust_module_exactly_when_built(build):
    got = probe(build)
    assert got["roundtrip"] and got["urlsafe"]
    assert got["stdlib_name"], "_base64 is missing from sys.stdlib_module_names"
    if build.spec.rust:
        assert got["import"] == "ok"
        assert got["b64encode_module"] == "_base64"
    else:
        assert got["import"] == "ModuleNotFoundError"
        assert got["b64encode_module"] == "base64"


def test_static_build_links_the_module_into_python(build):
    got = probe(build)
    files = list((build.dir / "Modules").glob("_base64*.so"))
    if build.spec.static:
        assert got["builtin"] and got["file"] is None
        assert files == []
    elif build.spec.rust:
        assert not got["builtin"]
        assert got["file"].endswith("_base64" + got["ext_suffix"])
        assert [f.name for f in files] == ["_base64" + got["ext_suffix"]]
    else:
        assert files == []


def test_free_threaded_build_keeps_the_gil_off(build):
    if not build.spec.free_threaded:
        pytest.skip("only the free-threaded build")
    got = probe(build)
    assert got["gil_disabled_build"]
    assert got["import"] == "ok" and got["gil_enabled"] is False
    # Control: a module without a Py_mod_gil slot (CPython's own test module
    # _testmultiphase_null_slots) turns the GIL back on in the same kind of
    # process, so the check above can fail.
    control = probe(build, CONTROL)
    assert control["gil"] is True


@pytest.mark.parametrize("name", ["_base64", "_testrustapi"])
def test_shared_module_exports_only_its_entry_point(build, name):
    if not build.spec.rust or (build.spec.static and name == "_base64"):
        pytest.skip(f"only builds with {name} as its own file")
    (module,) = (build.dir / "Modules").glob(f"{name}*.so")
    exported = sorted(name for kind, name in defined_symbols(module, dynamic=True))
    assert exported == [f"PyInit_{name}"]


TEST_MODULE_PROBE = r"""
import json, sys
try:
    import _testrustapi
except ImportError as e:
    print(json.dumps(type(e).__name__))
else:
    print(json.dumps("ok" if "_testrustapi" not in sys.stdlib_module_names else "in stdlib names"))
"""


def test_api_test_module_exactly_on_rust_builds(build):
    # A test module like _testcapi: built with the test modules, not a stdlib module name.
    assert probe(build, TEST_MODULE_PROBE) == ("ok" if build.spec.rust else "ModuleNotFoundError")


def test_python_holds_one_rust_standard_library_at_most(build):
    counts = Counter(name for kind, name in defined_symbols(build.python, dynamic=False))
    present = {name: counts[name] for name in STD_SINGLETONS if counts[name]}
    if build.spec.static:
        assert present, "no Rust standard library symbols in the static python"
        assert all(n == 1 for n in present.values()), present
        assert counts["PyInit__base64"] == 1
    else:
        # Baseline, shared and free-threaded: no Rust in the interpreter itself.
        assert present == {} and counts["PyInit__base64"] == 0


@pytest.mark.parametrize("name", sorted(MODULE_TESTS))
def test_module_own_tests_pass(build, name):
    if not build.spec.rust:
        pytest.skip("only builds with the Rust modules")
    tests = MODULE_TESTS[name]
    if not tests.is_dir():
        pytest.fail(f"{tests} is missing")
    proc = run(build, "-m", "unittest", "discover", "-s", str(tests), "-t", str(tests), "-v")
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert re.search(r"^Ran [1-9]\d* tests? ", proc.stderr, re.M), proc.stderr[-2000:]
    assert re.search(r"^OK\b", proc.stderr, re.M), proc.stderr[-2000:]
