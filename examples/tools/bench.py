#!/usr/bin/env python3
"""Benchmark harness for the Rust extension modules in examples/.

Every registered module contributes benchmark *cases*: one operation at one
input size, run by several implementations (the Rust module and its peers).
All implementations of a case are timed in the same process, interleaved
repeat by repeat, and the median time per call is kept. Ratios are
`baseline time / implementation time`, so a value above 1 means faster than
the baseline.

To add a module, write a function returning a list of `Case` and decorate it
with `@register("module_name")` (see `base64_cases`). Results go to
examples/results/bench.json (schema in examples/README.md).

Usage: bench.py [--quick] [--build-times] [--only MODULE] [--output PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from provenance import source_hashes

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "examples" / "results" / "bench.json"
SCHEMA_VERSION = 1


@dataclass
class Impl:
    """One implementation of a case: `fn(data, **kwargs)`."""

    name: str
    fn: Callable[..., Any]
    kwargs: dict = field(default_factory=dict)

    def stmt(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"fn(data{extra})"


@dataclass
class Case:
    module: str
    operation: str
    size: int
    data: Any
    impls: list[Impl]
    baseline: str
    # (implementation, peer, minimum ratio) checked and reported as targets.
    targets: list[tuple[str, str, float]] = field(default_factory=list)
    # Compressors: record len(output) per implementation ("output_bytes"), and
    # for each target whether the implementation's output is no larger than
    # the peer's ("size_met").
    record_size: bool = False


REGISTRY: dict[str, Callable[[bool], list[Case]]] = {}


def register(module: str):
    def deco(fn):
        REGISTRY[module] = fn
        return fn

    return deco


def size_label(n: int) -> str:
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale} {unit}"
    return f"{n} B"


@register("rs_base64")
def base64_cases(quick: bool) -> list[Case]:
    import base64
    import binascii

    import pybase64
    import rs_base64
    import rs_base64_ffi

    cases = []
    for size in (64, 4096, 1 << 20):
        raw = os.urandom(size)
        text = base64.b64encode(raw)
        encode = Case(
            "rs_base64", "encode", size, raw,
            [
                Impl("binascii.b2a_base64", binascii.b2a_base64, {"newline": False}),
                Impl("base64.b64encode", base64.b64encode),
                Impl("pybase64.b64encode", pybase64.b64encode),
                Impl("rs_base64.b2a_base64", rs_base64.b2a_base64, {"newline": False}),
                Impl("rs_base64.b64encode", rs_base64.b64encode),
                Impl("rs_base64_ffi.b2a_base64", rs_base64_ffi.b2a_base64, {"newline": False}),
            ],
            baseline="binascii.b2a_base64",
        )
        decode = Case(
            "rs_base64", "decode", size, text,
            [
                Impl("binascii.a2b_base64", binascii.a2b_base64),
                Impl("base64.b64decode", base64.b64decode),
                Impl("pybase64.b64decode", pybase64.b64decode),
                Impl("rs_base64.a2b_base64", rs_base64.a2b_base64),
                Impl("rs_base64.b64decode", rs_base64.b64decode),
                Impl("rs_base64_ffi.a2b_base64", rs_base64_ffi.a2b_base64),
            ],
            baseline="binascii.a2b_base64",
        )
        if size == 64:
            encode.targets.append(("rs_base64.b2a_base64", "binascii.b2a_base64", 1.0))
            decode.targets.append(("rs_base64.a2b_base64", "binascii.a2b_base64", 1.0))
        else:
            encode.targets.append(("rs_base64.b64encode", "pybase64.b64encode", 1.0))
            decode.targets.append(("rs_base64.b64decode", "pybase64.b64decode", 1.0))
        for case in (encode, decode):
            expected = case.impls[0].fn(case.data, **case.impls[0].kwargs)
            for impl in case.impls:
                if impl.fn(case.data, **impl.kwargs) != expected:
                    raise SystemExit(f"{impl.name} gives a different result at {size} B")
        cases += [encode, decode]
    return cases


def _stdlib_text(limit: int) -> bytes:
    """The interpreter's own Lib/*.py, in name order, concatenated and truncated."""
    import sysconfig

    lib = Path(sysconfig.get_paths()["stdlib"])
    out = bytearray()
    for path in sorted(lib.glob("*.py")):
        out += path.read_bytes()
        if len(out) >= limit:
            break
    return bytes(out[:limit])


def _streamer(module, level: int = 6, chunk: int = 64 * 1024):
    """compressobj(level), compress() in `chunk`-byte pieces, then flush()."""
    def run(data):
        co = module.compressobj(level)
        parts = [co.compress(data[i:i + chunk]) for i in range(0, len(data), chunk)]
        parts.append(co.flush())
        return b"".join(parts)

    return run


