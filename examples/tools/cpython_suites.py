#!/usr/bin/env python3
"""Run CPython's own test suites against the Rust extension modules.

The interpreter's `test` package is imported as installed (nothing is copied).
For the duration of a run, `binascii.a2b_base64`/`binascii.b2a_base64` are
replaced on the binascii module object by the Rust functions, so every test
class (`BinASCIITest`, `ArrayBinASCIITest`, `BytearrayBinASCIITest`,
`MemoryviewBinASCIITest`) and every helper in `base64.py` that looks the
functions up at call time uses them. For rs_base64, which also implements the
base64 module's functions, `base64.b64encode` & co. are replaced as well.

rs_zlib replaces a whole module: `test_zlib` binds `zlib` once, at import
(`import_helper.import_module('zlib')`), so `sys.modules['zlib']` points at
rs_zlib while `test.test_zlib` is (re)imported and run, and both entries are
restored afterwards.

Usage: python examples/tools/cpython_suites.py [--module rs_base64 ...] [--no-write]
Writes examples/results/cpython-suites.json; exits 1 on any failure or error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import io
import json
import platform
import sys
import unittest
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "results" / "cpython-suites.json"

BINASCII_FUNCS = ("a2b_base64", "b2a_base64")
BASE64_FUNCS = (
    "b64encode",
    "b64decode",
    "standard_b64encode",
    "standard_b64decode",
    "urlsafe_b64encode",
    "urlsafe_b64decode",
)

# Tests not run, with the reason. Keys are unittest ids; a trailing "*" matches a prefix.
EXCLUDED: dict[str, str] = {
    "test.test_zlib.ZlibDecompressorTest.*": (
        "zlib._ZlibDecompressor (3.12+) is a private helper of the gzip module "
        "(bz2-style needs_input API), not part of zlib's public API; rs_zlib does not implement it"
    ),
}

# Suites per module; the results key is "<suite>" for the module listed first
# in PRIMARY, "<suite>:<module>" for the others.
SUITES = {
    "rs_base64": ("test_binascii", "test_base64"),
    "rs_base64_ffi": ("test_binascii", "test_base64"),
    "rs_zlib": ("test_zlib",),
}
PRIMARY = {"rs_base64", "rs_zlib"}
# Modules that stand in for a whole stdlib module: {rust module: stdlib name}.
WHOLE_MODULE = {"rs_zlib": "zlib"}
DEFAULT_MODULES = ("rs_base64", "rs_base64_ffi", "rs_zlib")


@contextlib.contextmanager
def substituted(module_name: str, stdlib_name: str, suite_name: str):
    """`sys.modules[stdlib_name]` is the Rust module while the suite is imported and run."""
    rust = importlib.import_module(module_name)
    test_module = f"test.{suite_name}"
    missing = object()
    saved = {name: sys.modules.get(name, missing) for name in (stdlib_name, test_module)}
    try:
        sys.modules[stdlib_name] = rust
        sys.modules.pop(test_module, None)
        yield [stdlib_name]
    finally:
        for name, original in saved.items():
            if original is missing:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = original


@contextlib.contextmanager
def patched(module_name: str, suite_name: str = ""):
    """Substitute the Rust functions on the binascii (and base64) module objects."""
    if module_name in WHOLE_MODULE:
        with substituted(module_name, WHOLE_MODULE[module_name], suite_name) as replaced:
            yield replaced
        return
    import base64
    import binascii

    rust = importlib.import_module(module_name)
    saved = []
    targets = [(binascii, BINASCII_FUNCS), (base64, BASE64_FUNCS)]
    try:
        for mod, names in targets:
            for name in names:
                if hasattr(rust, name):
                    saved.append((mod, name, getattr(mod, name)))
                    setattr(mod, name, getattr(rust, name))
        yield [f"{m.__name__}.{n}" for m, n, _ in saved]
    finally:
        for mod, name, original in reversed(saved):
            setattr(mod, name, original)


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


def _excluded(test_id: str) -> str | None:
    for pattern, reason in EXCLUDED.items():
        if test_id == pattern or (pattern.endswith("*") and test_id.startswith(pattern[:-1])):
            return reason
    return None


def run_suite(suite_name: str, module_name: str, verbose: bool = False) -> dict:
    """Run one suite with `module_name` patched in; return the counts."""
    stream = io.StringIO()
    with patched(module_name, suite_name) as replaced:
        # Loaded inside the context: a suite that binds its module at import
        # (test_zlib) must see the substitute.
        loaded = unittest.defaultTestLoader.loadTestsFromName(f"test.{suite_name}")
        kept, excluded = [], []
        for test in _flatten(loaded):
            reason = _excluded(test.id())
            if reason:
                excluded.append({"test": test.id(), "reason": reason})
            else:
                kept.append(test)
        result = unittest.TextTestRunner(stream=stream, verbosity=2 if verbose else 1).run(
            unittest.TestSuite(kept)
        )
    problems = [(t.id(), tb) for t, tb in result.failures + result.errors]
    skipped = len(result.skipped)
    failed = len(result.failures) + len(result.unexpectedSuccesses)
    errors = len(result.errors)
    passed = result.testsRun - skipped - failed - errors - len(result.expectedFailures)
    report = {
        "module": module_name,
        "replaced": replaced,
        "passed": passed,
        "failed": failed,
        "skipped": skipped,
        "errors": errors,
        "excluded": excluded,
    }
    if verbose or problems:
        sys.stderr.write(stream.getvalue())
    return report


def run(modules=DEFAULT_MODULES, write: bool = True, verbose: bool = False) -> dict:
    """Run every suite for every module; optionally write the results file."""
    suites = {}
    for module_name in modules:
        for suite in SUITES[module_name]:
            key = suite if module_name in PRIMARY else f"{suite}:{module_name}"
            suites[key] = run_suite(suite, module_name, verbose)
    data = {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "suites": suites,
    }
    if write:
        from provenance import source_hashes

        data["sources"] = source_hashes("examples/base64", "examples/base64-ffi", "examples/zlib")
        # Rewrite only when something besides the timestamp changed, so a
        # rerun with the same outcome leaves the committed file alone.
        try:
            old = json.loads(RESULTS.read_text())
        except (OSError, ValueError):
            old = None
        if old is None or {**old, "generated": None} != {**data, "generated": None}:
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            RESULTS.write_text(json.dumps(data, indent=2) + "\n")
    return data


def failures(data: dict) -> int:
    return sum(s["failed"] + s["errors"] for s in data["suites"].values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=sorted(SUITES),
                        help="module(s) to test (default: all)")
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    data = run(tuple(args.module or DEFAULT_MODULES), not args.no_write, args.verbose)
    print(f"CPython {data['python']}")
    print(f"{'suite':34} {'passed':>7} {'failed':>7} {'skipped':>8} {'errors':>7} {'excluded':>9}")
    for name, s in data["suites"].items():
        print(
            f"{name:34} {s['passed']:7} {s['failed']:7} {s['skipped']:8} {s['errors']:7} {len(s['excluded']):9}"
        )
    return 1 if failures(data) else 0


if __name__ == "__main__":
    sys.exit(main())
