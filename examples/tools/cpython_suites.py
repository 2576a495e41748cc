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

Which module runs which suites is declared by each example, in its
`tests/cpython-suites.toml` (discovered: every folder of examples/ that has
one; the import name is `[tool.maturin] module-name` of its pyproject.toml);
nothing here lists the examples:

    suites = ["test_zlib"]
    stands-in-for = "zlib"          # the whole module; or instead:
    replaces = ["binascii.a2b_base64", "binascii.b2a_base64"]
    primary = true                  # results keyed "<suite>", else "<suite>:<module>"

Usage: python examples/tools/cpython_suites.py [--module NAME ...] [--check | --no-write]
Default: run, then write examples/results/cpython-suites.json when anything
but the timestamp changed (a person refreshing the evidence). --check: run and
compare with the committed file instead, never writing (what CI does). Exits
1 on any failure or error, and with --check when the results differ.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import io
import json
import os
import platform
import sys
import unittest
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: the copy pip vendors
    from pip._vendor import tomli as tomllib

RESULTS = Path(__file__).resolve().parent.parent / "results" / "cpython-suites.json"

ROOT = Path(__file__).resolve().parents[2]
# The examples whose declarations are read. Installed as a wheel (the wheel
# matrix), this file is not in the checkout: test_wheels.py then names the
# checkout's examples/ in CPYTHON_SUITES_EXAMPLES.
EXAMPLES = Path(os.environ.get("CPYTHON_SUITES_EXAMPLES") or ROOT / "examples")

# Tests not run, with the reason. Keys are unittest ids; a trailing "*" matches a prefix.
EXCLUDED: dict[str, str] = {
    "test.test_zlib.ZlibDecompressorTest.*": (
        "zlib._ZlibDecompressor (3.12+) is a private helper of the gzip module "
        "(bz2-style needs_input API), not part of zlib's public API; rs_zlib does not implement it"
    ),
}


@dataclass(frozen=True)
class Target:
    """One module and the CPython suites run against it, from its tests/cpython-suites.toml."""

    module: str
    example: str  # "examples/<folder>", for the source hashes
    suites: tuple[str, ...]
    stands_in_for: str | None
    replaces: tuple[str, ...]
    primary: bool

    def key(self, suite: str) -> str:
        return suite if self.primary else f"{suite}:{self.module}"


