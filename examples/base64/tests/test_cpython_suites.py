"""CPython's own test_binascii and test_base64 with the Rust functions patched in."""

import importlib.util

import cpython_suites

MODULES = tuple(m for m in ("rs_base64", "rs_base64_ffi") if importlib.util.find_spec(m))


def test_cpython_suites_pass():
    data = cpython_suites.run(MODULES)
    for name, suite in data["suites"].items():
        print(f"{name}: {suite['passed']} passed, {suite['skipped']} skipped, "
              f"{suite['failed']} failed, {suite['errors']} errors, {len(suite['excluded'])} excluded")
        assert suite["passed"] > 0, name
    assert cpython_suites.failures(data) == 0
