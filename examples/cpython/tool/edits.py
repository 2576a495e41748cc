"""The project's edits to a CPython 3.13 tree: applied at named anchors, reverted exactly.

Each edit inserts one block of a fragment file in `examples/cpython/edits/`
(the text between its `ANCHOR: name` and `ANCHOR_END: name` lines) next to
an anchor, a piece of upstream text that must occur exactly once, or
replaces the anchor. `configure` is not edited by hand: it is regenerated
from the edited `configure.ac` with autoconf 2.71, the version upstream
generated it with (on the pristine tree the regeneration is byte-identical;
tests/test_edits.py checks it). The tree's Rust crates and their Cargo
workspace are copied from `examples/cpython/` (symlinks dereferenced).

Applying computes every new file in memory first and writes nothing when
any anchor is missing, any autoconf run fails or the tree is not 3.13; a
write that fails halfway restores what was written. Applying twice is the
same as once; reverting restores the tree byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .common import EDITS_DIR, EXAMPLE, Failure

TOOL_FILE = Path(__file__)


@dataclass(frozen=True)
class Edit:
    path: str  # in the tree
    fragment: str  # file in edits/
    block: str  # ANCHOR name in the fragment
    anchor: str  # upstream text, exactly once in the pristine file
    where: str  # "before", "after" or "replace"

    def text(self) -> str:
        return fragment_block(self.fragment, self.block)


EDITS = [
    Edit("configure.ac", "configure.ac.m4", "with-rust",
         "dnl Default value for Modules/Setup.stdlib build type\n", "before"),
    Edit("configure.ac", "configure.ac.m4", "zlib",
         "dnl compression libs\nPY_STDLIB_MOD([zlib], [], [test \"$have_zlib\" = yes],\n"
         "  [$ZLIB_CFLAGS], [$ZLIB_LIBS])\n", "replace"),
    Edit("configure.ac", "configure.ac.m4", "module",
         "PY_STDLIB_MOD_SIMPLE([binascii], [$BINASCII_CFLAGS], [$BINASCII_LIBS])\n", "after"),
    Edit("Makefile.pre.in", "Makefile.pre.in.mk", "vars",
         "# === Definitions added by makesetup ===\n", "before"),
    Edit("Makefile.pre.in", "Makefile.pre.in.mk", "rules", ".PHONY: clobber\n", "before"),
    Edit("Makefile.pre.in", "Makefile.pre.in.mk", "clean",
         "clean: clean-retain-profile clean-bolt\n", "replace"),
    Edit("Modules/makesetup", "makesetup.sh", "reset", "\t\tfor arg in $line\n", "before"),
    Edit("Modules/makesetup", "makesetup.sh", "word",
         '\t\t\t*.*)\t\techo 1>&2 "bad word $arg in $line"\n', "before"),
    Edit("Modules/makesetup", "makesetup.sh", "libs",
         "\t\tfor mod in $mods\n\t\tdo\n\t\t\tcase $CONFIGURED in\n", "before"),
    Edit("Modules/makesetup", "makesetup.sh", "rule", "\t\tobjs=''\n", "before"),
    Edit("Modules/makesetup", "makesetup.sh", "static", "\tcase $SHAREDMODS in\n", "before"),
    Edit("Modules/Setup.stdlib.in", "Setup.stdlib.in", "rust",
         "@MODULE_BINASCII_TRUE@binascii binascii.c\n", "after"),
    Edit("Modules/Setup.stdlib.in", "Setup.stdlib.in", "zlib",
         "@MODULE_ZLIB_TRUE@zlib zlibmodule.c\n", "replace"),
    Edit("Lib/base64.py", "base64.py", "fallback",
         "    s = s.translate(_urlsafe_decode_translation)\n    return b64decode(s)\n", "after"),
    Edit("Python/stdlib_module_names.h", "stdlib_module_names.h", "name", '"_bisect",\n', "before"),
]

# Files of examples/cpython/ copied into the tree: the Cargo workspace and its crates.
WORKSPACE_FILES = ["Cargo.toml", "Cargo.lock"]
SKIPPED_NAMES = {"target", "tests", "__pycache__", ".pytest_cache"}


def fragment_block(fragment: str, block: str) -> str:
    lines = (EDITS_DIR / fragment).read_text().splitlines(keepends=True)
    start = end = None
    for i, line in enumerate(lines):
        if re.search(rf"ANCHOR:\s*{re.escape(block)}\s*$", line):
            start = i + 1
        elif start is not None and re.search(rf"ANCHOR_END:\s*{re.escape(block)}\s*$", line):
            end = i
            break
    if start is None or end is None:
        raise Failure(f"{EDITS_DIR / fragment}: no block `{block}` (ANCHOR: {block} ... ANCHOR_END: {block})")
    return "".join(lines[start:end])


def _applied_form(edit: Edit) -> str:
    text = edit.text()
    return {"before": text + edit.anchor, "after": edit.anchor + text, "replace": text}[edit.where]


def _count(haystack: str, needle: str) -> int:
    return haystack.count(needle)


def _edit_file(path: str, original: str, edits: list[Edit], revert: bool) -> tuple[str, list[str]]:
    """New contents of one file; problems as `path: message` lines."""
    text = original
    problems = []
    for edit in edits:
        applied = _applied_form(edit)
        if revert:
            n = _count(text, applied)
            if n == 1:
                text = text.replace(applied, edit.anchor)
            elif n > 1:
                problems.append(f"{path}: block `{edit.block}` occurs {n} times; revert by hand")
            continue
        if _count(text, applied) == 1 and (edit.where != "replace" or _count(text, edit.anchor) == 0):
            continue  # already applied
        n = _count(text, edit.anchor)
        if n != 1:
            line = "not found" if n == 0 else f"found {n} times"
            problems.append(f"{path}: anchor for `{edit.fragment}:{edit.block}` {line}: {edit.anchor!r}")
            continue
        text = text.replace(edit.anchor, applied)
    return text, problems


def check_tree(tree: Path) -> None:
    patchlevel = tree / "Include" / "patchlevel.h"
    if not (tree / "configure.ac").is_file() or not patchlevel.is_file():
        raise Failure(f"{tree} is not a CPython source tree (no configure.ac or Include/patchlevel.h)")
    m = re.search(r'#define PY_VERSION\s+"([^"]+)"', patchlevel.read_text())
    if not m or not m.group(1).startswith("3.13."):
        found = m.group(1) if m else "unknown"
        raise Failure(f"{tree} is CPython {found}; the edits are written for 3.13")


def regenerate_configure(configure_ac: str, tree: Path) -> str:
    """`configure` generated from `configure_ac` with the tree's aclocal.m4, in a scratch directory."""
    if shutil.which("autoconf") is None:
        raise Failure("autoconf is not installed: install Debian's autoconf (2.71), then retry")
    with tempfile.TemporaryDirectory(prefix="rust-for-cpython-autoconf-") as tmp:
        scratch = Path(tmp)
        (scratch / "configure.ac").write_text(configure_ac)
        shutil.copy2(tree / "aclocal.m4", scratch / "aclocal.m4")
        proc = subprocess.run(["autoconf", "--output=configure", "configure.ac"], cwd=scratch,
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise Failure(f"autoconf failed on the edited configure.ac: {proc.stderr.strip()[-500:]}")
        return (scratch / "configure").read_text()


def autoconf_version() -> str:
    if shutil.which("autoconf") is None:
        return "none"
    out = subprocess.run(["autoconf", "--version"], capture_output=True, text=True, check=False).stdout
    return out.splitlines()[0] if out else "unknown"


def _crate_dirs() -> list[Path]:
    modules = EXAMPLE / "Modules"
    return sorted(p for p in modules.iterdir() if p.is_dir()) if modules.is_dir() else []


def copied_files() -> list[tuple[Path, str]]:
    """(source file, path in the tree) for the workspace and every crate, symlinks followed."""
    out = [(EXAMPLE / name, name) for name in WORKSPACE_FILES if (EXAMPLE / name).is_file()]
    for crate in _crate_dirs():
        for dirpath, dirnames, filenames in os.walk(crate, followlinks=True):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_NAMES)
            for name in sorted(filenames):
                src = Path(dirpath) / name
                rel = src.relative_to(EXAMPLE)
                out.append((src, rel.as_posix()))
    return out


