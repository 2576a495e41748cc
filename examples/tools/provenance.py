"""What a results file measured: source hashes of the example folders.

A results file records `"sources": {"examples/base64": "<sha256>", ...}`.
The tracker recomputes the hashes when it checks evidence that cites the
file; a different hash means the code changed after the measurement, and
the evidence is reported as stale. The hash is the tracker's own
(`tracker source-hash`), so the two can never disagree on the algorithm.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def path_dependencies(folder: str, root: Path = ROOT) -> list[str]:
    """Folders (relative to the root) of the crates `folder`'s Cargo.toml
    takes by `path` outside itself, transitively: examples/pybuffer for the
    modules that read buffers through it."""
    import tomllib  # noqa: PLC0415  (3.11+; the tools' venv interpreter)

    found: list[str] = []
    todo = [root / folder]
    while todo:
        crate = todo.pop()
        manifest = crate / "Cargo.toml"
        if not manifest.is_file():
            continue
        meta = tomllib.loads(manifest.read_text())
        for table in ("dependencies", "build-dependencies"):
            for dep in meta.get(table, {}).values():
                if not isinstance(dep, dict) or "path" not in dep:
                    continue
                path = (crate / dep["path"]).resolve()
                if path.is_relative_to(root / folder) or not path.is_relative_to(root):
                    continue
                rel = path.relative_to(root).as_posix()
                if rel not in found:
                    found.append(rel)
                    todo.append(path)
    return found


def source_hashes(*dirs: str) -> dict[str, str]:
    """Hashes of `dirs` and of the crates they depend on by path."""
    every = list(dict.fromkeys([*dirs, *(dep for d in dirs for dep in path_dependencies(d))]))
    out = subprocess.run(
        ["cargo", "run", "--quiet", "-p", "tracker", "--", "source-hash", "--root", str(ROOT), *every],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)