@register("rs_zlib")
def zlib_cases(quick: bool) -> list[Case]:
    import random
    import zlib

    import rs_zlib
    from zlib_ng import zlib_ng

    size = 1 << 20
    inputs = {
        "text": _stdlib_text(size),
        "random": random.Random(20261123).randbytes(size),
    }
    mods = (("zlib", zlib), ("zlib_ng", zlib_ng), ("rs_zlib", rs_zlib))
    cases = []
    for kind, data in inputs.items():
        def case(op, payload, fn_name, kwargs=None, sizes=False, fns=None):
            impls = [Impl(f"{name}.{fn_name}", (fns or {}).get(name) or getattr(mod, fn_name), dict(kwargs or {}))
                     for name, mod in mods]
            c = Case("rs_zlib", f"{op} {kind}", len(data), payload, impls, baseline=impls[0].name,
                     targets=[(impls[2].name, impls[1].name, 1.0)], record_size=sizes)
            cases.append(c)
            return c

        for level in (1, 6, 9):
            case(f"compress level {level}", data, "compress", {"level": level}, sizes=True)
        case("decompress", zlib.compress(data, 6), "decompress")
        case("stream 64 KiB chunks, level 6", data, "compressobj", sizes=True,
             fns={name: _streamer(mod) for name, mod in mods})
        case("crc32", data, "crc32")
        case("adler32", data, "adler32")
    for c in cases:  # every implementation must agree (compressors: round trip)
        for impl in c.impls:
            got = impl.fn(c.data, **impl.kwargs)
            if c.record_size:
                ok = zlib.decompress(got) == c.data
            else:
                ok = got == c.impls[0].fn(c.data, **c.impls[0].kwargs)
            if not ok:
                raise SystemExit(f"{impl.name} gives a wrong result for {c.operation}")
    return cases


def calibrate(impl: Impl, data, min_time: float) -> int:
    timer = timeit.Timer(impl.stmt(), globals={"fn": impl.fn, "data": data})
    loops = 1
    while True:
        if timer.timeit(loops) >= min_time:
            return loops
        loops *= 2


def measure(case: Case, repeats: int, min_time: float) -> dict:
    timers, loops = {}, {}
    for impl in case.impls:
        loops[impl.name] = calibrate(impl, case.data, min_time)
        timers[impl.name] = timeit.Timer(impl.stmt(), globals={"fn": impl.fn, "data": case.data})
    samples: dict[str, list[float]] = {impl.name: [] for impl in case.impls}
    for _ in range(repeats):  # interleave so that drift hits everyone alike
        for impl in case.impls:
            n = loops[impl.name]
            samples[impl.name].append(timers[impl.name].timeit(n) / n * 1e9)
    results = []
    for impl in case.impls:
        s = samples[impl.name]
        results.append({
            "impl": impl.name,
            "median_ns": statistics.median(s),
            "min_ns": min(s),
            "stdev_ns": statistics.stdev(s) if len(s) > 1 else 0.0,
            "loops": loops[impl.name],
            "repeats": repeats,
        })
    base = next(r["median_ns"] for r in results if r["impl"] == case.baseline)
    ratios = {r["impl"]: base / r["median_ns"] for r in results}
    by_name = {r["impl"]: r["median_ns"] for r in results}
    targets = [
        {
            "impl": impl, "peer": peer, "min_ratio": minimum,
            "ratio": by_name[peer] / by_name[impl], "met": by_name[peer] / by_name[impl] >= minimum,
        }
        for impl, peer, minimum in case.targets
    ]
    if case.record_size:
        sizes = {impl.name: len(impl.fn(case.data, **impl.kwargs)) for impl in case.impls}
        for r in results:
            r["output_bytes"] = sizes[r["impl"]]
        for t in targets:
            t["size_met"] = sizes[t["impl"]] <= sizes[t["peer"]]
    return {
        "module": case.module, "operation": case.operation, "size": case.size,
        "size_label": size_label(case.size), "baseline": case.baseline,
        "results": results, "ratios": ratios, "targets": targets,
    }


def cpu_info() -> dict:
    model, flags = platform.processor() or "unknown", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and model in ("unknown", "", "x86_64"):
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    simd = sorted(f for f in flags if f in {"sse4_2", "ssse3", "avx", "avx2", "avx512f", "avx512bw", "avx512vbmi"})
    return {"cpu": model, "cores": os.cpu_count(), "simd": simd}


def tool_version(cmd: list[str]) -> str | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def locked_version(crate: str) -> str | None:
    lock = ROOT / "Cargo.lock"
    if not lock.exists():
        return None
    lines = lock.read_text().splitlines()
    for i, line in enumerate(lines):
        if line == f'name = "{crate}"' and i + 1 < len(lines):
            return lines[i + 1].split('"')[1]
    return None