def copied_roots() -> list[str]:
    return [*WORKSPACE_FILES, *(f"Modules/{p.name}" for p in _crate_dirs())]


def edits_key() -> str:
    """Hash of the edits alone: what a build without Rust depends on."""
    h = hashlib.sha256()
    h.update(TOOL_FILE.read_bytes())
    h.update(autoconf_version().encode())
    for f in sorted(EDITS_DIR.iterdir()):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def content_key() -> str:
    """Hash of everything that decides the edited tree's contents: edits and crates."""
    h = hashlib.sha256(edits_key().encode())
    for src, rel in copied_files():
        h.update(rel.encode() + b"\0" + src.read_bytes())
    return h.hexdigest()


def _plan(tree: Path, revert: bool) -> dict[str, str]:
    """New contents of every edited file, or Failure listing every problem."""
    check_tree(tree)
    by_path: dict[str, list[Edit]] = {}
    for edit in EDITS:
        by_path.setdefault(edit.path, []).append(edit)
    new: dict[str, str] = {}
    problems: list[str] = []
    for path, edits in by_path.items():
        original = (tree / path).read_text()
        text, errs = _edit_file(path, original, list(reversed(edits)) if revert else edits, revert)
        problems += errs
        if text != original:
            new[path] = text
    if problems:
        raise Failure("the edits do not apply, nothing was changed:\n  " + "\n  ".join(problems))
    configure_ac = new.get("configure.ac", (tree / "configure.ac").read_text())
    configure = regenerate_configure(configure_ac, tree)
    if configure != (tree / "configure").read_text():
        new["configure"] = configure
    return new


def _write_all(tree: Path, new: dict[str, str]) -> None:
    saved: dict[str, str] = {}
    try:
        for path, text in new.items():
            target = tree / path
            saved[path] = target.read_text()
            tmp = target.with_name(f".{target.name}.rust-for-cpython")
            tmp.write_text(text)
            shutil.copymode(target, tmp)
            os.replace(tmp, target)
    except OSError as e:
        for path, text in saved.items():
            (tree / path).write_text(text)
        raise Failure(f"writing {tree} failed ({e}); the files written were restored, retry after fixing the cause")


def apply(tree: Path) -> list[str]:
    """Applies the edits and copies the crates; returns the changed paths."""
    new = _plan(tree, revert=False)
    _write_all(tree, new)
    copied = []
    for src, rel in copied_files():
        dest = tree / rel
        if dest.is_file() and dest.read_bytes() == src.read_bytes():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        copied.append(rel)
    return sorted(new) + copied


def revert(tree: Path) -> list[str]:
    """Reverts the edits and removes the copied crates; returns the changed paths."""
    new = _plan(tree, revert=True)
    _write_all(tree, new)
    removed = []
    for rel in copied_roots():
        path = tree / rel
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(rel)
        elif path.is_file():
            path.unlink()
            removed.append(rel)
    return sorted(new) + removed


def status(tree: Path) -> list[tuple[Edit, bool]]:
    out = []
    for edit in EDITS:
        text = (tree / edit.path).read_text()
        out.append((edit, _applied_form(edit) in text))
    return out
