"""Paths, the cache layout, progress lines and running commands.

The cache lives outside the clone, under
`${XDG_CACHE_HOME:-~/.cache}/rust-for-cpython/cpython/`:

    apt/                 private apt configuration and lists (deb-src only)
    downloads/           the Debian source package's files
    source/<version>/    the pristine upstream tree, unpacked from the orig tarball
    trees/<key>/         that tree with the project's edits and crates applied
    builds/<name>-<key>/ one finished build directory per build and key
    current/<name>       symlink to the build of the current sources

Every entry is written under a `.tmp-<pid>` name and renamed into place when
complete, so an interrupted run leaves nothing a later run would trust.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1]  # examples/cpython
ROOT = EXAMPLE.parents[1]  # the repository
EDITS_DIR = EXAMPLE / "edits"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rust-for-cpython" / "cpython"


class Failure(Exception):
    """A step failed; the message is one sentence: what failed and how to retry."""


_T0 = time.monotonic()


def progress(stage: str, message: str) -> None:
    elapsed = time.monotonic() - _T0
    print(f"[cpython {elapsed:6.1f}s] {stage}: {message}", flush=True)


def run_logged(cmd: list[str], *, cwd: Path, log: Path, env: dict | None = None,
               what: str, retry: str) -> dict:
    """Runs `cmd`, output into `log`; returns wall and CPU seconds.

    On failure prints the log's last lines and raises Failure(what, retry).
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    before = os.times()
    t0 = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                              env=env, check=False)
    wall = time.monotonic() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-25:]
        sys.stderr.write("\n".join(f"    | {line}" for line in tail) + "\n")
        raise Failure(f"{what} failed (exit status {proc.returncode}, full log: {log}); {retry}")
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tmp_sibling(final: Path) -> Path:
    """A fresh temporary path next to `final`, removed first if a dead run left it."""
    tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    return tmp


def publish(tmp: Path, final: Path) -> None:
    """Renames a complete entry into place; an entry another run finished first wins."""
    try:
        os.rename(tmp, final)
    except OSError:
        if final.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            raise


def point(link: Path, target: Path) -> None:
    """Atomically makes `link` a symlink to `target`."""
    link.parent.mkdir(parents=True, exist_ok=True)
    tmp = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    os.replace(tmp, link)


def remove_stale_tmp(parent: Path) -> None:
    """Removes `.tmp-<pid>` entries whose process is gone."""
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        name, sep, pid = entry.name.rpartition(".tmp-")
        if not sep or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
        except PermissionError:
            pass