def discover(examples: Path = EXAMPLES) -> dict[str, Target]:
    """Every example that declares suites in tests/cpython-suites.toml, by import name."""
    targets: dict[str, Target] = {}
    for declared in sorted(examples.glob("*/tests/cpython-suites.toml")):
        where = declared.relative_to(examples.parent).as_posix()
        try:
            table = tomllib.loads(declared.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise SystemExit(f"{where}: {exc}") from None
        folder = declared.parent.parent
        pyproject = folder / "pyproject.toml"
        module = (tomllib.loads(pyproject.read_text()).get("tool", {}).get("maturin", {})
                  .get("module-name") if pyproject.exists() else None)
        if not module:
            raise SystemExit(f"{where}: {folder.name}/pyproject.toml needs [tool.maturin] module-name")
        unknown = set(table) - {"suites", "stands-in-for", "replaces", "primary"}
        if unknown:
            raise SystemExit(f"{where}: unknown key(s): {sorted(unknown)}")
        suites = tuple(table.get("suites", ()))
        stands_in = table.get("stands-in-for")
        replaces = tuple(table.get("replaces", ()))
        if not suites or (stands_in is None) == (not replaces):
            raise SystemExit(f"{where}: needs `suites` and exactly one of `stands-in-for` or `replaces`")
        bad = [r for r in replaces if r.count(".") != 1]
        if bad:
            raise SystemExit(f"{where}: `replaces` entries are MODULE.FUNCTION, not {bad}")
        targets[module] = Target(module, folder.relative_to(examples.parent).as_posix(), suites,
                                 stands_in, replaces, bool(table.get("primary", False)))
    keys = [t.key(s) for t in targets.values() for s in t.suites]
    clash = sorted({k for k in keys if keys.count(k) > 1})
    if clash:
        raise SystemExit(f"results keys claimed twice (two `primary` modules?): {clash}")
    return targets


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
def patched(target: Target, suite_name: str):
    """The Rust module stands in for the stdlib module, or its functions replace the C ones."""
    if target.stands_in_for:
        with substituted(target.module, target.stands_in_for, suite_name) as replaced:
            yield replaced
        return
    rust = importlib.import_module(target.module)
    saved = []
    try:
        for dotted in target.replaces:
            mod_name, name = dotted.split(".")
            mod = importlib.import_module(mod_name)
            saved.append((mod, name, getattr(mod, name)))
            setattr(mod, name, getattr(rust, name))
        yield list(target.replaces)
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


def run_suite(suite_name: str, target: Target, verbose: bool = False) -> dict:
    """Run one suite with the target's module patched in; return the counts."""
    stream = io.StringIO()
    with patched(target, suite_name) as replaced:
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
        "module": target.module,
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


def run(modules: tuple[str, ...] | None = None, verbose: bool = False) -> dict:
    """Run every suite of every discovered module (or of `modules`); return the results."""
    targets = discover()
    chosen = [targets[m] for m in modules] if modules else list(targets.values())
    suites = {}
    for target in chosen:
        for suite in target.suites:
            suites[target.key(suite)] = run_suite(suite, target, verbose)
    data = {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "suites": suites,
    }
    return data


def with_sources(data: dict) -> dict:
    """`data` plus the source hashes of every example it measured."""
    from provenance import source_hashes

    targets = discover()
    examples = sorted({targets[s["module"]].example for s in data["suites"].values()})
    return {**data, "sources": source_hashes(*examples)}


def differences(old: dict | None, new: dict) -> list[str]:
    """What differs between two results files, the timestamp aside."""
    if old is None:
        return [f"{RESULTS.relative_to(ROOT)} is missing or unreadable"]
    out = []
    for field in ("python", "sources"):
        if old.get(field) != new.get(field):
            out.append(f"{field}: committed {old.get(field)!r}, now {new.get(field)!r}")
    for key in sorted(set(old.get("suites", {})) | set(new["suites"])):
        a, b = old.get("suites", {}).get(key), new["suites"].get(key)
        if a != b:
            out.append(f"suites.{key}: committed {a}, now {b}")
    return out


def load_committed() -> dict | None:
    try:
        return json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        return None


def failures(data: dict) -> int:
    return sum(s["failed"] + s["errors"] for s in data["suites"].values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=sorted(discover()),
                        help="module(s) to test (default: every example that declares suites)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="compare with the committed results file; never write (CI)")
    mode.add_argument("--no-write", action="store_true", help="run only; do not write or compare")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.module and args.check:
        parser.error("--check compares the whole file: run it without --module")
    data = run(tuple(args.module or ()), args.verbose)
    print(f"CPython {data['python']}")
    print(f"{'suite':34} {'passed':>7} {'failed':>7} {'skipped':>8} {'errors':>7} {'excluded':>9}")
    for name, s in data["suites"].items():
        print(
            f"{name:34} {s['passed']:7} {s['failed']:7} {s['skipped']:8} {s['errors']:7} {len(s['excluded']):9}"
        )
    status = 1 if failures(data) else 0
    if args.no_write or args.module:
        return status
    data = with_sources(data)
    diff = differences(load_committed(), data)
    if args.check:
        if diff:
            print(f"\n{RESULTS.relative_to(ROOT)} is out of date:", file=sys.stderr)
            for line in diff:
                print(f"  {line}", file=sys.stderr)
            print("refresh it with: python examples/tools/cpython_suites.py (then commit it)",
                  file=sys.stderr)
            return 1
        return status
    if diff:  # only when something besides the timestamp changed
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(data, indent=2) + "\n")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
