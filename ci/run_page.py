#!/usr/bin/env python3
"""Run a book page's shell commands, as a reader would, in a temporary copy.

Every fenced `sh` block of the page that directly follows the line
`<!-- ci: run -->` is run, in page order, as one bash script
(`set -euo pipefail`, each command echoed) from the root of a fresh copy of
the repository: the tracked and untracked-but-not-ignored files, with
`target/`, `.venv/` and `.tools/` linked to this checkout's so that nothing
is downloaded or rebuilt twice (the copy's own workspace crates are
compiled once more, since their paths differ; cargo relinks each checkout's
binaries from its own build). Python distributions the commands install
into the venv are uninstalled afterwards, and the copy is deleted.

Usage: python ci/run_page.py src/contributing/new-module.md
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- ci: run -->"
FENCE = re.compile(r"^(```+|~~~+)\s*([A-Za-z0-9_+-]*)")


def blocks(page: Path) -> list[tuple[int, str]]:
    """(line number, text) of each marked block; a marker not followed by a sh block is an error."""
    lines = page.read_text().splitlines()
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip() == MARKER:
            fence = FENCE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if not fence or fence.group(2) not in ("sh", "bash", "console"):
                raise SystemExit(f"{page}:{i + 1}:1: error: `{MARKER}` must be followed by a ```sh block")
            start, body = i + 2, []
            j = start
            while j < len(lines) and not lines[j].startswith(fence.group(1)):
                body.append(lines[j])
                j += 1
            if j == len(lines):
                raise SystemExit(f"{page}:{i + 2}:1: error: unterminated code block")
            out.append((start, "\n".join(body)))
            i = j
        i += 1
    return out


def copy_repo(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, check=True, capture_output=True).stdout.split(b"\0")
    for raw in files:
        if not raw:
            continue
        rel = raw.decode()
        src = ROOT / rel
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            target.symlink_to(src.readlink())
        else:
            shutil.copy2(src, target)
    for shared in ("target", ".venv", ".tools"):
        if (ROOT / shared).exists():
            (dest / shared).symlink_to(ROOT / shared)


def installed(python: Path) -> set[str]:
    out = subprocess.run([python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
                         check=True, capture_output=True, text=True).stdout
    return {line.split("==")[0].lower() for line in out.splitlines() if "==" in line}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    page = (ROOT / argv[1]).resolve()
    found = blocks(page)
    if not found:
        print(f"{argv[1]}: no block is marked `{MARKER}`", file=sys.stderr)
        return 1
    script = "set -euxo pipefail\n" + "\n".join(
        f"# {argv[1]}:{line}\n{text}" for line, text in found)
    python = ROOT / ".venv" / "bin" / "python"
    before = installed(python) if python.exists() else set()
    with tempfile.TemporaryDirectory(prefix="run-page-") as tmp:
        copy = Path(tmp) / "repo"
        copy_repo(copy)
        print(f"running {len(found)} block(s) of {argv[1]} in {copy}", flush=True)
        status = subprocess.run(["bash", "-c", script], cwd=copy).returncode
    if python.exists():
        added = sorted(installed(python) - before)
        if added:
            subprocess.run([python, "-m", "pip", "uninstall", "-q", "-y", *added], check=False)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
