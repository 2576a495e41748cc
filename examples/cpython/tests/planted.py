"""Plants a defect in a scratch copy of `_base64` and shows the check meant to find it does.

    python examples/cpython/tests/planted.py leak [--hunt 2:1]  # debug build: python -m test -R
    python examples/cpython/tests/planted.py uaf-rust # asan build: a Rust Vec read after free
    python examples/cpython/tests/planted.py uaf-c    # asan build: a freed object passed to C

Nothing in the repository or in a build directory is changed: the crates of the build's own
tree are copied to a temporary directory, one line is planted in `b64encode`, the cdylib is
built there against the build (its pyconfig.h, Cargo's profile and RUSTFLAGS of that build),
and the build's python runs the check with that directory first on PYTHONPATH, so it imports
the planted module instead of its own. The check must fail, and its output name the defect.
`--json` prints the outcome (used for examples/results/cpython-checks.json).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tool import builds  # noqa: E402

ANCHOR = "    let s = required(ctx, s)?;\n    let input = input::bytes_like(ctx, s)?;\n"

PLANTS = {
    # One reference to the input kept per call: the module's own code, through the safe API.
    "leak": ("debug", "    std::mem::forget(s.to_owned()); // PLANTED: a leaked reference\n",
             ["-m", "test", "-R", "{hunt}", "test_base64"]),
    # A Rust allocation read after it was freed: seen only if the Rust code is instrumented.
    "uaf-rust": ("asan", """\
    {
        let v = vec![7u8; 16];
        let p = v.as_ptr();
        drop(v);
        // SAFETY: none, on purpose: PLANTED use after free
        let _ = unsafe { std::ptr::read_volatile(p.add(1)) };
    }
""", ["-m", "test", "test_base64"]),
    # A Python object used after its last reference went, by C code (PyBytes_Size):
    # seen by the instrumented interpreter (an ASan build has no pymalloc: objects are malloc blocks).
    "uaf-c": ("asan", """\
    {
        let o = cpython_api::bytes::bytes_from_slice(ctx, b"planted use after free")?;
        let raw = o.as_ptr();
        drop(o);
        // SAFETY: none, on purpose: PLANTED use of a freed object
        let _ = unsafe { cpython_api::ffi::PyBytes_Size(raw) };
    }
""", ["-m", "test", "test_base64"]),
}

MEMBERS = ("cpython-sys", "cpython-api", "_base64", "_testrustapi", "cpython-rust-staticlib",
           "rs-base64-codec")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plant", choices=sorted(PLANTS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rust-uninstrumented", action="store_true",
                        help="build the planted module without -Zsanitizer: what the C side alone sees")
    parser.add_argument("--hunt", default="2:1",
                        help="-R of the leak check (2:1: the smallest without false positives here)")
    args = parser.parse_args()
    build_name, line, check = PLANTS[args.plant]
    check = [arg.format(hunt=args.hunt) for arg in check]
    build = builds.BUILDS[build_name]
    bdir = builds.current(build_name).resolve()
    info = json.loads((bdir / "build-info.json").read_text())
    src = Path(info["tree"])
    work = Path(tempfile.mkdtemp(prefix=f"planted-{args.plant}-"))
    try:
        for name in ("Cargo.toml", "Cargo.lock"):
            shutil.copy(src / name, work / name)
        for member in MEMBERS:
            shutil.copytree(src / "Modules" / member, work / "Modules" / member, symlinks=False)
        lib = work / "Modules" / "_base64" / "src" / "lib.rs"
        text = lib.read_text()
        if text.count(ANCHOR) != 1:
            raise SystemExit(f"{lib}: the anchor of b64encode is not there once; update {__file__}")
        lib.write_text(text.replace(ANCHOR, ANCHOR.splitlines(keepends=True)[0] + line + ANCHOR.splitlines(keepends=True)[1]))
        profile = "dev" if "--with-pydebug" in build.configure else "release"
        triple = f"{os.uname().machine}-unknown-linux-gnu"
        build_env = dict(build.build_env)
        if args.rust_uninstrumented:
            build_env.pop("RUSTFLAGS", None)
        env = {**os.environ, **build_env, "PYTHON_BUILD_DIR": str(bdir),
               "CARGO_TARGET_DIR": str(work / "target")}
        subprocess.run(["cargo", "build", "--quiet", "--lib", "--locked", "-p", "_base64", "--target", triple,
                        "--profile", profile], cwd=work, env=env, check=True)
        so = work / "target" / triple / ("debug" if profile == "dev" else "release") / "lib_base64.so"
        suffix = subprocess.run([str(bdir / "python"), "-c",
                                 "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"],
                                capture_output=True, text=True, check=True, env={**os.environ, **dict(build.run_env)}
                                ).stdout.strip()
        (work / "planted").mkdir()
        shutil.copy(so, work / "planted" / f"_base64{suffix}")
        run_env = {**os.environ, **dict(build.run_env), "PYTHONPATH": str(work / "planted")}
        run_env.pop("VIRTUAL_ENV", None)
        which = subprocess.run([str(bdir / "python"), "-c", "import _base64; print(_base64.__file__)"],
                               capture_output=True, text=True, env=run_env, check=False).stdout.strip()
        proc = subprocess.run([str(bdir / "python"), *check], cwd=bdir, capture_output=True, text=True,
                              env=run_env, check=False)
        out = proc.stdout + proc.stderr
        caught = proc.returncode != 0
        if args.json:
            keep = [ln for ln in out.splitlines()
                    if "leaked" in ln or "AddressSanitizer" in ln or ln.startswith(("Result:", "    #", "READ", "0x"))]
            print(json.dumps({"plant": args.plant, "build": build_name, "planted": line.strip(),
                              "rust_instrumented": "-Zsanitizer" in build_env.get("RUSTFLAGS", ""),
                              "module_file": which, "check": ["python", *check],
                              "exit_status": proc.returncode, "caught": caught, "output": keep[:24]}, indent=2))
        else:
            print(f"planted module: {which}\n$ python {' '.join(check)}\n{out[-6000:]}")
            print(f"exit status {proc.returncode}: {'caught' if caught else 'NOT caught'}")
        return 0 if caught else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
