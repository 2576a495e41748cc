#!/usr/bin/env python3
"""Every built extension module exports exactly one symbol: its `PyInit_` function.

Rule `stability.exported-symbols`: a module that exports more can clash with
another extension, or with CPython itself, in the same process (two copies of
zlib's C API, say). For each example (discovered: examples/*/pyproject.toml
with a `[tool.maturin] module-name`), the extension installed in the running
interpreter is located by importing it, and `nm -D --defined-only` lists its
dynamic symbols; any defined global symbol other than `PyInit_<module>` fails.

Usage: python examples/tools/check_exports.py [MODULE ...]
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def example_modules() -> list[str]:
    mods = []
    for pyproject in sorted((ROOT / "examples").glob("*/pyproject.toml")):
        name = tomllib.loads(pyproject.read_text()).get("tool", {}).get("maturin", {}).get("module-name")
        if name:
            mods.append(name)
    return mods


def extension_path(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{module}: not installed in {sys.executable} (run maturin develop first)")
    origin = Path(spec.origin)
    if origin.suffix in (".so", ".pyd", ".dylib"):
        return origin
    # a package (maturin adds __init__.py beside the .pyi): the extension inside
    found = sorted(origin.parent.glob(f"{module}*.so"))
    if len(found) != 1:
        raise SystemExit(f"{module}: expected one extension in {origin.parent}, found {found}")
    return found[0]


def exported(path: Path) -> list[str]:
    """Defined global (and weak) dynamic symbols, as `nm -D --defined-only` prints them."""
    out = subprocess.run(["nm", "-D", "--defined-only", str(path)],
                         check=True, capture_output=True, text=True).stdout
    names = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] not in ("A",):  # absolute symbols are version tags
            names.append(parts[2])
    return names


def unexpected(module: str, symbols: list[str]) -> list[str]:
    return [s for s in symbols if s != f"PyInit_{module}"]


def main(argv: list[str]) -> int:
    modules = argv[1:] or example_modules()
    bad = 0
    for module in modules:
        path = extension_path(module)
        symbols = exported(path)
        extra = unexpected(module, symbols)
        if f"PyInit_{module}" not in symbols:
            print(f"{module}: {path.name} does not export PyInit_{module}")
            bad += 1
        if extra:
            shown = ", ".join(extra[:10]) + (" ..." if len(extra) > 10 else "")
            print(f"{module}: {path.name} exports {len(extra)} more symbol(s): {shown}")
            bad += 1
        if f"PyInit_{module}" in symbols and not extra:
            print(f"{module}: {path.name} exports only PyInit_{module}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
