"""The four builds of the edited tree, each in its own out-of-tree build directory."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import edits, tree
from .common import Failure, cache_root, point, progress, remove_stale_tmp, run_logged

JOBS = os.environ.get("CPYTHON_MAKE_JOBS", "2")

# Modules/Setup.local of the static build: the first rule for a module wins,
# so this line overrides the *shared* one of Modules/Setup.stdlib.
# ANCHOR: setup-local
STATIC_SETUP_LOCAL = """\
# rust-for-cpython: link _base64 and zlib into the interpreter
*static*
_base64 _base64/Cargo.toml
zlib zlib/Cargo.toml
"""
# ANCHOR_END: setup-local


# ANCHOR: asan-env
# ASan on both sides of the boundary. gcc instruments the C code and links the runtime
# (the python executable depends on gcc 12's libasan.so.8); rustc instruments the Rust
# crates of the tree (not its precompiled standard library: no rust-src, no -Zbuild-std)
# and links no runtime into a cdylib, so the module's __asan_* calls resolve to the one
# runtime the interpreter loaded. -Zsanitizer is unstable: RUSTC_BOOTSTRAP=1 lets the
# pinned stable rustc take it. Cargo is run with --target, so RUSTFLAGS reach the crates
# only, not build scripts (bindgen's build.rs is not instrumented).
# ASAN_OPTIONS as CPython's own ASan CI job sets them; detect_leaks=0: the interpreter
# leaves memory allocated at exit by design (interned strings, static types).
ASAN_OPTIONS = "detect_leaks=0:allocator_may_return_null=1:handle_segv=0"
ASAN_BUILD_ENV = (("RUSTC_BOOTSTRAP", "1"), ("RUSTFLAGS", "-Zsanitizer=address"),
                  ("ASAN_OPTIONS", ASAN_OPTIONS))
# Running needs the same options. No PYTHONMALLOC: --with-address-sanitizer builds without
# pymalloc, so every Python object is a malloc block ASan tracks.
ASAN_RUN_ENV = (("ASAN_OPTIONS", ASAN_OPTIONS),)
# ANCHOR_END: asan-env

# TSan likewise, except that rustc refuses to link TSan-instrumented crates against the
# uninstrumented standard library unless told the ABI mismatch is accepted (TSan needs the
# whole program instrumented; -Zbuild-std would do it, and needs rust-src). TSAN_OPTIONS
# while building: the interpreter runs during make, and a report there is not the check.
TSAN_BUILD_ENV = (("RUSTC_BOOTSTRAP", "1"),
                  ("RUSTFLAGS", "-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer"),
                  ("TSAN_OPTIONS", "report_bugs=0"))


@dataclass(frozen=True)
class Build:
    name: str
    configure: tuple[str, ...]
    setup_local: str | None
    rust: bool
    free_threaded: bool
    static: bool
    about: str
    # Environment of configure + make beyond the caller's (e.g. RUSTFLAGS), part of the key.
    build_env: tuple[tuple[str, str], ...] = ()
    # Environment every run of this build's python needs (e.g. ASAN_OPTIONS).
    run_env: tuple[tuple[str, str], ...] = ()


BUILDS = {
    b.name: b
    for b in [
        Build("baseline", ("--with-rust=no",), None, False, False, False,
              "the edited tree without Rust: _base64 absent, base64 on binascii"),
        Build("shared", ("--with-rust=yes",), None, True, False, False,
              "_base64 as its own extension file (a cdylib)"),
        Build("static", ("--with-rust=yes",), STATIC_SETUP_LOCAL, True, False, True,
              "_base64 linked into python through cpython-rust-staticlib"),
        Build("freethreaded", ("--with-rust=yes", "--disable-gil"), None, True, True, False,
              "--disable-gil, _base64 shared"),
        # The checks CPython runs on its own C code (issue 24), on the same tree.
        # Cargo's dev profile keeps debug assertions and overflow checks on, as Py_DEBUG does
        # for C; opt-level 3 makes zlib-rs fast enough for `-R 3:3 test_zlib` (unoptimised,
        # that run took over 19 minutes).
        Build("debug", ("--with-rust=yes", "--with-pydebug"), None, True, False, False,
              "--with-pydebug (Py_DEBUG; Cargo's dev profile at opt-level 3): python -m test -R",
              build_env=(("CARGO_PROFILE_DEV_OPT_LEVEL", "3"),)),
        Build("asan", ("--with-rust=yes", "--with-address-sanitizer"), None, True, False, False,
              "--with-address-sanitizer, the Rust crates instrumented too (-Zsanitizer=address)",
              build_env=ASAN_BUILD_ENV, run_env=ASAN_RUN_ENV),
        # A one-off attempt, not a ci/test step (examples/results/cpython-checks.json).
        Build("tsan", ("--with-rust=yes", "--disable-gil", "--with-thread-sanitizer"), None,
              True, True, False,
              "--disable-gil --with-thread-sanitizer, the Rust crates instrumented too",
              build_env=TSAN_BUILD_ENV),
    ]
}

# The builds `cpython.py build` and `test` make when no name is given: the four of
# the plan. The check builds (debug, ...) are named explicitly, by ci/test's own steps.
DEFAULT = ("baseline", "shared", "static", "freethreaded")


def toolchain() -> dict[str, str]:
    def first_line(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
        except FileNotFoundError:
            return "not installed"
        return out.splitlines()[0].strip() if out.strip() else "unknown"

    return {
        "gcc": first_line(["gcc", "--version"]),
        "rustc": first_line(["rustc", "--version"]),
        "cargo": first_line(["cargo", "--version"]),
        "make": first_line(["make", "--version"]),
    }


def build_key(build: Build) -> str:
    h = hashlib.sha256()
    # A build without Rust reads nothing of the crates: it keys on the edits alone,
    # so changing a crate does not rebuild the baseline.
    h.update((tree.tree_key() if build.rust else edits.edits_key()).encode())
    h.update(json.dumps([build.configure, build.setup_local, toolchain(), JOBS]).encode())
    if build.build_env:  # only then: the keys of the builds without one stay as they were
        h.update(json.dumps(build.build_env).encode())
    return h.hexdigest()[:16]


def build_dir(build: Build) -> Path:
    return cache_root() / "builds" / f"{build.name}-{build_key(build)}"


def current(name: str) -> Path:
    """Stable path of the current build `name` (a symlink)."""
    return cache_root() / "current" / name


CCACHE_DIR = Path("/usr/lib/ccache")  # Debian's ccache: gcc, cc ... as wrappers


def ccache_env(env: dict) -> dict:
    """The four builds compile mostly the same C files: ccache (when installed)
    compiles each once. Not used by `measure`, whose builds must be clean."""
    if not (CCACHE_DIR / "gcc").exists():
        return env
    return {**env, "PATH": f"{CCACHE_DIR}:{env.get('PATH', '')}",
            "CCACHE_DIR": str(cache_root() / "ccache"), "CCACHE_MAXSIZE": "2G",
            # the build directories differ; their names in debug info do not matter here
            "CCACHE_NOHASHDIR": "true"}


def configure_and_make(build: Build, src: Path, out: Path, *, env: dict | None = None,
                       label: str | None = None, ccache: bool = False) -> dict:
    """configure + make -jN of `src` in the empty directory `out`; returns timings."""
    label = label or build.name
    # Cargo inside make gets the same parallelism as make, not one job per core.
    env = {**(env if env is not None else os.environ), **dict(build.build_env), "CARGO_BUILD_JOBS": JOBS}
    if ccache:
        env = ccache_env(env)
    if build.setup_local:
        (out / "Modules").mkdir(parents=True, exist_ok=True)
        (out / "Modules" / "Setup.local").write_text(build.setup_local)
    retry = f"see the log, fix the cause, then run `examples/cpython/cpython.py build {build.name}` again"
    progress(f"build {label}", f"configure {' '.join(build.configure)}")
    t_conf = run_logged([str(src / "configure"), *build.configure], cwd=out, log=out / "logs" / "configure.log",
                        env=env, what=f"configure of the {label} build", retry=retry)
    progress(f"build {label}", f"configure done in {t_conf['wall_s']}s; make -j{JOBS}")
    t_make = run_logged(["make", f"-j{JOBS}"], cwd=out, log=out / "logs" / "make.log", env=env,
                        what=f"make of the {label} build", retry=retry)
    progress(f"build {label}", f"make done in {t_make['wall_s']}s (CPU {t_make['cpu_s']}s)")
    return {"configure": t_conf, "make": t_make}


def ensure_build(name: str) -> Path:
    """The finished build directory for `name` and the current sources, built when missing."""
    build = BUILDS[name]
    final = build_dir(build)
    if (final / "build-info.json").is_file():
        progress(f"build {name}", f"cached: {final}")
        point(current(name), final)
        return final
    src = tree.ensure_tree()
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_tmp(final.parent)
    # Built in place, not in a temporary directory renamed afterwards: a
    # build directory records its own absolute path (Makefile, sysconfig,
    # Cargo's target dir), so a renamed one would keep writing to the old
    # name. build-info.json, written last, marks the entry complete; a
    # directory without it is what a dead run left, and is built again.
    shutil.rmtree(final, ignore_errors=True)
    final.mkdir()
    try:
        timings = configure_and_make(build, src, final, ccache=True)
        # Cargo's intermediate output is not part of the result (the module
        # file or the linked interpreter is); drop it to keep the cache small.
        shutil.rmtree(final / "target", ignore_errors=True)
        info = {"build": name, "about": build.about, "configure": list(build.configure),
                "setup_local": build.setup_local, "tree": str(src), "timings": timings,
                "toolchain": toolchain()}
        marker = final / "build-info.json.tmp"
        marker.write_text(json.dumps(info, indent=2) + "\n")
        os.replace(marker, final / "build-info.json")
    except BaseException:
        shutil.rmtree(final, ignore_errors=True)
        raise
    point(current(name), final)
    progress(f"build {name}", f"done: {final}")
    return final


def python_of(path: Path) -> Path:
    exe = path / "python"
    if not exe.is_file():
        raise Failure(f"{exe} is missing; run `examples/cpython/cpython.py build` first")
    return exe
