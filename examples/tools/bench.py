#!/usr/bin/env python3
"""Benchmark harness for the Rust extension modules in examples/, on pyperf.

Each implementation of each case (see bench_cases.py) is one pyperf
benchmark: pyperf calibrates the loop count, runs warm-ups, and spreads the
measured values over several worker processes (process isolation), pinned
to one CPU where the machine allows. A full run uses pyperf's rigorous mode.
Per implementation the results file keeps the median, the spread (quartiles
and median absolute deviation) and, with --instructions, callgrind's
instruction count per call. Ratios are `baseline time / implementation
time`, so a value above 1 means faster than the baseline; each target
compares an implementation with its peer measured in the same run, and
gives the ratio of the medians with the range its quartiles allow.

Sizes: every example (a folder of examples/ with a pyproject.toml) is
reported as built and stripped, beside the C module it replaces and its best
peer (bench_sizes.py).

Usage: bench.py [--quick] [--instructions] [--build-times] [--only MODULE]
                [--output PATH] [pyperf options]
--quick is a smoke run (one value per benchmark, pyperf's
--debug-single-value); the tracker refuses its results.
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_callgrind  # noqa: E402
import bench_sizes  # noqa: E402
from bench_cases import REGISTRY, Case, Impl, all_cases, register  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "examples" / "results" / "bench.json"
SCHEMA_VERSION = 1
# pyperf settings of a normal run; --rigorous (the default of a full run)
# doubles the processes.
PROCESSES, VALUES, WARMUPS, MIN_TIME = 4, 3, 1, 0.05


def examples() -> dict[str, str]:
    """module name -> example folder, for every examples/* with a pyproject.toml and a Cargo.toml."""
    import tomllib

    out = {}
    for pyproject in sorted((ROOT / "examples").glob("*/pyproject.toml")):
        if not (pyproject.parent / "Cargo.toml").is_file():
            continue
        meta = tomllib.loads(pyproject.read_text())
        name = meta.get("tool", {}).get("maturin", {}).get("module-name") or meta["project"]["name"]
        out[name.replace("-", "_")] = pyproject.parent.name
    return out


def our_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], add_help=False, allow_abbrev=False)
    parser.add_argument("--quick", action="store_true", help="smoke run: one value per benchmark")
    parser.add_argument("--instructions", action="store_true", help="callgrind instruction counts per call")
    parser.add_argument("--instructions-from", type=Path,
                        help="counts measured separately: JSON {case key: {impl: instructions}}")
    parser.add_argument("--build-times", action="store_true", help="cold maturin release build per example (slow)")
    parser.add_argument("--only", action="append", help="registered module(s) to run")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_known_args(argv)


def time_func(loops: int, case: Case, impl: Impl) -> float:
    fn, data = impl.call(), case.data
    it = range(loops)
    start = time.perf_counter()
    for _ in it:
        fn(data)
    return time.perf_counter() - start


def measure(case: Case, repeats: int = 5, min_time: float = 0.01) -> dict:
    """An in-process measurement of one case (no worker processes): for
    trying a case out, e.g. while writing it. ci/bench measures with pyperf."""
    import timeit

    class Values:  # the part of pyperf's Benchmark that `summarize` reads
        def __init__(self, values, loops):
            self.values, self.loops = values, loops

        def get_values(self):
            return self.values

        def get_loops(self):
            return self.loops

        def get_nrun(self):
            return 1

    benches = {}
    for impl in case.impls:
        timer = timeit.Timer(lambda fn=impl.call(): fn(case.data))
        loops, _ = timer.autorange()
        while timer.timeit(loops) < min_time:
            loops *= 2
        benches[impl.name] = Values([timer.timeit(loops) / loops for _ in range(repeats)], loops)
    return summarize(case, benches, {})


