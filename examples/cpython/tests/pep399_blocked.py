"""CPython's test_base64 with `_base64` blocked: base64.py's binascii fallback (PEP 399).

Run by a build's python (tests/test_checks.py):

    BUILD/python examples/cpython/tests/pep399_blocked.py [unittest options]

`import_fresh_module('base64', blocked=['_base64'])` is how CPython's suites get the pure
Python twin of an accelerated module. test_base64 uses the module `base64` it imports, so
that fresh module is put in `sys.modules` first, and `_base64` stays blocked (None in
`sys.modules`) for the whole run: any later import of it fails. The run with the
accelerator is the build's plain `python -m test test_base64` (tests/test_builds.py).
"""

import sys
import unittest

from test.support import import_helper

py_base64 = import_helper.import_fresh_module("base64", blocked=["_base64"])
if py_base64.b64encode.__module__ != "base64":
    sys.exit(f"_base64 was not blocked: base64.b64encode is from {py_base64.b64encode.__module__}")
sys.modules["base64"] = py_base64
sys.modules["_base64"] = None

from test import test_base64  # noqa: E402  (after the block, on purpose)

if test_base64.base64 is not py_base64:
    sys.exit("test_base64 did not get the blocked base64 module")
print(f"base64.b64encode from {test_base64.base64.b64encode.__module__} (_base64 blocked)", flush=True)
unittest.main(module=test_base64, argv=[sys.argv[0], *sys.argv[1:]])
