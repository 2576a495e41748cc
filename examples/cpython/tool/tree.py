"""The edited tree in the cache: the pristine source, the edits and the crates."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from . import edits, source
from .common import Failure, cache_root, progress, publish, remove_stale_tmp, tmp_sibling


def tree_key() -> str:
    return f"{source.UPSTREAM_VERSION}-{edits.content_key()[:16]}"


def tree_dir() -> Path:
    return cache_root() / "trees" / tree_key()


def _copy_tree(src: Path, dest: Path) -> None:
    # cp -a keeps modes and timestamps (configure stays executable) and reflinks where it can.
    proc = subprocess.run(["cp", "-a", "--reflink=auto", f"{src}/.", str(dest)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise Failure(f"copying {src} to {dest} failed ({proc.stderr.strip()}); free some disk space and retry")


def ensure_tree() -> Path:
    """The edited tree for the current edits and crates, made once."""
    final = tree_dir()
    if (final / "configure").is_file():
        return final
    pristine = source.fetch()
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_tmp(final.parent)
    tmp = tmp_sibling(final)
    tmp.mkdir()
    progress("tree", f"applying the edits to a copy of {pristine.name} -> {final}")
    try:
        _copy_tree(pristine, tmp)
        changed = edits.apply(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    progress("tree", f"{len(changed)} files edited or copied")
    publish(tmp, final)
    return final
