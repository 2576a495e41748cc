#!/usr/bin/env python3
"""The compiler CI builds with is the MSRV, and every crate declares that MSRV.

Rule `toolchain.msrv-declared`: `rust-version` is declared once, in the root
`[workspace.package]`, inherited by every crate, and tested by a build with
exactly that version. `cargo metadata` gives each workspace member's
effective `rust-version`; `rustc --version` gives the compiler's.

Usage: python examples/tools/check_msrv.py
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: the copy pip vendors
    from pip._vendor import tomli as tomllib


def problems(declared: str | None, compiler: str, members: dict[str, str | None]) -> list[str]:
    out = []
    if declared is None:
        return ["the root Cargo.toml has no [workspace.package] rust-version"]
    want = tuple(int(x) for x in declared.split("."))
    have = tuple(int(x) for x in compiler.split(".")[: len(want)])
    if have != want:
        out.append(f"rustc is {compiler}, the MSRV is {declared}: CI must build with the MSRV")
    for name, version in sorted(members.items()):
        if version != declared:
            out.append(f"crate {name}: rust-version {version!r}, not the workspace's {declared!r}")
    return out


def main() -> int:
    root = tomllib.loads((ROOT / "Cargo.toml").read_text())
    declared = root.get("workspace", {}).get("package", {}).get("rust-version")
    version = subprocess.run(["rustc", "--version"], check=True, capture_output=True, text=True).stdout
    compiler = re.match(r"rustc (\d+\.\d+\.\d+)", version).group(1)
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    members = {p["name"]: p.get("rust_version") for p in meta["packages"]}
    found = problems(declared, compiler, members)
    for line in found:
        print(line)
    print(f"MSRV {declared}; rustc {compiler}; {len(members)} crates checked")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