def versions() -> dict:
    def pkg(name):
        try:
            from importlib.metadata import version

            return version(name)
        except Exception:  # noqa: BLE001
            return None

    maturin = tool_version([sys.executable, "-m", "maturin", "--version"]) or tool_version(["maturin", "--version"])
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "rust": tool_version(["rustc", "--version"]),
        "pyo3": locked_version("pyo3"),
        "maturin": maturin.split()[-1] if maturin else None,
        "pybase64": pkg("pybase64"),
        "base64_simd": locked_version("base64-simd"),
        "zlib_ng": pkg("zlib-ng"),
        "zlib_rs": locked_version("zlib-rs"),
        "zlib": _c_zlib_version(),
    }


def _c_zlib_version() -> str | None:
    try:
        import zlib

        return zlib.ZLIB_RUNTIME_VERSION
    except ImportError:
        return None


EXAMPLES = {"rs_template": "template", "rs_base64": "base64", "rs_base64_ffi": "base64-ffi", "rs_zlib": "zlib"}


def artifacts(build: bool) -> list[dict]:
    """Installed .so sizes; with `build`, cold release builds and wheel sizes."""
    out = []
    for module, folder in EXAMPLES.items():
        entry: dict[str, Any] = {"module": module, "example": f"examples/{folder}"}
        try:
            mod = __import__(module)
            so = next(Path(mod.__file__).parent.glob(f"{module}*.so"), None)
            entry["so_bytes"] = so.stat().st_size if so else None
            entry["so_name"] = so.name if so else None
        except ImportError:
            entry["so_bytes"] = None
        if build:
            with tempfile.TemporaryDirectory(dir=ROOT / "target") as tmp:
                cmd = [sys.executable, "-m", "maturin", "build", "--release", "-q",
                       "-m", str(ROOT / "examples" / folder / "Cargo.toml"),
                       "--target-dir", f"{tmp}/target", "-o", f"{tmp}/wheels", "-i", sys.executable]
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                entry["build_seconds"] = round(time.perf_counter() - start, 2)
                wheel = next(Path(tmp, "wheels").glob("*.whl"))
                entry["wheel"] = wheel.name
                entry["wheel_bytes"] = wheel.stat().st_size
        out.append(entry)
    return out


def print_case(r: dict) -> None:
    print(f"\n{r['module']} {r['operation']} {r['size_label']}  (ratio = {r['baseline']} time / impl time)")
    for res in r["results"]:
        ns = res["median_ns"]
        shown = f"{ns / 1000:10.2f} us" if ns >= 10_000 else f"{ns:10.1f} ns"
        out = f"  {res['output_bytes']:>9} B out" if "output_bytes" in res else ""
        print(f"  {res['impl']:28} {shown}  {r['ratios'][res['impl']]:7.2f}x  (+-{res['stdev_ns'] / ns * 100:4.1f}%){out}")
    for t in r["targets"]:
        flag = "met" if t["met"] else "MISSED"
        size = "" if "size_met" not in t else f", output size {'met' if t['size_met'] else 'MISSED'}"
        print(f"  target: {t['impl']} >= {t['min_ratio']}x {t['peer']}: {t['ratio']:.2f}x {flag}{size}")


def pin_cpu() -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats; a smoke test of the harness")
    parser.add_argument("--build-times", action="store_true", help="cold maturin release build per example (slow)")
    parser.add_argument("--only", action="append", help="registered module(s) to run")
    parser.add_argument("--repeats", type=int, help="repeats per implementation (default 25, quick 3)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    repeats = args.repeats or (3 if args.quick else 25)
    min_time = 0.002 if args.quick else 0.02
    pinned = pin_cpu()
    benchmarks = []
    for module, make_cases in REGISTRY.items():
        if args.only and module not in args.only:
            continue
        for case in make_cases(args.quick):
            result = measure(case, repeats, min_time)
            print_case(result)
            benchmarks.append(result)
    arts = artifacts(args.build_times)
    print("\nartifacts:")
    for a in arts:
        extra = f", wheel {a['wheel_bytes']} B, cold build {a['build_seconds']} s" if "wheel_bytes" in a else ""
        print(f"  {a['module']:15} .so {a.get('so_bytes')} B{extra}")
    data = {
        "schema": SCHEMA_VERSION,
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": {**cpu_info(), "pinned_cpu": pinned},
        "versions": versions(),
        "settings": {"repeats": repeats, "min_time_s": min_time, "timer": "timeit, median of repeats"},
        "benchmarks": benchmarks,
        "artifacts": arts,
        "sources": source_hashes(*(f"examples/{folder}" for folder in EXAMPLES.values())),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=2) + "\n")
    print(f"\nwrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
