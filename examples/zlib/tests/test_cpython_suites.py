"""CPython's own test_zlib with sys.modules['zlib'] pointing at rs_zlib."""

import sys

import cpython_suites


def test_cpython_test_zlib_passes():
    before = sys.modules.get("zlib")
    data = cpython_suites.run(("rs_zlib",))
    suite = data["suites"]["test_zlib"]
    print(f"test_zlib: {suite['passed']} passed, {suite['skipped']} skipped, "
          f"{suite['failed']} failed, {suite['errors']} errors, {len(suite['excluded'])} excluded")
    assert suite["passed"] > 50
    assert suite["replaced"] == ["zlib"]
    assert cpython_suites.failures(data) == 0
    # the substitution is undone
    assert sys.modules.get("zlib") is before
