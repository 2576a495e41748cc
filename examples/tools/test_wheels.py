#!/usr/bin/env python3
"""Build release wheels of every example and test them on each pyenv CPython.

For each interpreter found as ~/.pyenv/versions/3.*/bin/python (3.9 and newer;
another glob in $WHEEL_PYTHONS), or given with --python, this script:
  1. builds the wheels (`maturin build --release`) into target/wheel-matrix/wheels,
     once for abi3 examples and once per interpreter for the others;
  2. creates a throwaway venv under target/wheel-matrix/venvs/<version>;
  3. installs the wheels, the examples' shared test tools (examples/tools, as a
     wheel) and pytest/hypothesis/psutil from ci/requirements.txt;
  4. runs each example's pytest suite from a copy of its tests (so the
     installed wheel, not the source tree, is imported);
and prints a table version x module -> pass/fail. Exit status 1 if any cell failed.

The examples are discovered: every folder of examples/ whose pyproject.toml
names a `[tool.maturin] module-name`. An example whose `[tool.maturin]
features` include `abi3` gets one wheel for every version; the others one per
version (the rule `stability.no-stable-abi`: modules for CPython are built for
its exact version).
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: the copy pip vendors
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "wheel-matrix"


def discover() -> tuple[dict[str, str], set[str]]:
    """{import name: folder} of every example, and the import names built as abi3."""
    examples, abi3 = {}, set()
    for pyproject in sorted((ROOT / "examples").glob("*/pyproject.toml")):
        maturin = tomllib.loads(pyproject.read_text()).get("tool", {}).get("maturin", {})
        name = maturin.get("module-name")
        if not name:
            continue
        examples[name] = pyproject.parent.name
        if any(f == "abi3" or f.startswith("pyo3/abi3") for f in maturin.get("features", [])):
            abi3.add(name)
    return examples, abi3


EXAMPLES, ABI3 = discover()
TEST_DEPS = ("pytest", "hypothesis", "psutil", "sortedcontainers", "iniconfig", "packaging", "pluggy", "Pygments")


def interpreters(explicit: list[str] | None) -> dict[str, str]:
    # WHEEL_PYTHONS: a glob of interpreters, for machines without pyenv (GitHub Actions)
    pattern = os.environ.get("WHEEL_PYTHONS", "~/.pyenv/versions/3.*/bin/python")
    paths = explicit or sorted(glob.glob(os.path.expanduser(pattern)))
    found = {}
    for path in paths:
        out = subprocess.run([path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True)
        if out.returncode == 0:
            version = out.stdout.strip()
            if tuple(map(int, version.split("."))) >= (3, 9):
                found[version] = path
    return dict(sorted(found.items(), key=lambda kv: tuple(map(int, kv[0].split(".")))))


def pinned(names) -> list[str]:
    req = (ROOT / "ci" / "requirements.txt").read_text().splitlines()
    pins = {re.split(r"[=<>]", l)[0].lower(): l.strip() for l in req if l.strip() and not l.startswith("#")}
    return [pins.get(n.lower(), n) for n in names]


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


def build(module: str, python: str, out: Path) -> Path | None:
    folder = ROOT / "examples" / EXAMPLES[module]
    out.mkdir(parents=True, exist_ok=True)
    before = set(out.glob("*.whl"))
    res = run([sys.executable, "-m", "maturin", "build", "--release", "-q", "-m", folder / "Cargo.toml",
               "--target-dir", WORK / "target", "-o", out, "-i", python])
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        return None
    new = set(out.glob("*.whl")) - before
    return max(new or out.glob(f"{module}-*.whl"), key=lambda p: p.stat().st_mtime)


def tools_wheel(out: Path) -> Path | None:
    """examples/tools as a wheel (pure Python), installed beside the examples' wheels."""
    res = run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, ROOT / "examples" / "tools"])
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        return None
    return max(out.glob("rust_ext_testing-*.whl"), key=lambda p: p.stat().st_mtime)


def test_one(version: str, python: str, module: str, wheel: list[Path]) -> tuple[bool, str]:
    venv = WORK / "venvs" / version
    if not (venv / "bin" / "python").exists():
        if run([python, "-m", "venv", "--clear", venv]).returncode != 0:
            return False, "venv"
        res = run([venv / "bin" / "python", "-m", "pip", "install", "-q", *pinned(TEST_DEPS)])
        if res.returncode != 0:
            # Older interpreters may lack a pinned release: fall back to unpinned.
            res = run([venv / "bin" / "python", "-m", "pip", "install", "-q", *TEST_DEPS])
            if res.returncode != 0:
                return False, "deps: " + res.stderr[-300:]
    res = run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", *wheel])
    if res.returncode != 0:
        return False, "install: " + res.stderr[-300:]
    # Run a copy of the tests outside the source tree so the wheel is what gets imported.
    tests = WORK / "tests" / version / EXAMPLES[module]
    shutil.rmtree(tests, ignore_errors=True)
    shutil.copytree(ROOT / "examples" / EXAMPLES[module] / "tests", tests / "tests")
    env = {**os.environ, "CPYTHON_SUITES_EXAMPLES": str(ROOT / "examples")}
    res = run([venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", tests / "tests"],
              cwd=tests, env=env)
    summary = (res.stdout.strip().splitlines() or ["?"])[-1]
    if res.returncode != 0:
        sys.stderr.write(f"--- {module} on {version}\n{res.stdout[-3000:]}\n{res.stderr[-1000:]}\n")
    return res.returncode == 0, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="interpreter(s) to use (default: pyenv 3.*)")
    parser.add_argument("--module", action="append", choices=sorted(EXAMPLES), help="example(s) to test")
    args = parser.parse_args()
    pythons = interpreters(args.python)
    modules = args.module or list(EXAMPLES)
    if not pythons:
        print("no interpreters found", file=sys.stderr)
        return 1
    wheels_dir = WORK / "wheels"
    shutil.rmtree(wheels_dir, ignore_errors=True)
    wheels: dict[tuple[str, str], Path | None] = {}
    tools = tools_wheel(wheels_dir)
    if tools is None:
        print("examples/tools did not build as a wheel", file=sys.stderr)
        return 1
    for module in modules:
        if module in ABI3:
            wheel = build(module, next(iter(pythons.values())), wheels_dir)
            for version in pythons:
                wheels[(module, version)] = wheel
        else:
            for version, python in pythons.items():
                wheels[(module, version)] = build(module, python, wheels_dir)
    results = {}
    for version, python in pythons.items():
        # every wheel of this version is installed each time: the tests cross-check modules
        all_wheels = [w for (m, v), w in wheels.items() if v == version and w] + [tools]
        for module in modules:
            wheel = wheels[(module, version)]
            results[(version, module)] = (False, "build failed") if wheel is None else test_one(
                version, python, module, all_wheels)
    width = max(len(m) for m in modules) + 2
    print(f"\n{'python':8}" + "".join(f"{m:>{width}}" for m in modules))
    for version in pythons:
        print(f"{version:8}" + "".join(
            f"{('pass' if results[(version, m)][0] else 'FAIL'):>{width}}" for m in modules))
    print("\nwheels:")
    for path in sorted({w for w in wheels.values() if w}):
        print(f"  {path.name:70} {path.stat().st_size:>9} B")
    print("\ndetails:")
    for (version, module), (ok, summary) in results.items():
        print(f"  {version} {module:15} {summary}")
    return 0 if all(ok for ok, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
