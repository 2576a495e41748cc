#!/usr/bin/env python3
"""Size levers, measured alone and combined: each Rust module built under
each variant of the release profile, its size (as built and stripped) beside
the instruction count of one hot case (callgrind), so that size and speed
are read side by side. Writes examples/results/size-levers.json.

A variant is a set of `CARGO_PROFILE_RELEASE_*` overrides of the root
Cargo.toml's [profile.release]. Each module is built the way maturin builds
it, `cargo rustc --lib --crate-type cdylib`, into target/levers/<variant>:
a plain `cargo build` of a crate that is both an rlib and a cdylib gets no
LTO at all, so it measures neither the shipped module nor the LTO levers.
The instruction counts load the built file in place of the installed module
(PYTHONPATH).

The floors are what any module pays before its own code: an empty cdylib
that exports one function, built with the committed profile, with the
standard library (`floor-std`) and without it (`floor-no-std`, which needs
`panic = "abort"`).

`panic = "abort"` is measured, not adopted: the project's panic policy
(panics.unwind-strategy) requires panics to be caught and turned into
Python exceptions, which needs unwinding.

Usage: size_levers.py [--no-instructions] [--only VARIANT] [--resume]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_callgrind  # noqa: E402
import bench_sizes  # noqa: E402
from provenance import source_hashes  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "examples" / "results" / "size-levers.json"
# crate, module, the case whose instruction count stands for its speed
MODULES = [
    ("rs-base64-ffi", "rs_base64_ffi", None),
    ("rs-base64", "rs_base64", ("rs_base64: encode 4 KiB", "rs_base64.b64encode", 4096)),
    ("rs-zlib", "rs_zlib", ("rs_zlib: compress level 6 text 1 MiB", "rs_zlib.compress", 1 << 20)),
]
P = "CARGO_PROFILE_RELEASE_"
# name, what it changes, environment, allowed by the panic policy
VARIANTS = [
    ("base", "the profile as committed", {}, True),
    ("panic-abort", "panic = \"abort\"", {P + "PANIC": "abort"}, False),
    ("opt-z", "opt-level = \"z\"", {P + "OPT_LEVEL": "z"}, True),
    ("opt-s", "opt-level = \"s\"", {P + "OPT_LEVEL": "s"}, True),
    ("lto-thin", "lto = \"thin\"", {P + "LTO": "thin"}, True),
    ("smallest", "opt-level = \"z\" and panic = \"abort\" together", {P + "OPT_LEVEL": "z", P + "PANIC": "abort"},
     False),
]
# Symbol sizes (`nm -S`) of the base build, by the crate they come from.
GROUPS = [
    ("zlib-rs", r"zlib_rs|libz_rs"), ("base64-simd", r"base64_simd|vsimd|outref"),
    ("codec", r"rs_base64_codec"), ("pyo3", r"pyo3"),
    ("std: backtrace symbolization (gimli, addr2line, miniz_oxide, object, rustc-demangle)",
     r"gimli|addr2line|miniz_oxide|object::|rustc_demangle|backtrace"),
    ("core::fmt (formatting)", r"core::fmt"), ("std (other)", r"std::"), ("core, alloc (other)", r"core::|alloc::"),
    ("the module's own code", r"rs_zlib|rs_base64"),
]


def attribution(so: Path) -> dict[str, int]:
    import collections
    import re

    out = subprocess.run(["nm", "-S", "--size-sort", "-C", str(so)], capture_output=True, text=True,
                         check=True).stdout
    sizes: collections.Counter = collections.Counter()
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) < 4:
            continue
        size, name = int(parts[1], 16), parts[3]
        group = next((g for g, pattern in GROUPS if re.search(pattern, name)), "other (C runtime, tables)")
        sizes[group] += size
    return dict(sizes.most_common())


def build(name: str, env: dict, crate: str) -> Path:
    """Builds `crate`'s extension as maturin does; returns the release folder."""
    target = ROOT / "target" / "levers" / name
    cmd = ["nice", "-n", "5", "cargo", "rustc", "--release", "--quiet", "-j", "2", "--lib",
           "--crate-type", "cdylib", "--target-dir", str(target), "-p", crate]
    subprocess.run(cmd, cwd=ROOT, check=True, env={**os.environ, **env})
    return target / "release"