def summarize(case: Case, benches: dict[str, Any], counts: dict[str, int]) -> dict:
    results = []
    for impl in case.impls:
        values = [v * 1e9 for v in benches[impl.name].get_values()]
        q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
        median = statistics.median(values)
        entry = {
            "impl": impl.name,
            "median_ns": median,
            "min_ns": min(values),
            "stdev_ns": statistics.stdev(values) if len(values) > 1 else 0.0,
            "p25_ns": q[0], "p75_ns": q[2],
            "mad_ns": statistics.median(abs(v - median) for v in values),
            "spread_pct": 100 * (q[2] - q[0]) / median,
            "loops": benches[impl.name].get_loops(),
            "repeats": len(values),
            "processes": benches[impl.name].get_nrun(),
        }
        if impl.name in counts:
            entry["instructions"] = counts[impl.name]
        results.append(entry)
    by_name = {r["impl"]: r for r in results}
    base = by_name[case.baseline]["median_ns"]
    targets = []
    for impl, peer, minimum in case.targets:
        mine, theirs = by_name[impl], by_name[peer]
        ratio = theirs["median_ns"] / mine["median_ns"]
        t = {"impl": impl, "peer": peer, "min_ratio": minimum, "ratio": ratio, "met": ratio >= minimum,
             "ratio_low": theirs["p25_ns"] / mine["p75_ns"], "ratio_high": theirs["p75_ns"] / mine["p25_ns"]}
        if impl in counts and peer in counts:
            t["instruction_ratio"] = counts[peer] / counts[impl]
        targets.append(t)
    if case.record_size:
        sizes = {impl.name: len(impl.call()(case.data)) for impl in case.impls}
        for r in results:
            r["output_bytes"] = sizes[r["impl"]]
        for t in targets:
            t["size_met"] = sizes[t["impl"]] <= sizes[t["peer"]]
    return {
        "module": case.module, "operation": case.operation, "size": case.size,
        "size_label": case.size_label, "baseline": case.baseline,
        "results": results, "ratios": {r["impl"]: base / r["median_ns"] for r in results}, "targets": targets,
    }


