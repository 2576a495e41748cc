"""`cpython.py measure`: what Rust costs CPython's build, measured, into one results file.

Clean builds of the baseline and the shared Rust build, interleaved
(baseline, shared, shared, baseline, ...) so a change in machine load hits
both alike; wall time and CPU time (user + sys of everything the build ran)
of configure + make -j2, and Cargo's part of each (cargo runs through
cargo_timer.py). Then the sizes: python and libpython as built and stripped
(the static build's python too), the installed tree of each
(`make install DESTDIR=...`, ENSUREPIP=no), and _base64's extension file
against binascii's. Writes examples/results/cpython-build.json with the
source hashes the tracker checks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import builds, source, tree
from .common import ROOT, Failure, cache_root, progress, run_logged

TIMER = Path(__file__).with_name("cargo_timer.py")


def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return "not installed"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def _lock_version(lock: Path, crate: str) -> str:
    lines = lock.read_text().splitlines()
    for i, line in enumerate(lines):
        if line == f'name = "{crate}"' and i + 1 < len(lines):
            return lines[i + 1].split('"')[1]
    return "not in Cargo.lock"


def toolchain(src: Path) -> dict[str, str]:
    libclang = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libclang-dev"],
                              capture_output=True, text=True, check=False).stdout.strip()
    return {
        **builds.toolchain(),
        "bindgen": _lock_version(src / "Cargo.lock", "bindgen"),
        "libclang": f"Debian libclang-dev {libclang}" if libclang else "unknown",
        "autoconf": _first_line(["autoconf", "--version"]),
    }


def _size(path: Path) -> int:
    return path.stat().st_size


def _stripped(path: Path, args: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        subprocess.run(["strip", *args, "-o", str(out), str(path)], check=True, capture_output=True)
        return out.stat().st_size


def _sizes(path: Path, kind: str) -> dict[str, int]:
    # As Debian's dh_strip does: executables fully, shared objects
    # --strip-unneeded, static archives --strip-debug.
    args = {"exe": [], "so": ["--strip-unneeded"], "a": ["--strip-debug"]}[kind]
    return {"built": _size(path), "stripped": _stripped(path, args)}


def _linked(path: Path, prefix: str) -> Path | None:
    """The file of the shared library `path` links whose name starts with `prefix` (ldd)."""
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout
    for line in out.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if name.startswith(prefix) and rest:
            return Path(rest.split(" (")[0]).resolve()
    return None


def _tree_bytes(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main(repeats: int, output: Path) -> None:
    if repeats < 1:
        raise Failure("--repeats must be at least 1")
    src = tree.ensure_tree()
    real_cargo = shutil.which("cargo")
    if real_cargo is None:
        raise Failure("cargo is not on PATH; install Rust 1.95 and retry")
    progress("measure", "cargo fetch --locked (downloads are not timed)")
    subprocess.run([real_cargo, "fetch", "--locked", "--manifest-path", str(src / "Cargo.toml")], check=True)
    work = cache_root() / "measure"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    load_before = os.getloadavg()
    runs = []
    last = {}
    envs = {}
    order = []
    for i in range(repeats):
        order += [("baseline", i), ("shared", i)] if i % 2 == 0 else [("shared", i), ("baseline", i)]
    for name, i in order:
        build = builds.BUILDS[name]
        out = work / f"{name}-{i}"
        out.mkdir()
        log = out / "cargo-times.jsonl"
        env = {**os.environ, "CARGO": str(TIMER), "CARGO_TIMER_REAL": real_cargo, "CARGO_TIMER_LOG": str(log)}
        t = builds.configure_and_make(build, src, out, env=env, label=f"{name} #{i + 1}/{repeats}")
        cargo = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
        runs.append({
            "build": name, "repeat": i,
            "wall_s": round(t["configure"]["wall_s"] + t["make"]["wall_s"], 2),
            "cpu_s": round(t["configure"]["cpu_s"] + t["make"]["cpu_s"], 2),
            "configure_wall_s": t["configure"]["wall_s"], "make_wall_s": t["make"]["wall_s"],
            "cargo_wall_s": round(sum(c["wall_s"] for c in cargo), 2),
            "cargo_cpu_s": round(sum(c["cpu_s"] for c in cargo), 2),
            "load_avg_1min_after": round(os.getloadavg()[0], 2),
        })
        progress("measure", json.dumps(runs[-1]))
        if name in last:
            shutil.rmtree(last[name])
        last[name] = out
        envs[name] = env
    load_after = os.getloadavg()

    def med(name: str, key: str) -> float:
        return _median([r[key] for r in runs if r["build"] == name])

    build_time = {name: {k: med(name, k) for k in ("wall_s", "cpu_s", "cargo_wall_s", "cargo_cpu_s")}
                  for name in ("baseline", "shared")}
    build_time["ratio_wall"] = round(build_time["shared"]["wall_s"] / build_time["baseline"]["wall_s"], 3)
    build_time["ratio_cpu"] = round(build_time["shared"]["cpu_s"] / build_time["baseline"]["cpu_s"], 3)
    build_time["cargo_cpu_share"] = round(build_time["shared"]["cargo_cpu_s"] / build_time["shared"]["cpu_s"], 3)

    progress("measure", "sizes and installed trees")
    static_dir = builds.ensure_build("static")
    sizes: dict = {"python": {}, "libpython": {}, "installed_tree": {}, "module": {}}
    for name, d in (("baseline", last["baseline"]), ("shared", last["shared"]), ("static", static_dir)):
        sizes["python"][name] = _sizes(d / "python", "exe")
        sizes["libpython"][name] = _sizes(d / "libpython3.13.a", "a")
    ext = sorted((last["shared"] / "Modules").glob("binascii*.so"))[0].name.removeprefix("binascii")
    sizes["module"]["_base64"] = _sizes(last["shared"] / "Modules" / f"_base64{ext}", "so")
    sizes["module"]["binascii"] = _sizes(last["shared"] / "Modules" / f"binascii{ext}", "so")
    # The Rust zlib replaces zlibmodule.c, which links the system's libz.
    sizes["module"]["zlib"] = _sizes(last["shared"] / "Modules" / f"zlib{ext}", "so")
    c_zlib = last["baseline"] / "Modules" / f"zlib{ext}"
    sizes["module"]["zlib (C)"] = _sizes(c_zlib, "so")
    libz = _linked(c_zlib, "libz.so")
    if libz is not None:
        sizes["module"]["libz"] = _sizes(libz, "so")
    for name in ("baseline", "shared"):
        dest = last[name] / "dest"
        # The build's Makefile runs Cargo through the timer: same environment.
        env = {**envs[name], "CARGO_TIMER_LOG": str(last[name] / "install-cargo.jsonl")}
        run_logged(["make", "install", f"DESTDIR={dest}", "ENSUREPIP=no"], cwd=last[name], env=env,
                   log=last[name] / "logs" / "install.log", what=f"make install of the {name} build",
                   retry="see the log and run `examples/cpython/cpython.py measure` again")
        sizes["installed_tree"][name] = _tree_bytes(dest)
    sizes["installed_tree"]["difference"] = sizes["installed_tree"]["shared"] - sizes["installed_tree"]["baseline"]

    sys.path.insert(0, str(ROOT / "examples" / "tools"))
    from provenance import source_hashes  # noqa: PLC0415

    result = {
        "generated": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "command": f"examples/cpython/cpython.py measure --repeats {repeats}",
        "cpython": {"version": source.UPSTREAM_VERSION, "source": f"Debian {source.DEBIAN_SOURCE} "
                    f"({source.DEBIAN_SUITE}), upstream orig tarball, no Debian patches",
                    "orig_sha256": source.ORIG_SHA256},
        "machine": {"cpus": os.cpu_count(), "make_jobs": int(builds.JOBS),
                    "load_avg_1min_before": round(load_before[0], 2), "load_avg_1min_after": round(load_after[0], 2)},
        "toolchain": toolchain(src),
        "repeats": repeats,
        "build_time": build_time,
        "runs": runs,
        "sizes": sizes,
        "sources": source_hashes("examples/cpython", "examples/base64/codec"),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=2) + "\n")
    os.replace(tmp, output)
    shutil.rmtree(work, ignore_errors=True)
    progress("measure", f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    print(json.dumps({"build_time": build_time, "sizes": sizes}, indent=2))