# name, what it is, the crate's lib.rs, profile overrides, allowed by the panic policy
FLOORS = [
    ("floor-std", "an empty cdylib (one exported function) with the standard library",
     "#[unsafe(no_mangle)]\npub extern \"C\" fn PyInit_floor() -> usize {\n    0\n}\n", {}, True),
    ("floor-no-std", "the same without it (#![no_std]), which needs panic = \"abort\"",
     "#![no_std]\n\n#[panic_handler]\nfn panic(_: &core::panic::PanicInfo<'_>) -> ! {\n    loop {}\n}\n\n"
     "#[unsafe(no_mangle)]\npub extern \"C\" fn PyInit_floor() -> usize {\n    0\n}\n",
     {"panic": "abort"}, False),
]


def floor(name: str, lib_rs: str, overrides: dict) -> Path:
    """Builds an empty cdylib under target/levers with the root's release
    profile (plus `overrides`); returns the .so."""
    import tomllib

    profile = {**tomllib.loads((ROOT / "Cargo.toml").read_text())["profile"]["release"], **overrides}
    crate = ROOT / "target" / "levers" / "floors" / name
    (crate / "src").mkdir(parents=True, exist_ok=True)
    manifest = [f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2024"\n',
                '[lib]\nname = "floor"\ncrate-type = ["cdylib"]\n',
                "# Not a member of the repository's workspace.\n[workspace]\n", "[profile.release]"]
    manifest += [f"{key} = {json.dumps(value)}" for key, value in profile.items()]
    (crate / "Cargo.toml").write_text("\n".join(manifest) + "\n")
    (crate / "src" / "lib.rs").write_text(lib_rs)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", str(crate / "Cargo.toml")],
                   check=True)
    return crate / "target" / "release" / "libfloor.so"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-instructions", action="store_true")
    parser.add_argument("--only", action="append")
    parser.add_argument("--resume", action="store_true",
                        help="keep the variants already in the results file (same sources), build the rest")
    args = parser.parse_args()
    sources = source_hashes(*(f"examples/{d}" for d in ("base64", "base64-ffi", "zlib")))
    rows = []
    if args.resume and RESULTS.exists():
        old = json.loads(RESULTS.read_text())
        if old.get("sources") == sources:
            rows = old["levers"]
    done = {r["variant"] for r in rows}
    for name, change, env, allowed in VARIANTS:
        if (args.only and name not in args.only) or name in done:
            continue
        for crate, module, case in MODULES:
            so = build(name, env, crate) / f"lib{module}.so"
            row = {"variant": name, "change": change, "policy_allows": allowed, "module": module,
                   "bytes": so.stat().st_size, "stripped_bytes": bench_sizes.stripped_size(so),
                   "text_data_bytes": bench_sizes.loaded_size(so)}
            if case and not args.no_instructions:
                with tempfile.TemporaryDirectory() as tmp:
                    shutil.copyfile(so, Path(tmp) / f"{module}.so")
                    key, impl, size = case
                    row["instructions_case"] = f"{key} | {impl}"
                    row["instructions"] = bench_callgrind.count(key, impl, size, [key.split(":")[0]],
                                                                pythonpath=tmp)
            if name == "base":
                row["symbols"] = attribution(so)
            rows.append(row)
            print(f"{name:12} {module:14} {row['bytes']:>9} B built, {row['stripped_bytes']:>9} B stripped"
                  + (f", {row['instructions']:,} Ir/call" if "instructions" in row else ""), flush=True)
        write(rows, [], sources)  # after every variant: an interrupted run can --resume
    floors = []
    for name, change, lib_rs, overrides, allowed in FLOORS:
        so = floor(name, lib_rs, overrides)
        floors.append({"variant": name, "change": change, "policy_allows": allowed,
                       "bytes": so.stat().st_size, "stripped_bytes": bench_sizes.stripped_size(so)})
        print(f"{name:27} {floors[-1]['bytes']:>9} B built, {floors[-1]['stripped_bytes']:>9} B stripped",
              flush=True)
    write(rows, floors, sources)
    return 0


def write(rows: list[dict], floors: list[dict], sources: dict[str, str]) -> None:
    data = {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "rust": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip(),
        "levers": rows,
        "floors": floors,
        "sources": sources,
    }
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