def instruction_counts(cases: list[Case], quick: bool, only: list[str] | None) -> dict[str, dict[str, int]]:
    """callgrind counts of each target's implementation and peer; in quick
    mode only of each module's first case (a smoke test of the counting)."""
    out: dict[str, dict[str, int]] = {}
    seen: set[str] = set()
    for case in cases:
        if not case.targets or (quick and case.module in seen):
            continue
        seen.add(case.module)
        for impl, peer, _ in case.targets:
            for name in (impl, peer):
                n = bench_callgrind.count(case.key, name, case.size, only)
                out.setdefault(case.key, {})[name] = n
                print(f"  {case.key:45} {name:28} {n:>14,} instructions/call", flush=True)
    return out


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
    simd = sorted(f for f in flags if f in {"sse4_2", "ssse3", "avx", "avx2", "avx512f", "avx512bw", "avx512vbmi",
                                            "avx512_vnni", "vpclmulqdq", "bmi2"})
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
    from importlib.metadata import PackageNotFoundError, version

    def pkg(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    try:
        import zlib

        c_zlib = zlib.ZLIB_RUNTIME_VERSION
    except ImportError:
        c_zlib = None
    maturin = tool_version([sys.executable, "-m", "maturin", "--version"]) or tool_version(["maturin", "--version"])
    valgrind = tool_version(["valgrind", "--version"])
    found = {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "rust": tool_version(["rustc", "--version"]),
        "pyo3": locked_version("pyo3"),
        "maturin": maturin.split()[-1] if maturin else None,
        "pyperf": pkg("pyperf"),
        "valgrind": valgrind,
        "pybase64": pkg("pybase64"),
        "base64_simd": locked_version("base64-simd"),
        "zlib_ng": pkg("zlib-ng"),
        "zlib_rs": locked_version("zlib-rs"),
        "zlib": c_zlib,
    }
    return {name: v for name, v in found.items() if v is not None}


def artifacts(build: bool) -> list[dict]:
    """Installed .so sizes (as built and stripped); with `build`, cold release builds and wheel sizes."""
    out = []
    for module, folder in examples().items():
        entry: dict[str, Any] = {"module": module, "example": f"examples/{folder}"}
        try:
            mod = __import__(module)
            so = next(Path(mod.__file__).parent.glob(f"{module}*.so"), None)
            entry["so_bytes"] = so.stat().st_size if so else None
            entry["so_name"] = so.name if so else None
            entry["stripped_bytes"] = bench_sizes.stripped_size(so) if so else None
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
        ir = f"  {res['instructions']:>12,} Ir" if "instructions" in res else ""
        print(f"  {res['impl']:28} {shown}  {r['ratios'][res['impl']]:7.2f}x"
              f"  (IQR {res['spread_pct']:4.1f}%){ir}{out}")
    for t in r["targets"]:
        flag = "met" if t["met"] else "MISSED"
        size = "" if "size_met" not in t else f", output size {'met' if t['size_met'] else 'MISSED'}"
        print(f"  target: {t['impl']} >= {t['min_ratio']}x {t['peer']}: {t['ratio']:.2f}x "
              f"[{t['ratio_low']:.2f}-{t['ratio_high']:.2f}] {flag}{size}")


def pinned_cpu() -> int | None:
    if not hasattr(os, "sched_getaffinity"):
        return None
    cpus = os.sched_getaffinity(0)
    return max(cpus) if len(cpus) > 1 else None


def main() -> int:
    import pyperf

    ours, rest = our_args(sys.argv[1:])
    worker = "--worker" in rest
    pin = None
    if not worker:
        pin = pinned_cpu()
        if not any(a.startswith(("--rigorous", "--fast", "--debug-single-value", "-p", "--processes")) for a in rest):
            rest.append("--debug-single-value" if ours.quick else "--rigorous")
        if pin is not None and not any(a.startswith("--affinity") for a in rest):
            rest.append(f"--affinity={pin}")
        if not any(a in ("-q", "--quiet", "-v", "--verbose") for a in rest):
            rest.append("--quiet")
    forwarded = [a for m in ours.only or [] for a in ("--only", m)]
    runner = pyperf.Runner(processes=PROCESSES, values=VALUES, warmups=WARMUPS, min_time=MIN_TIME,
                           add_cmdline_args=lambda cmd, _args: cmd.extend(forwarded))
    runner.parse_args(rest)
    cases = all_cases(ours.only)
    if not worker:
        for case in cases:
            case.check()
    benches: dict[str, dict[str, Any]] = {}
    for case in cases:
        for impl in case.impls:
            bench = runner.bench_time_func(f"{case.key} | {impl.name}", time_func, case, impl)
            if bench is not None:
                benches.setdefault(case.key, {})[impl.name] = bench
    if worker:
        return 0

    counts: dict[str, dict[str, int]] = {}
    if ours.instructions:
        if not bench_callgrind.available():
            raise SystemExit("--instructions needs valgrind")
        print("\ninstruction counts (callgrind):", flush=True)
        counts = instruction_counts(cases, ours.quick, ours.only)
    elif ours.instructions_from:
        counts = json.loads(ours.instructions_from.read_text())
    benchmarks = []
    for case in cases:
        result = summarize(case, benches[case.key], counts.get(case.key, {}))
        print_case(result)
        benchmarks.append(result)
    arts = artifacts(ours.build_times)
    sizes = bench_sizes.comparisons([a["module"] for a in arts])
    print("\nsizes (bytes, as built / stripped):")
    for row in sizes:
        for label in ("rust", "c_module", "peer"):
            e = row.get(label)
            if e:
                print(f"  {row['module']:15} {label:9} {e['module']:20} {e['bytes']:>10} / {e['stripped_bytes']}")
        if "target" in row:
            t = row["target"]
            print(f"  {row['module']:15} stripped {row['stripped_ratio_to_c']:.2f}x its C module "
                  f"(target <= {t['max_ratio']}x: {'met' if t['met'] else 'MISSED'})")
    args = runner.args
    data = {
        "schema": SCHEMA_VERSION,
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": ours.quick,
        "machine": {**cpu_info(), "pinned_cpu": pin},
        "versions": versions(),
        "settings": {
            "timer": f"pyperf{' rigorous' if args.rigorous else ''}: median of {args.processes} processes"
                     f" x {args.values} values",
            "processes": args.processes, "values": args.values, "warmups": args.warmups,
            "min_time_s": args.min_time, "affinity": args.affinity,
            "spread": "spread_pct = interquartile range / median; ratio_low/high from the quartiles",
            **({"instructions": f"callgrind Ir per call ({bench_callgrind.TOGGLE} loop); valgrind runs the"
                                " AVX2 paths of run-time dispatch (it does not emulate AVX-512)"}
               if ours.instructions or ours.instructions_from else {}),
        },
        "benchmarks": benchmarks,
        "artifacts": arts,
        "sizes": sizes,
        "sources": _sources(),
    }
    ours.output.parent.mkdir(parents=True, exist_ok=True)
    ours.output.write_text(json.dumps(data, indent=2) + "\n")
    shown = ours.output.relative_to(ROOT) if ours.output.is_relative_to(ROOT) else ours.output
    print(f"\nwrote {shown}")
    return 0


def _sources() -> dict[str, str]:
    from provenance import source_hashes

    return source_hashes(*(f"examples/{folder}" for folder in examples().values()))


if __name__ == "__main__":
    sys.exit(main())
