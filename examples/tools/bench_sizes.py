"""Binary sizes for examples/tools/bench.py: each Rust module beside the C
module it replaces and its best peer, as built and stripped.

"As built" is the file the interpreter loads. "Stripped" is a copy passed
through `strip --strip-all` (symbol tables and debug sections removed), so
that files built with different defaults compare alike. A C module that
links a shared library (zlib -> libz.so.1) counts that library too: it is
what the module costs on a system.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tempfile
from pathlib import Path

# Rust module -> (C module it replaces, best peer on PyPI).
COUNTERPARTS = {
    "rs_base64": ("binascii", "pybase64._pybase64"),
    "rs_base64_ffi": ("binascii", "pybase64._pybase64"),
    "rs_zlib": ("zlib", "zlib_ng.zlib_ng"),
}
# Stripped size targets: Rust module <= factor x its C module (issue 15).
SIZE_TARGETS = {"rs_base64_ffi": 2.0, "rs_zlib": 2.0}
# Shared libraries that count towards a C module's size: the library it
# wraps (binascii also links libz, for crc32 only: not counted).
COUNTED_LIBS = {"zlib": ("libz.so",)}


def stripped_size(path: Path) -> int | None:
    if shutil.which("strip") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        subprocess.run(["strip", "--strip-all", str(copy)], check=True, capture_output=True)
        return copy.stat().st_size


def linked_libs(path: Path, prefixes: tuple[str, ...]) -> list[Path]:
    """Shared libraries of `path` (resolved by ldd) whose names start with `prefixes`."""
    if not prefixes:
        return []
    try:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    libs = []
    for line in out.splitlines():
        parts = line.split("=>")
        if len(parts) == 2 and parts[0].strip().startswith(prefixes):
            target = parts[1].split("(")[0].strip()
            if target:
                libs.append(Path(target).resolve())
    return libs


def loaded_size(path: Path) -> int | None:
    """text + data (binutils `size`): the bytes mapped from the file, without
    the page-alignment padding that dominates the file size of small modules."""
    try:
        out = subprocess.run(["size", str(path)], capture_output=True, text=True, check=True).stdout
        text, data = out.splitlines()[1].split()[:2]
        return int(text) + int(data)
    except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
        return None


def file_entry(path: Path) -> dict:
    return {"path": str(path), "bytes": path.stat().st_size, "stripped_bytes": stripped_size(path),
            "text_data_bytes": loaded_size(path)}


def module_entry(name: str) -> dict | None:
    """The extension file of `name` and the counted libraries it links."""
    try:
        mod = importlib.import_module(name)
    except ImportError:
        return None
    so = extension_file(mod, name)
    if so is None:
        return None
    files = [file_entry(so)] + [file_entry(lib) for lib in linked_libs(so, COUNTED_LIBS.get(name, ()))]

    def total(key):
        values = [f[key] for f in files]
        return None if None in values else sum(values)

    return {"module": name, "files": files, "bytes": total("bytes"),
            "stripped_bytes": total("stripped_bytes"), "text_data_bytes": total("text_data_bytes")}


def extension_file(mod, name: str) -> Path | None:
    """The shared object of a module (an editable install's package holds it beside __init__.py)."""
    path = Path(getattr(mod, "__file__", "") or "")
    if path.suffix == ".so":
        return path
    leaf = name.rsplit(".", 1)[-1]
    return next(iter(sorted(path.parent.glob(f"{leaf}*.so"))), None) if path.name else None


def comparisons(rust_modules: list[str]) -> list[dict]:
    """Per Rust module: its own sizes, its C module's, its peer's, and the target."""
    out = []
    for rust in rust_modules:
        entry = module_entry(rust)
        if entry is None:
            continue
        c_name, peer_name = COUNTERPARTS.get(rust, (None, None))
        row = {"module": rust, "rust": entry,
               "c_module": module_entry(c_name) if c_name else None,
               "peer": module_entry(peer_name) if peer_name else None}
        c = row["c_module"]
        if c and c.get("stripped_bytes") and entry.get("stripped_bytes"):
            row["stripped_ratio_to_c"] = entry["stripped_bytes"] / c["stripped_bytes"]
            row["built_ratio_to_c"] = entry["bytes"] / c["bytes"]
            if rust in SIZE_TARGETS:
                row["target"] = {"max_ratio": SIZE_TARGETS[rust],
                                 "met": row["stripped_ratio_to_c"] <= SIZE_TARGETS[rust]}
        out.append(row)
    return out
