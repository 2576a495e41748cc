#!/usr/bin/env python3
"""Fail if anything in the repository builds Rust with `panic = "abort"`.

Rule `panics.unwind-strategy`: catching a panic at the FFI boundary needs
unwinding. Looked at: every `[profile.*]` table of every tracked Cargo.toml
(`panic = "abort"`, including per-package overrides), every Cargo config file
(`rustflags` with `-C panic=abort`), and every pyproject.toml's
`[tool.maturin]` (`rustc-args`, `profile`). Prints `path: what` per finding.

Usage: python examples/tools/check_panic_strategy.py [ROOT]
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path


def _abort_flag(args: list[str]) -> bool:
    joined = " ".join(args).replace(" ", "")
    return "panic=abort" in joined


def _profiles(table: dict, where: str) -> list[str]:
    found = []
    for name, profile in table.get("profile", {}).items():
        if not isinstance(profile, dict):
            continue
        if profile.get("panic") == "abort":
            found.append(f"{where}: [profile.{name}] sets panic = \"abort\"")
        for pkg, override in profile.get("package", {}).items():
            if isinstance(override, dict) and override.get("panic") == "abort":
                found.append(f"{where}: [profile.{name}.package.{pkg}] sets panic = \"abort\"")
    return found


def _flags(value) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def findings(root: Path, files: list[str]) -> list[str]:
    out: list[str] = []
    for rel in files:
        path = root / rel
        try:
            data = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            out.append(f"{rel}: cannot read: {exc}")
            continue
        name = Path(rel).name
        if name == "Cargo.toml":
            out += _profiles(data, rel)
        elif name in ("config.toml", "config") and Path(rel).parent.name == ".cargo":
            out += _profiles(data, rel)
            build = data.get("build", {})
            if _abort_flag(_flags(build.get("rustflags"))):
                out.append(f"{rel}: [build] rustflags set panic=abort")
            for target, table in data.get("target", {}).items():
                if isinstance(table, dict) and _abort_flag(_flags(table.get("rustflags"))):
                    out.append(f"{rel}: [target.{target}] rustflags set panic=abort")
        elif name == "pyproject.toml":
            maturin = data.get("tool", {}).get("maturin", {})
            if _abort_flag(_flags(maturin.get("rustc-args"))):
                out.append(f"{rel}: [tool.maturin] rustc-args set panic=abort")
    return out


def tracked(root: Path) -> list[str]:
    """Tracked and untracked-but-not-ignored files that can set the strategy."""
    names = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard",
         "*Cargo.toml", "*pyproject.toml", "*.cargo/config.toml", "*.cargo/config"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout.split()
    return sorted(set(names))


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve() if len(argv) > 1 else Path(__file__).resolve().parents[2]
    files = tracked(root)
    found = findings(root, files)
    for line in found:
        print(line)
    print(f"{len(files)} manifests and configs checked, {len(found)} set panic=abort")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
